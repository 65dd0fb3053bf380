import { request } from 'undici';

/** An archived capture of a page. */
export interface ArchivedCopy {
  url: string;
  /** When it was captured, as YYYY-MM-DD. */
  date: string;
}

/**
 * The capture of `url` closest before `before` (YYYY-MM-DD), among 2xx captures only, from a
 * Wayback Machine CDX API at `base`. A capture after the citation may already show the broken
 * page, which is why InternetArchiveBot looks before the access date; so does this. Null when
 * the archive has no such capture; throws when the archive itself cannot be reached, so a caller
 * can stop asking it.
 */
export async function findArchivedCopy(url: string, before: string, options: { base: string; timeout?: number }): Promise<ArchivedCopy | null> {
  const to = before.replace(/-/g, '').slice(0, 8);
  const query = new URL('/cdx/search/cdx', options.base);
  query.searchParams.set('url', url);
  query.searchParams.set('to', to);
  query.searchParams.set('filter', 'statuscode:2..');
  query.searchParams.set('output', 'json');
  query.searchParams.set('fl', 'timestamp,original,statuscode');
  query.searchParams.set('limit', '-1');
  const res = await request(query, { signal: AbortSignal.timeout(options.timeout ?? 10_000) });
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new Error(`${options.base} answered ${res.statusCode}`);
  }
  {
    const rows = (await res.body.json()) as string[][];
    // The first row names the fields; the last capture before `to` is the closest before it.
    const last = rows.slice(1).filter((r) => /^2\d\d$/.test(r[2] ?? '') && r[0] <= `${to}999999`).pop();
    if (!last) return null;
    const [timestamp, original] = last;
    return {
      url: `${new URL(options.base).origin}/web/${timestamp}/${original}`,
      date: `${timestamp.slice(0, 4)}-${timestamp.slice(4, 6)}-${timestamp.slice(6, 8)}`,
    };
  }
}
