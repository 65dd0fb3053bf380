import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOOL } from '../version.js';

/**
 * What the code behind a cache entry looks like: the version alone would keep serving stale
 * entries to anyone running a build between two releases. Entries hold facts and (for a lint) the
 * findings of document rules, so every source file and every rule counts.
 */
let fingerprint: string | null = null;
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(TOOL.version);
  const src = dirname(dirname(fileURLToPath(import.meta.url)));
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (/\.(?:js|ts)$/.test(e.name) && !e.name.endsWith('.d.ts')) hash.update(e.name).update(readFileSync(path));
    }
  };
  visit(src);
  visit(join(dirname(src), 'rules'));
  fingerprint = hash.digest('hex');
  return fingerprint;
}

/** Counts of a run's cache lookups (the tests read them). */
export interface FactsCacheStats {
  hits: number;
  misses: number;
  /** Entries that existed but could not be trusted (unreadable, wrong key, not facts). */
  rejected: number;
}

/**
 * Extracted facts per brief in `<cacheDir>/facts/`, one file per entry, keyed by the brief's
 * content, the extractor and the config that shapes extraction. An entry that cannot be read
 * or does not hold what its name says is a miss and is rewritten; nothing in it is trusted.
 */
export class FactsCache {
  readonly stats: FactsCacheStats = { hits: 0, misses: 0, rejected: 0 };
  private readonly salt: string;
  /** Entries of this build of the tool: `<cacheDir>/facts/<code fingerprint>/`. */
  private readonly dir: string;
  /** Folders known to exist (one mkdir each, not one per entry). */
  private readonly folders = new Set<string>();
  /**
   * The entries each folder held when first looked at: one directory listing instead of a failed
   * open per missing entry (a cold run over 10,000 briefs made 10,000 of them).
   */
  private readonly listings = new Map<string, Set<string>>();

  private listed(folder: string): Set<string> {
    let names = this.listings.get(folder);
    if (!names) {
      try {
        names = new Set(readdirSync(folder));
      } catch {
        names = new Set();
      }
      this.listings.set(folder, names);
    }
    return names;
  }

  constructor(
    cacheDir: string,
    /** The extraction-relevant config (claim aliases, tolerance …), as stable JSON. */
    configKey: string,
  ) {
    const code = codeFingerprint();
    this.dir = join(cacheDir, 'facts', code.slice(0, 16));
    this.salt = createHash('sha256').update(code).update('\0').update(configKey).digest('hex');
    // Entries of other builds can never be read again: without this, every upgrade would leave
    // an archive's worth of dead entries behind.
    try {
      for (const other of readdirSync(join(cacheDir, 'facts'))) {
        if (other !== code.slice(0, 16)) rmSync(join(cacheDir, 'facts', other), { recursive: true, force: true });
      }
    } catch {
      // No cache yet, or one this user cannot clean: not this run's problem.
    }
  }

  /** The entry key of one brief's text in one format. */
  keyOf(text: string, format: string): string {
    return createHash('sha256').update(this.salt).update('\0').update(format).update('\0').update(text).digest('hex');
  }

  private fileOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The stored facts JSON for a key, or null. */
  get(key: string): string | null {
    const file = this.fileOf(key);
    if (!this.listed(dirname(file)).has(basename(file))) {
      this.stats.misses++;
      return null;
    }
    let raw: string;
    try {
      raw = readFileSync(file, 'utf8');
    } catch {
      this.stats.misses++;
      return null;
    }
    // `{"key":"<64 hex>","facts":…}`: the key must match and the facts must be whole.
    const head = `{"key":"${key}","facts":`;
    if (!raw.startsWith(head) || !raw.endsWith('}')) {
      this.stats.rejected++;
      this.stats.misses++;
      return null;
    }
    this.stats.hits++;
    return raw.slice(head.length, -1);
  }

  /** Called when an entry that looked whole still failed to load: counted as a miss after all. */
  reject(): void {
    this.stats.hits--;
    this.stats.rejected++;
    this.stats.misses++;
  }

  /** Stores facts; written to a temporary file and renamed, so a reader never sees half an entry. */
  put(key: string, factsJson: string): void {
    const file = this.fileOf(key);
    try {
      const folder = dirname(file);
      if (!this.folders.has(folder)) mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, `{"key":"${key}","facts":${factsJson}}`);
      renameSync(tmp, file);
    } catch {
      // A read-only or full disk costs the next run its speed-up, never this run its result.
    }
  }
}
