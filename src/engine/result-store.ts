import { FactsCache, type FactsCacheStats } from './facts-cache.js';
import type { ResolvedConfig } from './config.js';
import type { FileResult, StoredReport } from '../types.js';
import { formatFileJson } from '../formatters/json.js';

/**
 * Each brief's result as the last runs made it: its entry of the JSON report and its counts, in
 * the facts cache beside the records and the group memo. A result is named by the brief's path,
 * its record's key and the digests of its share of each group's findings: with every project
 * rule grouped and no link checked, those decide it. So a warm run neither rebuilds nor formats
 * the report of a brief whose findings no change reached. Its findings are not kept: the run
 * that finds the name holds the same record and groups, and makes them again if asked.
 */
export class CachedResults {
  private readonly store: FactsCache;

  constructor(cacheDir: string, config: ResolvedConfig, extraction: unknown, maxLogs?: number) {
    // As the memo: a merge keeps only what its run used, so edits do not pile up.
    this.store = new FactsCache(cacheDir, JSON.stringify({ results: 3, extraction, rules: config.rules, claims: config.claims }), maxLogs, true);
  }

  get stats(): FactsCacheStats {
    return this.store.stats;
  }

  /** Reads the logs now (while another thread extracts, say) rather than on first use. */
  preload(): void {
    this.store.preload();
  }

  /** The name of a brief's result: its path, its record's key and its findings' digests, in run order. */
  keyOf(path: string, recordKey: string, digests: readonly string[]): string {
    return this.store.keyOf([path, '\0', recordKey, '\0', digests.join(' ')], 'result');
  }

  /**
   * The result kept under `key` for `path`, or null; `make` makes its findings again, if they
   * are asked for (by a report other than JSON).
   */
  get(key: string, path: string, make: () => FileResult): FileResult | null {
    const bytes = this.store.getBytes(key);
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
      this.store.reject();
      return null;
    }
    return keptResult(path, make, { json: bytes.subarray(first + 1), errors, warnings, infos });
  }

  /** Keeps a result made by this run, and gives it its JSON report entry (so it is not formatted twice). */
  put(key: string, result: FileResult): FileResult {
    const entry = formatFileJson(result);
    const json = Buffer.from(entry);
    const counts = { path: result.path, errors: 0, warnings: 0, infos: 0 };
    for (const m of result.messages) counts[m.severity === 'error' ? 'errors' : m.severity === 'warning' ? 'warnings' : 'infos']++;
    this.store.put(key, `${JSON.stringify(counts)}\n${entry}`);
    const { errors, warnings, infos } = counts;
    Object.defineProperty(result, 'stored', { value: { json, errors, warnings, infos } satisfies StoredReport, enumerable: false });
    return result;
  }

  close(): void {
    this.store.close();
  }
}

/** A result kept from an earlier run: its report entry and counts now, its findings made again on first use. */
function keptResult(path: string, make: () => FileResult, stored: StoredReport): FileResult {
  let made: FileResult | null = null;
  const result = { path } as FileResult;
  // Own and enumerable, as a result's findings are: a copy with other messages keeps `suppressed`.
  Object.defineProperty(result, 'messages', { get: () => (made ??= make()).messages, enumerable: true, configurable: true });
  Object.defineProperty(result, 'suppressed', { get: () => (made ??= make()).suppressed, enumerable: true, configurable: true });
  Object.defineProperty(result, 'stored', { value: stored, enumerable: false });
  return result;
}
