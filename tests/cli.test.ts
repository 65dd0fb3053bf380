import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT, scratchDir } from './helpers.js';

// Tests never touch the internet: every lint runs --offline (link checks are tested on loopback).
function run(args: string[], cwd = ROOT) {
  const offline = args[0] === 'extract' || args.includes('--help') ? [] : ['--offline'];
  const r = spawnSync(process.execPath, [CLI, ...offline, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = 'Good brief\n\nA claim.[1]\n\n[1] Source, 2/2/2021, available at: https://www.sahelwatch.org/x\n';
const BAD = 'Bad brief\n\nA claim.[1] Another.[2]\n\n[1] Source, 2/2/2021, available at: https://www.sahelwatch.org/x\n';

function tempDir(files: Record<string, string | Buffer>): string {
  const dir = scratchDir('cite-lint-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('cite-lint CLI', () => {
  beforeAll(() => {
    expect(readFileSync(CLI, 'utf8')).toContain('main(');
  });

  it('keeps the cache of one bundle apart from any other: a changed bundle file starts a new one', () => {
    // A copy of the bundle beside a link to the project's packages, as an installed package has them.
    const copy = scratchDir('cite-lint-bundle-');
    mkdirSync(join(copy, 'dist'));
    cpSync(join(ROOT, 'dist/bundle'), join(copy, 'dist/bundle'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const briefs = tempDir({ 'a.txt': GOOD, 'b.txt': BAD });
    const lint = () => spawnSync(process.execPath, [join(copy, 'dist/bundle/cli.js'), '--offline', '--format', 'json', '.'], { cwd: briefs, encoding: 'utf8' });
    const builds = () => readdirSync(join(briefs, '.cite-lint-cache/facts'));
    const first = lint();
    expect(first.status).toBe(1);
    const [before] = builds();
    appendFileSync(join(copy, 'dist/bundle/extract-worker.js'), '\n// another build\n');
    const second = lint();
    expect(second.stdout).toBe(first.stdout);
    expect(builds()).toHaveLength(1);
    expect(builds()[0]).not.toBe(before);
  });

  it('prints a stylish report of the sample briefs and exits 1 on errors', () => {
    const r = run(['fixtures/briefs']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fixtures/briefs/sahel-counterterrorism-after-the-coup.txt');
    expect(r.stdout).toMatch(/\d+:\d+\s+error\s+Footnote marker `\[20\]` has no definition.*footnote-undefined/);
    expect(r.stdout).toMatch(/✖ \d+ problems? \(\d+ errors?/);
    // A conflict backed by five other claims shows three of them and a count.
    expect(r.stdout).toMatch(/Mali’s coup is dated September 2020 here.*\n(?:\s+↳ \S+:\d+:\d+ {2}.*\n){3}\s+↳ \+2 more/);
  });

  it('writes the contract JSON, identical bytes twice', () => {
    const a = run(['--format', 'json', 'fixtures/briefs']);
    const b = run(['--format', 'json', 'fixtures/briefs']);
    expect(a.code).toBe(1);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report).toMatchObject({ version: 1, tool: { name: 'cite-lint' } });
    expect(report.files.map((f: { path: string }) => f.path)).toContain('fixtures/briefs/second-coup-in-mali.md');
    const msg = report.files.flatMap((f: { messages: unknown[] }) => f.messages)[0];
    expect(Object.keys(msg)).toEqual(['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'related', 'fix', 'data']);
    expect(report.summary.errors).toBeGreaterThan(0);
    for (const f of report.files) {
      const order = f.messages.map((m: { line: number; column: number }) => m.line * 1e6 + m.column);
      expect(order).toEqual([...order].sort((x: number, y: number) => x - y));
    }
  });

  it('exits 0 on a clean brief, 1 with errors, and honours --quiet and --max-warnings', () => {
    const dir = tempDir({ 'ok.txt': GOOD, 'warn.md': '# W\n\nText.\n\n[^x]: Unused, 2021, https://www.sahelwatch.org/u\n' });
    expect(run(['ok.txt'], dir).code).toBe(0);
    const warn = run(['warn.md'], dir);
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('footnote-unused');
    expect(run(['--max-warnings', '0', 'warn.md'], dir).code).toBe(1);
    expect(run(['--quiet', 'warn.md'], dir).stdout).not.toContain('footnote-unused');
    writeFileSync(join(dir, 'bad.txt'), BAD);
    expect(run(['bad.txt'], dir).code).toBe(1);
  });

  it('writes the report to a file with -o', () => {
    const dir = tempDir({ 'bad.txt': BAD });
    const r = run(['--format', 'json', '-o', 'out/report.json', 'bad.txt'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')).summary.errors).toBe(1);
  });

  describe('bad input: one message on that file, the others still linted', () => {
    it.each([
      ['binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]), /binary file/],
      ['latin1.txt', Buffer.from('Caf\xe9 au lait\n', 'latin1'), /not valid UTF-8 \(first bad byte on line 1\)/],
      ['empty.md', '', /file is empty/],
    ])('%s', (name, content, pattern) => {
      const dir = tempDir({ [name]: content, 'bad.txt': BAD });
      const r = run(['--format', 'json', '.'], dir);
      const report = JSON.parse(r.stdout);
      const file = report.files.find((f: { path: string }) => f.path === name);
      expect(file.messages).toHaveLength(1);
      expect(file.messages[0]).toMatchObject({ ruleId: null, fatal: true, line: 1, column: 1 });
      expect(file.messages[0].message).toMatch(pattern);
      expect(report.files.find((f: { path: string }) => f.path === 'bad.txt').messages[0].ruleId).toBe('footnote-undefined');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    });

    it('a file over the size cap', () => {
      const dir = tempDir({ 'big.txt': 'x'.repeat(2048), 'cite-lint.config.json': '{"maxFileSize": 1024}', 'ok.txt': GOOD });
      const report = JSON.parse(run(['--format', 'json', '.'], dir).stdout);
      expect(report.files.find((f: { path: string }) => f.path === 'big.txt').messages[0].message).toMatch(/over the 1\.0 KB limit/);
    });

    it('an unreadable file', async () => {
      // Any read error becomes one message; staged here without permissions, since CI runs as root.
      const { readBrief } = await import('../src/engine/files.js');
      const gone = await readBrief({ path: 'gone.md', absolute: join(tempDir({}), 'gone.md') }, 1e6);
      expect(gone).toEqual({ ok: false, severity: 'error', message: 'cannot read file (ENOENT)' });
      const folder = await readBrief({ path: 'dir.md', absolute: tempDir({ 'x.txt': GOOD }) }, 1e6);
      expect(folder).toMatchObject({ ok: false, message: 'cannot read file (it is a folder)' });
      if (process.getuid?.() !== 0) {
        const dir = tempDir({ 'secret.txt': GOOD, 'ok.txt': GOOD });
        chmodSync(join(dir, 'secret.txt'), 0o000);
        const report = JSON.parse(run(['--format', 'json', '.'], dir).stdout);
        expect(report.files.find((f: { path: string }) => f.path === 'secret.txt').messages[0].message).toMatch(/permission denied/);
      }
    });

    it.skipIf(process.platform === 'win32')('a named pipe or a device, named explicitly, without waiting on it', () => {
      const dir = tempDir({ 'ok.txt': GOOD });
      execFileSync('mkfifo', [join(dir, 'pipe.md')]);
      const report = JSON.parse(run(['--format', 'json', 'pipe.md', '/dev/zero', 'ok.txt'], dir).stdout);
      const message = (path: string) => report.files.find((f: { path: string }) => f.path === path).messages[0].message;
      expect(message('pipe.md')).toMatch(/not a regular file/);
      expect(message('/dev/zero')).toMatch(/not a regular file/);
      expect(report.files.find((f: { path: string }) => f.path === 'ok.txt').messages).toEqual([]);
    });

    it('a symlink loop', () => {
      const dir = tempDir({ 'docs/ok.txt': GOOD });
      symlinkSync('.', join(dir, 'docs/up'));
      symlinkSync('self.md', join(dir, 'docs/self.md'));
      const r = run(['--format', 'json', 'docs'], dir);
      const report = JSON.parse(r.stdout);
      const paths = report.files.map((f: { path: string }) => f.path);
      expect(paths).toContain('docs/ok.txt');
      expect(report.files.find((f: { path: string }) => f.path === 'docs/up').messages[0].message).toMatch(/symbolic link loop/);
      expect(report.files.find((f: { path: string }) => f.path === 'docs/self.md').messages[0].message).toMatch(/symbolic link loop/);
    });
  });

  describe('user mistakes exit 2 with one line and no stack trace', () => {
    it.each([
      [['nope/'], {}, /no such file or folder: nope\//],
      [['--format', 'xml', '.'], {}, /unknown format "xml"/],
      [['--bogus'], {}, /Unknown option '--bogus'/],
      [['--max-warnings', 'many'], {}, /--max-warnings needs a whole number/],
      [['.'], { 'cite-lint.config.json': '{\n  "rules": {\n    "footnote-unused": "warn",\n  }\n}' }, /cite-lint\.config\.json:4:3: malformed JSON/],
      [['.'], { 'cite-lint.config.json': '{"rules": {"no-such-rule": "error"}}' }, /unknown rule "no-such-rule"/],
      [['.'], { 'cite-lint.config.json': '{"rules": {"footnote-unused": "loud"}}' }, /severity "loud"; use one of off, info, warn, error/],
      [['--config', 'missing.json', '.'], {}, /config file not found: missing\.json/],
    ])('%j', (args, files, pattern) => {
      const dir = tempDir({ 'ok.txt': GOOD, ...files });
      const r = run(args as string[], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    });
  });

  it('applies config severities, package.json config and inline suppressions', () => {
    const dir = tempDir({
      'package.json': JSON.stringify({ name: 'x', 'cite-lint': { rules: { 'footnote-undefined': 'warn' } } }),
      'bad.txt': BAD,
      'quiet.md': '# Q\n\nOne[^1].\n\n<!-- cite-lint-disable-next-line footnote-unused -- kept for the appendix -->\n[^2]: Unused, 2021, https://www.sahelwatch.org/u\n\n[^1]: Used, 2021, https://www.sahelwatch.org/v\n',
    });
    const r = run(['--format', 'json', '.'], dir);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files.find((f: { path: string }) => f.path === 'bad.txt').messages[0].severity).toBe('warning');
    const quiet = report.files.find((f: { path: string }) => f.path === 'quiet.md');
    expect(quiet.messages).toEqual([]);
    expect(quiet.suppressedMessages[0].ruleId).toBe('footnote-unused');
  });

  it('walks folders recursively, skipping node_modules, dot-folders and .gitignore entries', () => {
    const dir = tempDir({
      'a/one.md': '# One\n',
      'a/b/two.txt': 'Two\n',
      'a/skip.json': '{}',
      'node_modules/x/readme.md': '# x\n',
      '.hidden/three.md': '# three\n',
      '.gitignore': 'drafts/\n',
      'drafts/four.md': '# four\n',
    });
    const report = JSON.parse(run(['--format', 'json'], dir).stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['a/b/two.txt', 'a/one.md']);
    const named = JSON.parse(run(['--format', 'json', 'drafts/four.md'], dir).stdout);
    expect(named.files.map((f: { path: string }) => f.path)).toEqual(['drafts/four.md']);
  });

  it('explains itself with --help', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--format', '--offline', '--max-warnings', 'Exit codes', 'extract']) expect(r.stdout).toContain(flag);
  });

  it('extract --format json follows the contract and is deterministic', () => {
    const a = run(['extract', '--format', 'json', 'fixtures/briefs']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(run(['extract', '--format', 'json', 'fixtures/briefs']).stdout);
    const docs = JSON.parse(a.stdout).documents;
    const sahel = docs.find((d: { path: string }) => d.path.endsWith('sahel-counterterrorism-after-the-coup.txt'));
    const fn2 = sahel.footnotes.find((f: { label: string }) => f.label === '2');
    expect(fn2).toMatchObject({ label: '2', markers: [{ line: expect.any(Number), column: expect.any(Number) }] });
    expect(fn2.citation).toMatchObject({ kind: 'source', authors: ['Judd Devermont'], date: '2020-08-19', publisher: 'CSIS' });
    expect(sahel.links[0]).toMatchObject({ origin: 'footnote', url: expect.stringMatching(/^https:/) });
    expect(Object.keys(sahel)).toEqual(['path', 'title', 'published', 'authors', 'footnotes', 'links', 'claims']);
  });
});
