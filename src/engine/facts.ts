import type { BriefDocument, BriefSummary, Claim } from '../document.js';
import { isComparable, isIgnored } from '../consistency.js';
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
  return { path, format, text, lines, title, published, links, claims, suppressions, citedOn };
}

function slim(c: Claim): Claim {
  const { sentence: _sentence, alternatives: _alternatives, weekday: _weekday, ...kept } = c;
  if (c.kind !== 'date') delete kept.subjects;
  return kept as Claim;
}

/**
 * What a lint run stores of a brief: its summary and its document rules' findings, in the same
 * packed form as facts, on two lines: everything but the links, then the links, which only a run
 * that checks them reads (a third of a record). The brief's path is not in it (the cache key holds it).
 */
export function serializeRecord(doc: BriefDocument, findings: Diagnostic[], ignore: RegExp[] = []): string {
  const { path: _path, text: _text, lines: _lines, links, ...facts } = summarize(doc, ignore);
  // JSON.stringify never writes a raw line break, so the first one ends the first part.
  return `${JSON.stringify(pack({ facts, findings }))}\n${JSON.stringify(pack(links))}`;
}

/**
 * Rebuilds a brief's summary and findings from a record and its text; throws on anything else.
 * With `links` false the links are read when first asked for (a run that does not check links
 * never asks).
 */
export function deserializeRecord(json: string, path: string, text: string, links = true): { summary: BriefSummary; findings: Diagnostic[] } {
  const split = json.indexOf('\n');
  if (split < 0 || json[split + 1] !== '[' || !json.endsWith(']')) throw new Error('not a lint record');
  const parsed = JSON.parse(json.slice(0, split)) as { facts?: Record<string, unknown>; findings?: unknown };
  if (!parsed.facts || typeof parsed.facts !== 'object' || !Array.isArray(parsed.findings)) throw new Error('not a lint record');
  for (const field of ['claims', 'suppressions']) {
    if (!Array.isArray(parsed.facts[field])) throw new Error(`record without "${field}"`);
  }
  const lines = new LineIndex(text);
  const { facts, findings } = unpack(parsed, lines, new Map()) as { facts: Omit<BriefSummary, 'path' | 'text' | 'lines'>; findings: Diagnostic[] };
  const readLinks = () => {
    const list = JSON.parse(json.slice(split + 1)) as unknown;
    if (!Array.isArray(list)) throw new Error('record without "links"');
    return unpack(list, lines, new Map()) as BriefSummary['links'];
  };
  const summary = { ...facts, path, text, lines } as BriefSummary;
  if (links) summary.links = readLinks();
  else {
    Object.defineProperty(summary, 'links', {
      enumerable: true,
      configurable: true,
      get() {
        const value = readLinks();
        Object.defineProperty(summary, 'links', { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(summary, 'links', { value, enumerable: true, writable: true, configurable: true });
      },
    });
  }
  return { summary, findings };
}
