import type { BriefDocument, BriefSummary } from '../document.js';
import { isComparable } from '../consistency.js';
import { LineIndex } from '../parse/positions.js';
import type { Diagnostic, Range } from '../types.js';

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

function pack(v: unknown): unknown {
  if (v === Infinity || v === -Infinity) return { $inf: v > 0 ? 1 : -1 };
  if (Array.isArray(v)) return v.map(pack);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (isRange(o)) return { $r: [o.start.offset, o.end.offset] };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (o[k] !== undefined) out[k] = pack(o[k]);
  return out;
}

// Short strings (units, kinds, days, subjects) recur across an archive, and claims of one
// sentence share its excerpt: JSON.parse gives each its own copy, so rebuilt facts keep one.
const SHORT = 32;
const shared = new Map<string, string>();
const SHARED_MAX = 200_000;

function unpack(v: unknown, lines: LineIndex, local: Map<string, string>): unknown {
  if (typeof v === 'string') {
    const pool = v.length <= SHORT ? shared : local;
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
  if (r) return lines.range(r[0], r[1]);
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

/** A document's summary (see `BriefSummary`). */
export function summarize(doc: BriefDocument): BriefSummary {
  const { path, format, text, lines, title, published, links, suppressions } = doc;
  // Only what a cross-document rule can compare: about 60 % of a brief's claims.
  const claims = doc.claims.filter(isComparable);
  const citedOn: Record<string, string> = {};
  for (const f of doc.footnotes) if (f.citation?.date && !Object.hasOwn(citedOn, f.label)) citedOn[f.label] = f.citation.date.end;
  return { path, format, text, lines, title, published, links, claims, suppressions, citedOn };
}

/**
 * What a lint run stores of a brief: its summary and its document rules' findings, in the same
 * packed form as facts. The brief's path is not in it (the cache key holds it).
 */
export function serializeRecord(doc: BriefDocument, findings: Diagnostic[]): string {
  const { path: _path, text: _text, lines: _lines, ...facts } = summarize(doc);
  return JSON.stringify(pack({ facts, findings }));
}

/** Rebuilds a brief's summary and findings from a record and its text; throws on anything else. */
export function deserializeRecord(json: string, path: string, text: string): { summary: BriefSummary; findings: Diagnostic[] } {
  const parsed = JSON.parse(json) as { facts?: Record<string, unknown>; findings?: unknown };
  if (!parsed.facts || typeof parsed.facts !== 'object' || !Array.isArray(parsed.findings)) throw new Error('not a lint record');
  for (const field of ['links', 'claims', 'suppressions']) {
    if (!Array.isArray(parsed.facts[field])) throw new Error(`record without "${field}"`);
  }
  const lines = new LineIndex(text);
  const { facts, findings } = unpack(parsed, lines, new Map()) as { facts: Omit<BriefSummary, 'path' | 'text' | 'lines'>; findings: Diagnostic[] };
  return { summary: { ...facts, path, text, lines }, findings };
}
