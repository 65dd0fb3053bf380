import type { BriefDocument, BriefSummary, Comparable } from '../document.js';
import { formatOf, stripBom, type InputFormat } from '../extract/format.js';
import { DamagedCacheError, deserializeFacts, deserializeRecord } from './facts.js';
import { FactsCache, type FactsCacheStats, type FileStamp } from './facts-cache.js';
import { CachedGroupMemo } from './group-memo.js';
import { extractEach, SpareWorker, workerCount, worthASpare, type ExtractReply, type ExtractTask } from './pool.js';
import type { ClaimOptions } from '../extract/claims.js';
import { rules } from '../../rules/index.js';
import type { Diagnostic, FileResult, LintResult } from '../types.js';
import { loadConfig, type ResolvedConfig } from './config.js';
import { findFiles, readBrief, type FoundFile } from './files.js';
import { rmSync, statSync } from 'node:fs';
import { fatalDiagnostic, finishFile, groupFindingsOf, lintDocuments, summaryFindings, type Membership } from './linter.js';
import { CachedResults } from './result-store.js';
import { COMPARABLES_FILE, readComparablesIndex, writeComparablesIndex } from './comparables-index.js';
import { isGrouped } from '../rule.js';
import { join, resolve } from 'node:path';
import type { LinkCheckOptions, LinkRun } from '../net/links.js';
import type { LinkStatus } from '../net/types.js';
import { phase } from '../timing.js';

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
  /**
   * Called once the cached records are rebuilt, while the briefs that missed are extracted (in
   * other threads, when they are): what the caller reads next can be read now.
   */
  whileExtracting?: (config: ResolvedConfig) => void;
  /**
   * The report shows each brief's citation table (HTML): a lint's summaries hold their citation
   * rows (read from the cache within the run, so that a damaged entry restarts it). Otherwise
   * asking a summary for them is an error.
   */
  keepCitations?: boolean;
  /** Called once every file is read, before any is parsed (link checks start here). */
  onRead?: (config: ResolvedConfig, files: ReadonlyArray<{ path: string; text: string }>) => void;
}

/** Every rule id a config may name. */
export function knownRuleIds(): Set<string> {
  return new Set(rules.map((r) => r.id));
}

/** The outcome of reading and parsing every file, before any rule runs. */
export interface LoadedCorpus<D = BriefDocument> {
  config: ResolvedConfig;
  docs: D[];
  /** Files that could not be linted, with their one message. */
  failures: FileResult[];
  /** Paths in the order they were found, for stable output. */
  order: string[];
  /** Hits and misses of the facts cache, or null when it was off. */
  factsCache: FactsCacheStats | null;
}

/**
 * A corpus read for linting: summaries, and the findings of the document rules by path. Both are
 * read from the cache on first use, up to `close()`.
 */
export interface LintedCorpus extends LoadedCorpus<BriefSummary> {
  findings: Map<string, () => Diagnostic[]>;
  /** Ends the cache's reads and writes: call it when done with the summaries. */
  close(): void;
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
  const { docs, cache: _closed, ...rest } = await load(options, config, null);
  return { ...rest, docs: docs.map((d) => d.doc as BriefDocument) };
}

/**
 * Reads and parses every brief and runs its document rules, keeping only what the rest of the
 * lint needs (`BriefSummary`). Cached briefs come back with their findings and are not parsed.
 */
export async function loadForLint(options: RunOptions): Promise<LintedCorpus> {
  const config = options.config ?? loadConfig(options.cwd, options.configFile, knownRuleIds());
  const { docs, cache, ...rest } = await load(options, config, config);
  return { ...rest, docs: docs.map((d) => d.doc), findings: new Map(docs.map((d) => [d.doc.path, d.findings!])), close: () => cache?.close() };
}

type Loaded = { doc: BriefSummary; findings: (() => Diagnostic[]) | null };

/** Briefs the stamps or the comparables index may be stale about before a run rewrites them (see `load`). */
const STALE_ENOUGH = 64;

/**
 * `lint` set: records (summary + document findings), read from the cache on first use, which is
 * returned open; null: whole documents, with the cache closed.
 */
async function load(options: RunOptions, config: ResolvedConfig, lint: ResolvedConfig | null): Promise<LoadedCorpus<Loaded> & { cache: FactsCache | null }> {
  phase('start-up, config');
  const files = await findFiles(options.paths.length ? options.paths : ['.'], options.cwd, config.extensions);
  // Loads the extractor on another core while this thread stats, reads and rebuilds.
  const spare = worthASpare(options.jobs, files.length) ? new SpareWorker() : null;
  phase('find files');
  const failures: FileResult[] = [];
  const extraction = claimOptions(config);
  // A record holds findings, so every rule setting shapes it; its key holds the path, as findings name it.
  const cacheKey = lint ? JSON.stringify({ record: 5, extraction, rules: lint.rules, claims: lint.claims }) : JSON.stringify(extraction);
  // A warm lint reads the comparables of every record and the rest of a few: entries are read on demand.
  const cache = options.factsCache ? new FactsCache(resolve(options.cwd, config.cacheDir), cacheKey, undefined, false, Boolean(lint)) : null;
  // A record is kept as three entries: its comparables under its key + `:c`, its citation rows
  // under its key + `:h`, the rest under its key.
  const restOf = (key: string) => () => {
    const rest = cache!.getBytes(key, false);
    // Its comparables were there: the rest was written before them, so it was lost after the fact.
    if (rest === null) throw new DamagedCacheError(`the cached record ${key.slice(0, 12)}… could not be read`);
    return rest;
  };
  const citationsOf = (key: string | null) => (key !== null && cache ? () => cache.getBytes(`${key}:h`, false) : null);
  const rebuild = (json: string | Buffer | Comparable[], path: string, text: string | (() => string), key: string | null, rest?: string | Buffer | (() => Buffer), citations?: string): Loaded => {
    let loaded: Loaded;
    if (lint) {
      // Offline, no rule reads a brief's links: they stay unread. Citation rows are held only for
      // a report that shows them.
      const { summary, findings } = deserializeRecord(json, rest ?? restOf(key!), path, text, Boolean(options.onRead), options.keepCitations ? (citations ?? citationsOf(key)) : null);
      loaded = { doc: summary, findings };
    } else loaded = { doc: deserializeFacts(String(json as string | Buffer), path, typeof text === 'string' ? text : text()), findings: null };
    // What the group memo of the project rules names the brief by.
    if (key !== null) loaded.doc.key = key;
    return loaded;
  };

  // Read every file first: cached briefs are rebuilt from their facts, the rest are extracted,
  // in worker threads when there is enough text to repay them. A lint that checks no links
  // does not even read a file whose size, times and inode are those of the last run: it takes
  // that run's key, and reads the text only if a rule needs it.
  const stamps = cache && lint && !options.onRead ? cache.readStamps() : null;
  const stamped = new Map<string, FileStamp>();
  // By the path findings name a file by as well: the same file named another way has other records.
  const stampKey = (file: FoundFile) => `${file.path}\0${file.absolute}`;
  const read: Array<{ path: string; file: FoundFile; text: string | null; format: InputFormat; key: string | null }> = [];
  const readNow = (file: FoundFile, format: InputFormat): { text: string; key: string | null } | null => {
    const r = readBrief(file, config.maxFileSize);
    if (!r.ok) {
      failures.push(finishFile(null, file.path, [fatalDiagnostic(file.path, r.message, r.severity)]));
      return null;
    }
    const key = cache ? cache.keyOf(lint ? [file.path, '\0', r.bytes] : [r.bytes], format) : null;
    if (stamps && key) stamped.set(stampKey(file), [r.stat.size, r.stat.mtimeMs, r.stat.ctimeMs, r.stat.ino, key]);
    return { text: r.text, key };
  };
  for (const file of files) {
    const format = formatOf(file.path);
    const before = stamps?.get(stampKey(file));
    if (before && !file.problem) {
      const now = statSync(file.absolute, { throwIfNoEntry: false });
      // Over a lowered size limit, it is read, and refused, as any other.
      if (now?.isFile() && now.size <= config.maxFileSize && now.size === before[0] && now.mtimeMs === before[1] && now.ctimeMs === before[2] && now.ino === before[3]) {
        stamped.set(stampKey(file), before);
        read.push({ path: file.path, file, text: null, format, key: before[4] });
        continue;
      }
    }
    const r = readNow(file, format);
    if (r) read.push({ path: file.path, file, format, ...r });
  }
  phase('stamps, read, hash');
  options.onRead?.(config, read as Array<{ path: string; text: string }>);
  const docs: Array<Loaded | null> = read.map(() => null);
  // Stamped, but its record is gone or damaged: read it after all.
  const readAfterAll = (r: (typeof read)[number]) => {
    if (r.text !== null) return true;
    const again = readNow(r.file, r.format);
    if (again) Object.assign(r, again);
    return again !== null;
  };
  const todo: number[] = [];
  const hits: Array<[index: number, record: string | Buffer | Comparable[]]> = [];
  // A lint groups every brief's comparables: one file holds those of the last run's records.
  const indexed = lint && cache ? readComparablesIndex(cache.readBeside(COMPARABLES_FILE)) : new Map<string, Comparable[]>();
  let unindexed = 0;
  read.forEach((r, i) => {
    const comparables = r.key ? indexed.get(r.key) : undefined;
    if (comparables) {
      cache!.countHit();
      hits.push([i, comparables]);
      return;
    }
    unindexed++;
    // A record is rebuilt from the log's bytes, which the parts read on first use keep.
    const json = r.key ? (lint ? cache!.getBytes(`${r.key}:c`) : cache!.get(r.key)) : null;
    if (json !== null) hits.push([i, json]);
    else if (readAfterAll(r)) todo.push(i);
  });
  const rebuildHits = () => {
    const failed: number[] = [];
    for (const [i, json] of hits) {
      const r = read[i];
      try {
        const text = r.text !== null ? stripBom(r.text) : () => {
          // The file was unchanged a moment ago; if it is gone now, its excerpts are empty.
          const again = readBrief(r.file, config.maxFileSize);
          return again.ok ? stripBom(again.text) : '';
        };
        docs[i] = rebuild(json, r.path, text, r.key);
      } catch {
        cache!.reject();
        if (readAfterAll(r)) failed.push(i);
      }
    }
    return failed;
  };

  const internal = (path: string, message: string) =>
    // An extractor bug must cost one file, not the run; the message says it is ours.
    failures.push(finishFile(null, path, [fatalDiagnostic(path, `internal error while parsing (please report it): ${message}`)]));
  const taskOf = (i: number): ExtractTask => ({ id: i, path: read[i].path, text: read[i].text!, format: read[i].format, claimOptions: extraction, ...(lint && { lint }) });
  const settle = (reply: ExtractReply) => {
    const r = read[reply.id];
    if (reply.error !== undefined) {
      internal(r.path, reply.error);
      return;
    }
    try {
      // Rebuilt from the same JSON the cache keeps, in a worker or not: one path, the same bytes.
      const cut = lint ? reply.facts.indexOf('\n') : -1;
      const [json, rest] = cut < 0 ? [reply.facts, undefined] : [reply.facts.slice(0, cut), reply.facts.slice(cut + 1)];
      const citations = reply.citations;
      // The rest of a record is kept as the bytes the cache writes: off the JavaScript heap, where
      // 10,000 records held as strings were copied and marked by every collection of a cold run.
      const kept = r.key && rest !== undefined ? cache!.entryOf(r.key, rest) : null;
      docs[reply.id] = rebuild(json, r.path, stripBom(r.text!), r.key, kept?.facts ?? rest, citations);
      if (r.key) {
        // The rest first: a log cut short between them leaves no comparables without it.
        if (citations !== undefined) cache!.put(`${r.key}:h`, citations);
        if (kept) cache!.putEntry(r.key, kept.entry);
        cache!.put(cut < 0 ? r.key : `${r.key}:c`, json);
      }
    } catch (err) {
      internal(r.path, (err as Error).message);
    }
  };
  const extractHereEach = async (tasks: ExtractTask[]) => {
    if (!tasks.length) return;
    // The parser and extractor load only when this thread extracts: a warm run or a pool never pays for them here.
    const { extractHere } = await import('./extract-task.js');
    for (const task of tasks) {
      // While links are being checked, let their replies in between briefs.
      if (options.onRead) await new Promise((r) => setImmediate(r));
      settle(extractHere(task));
    }
  };
  try {
    const tasks = todo.map(taskOf);
    // A spare already loading the extractor takes even a single brief.
    const size = Math.max(workerCount(options.jobs, todo.reduce((n, i) => n + read[i].text!.length, 0), Boolean(options.onRead)), spare ? 1 : 0);
    // Workers extract while this thread rebuilds the cached records (their replies wait for it).
    const extracting = size > 0 && tasks.length ? extractEach(tasks, size, settle, undefined, spare) : null;
    let failed: number[] = [];
    try {
      failed = rebuildHits();
      phase('rebuild cached');
      options.whileExtracting?.(config);
      phase('read memo and results');
    } finally {
      await extracting;
    }
    await extractHereEach([...(extracting ? [] : tasks), ...failed.map(taskOf)]);
    phase('extract');
  } finally {
    spare?.stop();
    // Both files beside the records are rewritten whole, so only once enough has changed: a brief
    // they are stale about costs a later run a read and a hash, or one entry read, and never a
    // wrong answer. An edit to one brief of 10,000 would otherwise write 7 MB.
    const worth = (changed: number) => changed > 0 && changed >= Math.min(STALE_ENOUGH, Math.max(1, read.length / 100));
    if (stamps && worth([...stamped].filter(([path, stamp]) => stamps.get(path) !== stamp).length)) {
      // Merged: a run over a few briefs keeps the stamps of the others.
      cache!.writeStamps(new Map([...stamps, ...stamped]));
    }
    if (lint && cache && (worth(unindexed) || indexed.size > read.length + Math.max(STALE_ENOUGH, read.length / 10))) {
      const done = docs.filter((d): d is Loaded => d !== null && d.doc.key !== undefined);
      cache.writeBeside(COMPARABLES_FILE, writeComparablesIndex(done.map((d) => [d.doc.key!, d.doc.comparables!])));
    }
    if (!lint) cache?.close();
  }
  phase('cache writes');
  return {
    config,
    docs: docs.filter((d): d is Loaded => d !== null),
    failures,
    order: files.map((f) => f.path),
    factsCache: cache?.stats ?? null,
    cache,
  };
}

type LintOptions = RunOptions & {
  /**
   * Keep whole documents instead of summaries, for a caller that wants every fact of each brief
   * (tests hold summaries to them). Whole documents cost memory and use the facts cache;
   * summaries carry their findings in the cache, and their footnotes as citation rows (what the
   * HTML report shows).
   */
  keepDocuments?: boolean;
  /**
   * The caller reads only the report entries and counts of results kept from an earlier run
   * (`FileResult.stored`: all the JSON report needs), never their findings, which the run would
   * otherwise make again before it ends.
   */
  lazyResults?: boolean;
};
type LintOutcome = LintResult & {
  corpus: LoadedCorpus<BriefSummary>;
  /** Groups of the project rules replayed from the cache (hits) and checked (misses), or null. */
  groups: FactsCacheStats | null;
  /** Briefs whose results were kept from an earlier run (hits) and made again (misses), or null. */
  results: FactsCacheStats | null;
};

/** Lints files and folders: read → parse → extract → document rules → link and project rules → suppressions. */
export async function runLint(options: LintOptions): Promise<LintOutcome> {
  try {
    return await lintOnce(options);
  } catch (err) {
    if (!(err instanceof DamagedCacheError) || !options.factsCache) throw err;
    // A record read on first use was damaged: the cache of this build goes, and the run starts
    // again, rebuilding it. Slow once, never wrong.
    const config = options.config ?? loadConfig(options.cwd, options.configFile, knownRuleIds());
    rmSync(join(resolve(options.cwd, config.cacheDir), 'facts'), { recursive: true, force: true });
    const again = await lintOnce(options);
    again.notices.unshift(`the facts cache was damaged (${err.message}); it was removed and rebuilt`);
    return again;
  }
}

async function lintOnce(options: LintOptions): Promise<LintOutcome> {
  // Loaded only when links are checked: undici costs ~100 ms of start-up that an offline run need not pay.
  const net = options.checkLinks ? await import('../net/links.js') : null;
  const links: { run: LinkRun | null } = { run: null };
  const loadOptions: RunOptions = {
    ...options,
    // Checks start from the URLs in the raw text, while the briefs are parsed; only the links of
    // the parsed documents are reported.
    onRead: net
      ? (config, files) => {
          links.run = new net.LinkRun({ cacheDir: resolve(options.cwd, config.cacheDir), ...(config.links as LinkCheckOptions), ...options.linkOptions });
          for (const f of files) links.run.prefetchText(f.text);
        }
      : undefined,
  };
  // The group memo and the results kept are read while the changed briefs are extracted.
  const opened: { memo?: CachedGroupMemo; kept?: CachedResults } = {};
  let ended = false;
  loadOptions.whileExtracting = (config) => {
    if (!options.factsCache) return;
    const cacheDir = resolve(options.cwd, config.cacheDir);
    opened.memo = new CachedGroupMemo(cacheDir, config);
    opened.memo.preload();
    if (options.keepDocuments || options.checkLinks) return;
    opened.kept = new CachedResults(cacheDir, config, claimOptions(config));
    opened.kept.preload();
  };
  const whole = options.keepDocuments ? await loadCorpus(loadOptions) : null;
  const linted = whole ? null : await loadForLint(loadOptions);
  const corpus: LoadedCorpus<BriefSummary> = whole ?? linted!;
  // The records' cache stays open while summaries may still read from it.
  try {
    const notices: string[] = [];
    let statuses = new Map<string, LinkStatus>();
    if (links.run) {
      const checked = await links.run.finish(corpus.docs);
      statuses = checked.statuses;
      notices.push(...checked.notices);
    }
    phase('links');
    const cacheDir = resolve(options.cwd, corpus.config.cacheDir);
    const memo = opened.memo ?? (options.factsCache ? new CachedGroupMemo(cacheDir, corpus.config) : undefined);
    let kept = opened.kept ?? null;
    // With no link checked and every project rule grouped, a brief's findings follow from its
    // record and its share of each group's findings: a result kept under those is this run's.
    if (!linted || !memo || links.run || !rules.every((r) => r.scope !== 'project' || isGrouped(r)) || !corpus.docs.every((d) => d.key !== undefined)) {
      kept?.close();
      kept = null;
    }
    const reuse = kept !== null;
    const membership: Membership | undefined = reuse ? new Map() : undefined;
    let byPath: Map<string, Diagnostic[]>;
    try {
      byPath = whole ? lintDocuments(whole.docs, rules, whole.config, statuses, memo) : summaryFindings(corpus.docs, rules, corpus.config, statuses, memo, membership);
    } finally {
      memo?.close();
    }
    phase('link and project rules');
    const results = new Map<string, FileResult>();
    try {
      for (const doc of corpus.docs) {
        const found = byPath.get(doc.path) ?? [];
        if (whole) {
          results.set(doc.path, finishFile(doc, doc.path, found));
          continue;
        }
        const groups = membership?.get(doc.path) ?? [];
        const key = kept ? kept.keyOf(doc.path, doc.key!, groups.map(([digest]) => digest)) : null;
        const make = () => {
          if (ended) throw new Error(`the findings of ${doc.path}, kept from an earlier run, were read after the run (see lazyResults)`);
          return finishFile(doc, doc.path, [...linted!.findings.get(doc.path)!(), ...found, ...groupFindingsOf(doc.path, groups)]);
        };
        const same = key !== null ? kept!.get(key, doc.path, make) : null;
        // A kept result's findings are made again here unless the caller asked for them on first
        // use: a damaged record or group met then must send the run through `runLint`'s start
        // again, not fail a formatter.
        if (same && !options.lazyResults) void same.messages;
        results.set(doc.path, same ?? (key !== null ? kept!.put(key, make()) : make()));
      }
    } finally {
      kept?.close();
    }
    // Read within the run: a damaged entry met here starts it again (see `runLint`); in a formatter it could not.
    if (options.keepCitations && linted) for (const doc of corpus.docs) void doc.citations;
    for (const failure of corpus.failures) results.set(failure.path, failure);
    const files = corpus.order.filter((p) => results.has(p)).map((p) => results.get(p)!);
    phase('suppressions, order');
    return { files, notices, corpus, links: statuses, groups: memo?.stats ?? null, results: kept?.stats ?? null };
  } finally {
    ended = true;
    // Closed already unless the run failed on its way (closing twice is harmless).
    opened.kept?.close();
    linted?.close();
  }
}
