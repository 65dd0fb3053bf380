import type { Comparable } from '../document.js';
import { sharedBucket } from '../consistency.js';
import { MEMBER_NAME_LENGTH } from './facts.js';

/**
 * The comparables of every record a lint run used, in one file beside the records' logs
 * (`comparables.json`): a warm run groups an archive's claims from one read and one parse,
 * instead of reading an entry per brief (on 10,000 briefs, 60 ms against 350 ms). Keyed by the
 * record's key, so any version of the file is right about what it holds; a key it lacks is read
 * from its entry. Buckets are written once, in a table.
 */
export const COMPARABLES_FILE = 'comparables.json';

/** Infinity has no JSON form: an open-ended interval's bound is written as a string. */
const bound = (n: number): number | string => (Number.isFinite(n) ? n : n > 0 ? 'inf' : '-inf');
const unbound = (v: unknown): number => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : (v as number));

/**
 * The file's text for these records' comparables. A record's member names are written as one
 * string, its comparables' names end to end: a string apiece made a warm run of the archive parse
 * 105,000 more strings (rebuilding 120-140 -> 165-220 ms).
 */
export function writeComparablesIndex(records: Iterable<[key: string, comparables: Comparable[]]>): string {
  const buckets = new Map<string, number>();
  const rows: unknown[] = [];
  for (const [key, comparables] of records) {
    const packed: unknown[] = [];
    let names = '';
    for (const [index, bucket, place, from, to, low, high, member] of comparables) {
      let id = buckets.get(bucket);
      if (id === undefined) buckets.set(bucket, (id = buckets.size));
      packed.push([index, id, place, bound(from), bound(to), bound(low), bound(high)]);
      names += member?.length === MEMBER_NAME_LENGTH ? member : '';
    }
    rows.push([key, packed, names.length === MEMBER_NAME_LENGTH * comparables.length ? names : null]);
  }
  return JSON.stringify({ version: 2, buckets: [...buckets.keys()], records: rows });
}

/** The comparables by record key, or an empty map for a file that is missing or not one of ours. */
export function readComparablesIndex(text: string | null): Map<string, Comparable[]> {
  const out = new Map<string, Comparable[]>();
  if (text === null) return out;
  try {
    const parsed = JSON.parse(text) as { version?: unknown; buckets?: unknown; records?: unknown };
    if (parsed.version !== 2 || !Array.isArray(parsed.buckets) || !Array.isArray(parsed.records)) return out;
    const buckets = parsed.buckets.map((b) => (typeof b === 'string' ? sharedBucket(b) : null));
    for (const row of parsed.records as unknown[]) {
      if (!Array.isArray(row) || typeof row[0] !== 'string' || !Array.isArray(row[1])) return new Map();
      const names = typeof row[2] === 'string' && row[2].length === MEMBER_NAME_LENGTH * row[1].length ? row[2] : null;
      const comparables: Comparable[] = [];
      for (const c of row[1] as unknown[]) {
        if (!Array.isArray(c) || c.length !== 7 || typeof c[0] !== 'number') return new Map();
        const bucket = buckets[c[1] as number];
        if (typeof bucket !== 'string') return new Map();
        const at = comparables.length * MEMBER_NAME_LENGTH;
        const member = names === null ? undefined : names.slice(at, at + MEMBER_NAME_LENGTH);
        comparables.push([c[0], bucket, typeof c[2] === 'string' ? sharedBucket(c[2]) : null, unbound(c[3]), unbound(c[4]), unbound(c[5]), unbound(c[6]), member]);
      }
      out.set(row[0], comparables);
    }
  } catch {
    return new Map();
  }
  return out;
}
