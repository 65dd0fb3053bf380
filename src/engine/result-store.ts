import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import { DamagedCacheError, deserializeFindings, serializeFindings } from './facts.js';
import type { ResolvedConfig } from './config.js';
import type { Diagnostic, FileResult, StoredReport } from '../types.js';
import { formatFileJson } from '../formatters/json.js';

/**
 * Each brief's result (its findings after suppressions, its entry of the JSON report and its
 * counts) as the last runs made it, in the facts cache beside the records and the group memo.
 * A result is named by the brief's path, its record's key and the digests of its findings group
 * by group: with every project rule grouped and no link checked, those decide it. So a warm run
 * neither rebuilds nor formats the report of a brief whose findings no change reached.
 */
export class CachedResults {
  /** Each result's counts and JSON report entry: read for every brief, so read whole. */
  private readonly reports: FactsCache;
  /** Each result's findings: read for few briefs (other reports than JSON), so read on demand. */
  private readonly findings: FactsCache;

  constructor(cacheDir: string, config: ResolvedConfig, extraction: unknown, maxLogs?: number) {
    // As the memo: a merge keeps only what its run used, so edits do not pile up.
    const kind = { extraction, rules: config.rules, claims: config.claims };
    this.reports = new FactsCache(cacheDir, JSON.stringify({ results: 2, ...kind }), maxLogs, true);
    this.findings = new FactsCache(cacheDir, JSON.stringify({ resultFindings: 2, ...kind }), maxLogs, true, true);
  }

  get stats(): FactsCacheStats {
    return this.reports.stats;
  }

  /** Reads the reports' logs now (while another thread extracts, say) rather than on first use. */
  preload(): void {
    this.reports.preload();
  }

  /** The name of a brief's result: its path, its record's key and its findings' digests, in run order. */
  keyOf(path: string, recordKey: string, digests: readonly string[]): string {
    return this.reports.keyOf([path, '\0', recordKey, '\0', digests.join(' ')], 'result');
  }

  /** The result kept under `key` for `path` (its findings read on first use, up to `close`), or null. */
  get(key: string, path: string): FileResult | null {
    const bytes = this.reports.getBytes(key);
    if (bytes === null) return null;
    const first = bytes.indexOf(10);
    let counts: { errors?: unknown; warnings?: unknown; infos?: unknown; path?: unknown };
    try {
      counts = first < 0 ? {} : JSON.parse(bytes.toString('utf8', 0, first));
    } catch {
      counts = {};
    }
    const { errors, warnings, infos } = counts;
    if (counts.path !== path || typeof errors !== 'number' || typeof warnings !== 'number' || typeof infos !== 'number' || bytes[first + 1] !== 0x7b || bytes[bytes.length - 1] !== 0x7d) {
      this.reports.reject();
      return null;
    }
    return storedResult(path, () => this.findings.getBytes(key, false)?.toString('utf8') ?? '', { json: bytes.subarray(first + 1), errors, warnings, infos });
  }

  /** Keeps a result made by this run, and gives it its JSON report entry (so it is not formatted twice). */
  put(key: string, result: FileResult): FileResult {
    const json = Buffer.from(formatFileJson(result));
    const counts = { path: result.path, errors: 0, warnings: 0, infos: 0 };
    for (const m of result.messages) counts[m.severity === 'error' ? 'errors' : m.severity === 'warning' ? 'warnings' : 'infos']++;
    // The findings first: a log cut short between the two leaves no report without its findings.
    this.findings.put(key, serializeFindings(result));
    this.reports.put(key, `${JSON.stringify(counts)}\n${json.toString('utf8')}`);
    const { errors, warnings, infos } = counts;
    Object.defineProperty(result, 'stored', { value: { json, errors, warnings, infos } satisfies StoredReport, enumerable: false });
    return result;
  }

  close(): void {
    this.reports.close();
    this.findings.close();
  }
}

/** A result whose findings are read from `findings` on first use; `stored` is not enumerable. */
function storedResult(path: string, findings: () => string, stored: StoredReport): FileResult {
  let read: { messages: Diagnostic[]; suppressed: Diagnostic[] } | null = null;
  const readNow = () => {
    if (read) return read;
    try {
      read = deserializeFindings(findings());
    } catch (err) {
      // Bytes changed in place, after the entry was checked whole (see `runLint`).
      throw new DamagedCacheError(`the cached result of ${path} could not be read: ${(err as Error).message}`);
    }
    return read;
  };
  const result = { path } as FileResult;
  Object.defineProperty(result, 'messages', { get: () => readNow().messages, enumerable: true, configurable: true });
  Object.defineProperty(result, 'suppressed', { get: () => readNow().suppressed, enumerable: true, configurable: true });
  Object.defineProperty(result, 'stored', { value: stored, enumerable: false });
  return result;
}
