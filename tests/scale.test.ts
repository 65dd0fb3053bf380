import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLint } from '../src/engine/engine.js';
import { defaultConfig, type ResolvedConfig } from '../src/engine/config.js';
import { formatters } from '../src/formatters/index.js';
import { buildDocument } from '../src/extract/document.js';
import { deserializeFacts, deserializeRecord, serializeCitations, serializeFacts, serializeRecord, summarize, textWasRead } from '../src/engine/facts.js';
import { documentFindings } from '../src/engine/linter.js';
import { rules } from '../rules/index.js';
import { existsSync, mkdirSync, renameSync, statSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';
import type { BriefSummary } from '../src/document.js';
import { ROOT, scratchDir } from './helpers.js';

/** A private copy of the sample briefs and the corpus, so cache files land in a temp folder. */
function workspace(): string {
  const dir = scratchDir('cite-lint-scale-');
  cpSync(join(ROOT, 'fixtures/briefs'), join(dir, 'briefs'), { recursive: true });
  cpSync(join(ROOT, 'fixtures/corpus'), join(dir, 'corpus'), { recursive: true, filter: (p) => !p.endsWith('.json') });
  return dir;
}

async function lintJson(
  cwd: string,
  options: { jobs?: number; factsCache?: boolean; aliases?: Record<string, string>; ignore?: string[]; keepDocuments?: boolean; rules?: ResolvedConfig['rules'] } = {},
) {
  const config = defaultConfig();
  if (options.aliases) config.claims = { ...config.claims, aliases: options.aliases };
  if (options.ignore) config.claims = { ...config.claims, ignore: options.ignore };
  if (options.rules) config.rules = options.rules;
  const result = await runLint({ paths: ['.'], cwd, config, jobs: options.jobs, factsCache: options.factsCache, keepDocuments: options.keepDocuments });
  return { json: formatters.json(result, { color: false, cwd, docs: result.corpus.docs }), stats: result.corpus.factsCache, groups: result.groups, result };
}

describe('worker pool', () => {
  it('gives the same report, byte for byte, as one thread', async () => {
    const dir = workspace();
    const one = await lintJson(dir, { jobs: 1 });
    const pool = await lintJson(dir, { jobs: 2 });
    expect(one.result.files.length).toBeGreaterThan(10);
    expect(one.result.files.some((f) => f.messages.some((m) => m.ruleId === 'claim-inconsistent-number'))).toBe(true);
    expect(pool.json).toBe(one.json);
  });

  it('loses no brief when its workers run out of memory: they are replaced, then the main thread extracts', async () => {
    const { extractEach } = await import('../src/engine/pool.js');
    const { extractHere } = await import('../src/engine/extract-task.js');
    const tasks = readdirSync(join(ROOT, 'fixtures/briefs')).map((name, id) => ({
      id,
      path: name,
      text: readFileSync(join(ROOT, 'fixtures/briefs', name), 'utf8'),
      format: name.endsWith('.md') ? ('markdown' as const) : ('text' as const),
      claimOptions: {},
    }));
    const replies: unknown[] = [];
    // A 1 MB heap cannot even load the parser: every worker dies on its first brief.
    await extractEach(tasks, 2, (reply) => replies.push(reply), 1);
    expect(replies.length).toBe(tasks.length);
    const byId = new Map((replies as Array<{ id: number }>).map((r) => [r.id, r]));
    for (const task of tasks) expect(byId.get(task.id)).toEqual(extractHere(task));
  });

  it('answers every task of a long run once, as this thread would, though workers take them in batches', async () => {
    const { extractEach } = await import('../src/engine/pool.js');
    const { extractHere } = await import('../src/engine/extract-task.js');
    const names = readdirSync(join(ROOT, 'fixtures/briefs'));
    // Enough tasks for full batches, then shrinking ones, in two workers.
    const tasks = Array.from({ length: 160 }, (_, id) => {
      const name = names[id % names.length];
      return { id, path: `${id}-${name}`, text: readFileSync(join(ROOT, 'fixtures/briefs', name), 'utf8'), format: name.endsWith('.md') ? ('markdown' as const) : ('text' as const), claimOptions: {} };
    });
    const replies: Array<{ id: number }> = [];
    await extractEach(tasks, 2, (reply) => replies.push(reply));
    expect(replies.map((r) => r.id).sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
    const byId = new Map(replies.map((r) => [r.id, r]));
    for (const task of tasks) expect(byId.get(task.id)).toEqual(extractHere(task));
  });

  it('round-trips every brief through its facts unchanged (ranges, Infinity, nested citations)', () => {
    for (const dir of ['fixtures/briefs', 'fixtures/corpus']) {
      for (const name of readdirSync(join(ROOT, dir)).filter((f) => /\.(md|txt)$/.test(f))) {
        const text = readFileSync(join(ROOT, dir, name), 'utf8');
        const doc = buildDocument(name, text);
        const back = deserializeFacts(serializeFacts(doc), name, doc.text);
        const { lines: _a, ...left } = doc;
        const { lines: _b, ...right } = back;
        expect(right).toEqual(left);
      }
    }
    const more = buildDocument('x.txt', 'France had more than 5,000 troops in Mali in 2020.');
    const high = (more.claims[0] as { high: number }).high;
    expect(high).toBe(Infinity);
    expect((deserializeFacts(serializeFacts(more), 'x.txt', more.text).claims[0] as { high: number }).high).toBe(Infinity);
  });
});

describe('summaries', () => {
  it('give the same report as whole documents, in one thread and in the pool', async () => {
    const dir = workspace();
    const whole = await lintJson(dir, { jobs: 1, keepDocuments: true });
    expect(whole.result.files.some((f) => f.messages.some((m) => m.ruleId === 'footnote-undefined'))).toBe(true);
    expect(whole.result.files.some((f) => f.messages.some((m) => m.ruleId === 'claim-inconsistent-date'))).toBe(true);
    expect((await lintJson(dir, { jobs: 1 })).json).toBe(whole.json);
    expect((await lintJson(dir, { jobs: 2 })).json).toBe(whole.json);
  });

  it('apply claims.ignore to sentences as whole documents do, though they keep no sentences', async () => {
    const dir = workspace();
    const displaced = (json: string) => (JSON.parse(json) as { files: Array<{ messages: Array<{ message: string }> }> }).files.flatMap((f) => f.messages).filter((m) => m.message.includes('displaced'));
    expect(displaced((await lintJson(dir, { jobs: 1 })).json).length).toBe(2);
    // Only the sentence around "about 500,000 displaced people" says this, not the claim.
    const ignore = ['after years of attacks'];
    const whole = await lintJson(dir, { jobs: 1, keepDocuments: true, ignore });
    expect(displaced(whole.json)).toEqual([]);
    expect((await lintJson(dir, { jobs: 1, ignore })).json).toBe(whole.json);
    expect((await lintJson(dir, { jobs: 1, ignore, factsCache: true })).json).toBe(whole.json);
    expect((await lintJson(dir, { jobs: 1, ignore, factsCache: true })).json).toBe(whole.json);
  });

  it('round-trip through a lint record with their findings (ranges, fixes, related locations)', () => {
    let related = 0;
    for (const name of readdirSync(join(ROOT, 'fixtures/briefs'))) {
      const doc = buildDocument(name, readFileSync(join(ROOT, 'fixtures/briefs', name), 'utf8'));
      const findings = documentFindings(doc, rules, defaultConfig());
      related += findings.filter((f) => f.related?.length || f.fix).length;
      const record = serializeRecord(doc, findings);
      const back = deserializeRecord(record, null, name, doc.text, true, serializeCitations(doc));
      // Read field by field: a rebuilt summary reads them on first use.
      // A record's comparables also name their claims (group signatures use the names).
      const fields = (d: BriefSummary) => ({ path: d.path, format: d.format, text: d.text, title: d.title, published: d.published, links: d.links, claims: d.claims, suppressions: d.suppressions, citedOn: d.citedOn, comparables: d.comparables?.map((c) => c.slice(0, 7)) });
      const left = summarize(doc);
      expect(fields(back.summary)).toEqual(fields(left));
      const names = back.summary.comparables!.map((c) => c[7]);
      for (const n of names) expect(n).toMatch(/^[A-Za-z0-9+/]{22}$/);
      expect(new Set(names).size).toBe(names.length);
      // What the HTML report's citation table shows, without the whole footnotes.
      const shown = (rows: Array<{ label: string; citation: { kind: string; title: string | null; url: string | null; date: unknown; shortForm: string | null } | null }>) =>
        rows.map((r) => [r.label, r.citation?.kind, r.citation?.title, r.citation?.url, r.citation?.date, r.citation?.shortForm]);
      expect(shown(back.summary.citations!)).toEqual(shown(doc.footnotes));
      expect(back.summary.lines.range(0, 5)).toEqual(left.lines.range(0, 5));
      expect(back.findings()).toEqual(findings);
      // Read on demand (a run that does not check links), the links are the same.
      expect(deserializeRecord(record, null, name, doc.text, false).summary.links).toEqual(left.links);
      expect(() => deserializeRecord(record.replace('\n', ''), null, name, doc.text)).toThrow(/not a lint record/);
    }
    expect(related).toBeGreaterThan(0);
  });
});

describe('facts cache', () => {
  it('hits on a re-run, misses on a changed brief, and the report stays the same', async () => {
    const dir = workspace();
    const cold = await lintJson(dir, { factsCache: true, jobs: 1 });
    const files = cold.result.corpus.docs.length;
    expect(cold.stats).toEqual({ hits: 0, misses: files, rejected: 0 });

    const warm = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(warm.stats).toEqual({ hits: files, misses: 0, rejected: 0 });
    expect(warm.json).toBe(cold.json);

    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('about 13,000 UN peacekeepers', 'about 19,000 UN peacekeepers'));
    const changed = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(changed.stats).toEqual({ hits: files - 1, misses: 1, rejected: 0 });
    expect(changed.json).toContain('19,000');
    expect(changed.json).toBe((await lintJson(dir, { factsCache: false })).json);
  });

  it('replays the project rules part by part and group by group: one changed brief re-checks only its groups, with the report of a run without cache', async () => {
    const dir = workspace();
    const cold = await lintJson(dir, { factsCache: true, jobs: 1 });
    // Every part and every group was checked once.
    const checked = cold.groups!.misses;
    expect(checked).toBeGreaterThan(10);
    const warm = await lintJson(dir, { factsCache: true, jobs: 1 });
    // Whole parts replayed: fewer look-ups than there are parts and groups.
    expect(warm.groups!.misses).toBe(0);
    expect(warm.groups!.hits).toBeGreaterThan(0);
    expect(warm.groups!.hits).toBeLessThan(checked);
    expect(warm.json).toBe(cold.json);

    // A figure that changes the majority of its group, and a date that moves a coup into another month.
    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('about 13,000 UN peacekeepers', 'about 19,000 UN peacekeepers'));
    const timeline = join(dir, 'corpus/03-mali-coup-timeline.md');
    const before = readFileSync(timeline, 'utf8');
    expect(before).toMatch(/September 2020/);
    writeFileSync(timeline, before.replace('September 2020', '18 August 2020'));
    const changed = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(changed.groups!.misses).toBeGreaterThan(0);
    expect(changed.groups!.misses).toBeLessThan(checked / 2);
    expect(changed.json).not.toBe(cold.json);
    expect(changed.json).toBe((await lintJson(dir, { factsCache: false })).json);
    expect((await lintJson(dir, { factsCache: true, keepDocuments: true })).json).toBe(changed.json);
  });

  it('names a group member by its claim: an edit no finding shows re-checks no group, a figure only its own groups', async () => {
    const dir = workspace();
    const cold = await lintJson(dir, { factsCache: true, jobs: 1 });
    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    const text = readFileSync(brief, 'utf8');
    // The author in the front matter: the brief's text and key change, but no claim, nor the
    // excerpt around one, so every group and part is replayed.
    expect(text).toContain('author: Ana Ruiz');
    writeFileSync(brief, text.replace('author: Ana Ruiz', 'author: Ana Ruis'));
    const author = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(author.stats!.misses).toBeGreaterThan(0);
    expect(author.groups!.misses).toBe(0);
    expect(author.json).toBe((await lintJson(dir, { factsCache: false })).json);

    // A line broken where a space was: every later claim keeps its offsets but not its line.
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('and its partners fear', 'and its\npartners fear'));
    const lines = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(lines.groups!.misses).toBeGreaterThan(0);
    expect(lines.json).toBe((await lintJson(dir, { factsCache: false })).json);

    // One figure: the groups of that claim are checked again, and the report is a fresh run's.
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('about 800 troops in Niger', 'about 900 troops in Niger'));
    const figure = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(figure.groups!.misses).toBeGreaterThan(0);
    expect(figure.groups!.misses).toBeLessThan(cold.groups!.misses);
    expect(figure.json).toBe((await lintJson(dir, { factsCache: false })).json);
  });

  it('reuses the results no change reached, in every report format, and makes again those an edit reached', async () => {
    const dir = workspace();
    const run = (lazyResults = false) => runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), factsCache: true, jobs: 1, lazyResults });
    const reports = (result: Awaited<ReturnType<typeof run>>) =>
      ['json', 'sarif', 'stylish', 'github'].map((f) => formatters[f](result, { color: false, cwd: dir, docs: result.corpus.docs }));
    const cold = await run();
    expect(cold.results).toEqual({ hits: 0, misses: cold.files.length, rejected: 0 });
    const warm = await run();
    expect(warm.results).toEqual({ hits: warm.files.length, misses: 0, rejected: 0 });
    expect(reports(warm)).toEqual(reports(cold));
    // A figure edited: its brief's result, and those of briefs whose findings it moved, are made again.
    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('about 13,000 UN peacekeepers', 'about 19,000 UN peacekeepers'));
    const edited = await run(true);
    expect(edited.results!.misses).toBeGreaterThan(0);
    expect(edited.results!.misses).toBeLessThan(edited.files.length / 2);
    const uncached = await runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), factsCache: false });
    expect(formatters.json(edited, { color: false, cwd: dir })).toBe(formatters.json(uncached, { color: false, cwd: dir }));
    // Asked to, the run left the findings of the results it kept unread; read now, they are refused.
    const kept = edited.files.find((f) => f.stored && !Object.getOwnPropertyDescriptor(f, 'messages')!.value);
    expect(kept).toBeDefined();
    expect(() => kept!.messages).toThrow(/read after the run/);
    expect(reports(await run())).toEqual(reports(uncached));
  });

  it('rewrites its stamps and comparables index only once enough briefs have changed, and stays right meanwhile', async () => {
    // 200 briefs: the files beside the logs wait for 2 changed briefs (1 %) before they are rewritten.
    const dir = scratchDir('cite-lint-stale-');
    const sources = readdirSync(join(ROOT, 'fixtures/corpus')).filter((f) => /\.(md|txt)$/.test(f));
    for (let i = 0; i < 200; i++) {
      const name = sources[i % sources.length];
      cpSync(join(ROOT, 'fixtures/corpus', name), join(dir, `${String(i).padStart(3, '0')}-${name}`));
    }
    const beside = (name: string) => {
      const file = readdirSync(join(dir, '.cite-lint-cache/facts'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith(name));
      return file ? readFileSync(join(dir, '.cite-lint-cache/facts', file), 'utf8') : null;
    };
    await lintJson(dir, { factsCache: true, jobs: 1 });
    // Files changed within two seconds of the stamps are not trusted: pretend they were written later.
    const stampsFile = readdirSync(join(dir, '.cite-lint-cache/facts'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('files.json'))!;
    const saved = JSON.parse(readFileSync(join(dir, '.cite-lint-cache/facts', stampsFile), 'utf8')) as { written: number };
    writeFileSync(join(dir, '.cite-lint-cache/facts', stampsFile), JSON.stringify({ ...saved, written: Date.now() + 60_000 }));
    const stamps = beside('files.json');
    const index = beside('comparables.json');
    expect(stamps).not.toBeNull();
    expect(index).not.toBeNull();
    const edit = (i: number) => {
      const path = join(dir, readdirSync(dir).filter((f) => f.startsWith(String(i).padStart(3, '0')))[0]);
      writeFileSync(path, `${readFileSync(path, 'utf8')}\nA closing line, edited.\n`);
    };
    edit(7);
    const one = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(beside('files.json')).toBe(stamps);
    expect(beside('comparables.json')).toBe(index);
    expect(one.json).toBe((await lintJson(dir, { factsCache: false })).json);
    // Stale about that brief, the next run reads it again: still right, and still not rewritten.
    const again = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(again.json).toBe(one.json);
    expect(beside('files.json')).toBe(stamps);
    edit(8);
    const two = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(two.json).toBe((await lintJson(dir, { factsCache: false })).json);
    expect(beside('files.json')).not.toBe(stamps);
    expect(beside('comparables.json')).not.toBe(index);
  });

  it('trusts a file whose size, times and inode are unchanged without reading it, and catches a same-size edit with its time set back', async () => {
    const dir = workspace();
    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    // A whole second, so that setting it back later restores it exactly.
    const mtime = new Date('2020-09-01T00:00:00Z');
    utimesSync(brief, mtime, mtime);
    const cold = await lintJson(dir, { factsCache: true, jobs: 1 });
    const stampsFile = readdirSync(join(dir, '.cite-lint-cache/facts'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('files.json'))!;
    expect(stampsFile).toBeDefined();
    const path = join(dir, '.cite-lint-cache/facts', stampsFile);
    // Files changed within two seconds of the stamps are not trusted: pretend they were written later.
    const later = () => {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { written: number };
      writeFileSync(path, JSON.stringify({ ...saved, written: Date.now() + 60_000 }));
    };
    later();
    const warm = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(warm.json).toBe(cold.json);
    expect(warm.stats).toEqual({ hits: cold.stats!.misses, misses: 0, rejected: 0 });
    // No brief was read: each text is still what would read it.
    expect(warm.result.corpus.docs.some(textWasRead)).toBe(false);
    // Named another way (an absolute path), a brief is another record: its findings say so.
    later();
    const absolute = await runLint({ paths: [dir], cwd: dir, config: defaultConfig(), factsCache: true, jobs: 1 });
    expect(absolute.files.length).toBe(warm.result.files.length);
    expect(absolute.files.every((f) => f.path.startsWith(dir) && f.messages.every((m) => m.file === f.path))).toBe(true);
    later();
    expect(warm.result.corpus.docs.find((d) => d.path.endsWith('01-sahel-forces-2020.md'))!.text).toBe(readFileSync(brief, 'utf8'));

    // The same number of bytes, and the modification time set back: the change time still moves.
    const text = readFileSync(brief, 'utf8');
    writeFileSync(brief, text.replace('about 13,000 UN peacekeepers', 'about 19,000 UN peacekeepers'));
    utimesSync(brief, mtime, mtime);
    expect(statSync(brief).mtimeMs).toBe(mtime.getTime());
    later();
    const edited = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(edited.json).toContain('19,000');
    expect(edited.json).toBe((await lintJson(dir, { factsCache: false })).json);

    // Stamps that are not stamps are ignored.
    writeFileSync(path, '{"written": "soon", "files": 3}');
    expect((await lintJson(dir, { factsCache: true, jobs: 1 })).json).toBe(edited.json);
  });

  it('keeps only the group findings its last runs used when it merges them, so edits do not pile up', async () => {
    const { CachedGroupMemo } = await import('../src/engine/group-memo.js');
    const root = scratchDir('cite-lint-memo-');
    const at = { line: 1, column: 1, offset: 0 };
    const finding = (message: string) => [{ once: message, diagnostic: { ruleId: 'r', severity: 'error' as const, message, file: 'a.md', range: { start: at, end: at } } }];
    const run = (reads: string[], writes: string[]) => {
      const memo = new CachedGroupMemo(root, defaultConfig(), 3);
      const got = reads.map((sig) => memo.get(sig)?.findings[0].diagnostic.message ?? null);
      for (const sig of writes) memo.put(sig, finding(sig));
      memo.close();
      return got;
    };
    run([], ['a', 'b']);
    expect(run(['a'], ['c'])).toEqual(['a']);
    expect(run(['a', 'b'], ['e'])).toEqual(['a', 'b']);
    // Three logs make this run merge: it keeps c (read) and d (written), not a, b or e.
    expect(run(['c'], ['d'])).toEqual(['c']);
    expect(run(['a', 'b', 'c', 'd', 'e'], [])).toEqual([null, null, 'c', 'd', null]);
  });

  it('replays a part from its groups, in order, and checks it again when one of them is gone', async () => {
    const { CachedGroupMemo } = await import('../src/engine/group-memo.js');
    const root = scratchDir('cite-lint-memo-');
    const at = { line: 1, column: 1, offset: 0 };
    const finding = (message: string) => ({ diagnostic: { ruleId: 'r', severity: 'error' as const, message, file: 'a.md', range: { start: at, end: at } } });
    const first = new CachedGroupMemo(root, defaultConfig());
    first.put('g1', [finding('one'), finding('two')]);
    first.put('g2', []);
    first.put('g3', [finding('three')]);
    first.putPart('whole', ['g1', 'g2', 'g3']);
    first.putPart('broken', ['g1', 'never written']);
    first.close();
    const second = new CachedGroupMemo(root, defaultConfig());
    expect(second.getPart('whole')?.flatMap((g) => g.findings).map((f) => f.diagnostic.message)).toEqual(['one', 'two', 'three']);
    expect(second.getPart('broken')).toBeNull();
    expect(second.getPart('unknown')).toBeNull();
    // A part replayed is one hit, however many groups it has.
    expect(second.stats).toEqual({ hits: 1, misses: 2, rejected: 0 });
    second.close();
  });

  it('extracts a single changed brief in one worker while the main thread rebuilds many cached records', async () => {
    const { extractEach, workerCount, worthASpare } = await import('../src/engine/pool.js');
    const { extractHere } = await import('../src/engine/extract-task.js');
    const cores = (await import('node:os')).availableParallelism();
    // Little text: no pool; with 10,000 briefs to rebuild, a spare worker takes it (see below).
    expect(workerCount(undefined, 5_000)).toBe(0);
    // A worker per core from about 1.5 MB; on one core, one worker once its young generation repays it.
    expect(workerCount(undefined, 1_000_000, false, 2)).toBe(0);
    expect(workerCount(undefined, 2_000_000, false, 2)).toBe(2);
    expect(workerCount(undefined, 2_000_000, false, 1)).toBe(0);
    expect(workerCount(undefined, 9_000_000, false, 1)).toBe(1);
    expect(workerCount(undefined, 90_000_000)).toBe(cores >= 2 ? cores : 1);
    expect(workerCount(undefined, 90_000, true)).toBe(cores >= 2 ? cores : 0);
    expect(workerCount(1, 90_000_000)).toBe(0);
    expect(worthASpare(undefined, 10_000)).toBe(cores >= 2);
    expect(worthASpare(undefined, 100)).toBe(false);
    expect(worthASpare(1, 10_000)).toBe(false);
    const name = readdirSync(join(ROOT, 'fixtures/briefs')).find((f) => f.endsWith('.md'))!;
    const task = { id: 7, path: name, text: readFileSync(join(ROOT, 'fixtures/briefs', name), 'utf8'), format: 'markdown' as const, claimOptions: {} };
    const replies: unknown[] = [];
    await extractEach([task], 1, (reply) => replies.push(reply));
    expect(replies).toEqual([extractHere(task)]);
  });

  it('hands its task to a worker started before the task was known, and to a new one when that worker has stopped', async () => {
    const { extractEach, SpareWorker, worthASpare } = await import('../src/engine/pool.js');
    const { extractHere } = await import('../src/engine/extract-task.js');
    const cores = (await import('node:os')).availableParallelism();
    expect(worthASpare(undefined, 10_000)).toBe(cores >= 2);
    expect(worthASpare(undefined, 100)).toBe(false);
    expect(worthASpare(1, 10_000)).toBe(false);
    const name = readdirSync(join(ROOT, 'fixtures/briefs')).find((f) => f.endsWith('.txt'))!;
    const task = { id: 3, path: name, text: readFileSync(join(ROOT, 'fixtures/briefs', name), 'utf8'), format: 'text' as const, claimOptions: {} };
    const spare = new SpareWorker();
    const replies: unknown[] = [];
    await extractEach([task], 1, (reply) => replies.push(reply), undefined, spare);
    // Taken: the spare gives its worker once.
    expect(spare.take()).toBeNull();
    const stopped = new SpareWorker();
    stopped.stop();
    await extractEach([task], 1, (reply) => replies.push(reply), undefined, stopped);
    expect(replies).toEqual([extractHere(task), extractHere(task)]);
  });

  it('starts again, rebuilding the cache, when citation rows read for an HTML report turn out damaged', async () => {
    const dir = workspace();
    const html = async (factsCache: boolean) => {
      const run = await runLint({ paths: ['.'], cwd: dir, config: defaultConfig(), factsCache, jobs: 1, keepCitations: true });
      return { notices: run.notices, page: formatters.html(run, { color: false, cwd: dir, docs: run.corpus.docs }) };
    };
    const cold = await html(true);
    const root = join(dir, '.cite-lint-cache/facts');
    const logs = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log'));
    // Every citation-rows entry damaged in place (its key ends in `:h`): the entries still look whole.
    let damagedEntries = 0;
    for (const f of logs) {
      const text = readFileSync(join(root, f), 'latin1');
      const changed = text.replace(/(:h","facts":)\[\{"label"/g, (_, head: string) => (damagedEntries++, `${head}[("label"`));
      writeFileSync(join(root, f), changed, 'latin1');
    }
    expect(damagedEntries).toBeGreaterThan(2);
    const damaged = await html(true);
    expect(damaged.notices.join('\n')).toMatch(/facts cache was damaged .*citations.* it was removed and rebuilt/);
    expect(damaged.page).toBe(cold.page);
    expect((await html(false)).page).toBe(cold.page);
  });

  it('starts again, rebuilding the cache, when claims read on first use turn out damaged', async () => {
    const dir = workspace();
    await lintJson(dir, { factsCache: true, jobs: 1 });
    const root = join(dir, '.cite-lint-cache/facts');
    const recordLogs = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.log'))
      .filter((f) => readFileSync(join(root, f), 'utf8').includes('"facts":{"facts":'));
    // Every record's claims line damaged in place: the entries still look whole.
    for (const f of recordLogs) writeFileSync(join(root, f), readFileSync(join(root, f), 'latin1').replaceAll('\n[{"kind"', '\n[("kind"'), 'latin1');
    // A changed brief makes its groups be checked again, which reads their members' claims.
    const brief = join(dir, 'corpus/01-sahel-forces-2020.md');
    writeFileSync(brief, readFileSync(brief, 'utf8').replace('about 13,000 UN peacekeepers', 'about 19,000 UN peacekeepers'));
    const damaged = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(damaged.result.notices.join('\n')).toMatch(/facts cache was damaged .* it was removed and rebuilt/);
    expect(damaged.json).toBe((await lintJson(dir, { factsCache: false })).json);
    const next = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(next.result.notices).toEqual([]);
    expect(next.json).toBe(damaged.json);
  });

  it('checks a group again when its cached findings are damaged, and starts again when they turn out damaged on first use', async () => {
    const dir = workspace();
    const cold = await lintJson(dir, { factsCache: true, jobs: 1 });
    const root = join(dir, '.cite-lint-cache/facts');
    const logsWith = (marker: string) =>
      readdirSync(root, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.log'))
        .filter((f) => readFileSync(join(root, f), 'utf8').includes(marker))
        .map((f) => join(root, f));
    const [groupLog, ...others] = logsWith('"diagnostic":');
    expect(others).toEqual([]);
    const whole = readFileSync(groupLog, 'latin1');
    // Every digest line damaged in place (the line read for every group): those groups are checked again.
    writeFileSync(groupLog, whole.replace(/"facts":\[\[/g, '"facts":[('), 'latin1');
    const rechecked = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(rechecked.groups!.rejected).toBeGreaterThan(0);
    expect(rechecked.json).toBe(cold.json);
    // Every message replaced by a number: whole JSON, of the right length, that is no finding. The
    // findings are read only to make a result again: without the results kept, the run meets them,
    // and starts again without its cache.
    for (const log of logsWith('"diagnostic":')) {
      writeFileSync(log, readFileSync(log, 'latin1').replace(/"message":"[^"]*"/g, (m) => `"message":${'1'.repeat(m.length - 10)}`), 'latin1');
    }
    for (const log of logsWith('"facts":{"path":')) rmSync(log);
    const restarted = await lintJson(dir, { factsCache: true, jobs: 1 });
    expect(restarted.result.notices.join('\n')).toMatch(/facts cache was damaged .* it was removed and rebuilt/);
    expect(restarted.json).toBe(cold.json);
  });

  it('misses for every brief when the config that shapes extraction changes', async () => {
    const dir = workspace();
    await lintJson(dir, { factsCache: true });
    const files = (await lintJson(dir, { factsCache: true })).stats!.hits;
    const other = await lintJson(dir, { factsCache: true, aliases: { Serval: 'France' } });
    expect(other.stats).toEqual({ hits: 0, misses: files, rejected: 0 });
  });

  it('misses when a rule setting changes or a brief is renamed (findings name their rule settings and file)', async () => {
    const dir = workspace();
    const files = (await lintJson(dir, { factsCache: true })).result.corpus.docs.length;
    const quieter = await lintJson(dir, { factsCache: true, rules: { 'footnote-unused': { severity: 'warn', options: {} } } });
    expect(quieter.stats).toEqual({ hits: 0, misses: files, rejected: 0 });
    renameSync(join(dir, 'briefs/second-coup-in-mali.md'), join(dir, 'briefs/renamed.md'));
    const renamed = await lintJson(dir, { factsCache: true });
    expect(renamed.stats).toEqual({ hits: files - 1, misses: 1, rejected: 0 });
    expect(renamed.json).toContain('briefs/renamed.md');
    expect(renamed.json).not.toContain('second-coup-in-mali.md');
  });

  it('removes the entries of other builds of the tool, and keeps its own', async () => {
    const dir = workspace();
    const stale = join(dir, '.cite-lint-cache/facts/0123456789abcdef/ab/old.json');
    const legacy = join(dir, '.cite-lint-cache/facts/ab/old.json');
    for (const f of [stale, legacy]) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, '{}');
    }
    const cold = await lintJson(dir, { factsCache: true });
    expect(existsSync(stale) || existsSync(legacy)).toBe(false);
    expect((await lintJson(dir, { factsCache: true })).stats).toEqual({ hits: cold.result.corpus.docs.length, misses: 0, rejected: 0 });
  });

  it('ignores a corrupt or foreign entry and a log cut short, rebuilds them and gives the same report', async () => {
    const dir = workspace();
    const cold = await lintJson(dir, { factsCache: true });
    // The records' log (the project rules' groups have their own).
    const logs = readdirSync(join(dir, '.cite-lint-cache/facts'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.log'))
      .filter((f) => readFileSync(join(dir, '.cite-lint-cache/facts', f), 'utf8').includes('"facts":{"facts":'));
    expect(logs.length).toBe(1);
    const log = join(dir, '.cite-lint-cache/facts', logs[0]);
    // Split the log into its entries: `<key> <bytes>\n<entry>\n`.
    const bytes = readFileSync(log);
    const entries: Array<{ key: string; body: string }> = [];
    for (let at = 0; at < bytes.length; ) {
      const eol = bytes.indexOf(10, at);
      const [key, length] = bytes.toString('latin1', at, eol).split(' ');
      entries.push({ key, body: bytes.toString('utf8', eol + 1, eol + 1 + Number(length)) });
      at = eol + 2 + Number(length);
    }
    // Three entries a brief: its record's comparables (key + `:c`), read by every run, its
    // citation rows (key + `:h`), read by the HTML report, and the rest.
    expect(entries.length).toBe(3 * cold.result.corpus.docs.length);
    expect(entries.filter((e) => e.key.endsWith(':h')).length).toBe(cold.result.corpus.docs.length);
    const firsts = entries.filter((e) => e.key.endsWith(':c'));
    expect(firsts.length).toBe(cold.result.corpus.docs.length);
    // One cut short, one holding another entry's comparables, one valid JSON that is not a record.
    firsts[0].body = firsts[0].body.slice(0, 20);
    firsts[1].body = firsts[2].body;
    firsts[3].body = `{"key":"${firsts[3].key}","facts":{"facts":{"claims":"none"},"findings":[]}}`;
    const frame = (e: { key: string; body: string }) => `${e.key} ${Buffer.byteLength(e.body)}\n${e.body}\n`;
    // And a crash in the middle of writing one more.
    writeFileSync(log, entries.map(frame).join('') + `${'f'.repeat(64)} 5000\n{"key":`);
    // Without the comparables of the last run's records beside the log, which would spare reading these entries.
    const index = join(dirname(log), 'comparables.json');
    expect(existsSync(index)).toBe(true);
    rmSync(index);
    const warm = await lintJson(dir, { factsCache: true });
    expect(warm.stats).toEqual({ hits: firsts.length - 3, misses: 3, rejected: 3 });
    expect(warm.json).toBe(cold.json);
    // Rewritten in a newer log, which wins: the next run hits everywhere.
    expect((await lintJson(dir, { factsCache: true })).stats).toEqual({ hits: firsts.length, misses: 0, rejected: 0 });
    // An index of comparables that is not one (a bucket that is no name) is ignored.
    writeFileSync(index, '{"version":1,"buckets":[3],"records":[["x",[[0,0,null,1,2,3,4]]]]}');
    const ignored = await lintJson(dir, { factsCache: true });
    expect(ignored.json).toBe(cold.json);
    expect(readFileSync(index, 'utf8')).not.toContain('"x"');
  });

  it('merges its logs once there are many, keeping the latest entry of every key, and never drops briefs a run did not lint', async () => {
    const { FactsCache } = await import('../src/engine/facts-cache.js');
    const root = scratchDir('cite-lint-logs-');
    const logsIn = () => readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.log'));
    const run = (writes: Record<string, string>, reads: string[] = []) => {
      const cache = new FactsCache(root, 'config', 3);
      const got = reads.map((t) => cache.get(cache.keyOf(t, 'text')));
      for (const [t, v] of Object.entries(writes)) cache.put(cache.keyOf(t, 'text'), v);
      cache.close();
      return got;
    };
    run({ a: '{"n":1}', b: '{"n":1}', c: '{"n":1}', d: '{"n":1}' });
    // Runs that lint one brief each: nothing else is lost, and `a` is superseded twice.
    run({ a: '{"n":2}' }, ['a']);
    expect(logsIn().length).toBe(2);
    expect(run({ a: '{"n":3}' }, ['a', 'b'])).toEqual(['{"n":2}', '{"n":1}']);
    expect(logsIn().length).toBe(3);
    // The next run finds three logs and merges them into its own.
    expect(run({}, ['a', 'b', 'c', 'd', 'e'])).toEqual(['{"n":3}', '{"n":1}', '{"n":1}', '{"n":1}', null]);
    expect(logsIn().length).toBe(1);
    expect(readFileSync(join(root, logsIn()[0]), 'utf8').match(/"n":/g)?.length).toBe(4);
    // Another config (lint records beside whole facts, say) merges only its own logs.
    for (let i = 0; i < 3; i++) {
      const other = new FactsCache(root, 'other config', 1);
      other.put(other.keyOf(`x${i}`, 'text'), '{"n":"other"}');
      other.close();
    }
    expect(run({}, ['a', 'd'])).toEqual(['{"n":3}', '{"n":1}']);
  });

  it('never counts its own log among those it merges, when it writes before it first reads', async () => {
    const { FactsCache } = await import('../src/engine/facts-cache.js');
    const root = scratchDir('cite-lint-logs-');
    for (const t of ['a', 'b']) {
      const cache = new FactsCache(root, 'config', 2);
      cache.put(cache.keyOf(t, 'text'), `{"t":"${t}"}`);
      cache.close();
    }
    // Two logs: this run merges them, and it writes before its first read.
    const third = new FactsCache(root, 'config', 2);
    third.put(third.keyOf('c', 'text'), '{"t":"c"}');
    expect(third.get(third.keyOf('a', 'text'))).toBe('{"t":"a"}');
    third.close();
    const after = new FactsCache(root, 'config', 2);
    expect(['a', 'b', 'c'].map((t) => after.get(after.keyOf(t, 'text')))).toEqual(['{"t":"a"}', '{"t":"b"}', '{"t":"c"}']);
    after.close();
  });

  it('finds the entries of a lazily read log from its index, and never trusts an index that does not fit the log', async () => {
    const { FactsCache } = await import('../src/engine/facts-cache.js');
    const root = scratchDir('cite-lint-index-');
    const texts = ['a', 'b', 'c', 'd'];
    const writer = new FactsCache(root, 'config', 16, false, true);
    for (const t of texts) writer.put(writer.keyOf(t, 'text'), `{"t":"${t}"}`);
    writer.close();
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' });
    const log = join(root, files.find((f) => f.endsWith('.log'))!);
    expect(files.filter((f) => f.endsWith('.log.idx'))).toHaveLength(1);
    const read = () => {
      const cache = new FactsCache(root, 'config', 16, false, true);
      const got = texts.map((t) => cache.get(cache.keyOf(t, 'text')));
      cache.close();
      return got;
    };
    const all = ['{"t":"a"}', '{"t":"b"}', '{"t":"c"}', '{"t":"d"}'];
    expect(read()).toEqual(all);
    // The second entry's header damaged in place: scanning headers stops there, the index does not.
    const bytes = readFileSync(log);
    const second = bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1;
    bytes[second] = 'z'.charCodeAt(0);
    writeFileSync(log, bytes);
    expect(read()).toEqual(all);
    // The log grown past the size its index names: the index is not used, and the headers are read.
    writeFileSync(log, Buffer.concat([bytes, Buffer.from('junk')]));
    expect(read()).toEqual(['{"t":"a"}', null, null, null]);
    // An index that puts one key at another's entry gives a miss, never the other entry.
    writeFileSync(log, bytes);
    const index = `${log}.idx`;
    const lines = readFileSync(index, 'latin1').split('\n');
    const [keyA] = lines[1].split(' ');
    const [keyB, ...whereB] = lines[2].split(' ');
    lines[1] = [keyA, ...whereB].join(' ');
    lines[2] = [keyB, ...lines[1].split(' ').slice(1)].join(' ');
    writeFileSync(index, lines.join('\n'));
    expect(read()).toEqual([null, '{"t":"b"}', '{"t":"c"}', '{"t":"d"}']);
  });
});
