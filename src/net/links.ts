import type { BriefDocument } from '../document.js';
import { linkKey, placeholderReason } from '../extract/urls.js';
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

/** The URLs worth checking: http(s), not placeholders, not excluded. */
export function urlsToCheck(docs: BriefDocument[], options: LinkCheckOptions): string[] {
  const include = (options.include ?? []).map((p) => new RegExp(p));
  const exclude = (options.exclude ?? []).map((p) => new RegExp(p));
  const urls = new Set<string>();
  for (const doc of docs) {
    for (const link of doc.links) {
      const raw = link.repaired?.url ?? link.url;
      if (placeholderReason(raw)) continue;
      const key = linkKey(link);
      if (!/^https?:\/\//i.test(key)) continue;
      if (exclude.some((re) => re.test(key)) && !include.some((re) => re.test(key))) continue;
      urls.add(key);
    }
  }
  return [...urls].sort();
}

/** The date a URL is cited as of: its footnote's date, else the brief's, else today. */
function citedAsOf(docs: BriefDocument[], url: string): string {
  let best: string | null = null;
  for (const doc of docs) {
    for (const link of doc.links) {
      if (linkKey(link) !== url) continue;
      const note = doc.footnotes.find((f) => f.label === link.footnote);
      const date = note?.citation?.date?.end ?? doc.published?.end ?? null;
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
async function rescue(docs: BriefDocument[], statuses: Map<string, LinkStatus>, base: string, timeout?: number): Promise<string | null> {
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
    if (done === total) process.stderr.write('\n');
  };
}

/**
 * Checks every cited URL of a corpus once. When no host resolves at all (an offline machine),
 * the result is one notice and no per-link verdicts, so an offline CI is not a wall of errors.
 */
export async function checkLinks(docs: BriefDocument[], options: LinkCheckOptions): Promise<{ statuses: Map<string, LinkStatus>; notices: string[] }> {
  const notices: string[] = [];
  const urls = urlsToCheck(docs, options);
  if (urls.length === 0) return { statuses: new Map(), notices };
  const cache = options.cacheDir ? LinkCache.at(options.cacheDir, (options.cacheTtlHours ?? 24) * 3_600_000) : null;
  if (cache?.notice) notices.push(cache.notice);
  const statuses = new Map<string, LinkStatus>();
  const toCheck: string[] = [];
  for (const url of urls) {
    const hit = cache?.get(url);
    if (hit) statuses.set(url, hit);
    else toCheck.push(url);
  }
  const checker = new LinkChecker({ ...options, onProgress: options.progress && toCheck.length ? progressBar() : undefined });
  try {
    const fresh = await checker.check(toCheck);
    const dnsFailures = [...fresh.values()].filter((s) => /DNS name not found|EAI_AGAIN/.test(s.detail)).length;
    if (fresh.size > 0 && dnsFailures === fresh.size && fresh.size === urls.length) {
      notices.push(`network unavailable: ${fresh.size} link${fresh.size === 1 ? '' : 's'} not checked (no host name resolved)`);
      return { statuses: new Map(), notices };
    }
    for (const [url, s] of fresh) statuses.set(url, s);
    cache?.save(fresh.values());
    const archive = options.archive === undefined ? 'https://web.archive.org' : options.archive;
    const archiveProblem = archive ? await rescue(docs, statuses, archive, options.timeout) : null;
    if (archiveProblem) notices.push(archiveProblem);
  } finally {
    await checker.close();
  }
  return { statuses, notices };
}
