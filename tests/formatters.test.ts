import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLint } from '../src/engine/engine.js';
import { defaultConfig } from '../src/engine/config.js';
import { formatSarif, formatSarifParts } from '../src/formatters/sarif.js';
import { formatGithub } from '../src/formatters/github.js';
import { formatMarkdown } from '../src/formatters/markdown.js';
import { formatHtml, formatHtmlParts } from '../src/formatters/html.js';
import { conflictViews } from '../src/formatters/conflicts.js';
import type { LintResult } from '../src/types.js';
import type { BriefDocument } from '../src/document.js';
import { CLI, ROOT, scratchDir } from './helpers.js';
import { formatJson, formatJsonParts } from '../src/formatters/json.js';

let result: LintResult;
let docs: BriefDocument[];
let dir: string;

beforeAll(async () => {
  // The sample briefs plus one with a suppressed finding, so every SARIF feature appears.
  dir = scratchDir('cite-lint-fmt-');
  for (const f of ['barkhane-future-pdf-export.txt', 'five-things-about-malis-coup.txt', 'sahel-counterterrorism-after-the-coup.txt', 'second-coup-in-mali.md']) {
    writeFileSync(join(dir, f), readFileSync(join(ROOT, 'fixtures/briefs', f)));
  }
  writeFileSync(join(dir, 'quiet, with comma.md'), '# Q\n\nOne[^1].\n\n<!-- cite-lint-disable-next-line footnote-unused -- kept for the appendix -->\n[^2]: Unused, 2021, https://www.sahelwatch.org/u\n\n[^1]: Used, 2021, https://www.sahelwatch.org/v\n');
  const run = await runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), keepDocuments: true });
  result = run;
  docs = run.corpus.docs;
});

describe('json', () => {
  it('writes, a file at a time, the text of one JSON.stringify with two-space indents', () => {
    const suppressed = result.files.filter((f) => f.suppressed.length).length;
    expect(suppressed).toBeGreaterThan(0);
    for (const r of [result, { ...result, files: [] }, { ...result, files: result.files.slice(0, 1) }]) {
      const text = formatJson(r);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      // A head, three pieces per file (indent, entry, separator) and a tail.
      expect([...formatJsonParts(r)].length).toBe(3 * r.files.length + 2);
    }
  });
});

describe('sarif', () => {
  it('writes, a result at a time, the text of one JSON.stringify with two-space indents', () => {
    for (const r of [result, { ...result, files: [] }, { ...result, files: result.files.filter((f) => f.messages.length).slice(0, 1) }]) {
      const text = formatSarif(r);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      const results = r.files.reduce((n, f) => n + f.messages.length + f.suppressed.length, 0);
      // A head, a piece per result and a tail; a log without results is one piece.
      expect([...formatSarifParts(r)].length).toBe(results ? results + 2 : 1);
      expect(JSON.parse(text).runs[0].results.length).toBe(results);
    }
  });

  it('is valid SARIF 2.1.0 with rules, related locations, fixes and suppressions', () => {
    const log = JSON.parse(formatSarif(result));
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }); // the official schema has a pattern that is invalid with the u flag
    addFormats(ajv);
    const schema = JSON.parse(readFileSync(join(ROOT, 'tests/schemas/sarif-2.1.0.json'), 'utf8'));
    const validate = ajv.compile(schema);
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The validator does reject a broken log: a bad level and a missing message.
    const corrupted = structuredClone(log);
    corrupted.runs[0].results[0].level = 'fatal';
    delete corrupted.runs[0].results[0].message;
    expect(validate(corrupted)).toBe(false);
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('claim-inconsistent-number');
    const conflict = run.results.find((r: { ruleId: string }) => r.ruleId === 'claim-inconsistent-number');
    expect(conflict.relatedLocations.length).toBeGreaterThan(0);
    expect(run.tool.driver.rules[conflict.ruleIndex].id).toBe('claim-inconsistent-number');
    const broken = run.results.find((r: { ruleId: string }) => r.ruleId === 'citation-broken-url');
    expect(broken.fixes[0].artifactChanges[0].replacements[0].insertedContent.text).toMatch(/macron-en-afrique-4048401$/);
    const suppressed = run.results.find((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed.suppressions[0]).toEqual({ kind: 'inSource', justification: 'kept for the appendix' });
    expect(suppressed.locations[0].physicalLocation.artifactLocation.uri).toBe('quiet,%20with%20comma.md');
  });
});

describe('github', () => {
  it('writes one escaped workflow command per finding', () => {
    const out = formatGithub(result).trim().split('\n');
    expect(out.length).toBe(result.files.reduce((n, f) => n + f.messages.length, 0));
    expect(out[0]).toMatch(/^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::/);
    const tricky = formatGithub({
      notices: [],
      files: [{ path: 'a,b.md', suppressed: [], messages: [{ ruleId: 'x', severity: 'info', message: '100% sure\nsecond line', file: 'a,b:c.md', range: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 2, offset: 1 } } }] }],
    });
    expect(tricky).toBe('::notice file=a%2Cb%3Ac.md,line=1,col=1,endLine=1,endColumn=2,title=x::100%25 sure%0Asecond line\n');
  });

  it('appends a Markdown job summary when GITHUB_STEP_SUMMARY is set', () => {
    const summary = join(scratchDir('cite-lint-sum-'), 'summary.md');
    writeFileSync(summary, 'before\n');
    const r = spawnSync(process.execPath, [CLI, '--offline', '--format', 'github', 'fixtures/briefs'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, GITHUB_STEP_SUMMARY: summary } });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=fixtures\/briefs\//m);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('before\n## cite-lint:')).toBe(true);
    expect(text).toContain('### Conflicts');
  });
});

describe('markdown', () => {
  it('lays conflicts out from the findings\' data, not their message text', () => {
    const france = result.files.flatMap((f) => f.messages).find((m) => m.ruleId === 'claim-inconsistent-number')!;
    expect(france.data).toMatchObject({ subject: 'France’s troops in the Sahel', value: '4,500', supported: '5,100', interval: { low: 4450, high: 4550 } });
    const tie = result.files.flatMap((f) => f.messages).find((m) => m.ruleId === 'claim-inconsistent-date' && m.message.includes('24 May 2021 here'))!;
    expect(tie.data).toMatchObject({ subject: 'Mali’s coup', value: '24 May 2021', supported: null, event: 'coup' });
  });

  it('gives counts, conflicts side by side and findings by file', () => {
    const md = formatMarkdown(result, docs);
    expect(md).toMatch(/^## cite-lint: \d+ problems in 5 briefs/);
    expect(md).toMatch(/\| France’s troops in the Sahel \| \*\*4,500\*\* — `five-things-about-malis-coup.txt:23`<br>.*France currently has 4,500 troops.* \| \*\*5,100\*\* — .* \| 5,100 \|/);
    expect(md).toContain('<summary><code>second-coup-in-mali.md</code>');
  });
});

describe('html', () => {
  it('shows the same page from summaries (what the CLI lints with, cached or not) as from whole documents', async () => {
    expect(formatHtml(result, docs)).toContain('<table>');
    // Held by the summaries, as the CLI asks for an HTML report: made now, then read from the cache.
    for (const factsCache of [false, true, true]) {
      const summarized = await runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), factsCache, keepCitations: true });
      expect(summarized.corpus.docs.every((d) => d.footnotes === undefined)).toBe(true);
      expect(formatHtml(summarized, summarized.corpus.docs)).toBe(formatHtml(result, docs));
    }
    // Not held: asking for them is an error, never an empty table.
    for (const factsCache of [false, true]) {
      const bare = await runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), factsCache });
      expect(() => formatHtml(bare, bare.corpus.docs)).toThrow(/citation rows .* were not kept/);
    }
  });

  it('writes its page a conflict, a brief or a citation table at a time', () => {
    const pieces = [...formatHtmlParts(result, docs)];
    const conflicts = conflictViews(result, docs).length;
    const briefs = result.files.filter((f) => f.messages.length).length;
    const tables = docs.filter((d) => d.footnotes?.length).length;
    expect(conflicts * briefs * tables).toBeGreaterThan(0);
    // Four fixed pieces (head, two headings, tail) around one per conflict, brief and table.
    expect(pieces.length).toBe(4 + conflicts + briefs + tables);
    expect(pieces.join('')).toBe(formatHtml(result, docs));
    expect(pieces.join('')).toMatch(/^<!doctype html>[^]*<\/html>\n$/);
    // Nothing to show: one piece stands for each empty list.
    expect([...formatHtmlParts({ ...result, files: [] }, [])].length).toBe(7);
  });

  it('is one self-contained page: no stylesheet, script, image or font from anywhere', () => {
    const html = formatHtml(result, docs);
    expect(html).not.toMatch(/<link\b|<script\s+src|<img\s[^>]*src="(?!data:)|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toMatch(/id="count-errors"><strong>\d+<\/strong>errors/);
    expect(html).toContain('class="conflict finding"');
    expect(html).toContain('<mark>');
    expect(formatHtml(result, docs)).toBe(html);
    expect(html).toContain('This run did not check links');
  });

  it('shows each citation\'s link verdict when links were checked', () => {
    const url = 'https://www.csis.org/analysis/malian-military-ousts-wayward-government';
    const links = new Map([[url, { url, verdict: 'dead' as const, status: 404, detail: '404 Not Found', attempts: 2 }]]);
    const html = formatHtml({ ...result, links }, docs);
    expect(html).toMatch(/<span class="verdict dead">dead<\/span> 404 Not Found/);
    expect(html).toContain("Link verdicts from this run's checks of 1 URL.");
  });
});

describe('--changed-since', () => {
  it('reads the whole corpus but reports only briefs changed since the ref', () => {
    const dir = scratchDir('cite-lint-git-');
    const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    git('config', 'user.email', 't@example.invalid');
    git('config', 'user.name', 'T');
    writeFileSync(join(dir, 'old.md'), '---\ndate: 2020-09-01\n---\n\n# Old\n\nFrance has 5,100 troops in the Sahel.\n');
    writeFileSync(join(dir, 'other.md'), '---\ndate: 2020-09-02\n---\n\n# Other\n\nFrance has 5,100 troops in the Sahel.\n');
    git('add', '.');
    git('commit', '-qm', 'base');
    writeFileSync(join(dir, 'new.md'), '---\ndate: 2020-09-03\n---\n\n# New\n\nFrance has 4,500 troops in the Sahel.\n');
    const r = spawnSync(process.execPath, [CLI, '--offline', '--format', 'json', '--changed-since', 'HEAD', '.'], { cwd: dir, encoding: 'utf8' });
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['new.md']);
    // The conflict with the unchanged briefs is still found: they were read, just not reported.
    expect(report.files[0].messages[0]).toMatchObject({ ruleId: 'claim-inconsistent-number' });
    expect(report.files[0].messages[0].related.map((x: { path: string }) => x.path)).toEqual(['old.md', 'other.md']);
    const bad = spawnSync(process.execPath, [CLI, '--offline', '--changed-since', 'no-such-ref', '.'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^cite-lint: --changed-since no-such-ref: /);
  });
});
