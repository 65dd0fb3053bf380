import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LinkStatus } from './types.js';

interface Entry {
  verdict: LinkStatus['verdict'];
  status?: number;
  finalUrl?: string;
  detail: string;
  checkedAt: number;
}

/**
 * Verdicts of earlier runs, in `<cacheDir>/links.json`. Only successes are kept (alive and
 * permanent redirects), for a TTL: a failure is always checked again (lychee's rule).
 */
export class LinkCache {
  private entries = new Map<string, Entry>();
  /** Set when the file existed but could not be read; the caller prints it once. */
  readonly notice: string | null = null;

  constructor(
    private readonly file: string,
    private readonly ttlMs: number,
    private readonly now = Date.now(),
  ) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    try {
      const data = JSON.parse(text) as { version?: number; entries?: Record<string, Entry> };
      if (data.version !== 1 || typeof data.entries !== 'object' || data.entries === null) throw new Error('unknown format');
      for (const [url, e] of Object.entries(data.entries)) {
        if (e && typeof e.checkedAt === 'number' && (e.verdict === 'alive' || e.verdict === 'redirect')) this.entries.set(url, e);
      }
    } catch {
      this.notice = `the link cache ${file} could not be read; it was ignored and will be rewritten`;
    }
  }

  static at(cacheDir: string, ttlMs: number): LinkCache {
    return new LinkCache(join(cacheDir, 'links.json'), ttlMs);
  }

  /** A fresh cached verdict, or undefined. */
  get(url: string): LinkStatus | undefined {
    const e = this.entries.get(url);
    if (!e || this.now - e.checkedAt > this.ttlMs) return undefined;
    return { url, verdict: e.verdict, status: e.status, finalUrl: e.finalUrl, detail: e.detail, attempts: 0, cached: true };
  }

  /** Records new verdicts (successes only) and writes the file atomically. */
  save(statuses: Iterable<LinkStatus>): void {
    for (const s of statuses) {
      if (s.cached) continue;
      if (s.verdict === 'alive' || s.verdict === 'redirect') {
        this.entries.set(s.url, { verdict: s.verdict, status: s.status, finalUrl: s.finalUrl, detail: s.detail, checkedAt: this.now });
      } else this.entries.delete(s.url);
    }
    const sorted = Object.fromEntries([...this.entries].sort((a, b) => a[0].localeCompare(b[0])));
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, entries: sorted }, null, 1) + '\n');
    renameSync(tmp, this.file);
  }
}
