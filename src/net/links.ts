import { citedOn, type BriefSummary } from '../document.js';
import { linkKey, normalizeUrl, placeholderReason, scanUrls } from '../extract/urls.js';
import { LinkCache } from './cache.js';
import { LinkChecker, type CheckerOptions } from './checker.js';
import { findArchivedCopy } from './archive.js';
import pLimit from 'p-limit';
import type { LinkStatus } from './types.js';

/** Options of a link-checking pass, from the config and the command line. */
export interface LinkCheckOptions extends CheckerOptions {
  /** Regular expressions: URLs matching `exclude` are skipped unless they also match `include`. */
  include?: string[];
  exclude?: string[];
  /** Folder of the cache; null disables it (`--no-cache`). */
  cacheDir?: string | null;
  cacheTtlHours?: number;
  /** Draw a progress bar on stderr. */
  progress?: boolean;
  /** Wayback Machine base URL for archived copies of dead links; null turns the rescue off. */
  archive?: string | null;
}

export { linkKey };

/** Which URLs (link keys) to check: http(s), not placeholders, not excluded. Patterns compiled once. */
function urlFilter(options: LinkCheckOptions): (key: string, raw: string) => boolean {
  const include = (options.include ?? []).map((p) => new RegExp(p));
  const exclude = (options.exclude ?? []).map((p) => new RegExp(p));
  return (key, raw) => {
    if (placeholderReason(raw)) return false;
    if (!/^https?:\/\//i.test(key)) return false;
    return !(exclude.some((re) => re.test(key)) && !include.some((re) => re.test(key)));
  };
}

/** The URLs worth checking: http(s), not placeholders, not excluded. */
export function urlsToCheck(docs: BriefSummary[], options: LinkCheckOptions | ((key: string, raw: string) => boolean)): string[] {
  const wanted = typeof options === 'function' ? options : urlFilter(options);
  const urls = new Set<string>();
  for (const doc of docs) {
    for (const link of doc.links) {
      const key = linkKey(link);
      if (wanted(key, link.repaired?.url ?? link.url)) urls.add(key);
    }
  }
  return [...urls].sort();
}

/** The date a URL is cited as of: its footnote's date, else the brief's, else today. */
function citedAsOf(docs: BriefSummary[], url: string): string {
  let best: string | null = null;
  for (const doc of docs) {
    for (const link of doc.links) {
      if (linkKey(link) !== url) continue;
      const date = citedOn(doc, link.footnote) ?? doc.published?.end ?? null;
      if (date && (!best || date > best)) best = date;
    }
  }
  return best ?? new Date().toISOString().slice(0, 10);
}

/**
 * Looks up archived copies of dead and soft-404 links, a few at a time. The first failure to reach
 * the archive stops the lookups (one notice), so an unreachable archive costs one request, not one
 * per dead link.
 */
async function rescue(docs: BriefSummary[], statuses: Map<string, LinkStatus>, base: string, timeout?: number): Promise<string | null> {
  const broken = [...statuses.values()].filter((s) => s.verdict === 'dead' || s.verdict === 'soft-404');
  const limit = pLimit(4);
  let failure: string | null = null;
  const lookUp = async (s: LinkStatus) => {
    if (failure) return;
    try {
      const copy = await findArchivedCopy(s.url, citedAsOf(docs, s.url), { base, timeout });
      if (copy) s.archived = copy;
    } catch (err) {
      failure ??= `archived copies not looked up: ${base} could not be reached (${(err as Error).message})`;
    }
  };
  if (broken.length) await lookUp(broken[0]);
  await Promise.all(broken.slice(1).map((s) => limit(() => lookUp(s))));
  return failure;
}

function progressBar(): (done: number, total: number) => void {
  const started = Date.now();
  return (done, total) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    const width = 24;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} links  ${rate.toFixed(1)}/s  ETA ${eta}s `);
  };
}

/**
 * The URLs a brief's raw text most likely cites, found by the URL scanner without parsing, so that
 * checks can start while the briefs are still being parsed. A guess, never a verdict: only the
 * links of the parsed documents are reported.
 */
export function likelyUrls(text: string, options: LinkCheckOptions | ((key: string, raw: string) => boolean)): string[] {
  const wanted = typeof options === 'function' ? options : urlFilter(options);
  const out: string[] = [];
  for (const u of scanUrls(text, { textLinks: true, repair: true })) {
    const raw = u.repaired?.url ?? u.url;
    const key = normalizeUrl(raw);
    if (wanted(key, raw)) out.push(key);
  }
  return out;
}

/**
 * One link-checking pass over a corpus. `prefetch` may start checks early from guessed URLs;
 * `finish` checks every link of the parsed documents (each distinct URL once), waits for all of
 * it, and gives the verdicts. When no host resolves at all (an offline machine), the result is
 * one notice and no per-link verdicts, so an offline CI is not a wall of errors.
 */
export class LinkRun {
  private readonly cache: LinkCache | null;
  private readonly checker: LinkChecker;
  private readonly started = new Map<string, Promise<LinkStatus>>();
  private readonly cached = new Map<string, LinkStatus>();
  private done = 0;
  private readonly progress: ((done: number, total: number) => void) | undefined;
  private readonly wanted: (key: string, raw: string) => boolean;

  constructor(private readonly options: LinkCheckOptions) {
    this.cache = options.cacheDir ? LinkCache.at(options.cacheDir, (options.cacheTtlHours ?? 24) * 3_600_000) : null;
    this.progress = options.progress ? progressBar() : undefined;
    this.checker = new LinkChecker(options);
    this.wanted = urlFilter(options);
  }

  /** Starts checks of the URLs a brief's raw text most likely cites (see `likelyUrls`). */
  prefetchText(text: string): void {
    this.prefetch(likelyUrls(text, this.wanted));
  }

  /** Starts checks of URLs not cached and not started yet. */
  prefetch(urls: Iterable<string>): void {
    for (const url of urls) {
      if (this.started.has(url) || this.cached.has(url)) continue;
      const hit = this.cache?.get(url);
      if (hit) {
        this.cached.set(url, hit);
        continue;
      }
      this.started.set(
        url,
        this.checker.checkOne(url).then((status) => {
          this.progress?.(++this.done, this.started.size);
          return status;
        }),
      );
    }
  }

  async finish(docs: BriefSummary[]): Promise<{ statuses: Map<string, LinkStatus>; notices: string[] }> {
    const notices: string[] = [];
    if (this.cache?.notice) notices.push(this.cache.notice);
    try {
      const urls = urlsToCheck(docs, this.wanted);
      this.prefetch(urls);
      // Guessed URLs that the documents turned out not to cite are still waited for: they are
      // already on the wire, and leaving them would keep sockets busy after the run.
      const settled = new Map<string, LinkStatus>();
      await Promise.all([...this.started].map(async ([url, p]) => settled.set(url, await p)));
      if (this.progress && this.started.size) process.stderr.write('\n');
      const fresh = urls.filter((u) => settled.has(u)).map((u) => settled.get(u)!);
      const dnsFailures = fresh.filter((s) => /DNS name not found|EAI_AGAIN/.test(s.detail)).length;
      if (fresh.length > 0 && dnsFailures === fresh.length && fresh.length === urls.length) {
        notices.push(`network unavailable: ${fresh.length} link${fresh.length === 1 ? '' : 's'} not checked (no host name resolved)`);
        return { statuses: new Map(), notices };
      }
      const statuses = new Map<string, LinkStatus>();
      for (const url of urls) {
        const s = this.cached.get(url) ?? settled.get(url);
        if (s) statuses.set(url, s);
      }
      this.cache?.save(fresh);
      const archive = this.options.archive === undefined ? 'https://web.archive.org' : this.options.archive;
      const archiveProblem = archive ? await rescue(docs, statuses, archive, this.options.timeout) : null;
      if (archiveProblem) notices.push(archiveProblem);
      return { statuses, notices };
    } finally {
      await this.checker.close();
    }
  }
}

/** Checks every cited URL of a corpus once (a `LinkRun` without a prefetch). */
export async function checkLinks(docs: BriefSummary[], options: LinkCheckOptions): Promise<{ statuses: Map<string, LinkStatus>; notices: string[] }> {
  return new LinkRun(options).finish(docs);
}
