import type { BriefDocument, BriefSummary, Claim } from '../document.js';
import { comparablesOf, isComparable, isIgnored, sharedBucket } from '../consistency.js';
import { LineIndex } from '../parse/positions.js';
import type { Diagnostic, Range } from '../types.js';
import type { GroupFinding } from './linter.js';

/**
 * What extraction learns about a brief, without its text or path: the unit the worker pool sends
 * back and the facts cache stores. Every range is written as its two offsets (`{"$r":[s,e]}`);
 * line and column come back from the text, so an entry is about a third smaller.
 */
export type Facts = Omit<BriefDocument, 'path' | 'text' | 'lines'>;

function isRange(v: Record<string, unknown>): v is Range & Record<string, unknown> {
  const s = v.start as { offset?: unknown } | undefined;
  const e = v.end as { offset?: unknown } | undefined;
  return typeof s?.offset === 'number' && typeof e?.offset === 'number' && Object.keys(v).length === 2;
}

/** `ranges` false keeps ranges whole, for what spans briefs (no one text rebuilds it). */
function pack(v: unknown, ranges = true): unknown {
  if (v === Infinity || v === -Infinity) return { $inf: v > 0 ? 1 : -1 };
  if (Array.isArray(v)) return v.map((x) => pack(x, ranges));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (ranges && isRange(o)) return { $r: [o.start.offset, o.end.offset] };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined) out[k] = pack(o[k], ranges);
  return out;
}

// Short strings (units, kinds, days, subjects) recur across an archive, and claims of one
// sentence share its excerpt: JSON.parse gives each its own copy, so rebuilt facts keep one.
const SHORT = 32;
const shared = new Map<string, string>();
const SHARED_MAX = 200_000;

/**
 * `local` null: longer strings are not shared (a record's findings and metadata repeat few).
 * `lines` may be a function, called only if a packed range turns up.
 */
function unpack(v: unknown, lines: LineIndex | (() => LineIndex), local: Map<string, string> | null): unknown {
  if (typeof v === 'string') {
    const pool = v.length <= SHORT ? shared : local;
    if (pool === null) return v;
    const kept = pool.get(v);
    if (kept !== undefined) return kept;
    if (pool !== shared || shared.size < SHARED_MAX) pool.set(v, v);
    return v;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = unpack(v[i], lines, local);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  const r = o.$r as [number, number] | undefined;
  if (r) return (typeof lines === 'function' ? lines() : lines).range(r[0], r[1]);
  if (typeof o.$inf === 'number') return o.$inf * Infinity;
  for (const k of Object.keys(o)) o[k] = unpack(o[k], lines, local);
  return o;
}

/**
 * A document's facts as JSON. `Infinity` (an open-ended `more than` interval) has no JSON form,
 * so it is written as `{"$inf":1}`; no replacer or reviver, which would slow JSON down fivefold.
 */
export function serializeFacts(doc: BriefDocument): string {
  const { path: _path, text: _text, lines: _lines, ...facts } = doc;
  return JSON.stringify(pack(facts));
}

/** Rebuilds a document from its facts and its text; throws on anything that is not facts. */
export function deserializeFacts(json: string, path: string, text: string): BriefDocument {
  const parsed = JSON.parse(json) as Record<string, unknown>;
  for (const field of ['markers', 'footnotes', 'links', 'claims', 'suppressions', 'masked']) {
    if (!Array.isArray(parsed[field])) throw new Error(`facts without "${field}"`);
  }
  const lines = new LineIndex(text);
  return { ...(unpack(parsed, lines, new Map()) as Facts), path, text, lines };
}

/**
 * A document's summary (see `BriefSummary`), with `claims.ignore` (`ignore`) applied. A summary's
 * claims keep what the project rules compare and show: no sentence (the patterns have been
 * applied), no other readings of a figure, no subjects of a quantity (its owners are compared)
 * and no weekday of a date (a document rule's).
 */
export function summarize(doc: BriefDocument, ignore: RegExp[] = []): BriefSummary {
  const { path, format, text, lines, title, published, links, suppressions } = doc;
  // Only what a cross-document rule can compare: about 60 % of a brief's claims.
  const claims = doc.claims.filter((c) => isComparable(c) && !isIgnored(c, ignore)).map(slim);
  const citedOn: Record<string, string> = {};
  for (const f of doc.footnotes) if (f.citation?.date && !Object.hasOwn(citedOn, f.label)) citedOn[f.label] = f.citation.date.end;
  return { path, format, text, lines, title, published, links, claims, suppressions, citedOn, comparables: comparablesOf(claims, []) };
}

function slim(c: Claim): Claim {
  const { sentence: _sentence, alternatives: _alternatives, weekday: _weekday, ...kept } = c;
  if (c.kind !== 'date') delete kept.subjects;
  return kept as Claim;
}

/**
 * What a lint run stores of a brief: its summary and its document rules' findings, in the same
 * packed form as facts, on three lines: the rest, the claims, the links. A warm run reads the
 * claims only of briefs in a group it checks again, the links only when it checks links, and
 * the brief itself only when one of them needs its text.
 * The brief's path is not in it (the cache key holds it).
 */
export function serializeRecord(doc: BriefDocument, findings: Diagnostic[], ignore: RegExp[] = []): string {
  const { path: _path, text: _text, lines: _lines, links, claims, ...facts } = summarize(doc, ignore);
  // JSON.stringify never writes a raw line break, so line breaks end the parts.
  // The first line keeps its ranges whole: a warm run rebuilds it without reading the brief.
  return `${JSON.stringify(pack({ facts, findings }, false))}\n${JSON.stringify(pack(claims))}\n${JSON.stringify(pack(links))}`;
}

/**
 * A part of a record read on first use turned out damaged (its bytes changed in place after the
 * entry was checked whole): the run that meets it cannot trust the cache, and starts again
 * without it (see `runLint`).
 */
export class DamagedCacheError extends Error {}

/** Defines `name` on `target` as read on first use, then kept. */
function readOnFirstUse(target: object, name: string, read: () => unknown): void {
  const keep = (value: unknown) => Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value = read();
      keep(value);
      return value;
    },
    set: keep,
  });
}

/**
 * Rebuilds a brief's summary and findings from a record (its JSON, or its bytes as the cache
 * keeps them) and its text; throws on anything else. Its claims are read when first asked for,
 * and so are its links unless `links` is true; until then only the record's bytes are kept,
 * outside the JavaScript heap.
 */
export function deserializeRecord(
  record: string | Buffer,
  path: string,
  /** The brief's text, or what reads it when first needed (a run that trusts the file unchanged). */
  text: string | (() => string),
  links = true,
): { summary: BriefSummary; findings: Diagnostic[] } {
  // Offsets count characters in a string and bytes in a buffer; each is used with its own kind.
  const chars = typeof record === 'string' ? record : null;
  const bytes = typeof record === 'string' ? null : record;
  const length = record.length;
  const lineBreak = (from: number) => (chars !== null ? chars.indexOf('\n', from) : bytes!.indexOf(10, from));
  const at = (i: number) => (chars !== null ? chars.charCodeAt(i) : bytes![i]);
  const slice = (from: number, to: number) => (chars !== null ? chars.slice(from, to) : bytes!.toString('utf8', from, to));
  const first = lineBreak(0);
  const second = first < 0 ? -1 : lineBreak(first + 1);
  const whole = (from: number, to: number) => at(from) === 0x5b && at(to - 1) === 0x5d;
  if (second < 0 || !whole(first + 1, second) || !whole(second + 1, length)) throw new Error('not a lint record');
  const parsed = JSON.parse(slice(0, first)) as { facts?: Record<string, unknown>; findings?: unknown };
  if (!parsed.facts || typeof parsed.facts !== 'object' || !Array.isArray(parsed.findings)) throw new Error('not a lint record');
  for (const field of ['suppressions', 'comparables']) {
    if (!Array.isArray(parsed.facts[field])) throw new Error(`record without "${field}"`);
  }
  const summary = { path } as BriefSummary;
  const { facts, findings } = unpack(parsed, () => summary.lines, null) as { facts: Omit<BriefSummary, 'path' | 'text' | 'lines'>; findings: Diagnostic[] };
  for (const c of facts.comparables!) c[1] = sharedBucket(c[1]);
  const part = (name: string, from: number, to: number) => () => {
    let list: unknown;
    try {
      list = JSON.parse(slice(from, to));
    } catch {
      // Bytes changed in place, after the entry was checked whole: nothing this run can trust.
      throw new DamagedCacheError(`the cached ${name} of ${path} could not be read`);
    }
    return unpack(list, () => summary.lines, new Map());
  };
  if (typeof text === 'string') {
    summary.text = text;
    summary.lines = new LineIndex(text);
  } else {
    readOnFirstUse(summary, 'text', text);
    readOnFirstUse(summary, 'lines', () => new LineIndex(summary.text));
  }
  Object.assign(summary, facts);
  readOnFirstUse(summary, 'claims', part('claims', first + 1, second));
  if (links) summary.links = part('links', second + 1, length)() as BriefSummary['links'];
  else readOnFirstUse(summary, 'links', part('links', second + 1, length));
  return { summary, findings };
}

/**
 * The findings of a group (see `GroupMemo`) as JSON, ranges whole: they span briefs. The outliers
 * of a group name the same few claims as related locations, so those are written once, in a
 * table the findings point into (a third of the bytes on an archive).
 */
export function serializeGroupFindings(found: GroupFinding[]): string {
  const table: unknown[] = [];
  const rows = new Map<string, number>();
  const findings = found.map(({ once, diagnostic }) => {
    const { related, ...rest } = diagnostic;
    const refs = related?.map((r) => {
      const json = JSON.stringify(r);
      let row = rows.get(json);
      if (row === undefined) {
        row = table.push(r) - 1;
        rows.set(json, row);
      }
      return row;
    });
    return { once, diagnostic: pack(rest, false), ...(refs && { related: refs }) };
  });
  return JSON.stringify({ related: table, findings });
}

const notGroupFindings = (): never => {
  throw new Error('not group findings');
};

/** Rebuilds a group's findings (sharing their related locations); throws on anything else. */
export function deserializeGroupFindings(json: string): GroupFinding[] {
  const parsed = JSON.parse(json) as { related?: unknown; findings?: unknown };
  const { related, findings } = parsed;
  if (!Array.isArray(related) || !Array.isArray(findings)) throw new Error('not group findings');
  return findings.map((f: { once?: string; diagnostic?: Diagnostic; related?: unknown }) => {
    if (typeof f?.diagnostic?.message !== 'string') throw new Error('not group findings');
    // Packed with whole ranges: a range written as offsets is not one of ours.
    const diagnostic = unpack(f.diagnostic, notGroupFindings, null) as Diagnostic;
    if (f.related !== undefined) {
      if (!Array.isArray(f.related)) throw new Error('not group findings');
      diagnostic.related = f.related.map((row: unknown) => {
        if (typeof row !== 'number' || related[row] === undefined) throw new Error('not group findings');
        return related[row] as NonNullable<Diagnostic['related']>[number];
      });
    }
    return f.once === undefined ? { diagnostic } : { once: f.once, diagnostic };
  });
}
