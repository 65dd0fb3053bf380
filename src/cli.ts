#!/usr/bin/env node
import { appendFileSync, closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runLint, loadCorpus } from './engine/engine.js';
import { UserError } from './errors.js';
import { formatters, formattersInParts } from './formatters/index.js';
import { formatExtractJson, formatExtractTable } from './formatters/extract.js';
import { formatMarkdown } from './formatters/markdown.js';
import { summarize } from './formatters/summary.js';
import { TOOL } from './version.js';
import { phase } from './timing.js';
import { relaunchIfWorthIt, type RelaunchRun } from './relaunch.js';

const HELP = `cite-lint ${TOOL.version}: lint briefs for footnotes, citations, cited URLs and numbers that disagree

Usage:
  cite-lint [options] [paths...]          lint files and folders (default: the current folder)
  cite-lint extract [options] [paths...]  print what was extracted: footnotes, citations, links, claims

Folders are walked recursively for .md, .markdown and .txt files, skipping node_modules,
dot-folders and what .gitignore ignores. A file named explicitly is always linted.

Options:
  -f, --format <name>     stylish (default), json, sarif, github, markdown, html
                          (extract: table (default) or json)
  -o, --output <file>     write the report to a file instead of stdout
  -c, --config <file>     use this config file instead of searching for one
      --offline           no network: skip link checks (everything else still runs);
                          with no network at all, one notice replaces every link finding
      --timeout <ms>      per-request timeout for link checks (default 20000)
      --concurrency <n>   most link checks in flight at once (per-host limits still apply)
      --allow-private     allow link checks to loopback, private and link-local addresses
      --no-cache          neither read nor write the cache (.cite-lint-cache/): link verdicts,
                          and the facts extracted from each brief (reused while it is unchanged)
  -j, --jobs <n>          worker threads for parsing and extraction (default: one per core
                          from about 1.5 MB of text to parse, or from 32 KB while links
                          are checked; on one core, one worker from 4 MB; 1 = no workers)
  -q, --quiet             report errors only
      --max-warnings <n>  exit 1 when there are more than n warnings
      --changed-since <ref>
                          check the whole corpus (cross-document rules see every claim) but
                          report only briefs added or changed since a git ref, e.g. origin/main
      --no-color          never colour the output (colour is used only on a terminal)
  -h, --help              show this help
  -v, --version           print the version

Config: cite-lint.config.json, .citelintrc.json or a "cite-lint" key in package.json, found by
walking up from the current folder. Example:
  { "rules": { "footnote-unused": "off", "footnote-sequence": ["error", {}] } }
Inline: <!-- cite-lint-disable-next-line rule-id -- reason -->,
        <!-- cite-lint-disable rule-id --> … <!-- cite-lint-enable rule-id -->

Environment: NO_COLOR (no colour) · CITE_LINT_TIMING=1 (each phase's time, on standard error) ·
  CITE_LINT_RELAUNCH=0 (on two cores, never run a cold lint again in a Node with fewer V8 threads)

Exit codes: 0 no errors · 1 errors found (or too many warnings) · 2 usage, config or internal failure.
Rules and docs: https://github.com/cite-lint/cite-lint/tree/main/rules
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  offline: { type: 'boolean' },
  timeout: { type: 'string' },
  concurrency: { type: 'string' },
  'allow-private': { type: 'boolean' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  jobs: { type: 'string', short: 'j' },
  quiet: { type: 'boolean', short: 'q' },
  'max-warnings': { type: 'string' },
  'changed-since': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]} (see cite-lint --help)`);
  }
}

function positiveInt(value: string | undefined, flag: string, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new UserError(`${flag} needs a whole number${allowZero ? '' : ' above 0'}, got "${value}"`);
  return n;
}

/** Writes a report, whole or in pieces (text, or UTF-8 bytes), to standard output or to a file. */
function emit(report: string | Iterable<string | Uint8Array>, output: string | undefined, cwd: string): void {
  const pieces = typeof report === 'string' ? [report] : report;
  if (!output) {
    // Joined into pieces of about a megabyte: one write per file of an archive would be slow on a pipe.
    let pending: Array<string | Uint8Array> = [];
    let size = 0;
    const flush = () => {
      if (pending.length) process.stdout.write(pending.every((p) => typeof p === 'string') ? pending.join('') : Buffer.concat(pending.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))));
      pending = [];
      size = 0;
    };
    for (const piece of pieces) {
      pending.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
    return;
  }
  const file = resolve(cwd, output);
  let fd: number | null = null;
  try {
    mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'w');
    // Encoded into one reused buffer: Node 20 writes a large string three times slower than its bytes.
    const buffer = Buffer.allocUnsafe(1 << 20);
    let used = 0;
    for (const piece of pieces) {
      const size = typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
      if (used + size > buffer.length) {
        writeAll(fd, buffer, used);
        used = 0;
      }
      if (size > buffer.length) writeAll(fd, typeof piece === 'string' ? Buffer.from(piece) : Buffer.from(piece.buffer, piece.byteOffset, piece.length), size);
      else if (typeof piece === 'string') used += buffer.write(piece, used);
      else {
        buffer.set(piece, used);
        used += size;
      }
    }
    writeAll(fd, buffer, used);
  } catch (err) {
    throw new UserError(`cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer, length: number): void {
  for (let at = 0; at < length; ) at += writeSync(fd, bytes, at, length - at);
}

/**
 * The files added or changed since a git ref (committed, staged, unstaged or untracked), as a
 * predicate over results. A bad ref or a folder outside git is a usage error.
 */
function changedFilter(ref: string, cwd: string): (f: { path: string }) => boolean {
  const git = (args: string[]) => {
    const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
    if (r.error || r.status !== 0) {
      throw new UserError(`--changed-since ${ref}: ${(r.stderr || r.error?.message || 'git failed').trim().split('\n')[0]}`);
    }
    return r.stdout;
  };
  const top = git(['rev-parse', '--show-toplevel']).trim();
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const changed = new Set(
    [...git(['diff', '--name-only', '--diff-filter=ACMR', ref]).split('\n'), ...git(['ls-files', '--others', '--exclude-standard']).split('\n').map((p) => relative(top, resolve(cwd, p)))]
      .filter(Boolean)
      .map((p) => resolve(top, p)),
  );
  return (f) => changed.has(resolve(cwd, f.path));
}

/** Runs the command line; returns the exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  positiveInt(values.timeout, '--timeout');
  positiveInt(values.concurrency, '--concurrency');
  const jobs = positiveInt(values.jobs, '--jobs');
  const factsCache = !values['no-cache'];
  const maxWarnings = positiveInt(values['max-warnings'], '--max-warnings', true);
  const color = values['no-color'] ? false : values.color ? true : Boolean(process.stdout.isTTY && !values.output && !process.env.NO_COLOR);

  if (positionals[0] === 'extract') {
    const format = values.format ?? 'table';
    if (format !== 'json' && format !== 'table') throw new UserError(`extract --format must be json or table, not "${format}"`);
    const corpus = await loadCorpus({ paths: positionals.slice(1), cwd, configFile: values.config, jobs, factsCache });
    for (const f of corpus.failures) for (const m of f.messages) process.stderr.write(`${f.path}: ${m.message}\n`);
    const report = format === 'json' ? formatExtractJson(corpus.docs) : formatExtractTable(corpus.docs);
    emit(report, values.output, cwd);
    return corpus.failures.some((f) => f.messages.some((m) => m.severity === 'error')) ? 1 : 0;
  }

  const format = values.format ?? 'stylish';
  const formatter = formatters[format];
  if (!formatter) throw new UserError(`unknown format "${format}" (available: ${Object.keys(formatters).join(', ')})`);
  const full = await runLint({
    paths: positionals,
    cwd,
    configFile: values.config,
    checkLinks: !values.offline,
    jobs,
    factsCache,
    // The JSON report takes a kept result's entry as it is; other reports read its findings.
    lazyResults: format === 'json' && !values.quiet,
    // The review report has a citation table per brief.
    keepCitations: format === 'html',
    linkOptions: {
      ...(values.timeout ? { timeout: Number(values.timeout) } : {}),
      ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
      ...(values['allow-private'] ? { allowPrivate: true } : {}),
      ...(values['no-cache'] ? { cacheDir: null } : {}),
      progress: Boolean(process.stderr.isTTY) && format === 'stylish' && !values.quiet,
    },
  });
  const result = values['changed-since'] ? { ...full, files: full.files.filter(changedFilter(values['changed-since'], cwd)) } : full;
  const counts = summarize(result);
  const shown = values.quiet
    ? { ...result, files: result.files.map((f) => ({ ...f, messages: f.messages.filter((m) => m.severity === 'error') })) }
    : result;
  const context = { color, cwd, docs: full.corpus.docs };
  emit(formattersInParts[format]?.(shown, context) ?? formatter(shown, context), values.output, cwd);
  phase('report');
  // In GitHub Actions, the github format also leaves a job summary.
  if (format === 'github' && process.env.GITHUB_STEP_SUMMARY) {
    try {
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, formatMarkdown(shown, full.corpus.docs));
    } catch (err) {
      process.stderr.write(`cite-lint: cannot write the job summary: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    }
  }
  for (const notice of result.notices) process.stderr.write(`cite-lint: ${notice}\n`);
  if (counts.errors > 0) return 1;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) {
    process.stderr.write(`cite-lint: ${counts.warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

const isMain = process.argv[1] && resolve(process.argv[1]).replace(/\.ts$/, '.js') === new URL(import.meta.url).pathname.replace(/\.ts$/, '.js');
/**
 * A cold run that extracts in workers on two cores runs in a second Node with fewer V8 background
 * threads (see `relaunch.ts`); anything else, including a command line with mistakes, runs here.
 */
async function start(argv: string[]): Promise<number> {
  let run: RelaunchRun | null = null;
  try {
    const { values, positionals } = parse(argv);
    if (!values.help && !values.version) {
      const paths = positionals[0] === 'extract' ? positionals.slice(1) : positionals;
      run = { paths, config: values.config, jobs: positiveInt(values.jobs, '--jobs'), factsCache: !values['no-cache'] };
    }
  } catch {
    run = null;
  }
  const code = run ? await relaunchIfWorthIt(process.argv[1]!, argv, run) : null;
  return code ?? main(argv);
}

if (isMain || process.argv[1]?.endsWith('/cite-lint')) {
  start(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UserError) process.stderr.write(`cite-lint: ${err.message}\n`);
      else process.stderr.write(`cite-lint: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
