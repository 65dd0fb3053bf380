import type { BriefDocument } from '../document.js';
import { formatOf, stripBom, type InputFormat } from '../extract/format.js';
import { deserializeFacts, serializeFacts } from './facts.js';
import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import { extractAll, workerCount } from './pool.js';
import type { ClaimOptions } from '../extract/claims.js';
import { rules } from '../../rules/index.js';
import type { FileResult, LintResult } from '../types.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import { findFiles, readBrief } from './files.js';
import { fatalDiagnostic, finishFile, lintDocuments } from './linter.js';
import { resolve } from 'node:path';
import pLimit from 'p-limit';
import type { LinkCheckOptions, LinkRun } from '../net/links.js';
import type { LinkStatus } from '../net/types.js';

/** What a run is asked to do. */
export interface RunOptions {
  paths: string[];
  cwd: string;
  configFile?: string;
  /** Replaces the loaded config (tests, API users). */
  config?: ResolvedConfig;
  /** Check cited URLs over the network (the CLI does unless --offline; the API does not by default). */
  checkLinks?: boolean;
  /** Overrides for link checking from the command line. */
  linkOptions?: LinkCheckOptions;
  /** Worker threads for extraction; default: the cores, when there is enough text to repay them. */
  jobs?: number;
  /** Read and write the facts cache under `cacheDir` (the CLI does unless `--no-cache`). */
  factsCache?: boolean;
  /** Called once every file is read, before any is parsed (link checks start here). */
  onRead?: (config: ResolvedConfig, files: ReadonlyArray<{ path: string; text: string }>) => void;
}

/** Every rule id a config may name. */
export function knownRuleIds(): Set<string> {
  return new Set(rules.map((r) => r.id));
}

/** The outcome of reading and parsing every file, before any rule runs. */
export interface LoadedCorpus {
  config: ResolvedConfig;
  docs: BriefDocument[];
  /** Files that could not be linted, with their one message. */
  failures: FileResult[];
  /** Paths in the order they were found, for stable output. */
  order: string[];
  /** Hits and misses of the facts cache, or null when it was off. */
  factsCache: FactsCacheStats | null;
}

/** The extraction options a config implies. */
export function claimOptions(config: ResolvedConfig): ClaimOptions {
  return {
    aliases: (config.claims.aliases as Record<string, string> | undefined) ?? {},
    tolerance: config.claims.tolerance as number | undefined,
  };
}

/** Finds, reads and parses every brief; a file that fails gives one message and the rest go on. */
export async function loadCorpus(options: RunOptions): Promise<LoadedCorpus> {
  const config = options.config ?? loadConfig(options.cwd, options.configFile, knownRuleIds());
  const files = await findFiles(options.paths.length ? options.paths : ['.'], options.cwd, config.extensions);
  const failures: FileResult[] = [];
  const extraction = claimOptions(config);
  const cache = options.factsCache ? new FactsCache(resolve(options.cwd, config.cacheDir), JSON.stringify(extraction)) : null;

  // Read every file first: cached briefs are rebuilt from their facts, the rest are extracted,
  // in worker threads when there is enough text to repay them.
  const read: Array<{ path: string; text: string; format: InputFormat; key: string | null }> = [];
  // Files are read a few dozen at a time (one at a time, a large archive waits on each open and
  // close in turn) and handled in the order they were found.
  const limit = pLimit(32);
  const outcomes = await Promise.all(files.map((file) => limit(() => readBrief(file, config.maxFileSize))));
  for (const [i, file] of files.entries()) {
    const r = outcomes[i];
    if (!r.ok) {
      failures.push(finishFile(null, file.path, [fatalDiagnostic(file.path, r.message, r.severity)]));
      continue;
    }
    const format = formatOf(file.path);
    read.push({ path: file.path, text: r.text, format, key: cache ? cache.keyOf(r.text, format) : null });
  }
  options.onRead?.(config, read);
  const docs: Array<BriefDocument | null> = read.map(() => null);
  const todo: number[] = [];
  read.forEach((r, i) => {
    const json = r.key ? cache!.get(r.key) : null;
    if (json !== null) {
      try {
        docs[i] = deserializeFacts(json, r.path, stripBom(r.text));
        return;
      } catch {
        cache!.reject();
      }
    }
    todo.push(i);
  });

  const size = workerCount(options.jobs, todo.reduce((n, i) => n + read[i].text.length, 0), Boolean(options.onRead));
  const internal = (path: string, message: string) =>
    // An extractor bug must cost one file, not the run; the message says it is ours.
    failures.push(finishFile(null, path, [fatalDiagnostic(path, `internal error while parsing (please report it): ${message}`)]));
  if (size === 0 && todo.length) {
    // The parser and extractor load only when this thread extracts: a warm run or a pool never pays for them here.
    const { buildDocument } = await import('../extract/document.js');
    for (const i of todo) {
      const r = read[i];
      // While links are being checked, let their replies in between briefs.
      if (options.onRead) await new Promise((r) => setImmediate(r));
      try {
        docs[i] = buildDocument(r.path, r.text, r.format, extraction);
        if (r.key) cache!.put(r.key, serializeFacts(docs[i]!));
      } catch (err) {
        internal(r.path, (err as Error).message);
      }
    }
  } else if (todo.length) {
    const replies = await extractAll(
      todo.map((i) => ({ id: i, path: read[i].path, text: read[i].text, format: read[i].format, claimOptions: extraction })),
      size,
    );
    for (const reply of replies) {
      const r = read[reply.id];
      if (reply.error !== undefined) {
        internal(r.path, reply.error);
        continue;
      }
      try {
        docs[reply.id] = deserializeFacts(reply.facts, r.path, stripBom(r.text));
        if (r.key) cache!.put(r.key, reply.facts);
      } catch (err) {
        internal(r.path, (err as Error).message);
      }
    }
  }
  return {
    config,
    docs: docs.filter((d): d is BriefDocument => d !== null),
    failures,
    order: files.map((f) => f.path),
    factsCache: cache?.stats ?? null,
  };
}

/** Lints files and folders: read → parse → extract → document rules → project rules → suppressions. */
export async function runLint(options: RunOptions): Promise<LintResult & { corpus: LoadedCorpus }> {
  // Loaded only when links are checked: undici costs ~100 ms of start-up that an offline run need not pay.
  const net = options.checkLinks ? await import('../net/links.js') : null;
  const links: { run: LinkRun | null } = { run: null };
  const corpus = await loadCorpus({
    ...options,
    // Checks start from the URLs in the raw text, while the briefs are parsed; only the links of
    // the parsed documents are reported.
    onRead: net
      ? (config, files) => {
          links.run = new net.LinkRun({ cacheDir: resolve(options.cwd, config.cacheDir), ...(config.links as LinkCheckOptions), ...options.linkOptions });
          for (const f of files) links.run.prefetchText(f.text);
        }
      : undefined,
  });
  const notices: string[] = [];
  let statuses = new Map<string, LinkStatus>();
  if (links.run) {
    const checked = await links.run.finish(corpus.docs);
    statuses = checked.statuses;
    notices.push(...checked.notices);
  }
  const byPath = lintDocuments(corpus.docs, rules, corpus.config, statuses);
  const results = new Map<string, FileResult>();
  for (const doc of corpus.docs) results.set(doc.path, finishFile(doc, doc.path, byPath.get(doc.path) ?? []));
  for (const failure of corpus.failures) results.set(failure.path, failure);
  const files = corpus.order.filter((p) => results.has(p)).map((p) => results.get(p)!);
  return { files, notices, corpus, links: statuses };
}
