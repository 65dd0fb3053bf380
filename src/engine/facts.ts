import { createHash, hash, type Hash } from 'node:crypto';
import type { BriefDocument, BriefSummary, CitationRow, Claim, Comparable, Footnote } from '../document.js';
import { comparablesOf, isComparable, isIgnored, sharedBucket } from '../consistency.js';
import { EXCERPT_WIDTH, LineIndex } from '../parse/positions.js';
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

function citationRow({ label, citation: c }: Footnote): CitationRow {
  return { label, citation: c && { kind: c.kind, authors: c.authors, title: c.title, publisher: c.publisher, date: c.date, url: c.url, shortForm: c.shortForm, resolvesTo: c.resolvesTo } };
}

function slim(c: Claim): Claim {
  const { sentence: _sentence, alternatives: _alternatives, weekday: _weekday, ...kept } = c;
  if (c.kind !== 'date') delete kept.subjects;
  return kept as Claim;
}

/**
 * What a lint run stores of a brief: its summary and its document rules' findings, in the same
 * packed form as facts, on four lines: the comparables, the rest with the findings, the claims,
 * the links (its citation rows are apart: `serializeCitations`). A warm run reads the comparables
 * of every brief (grouping needs them), the rest only of briefs whose report it makes again, the
 * claims only of briefs in a group it checks again, the links only when it checks links, and the
 * brief itself only when one of them needs its text. The brief's path is not in it (the cache
 * key holds it).
 */
export function serializeRecord(doc: BriefDocument, findings: Diagnostic[], ignore: RegExp[] = []): string {
  const { path: _path, text: _text, lines: _lines, links, claims, comparables, ...facts } = summarize(doc, ignore);
  // JSON.stringify never writes a raw line break, so line breaks end the parts.
  // The first two lines keep their ranges whole: a warm run rebuilds them without reading the brief.
  // With the brief's line starts, a warm run places the claims of briefs it checks again without reading them.
  const head = { facts: { ...facts, lineStarts: doc.lines.starts, textLength: doc.text.length }, findings };
  // Each claim written on its own is also what names it (the array's JSON is the same either way).
  const claimsJson = claims.map((c) => JSON.stringify(pack(c)));
  const named = comparables!.map((c): Comparable => [c[0], c[1], c[2], c[3], c[4], c[5], c[6], memberName(doc, c[0], claims[c[0]], claimsJson[c[0]])]);
  return `${JSON.stringify(pack(named, false))}\n${JSON.stringify(pack(head, false))}\n[${claimsJson.join(',')}]\n${JSON.stringify(pack(links))}`;
}

/** How far on each side of a claim a finding's excerpt reads: its width, and the character beyond it that decides where a word is cut (see `excerpt`). */
const EXCERPT_REACH = EXCERPT_WIDTH + 1;

/** Length of a member name (see `memberName`): 132 bits of its digest. */
export const MEMBER_NAME_LENGTH = 22;

/**
 * A compared claim's name in the project rules' group signatures: a digest of all a group's
 * findings take from one member: the brief's path, the claim's index, the claim as its record
 * keeps it (ranges as offsets, so its lines and columns too), and the text an excerpt around it
 * can show. An edit elsewhere in the brief leaves the name, so only the groups of the claims it
 * reached are checked again. Named by the brief's cache key instead, one figure edited
 * re-checked every group the brief had a claim in: ten on the benchmark's archive, about 150 ms
 * of a one-second warm run.
 */
function memberName(doc: BriefDocument, index: number, claim: Claim, claimJson: string): string {
  const { start, end } = claim.range;
  const from = Math.max(0, start.offset - EXCERPT_REACH);
  const to = Math.min(doc.text.length, end.offset + EXCERPT_REACH);
  const where = `${start.line}:${start.column}-${end.line}:${end.column} ${from}-${to}/${doc.text.length}`;
  return hash('sha256', `${doc.path}\0${index}\0${claimJson}\0${where}\0${doc.text.slice(from, to)}`, 'base64').slice(0, MEMBER_NAME_LENGTH);
}

/**
 * A brief's footnotes as a citation table shows them (the HTML report's), as JSON: kept apart
 * from its record, since only that report reads them (held by every summary, or in one string
 * with the record, they cost an archive's run 130 MB).
 */
export function serializeCitations(doc: BriefDocument): string {
  return JSON.stringify(pack(doc.footnotes.map(citationRow), false));
}

/**
 * A part of a record read on first use turned out damaged (its bytes changed in place after the
 * entry was checked whole): the run that meets it cannot trust the cache, and starts again
 * without it (see `runLint`).
 */
export class DamagedCacheError extends Error {}

const notARecord = (): never => {
  throw new Error('not a lint record');
};

type RecordLine = 'head' | 'claims' | 'links';
type CitationsSource = string | Buffer | (() => string | Buffer | null) | null;

/**
 * A brief's summary as a lint record keeps it: its comparables now, the rest (metadata, findings,
 * claims, links), its citation rows and its text when first asked for. Getters on the class, not
 * on each summary: a warm run makes one for every brief of an archive.
 */
class RecordSummary {
  key?: string;
  private record: string | Buffer | (() => string | Buffer) | null;
  private readText: (() => string) | null;
  private lineParts: Record<RecordLine, string> | null = null;
  private headRead: { facts: Record<string, unknown>; findings: Diagnostic[] } | null = null;
  private claimsRead: Claim[] | null = null;
  private linksRead: BriefSummary['links'] | null = null;
  private citationsRead: CitationRow[] | null = null;
  private textRead: string | null = null;
  private linesRead: LineIndex | null = null;

  constructor(
    readonly path: string,
    readonly comparables: Comparable[],
    /** The record's head, claims and links, or what reads them. */
    rest: string | Buffer | (() => string | Buffer),
    text: string | (() => string),
    /** Its citation rows, what reads them (null if they are gone), or null if they were not kept. */
    private citationsFrom: CitationsSource,
  ) {
    this.record = rest;
    if (typeof text === 'string') {
      this.textRead = text;
      this.readText = null;
    } else this.readText = text;
  }

  /** The record's lines, checked when first read: damaged then, the run starts again (see `runLint`). */
  private line(name: RecordLine): string {
    if (!this.lineParts) {
      const all = typeof this.record === 'function' ? this.record() : this.record!;
      this.record = null;
      const text = typeof all === 'string' ? all : all.toString('utf8');
      const a = text.indexOf('\n');
      const b = a < 0 ? -1 : text.indexOf('\n', a + 1);
      if (b < 0 || text[0] !== '{' || text[a - 1] !== '}' || text[a + 1] !== '[' || text[b - 1] !== ']' || text[b + 1] !== '[' || !text.endsWith(']')) {
        throw new DamagedCacheError(`the cached record of ${this.path} could not be read`);
      }
      this.lineParts = { head: text.slice(0, a), claims: text.slice(a + 1, b), links: text.slice(b + 1) };
    }
    return this.lineParts[name];
  }

  /** The citation rows' JSON, kept apart from the record (see `serializeCitations`), checked when first read. */
  private citationsLine(): string {
    const got = typeof this.citationsFrom === 'function' ? this.citationsFrom() : this.citationsFrom;
    this.citationsFrom = null;
    const line = got === null ? null : typeof got === 'string' ? got : got.toString('utf8');
    if (line === null || line[0] !== '[' || !line.endsWith(']')) throw new DamagedCacheError(`the cached citations of ${this.path} could not be read`);
    return line;
  }

  private parse(name: RecordLine | 'citations'): unknown {
    try {
      return JSON.parse(name === 'citations' ? this.citationsLine() : this.line(name));
    } catch (err) {
      if (err instanceof DamagedCacheError) throw err;
      // Bytes changed in place, after the entry was checked whole: nothing this run can trust.
      throw new DamagedCacheError(`the cached ${name === 'head' ? 'summary' : name} of ${this.path} could not be read`);
    }
  }

  /** The metadata and the document rules' findings. */
  head(): { facts: Record<string, unknown>; findings: Diagnostic[] } {
    if (!this.headRead) {
      const parsed = this.parse('head') as { facts?: Record<string, unknown>; findings?: unknown };
      if (!parsed?.facts || typeof parsed.facts !== 'object' || !Array.isArray(parsed.findings) || !Array.isArray(parsed.facts.suppressions)) {
        throw new DamagedCacheError(`the cached summary of ${this.path} could not be read`);
      }
      this.headRead = unpack(parsed, () => this.lines, null) as { facts: Record<string, unknown>; findings: Diagnostic[] };
    }
    return this.headRead!;
  }

  get format(): BriefSummary['format'] {
    return this.head().facts.format as BriefSummary['format'];
  }
  get title(): string | null {
    return (this.head().facts.title as string | null) ?? null;
  }
  get published(): BriefSummary['published'] {
    return (this.head().facts.published as BriefSummary['published']) ?? null;
  }
  get suppressions(): BriefSummary['suppressions'] {
    return this.head().facts.suppressions as BriefSummary['suppressions'];
  }
  get citedOn(): Record<string, string> {
    return (this.head().facts.citedOn as Record<string, string>) ?? {};
  }
  get claims(): Claim[] {
    return (this.claimsRead ??= unpack(this.parse('claims'), () => this.lines, new Map()) as Claim[]);
  }
  get citations(): CitationRow[] {
    // Kept apart: only the HTML report reads them, and held by every summary they cost an archive's run 130 MB.
    if (this.citationsRead === null && this.citationsFrom === null) throw new Error(`the citation rows of ${this.path} were not kept (see keepCitations)`);
    return (this.citationsRead ??= unpack(this.parse('citations'), notARecord, null) as CitationRow[]);
  }
  get links(): BriefSummary['links'] {
    return (this.linksRead ??= unpack(this.parse('links'), () => this.lines, new Map()) as BriefSummary['links']);
  }
  get text(): string {
    if (this.textRead === null) {
      this.textRead = this.readText!();
      this.readText = null;
    }
    return this.textRead;
  }
  get lines(): LineIndex {
    if (!this.linesRead) {
      const { lineStarts, textLength } = this.textRead === null ? this.head().facts : {};
      const known = Array.isArray(lineStarts) && typeof textLength === 'number';
      this.linesRead = known ? LineIndex.of(lineStarts as number[], textLength, () => this.text) : new LineIndex(this.text);
    }
    return this.linesRead;
  }

  /** Whether the brief's text has been read (tests: a trusted warm run reads none). */
  get textWasRead(): boolean {
    return this.textRead !== null;
  }
}

/** Whether a summary's text has been read: always, unless it was rebuilt from a record by a run that trusted its file. */
export function textWasRead(summary: BriefSummary): boolean {
  return !(summary instanceof RecordSummary) || summary.textWasRead;
}

/**
 * Rebuilds a brief's summary and findings from a record (its JSON, or its bytes as the cache
 * keeps them) and its text; throws on anything else. Only its comparables are read now: the rest
 * of the summary and the findings when first asked for, its claims too, and its links too unless
 * `links` is true. Until then the rest is not read (when given a reader) or kept as it was given.
 */
export function deserializeRecord(
  /** The record's first line (its comparables), the whole record, or its comparables read already. */
  record: string | Buffer | Comparable[],
  /** Its head, claims and links, or what reads them when first needed; taken from `record` when absent. */
  rest: string | Buffer | (() => string | Buffer) | null,
  path: string,
  /** The brief's text, or what reads it when first needed (a run that trusts the file unchanged). */
  text: string | (() => string),
  links = true,
  /** Its citation rows (`serializeCitations`), or what reads them; null: not kept. */
  citations: CitationsSource = null,
): { summary: BriefSummary; findings: () => Diagnostic[] } {
  let comparables = Array.isArray(record) ? record : null;
  if (!comparables) {
    const bytes = record as string | Buffer;
    let first = typeof bytes === 'string' ? bytes.indexOf('\n') : bytes.indexOf(10);
    if (rest === null) {
      if (first < 0) throw new Error('not a lint record');
      rest = typeof bytes === 'string' ? bytes.slice(first + 1) : bytes.subarray(first + 1);
    } else first = bytes.length;
    const json = typeof bytes === 'string' ? bytes.slice(0, first) : bytes.toString('utf8', 0, first);
    if (!json.startsWith('[') || !json.endsWith(']')) throw new Error('not a lint record');
    comparables = unpack(JSON.parse(json), notARecord, null) as Comparable[];
    for (const c of comparables) {
      if (!Array.isArray(c) || typeof c[1] !== 'string') throw new Error('not a lint record');
      c[1] = sharedBucket(c[1]);
    }
  } else if (rest === null) throw new Error('not a lint record');
  const summary = new RecordSummary(path, comparables, rest, text, citations);
  if (links) void summary.links;
  return { summary: summary as unknown as BriefSummary, findings: () => summary.head().findings };
}

/** A group's findings and, for each file they name, what stands for that file's share of them. */
export interface KeptGroup {
  findings: GroupFinding[];
  /**
   * Per file with findings in the group, in order of first finding: a digest of its findings
   * (with their `once` keys). Equal digests, equal findings: a brief whose digests and record are
   * those of an earlier run has that run's result (see `CachedResults`).
   */
  digests: Array<[file: string, digest: string]>;
}

/**
 * The findings of a group (see `GroupMemo`) as JSON, ranges whole: they span briefs. The outliers
 * of a group name the same few claims as related locations, so those are written once, in a
 * table the findings point into (a third of the bytes on an archive).
 */
export function serializeGroupFindings(found: GroupFinding[]): { json: string; digests: KeptGroup['digests'] } {
  // Each finding and each related location is written once, for its digest and into the entry:
  // the entry is joined from those pieces (the bytes `JSON.stringify` gives the whole), not
  // stringified again.
  const table: string[] = [];
  const rows = new Map<string, number>();
  const hashes = new Map<string, Hash>();
  const findings: string[] = [];
  for (const { once, diagnostic } of found) {
    const { related, ...rest } = diagnostic;
    const packed = JSON.stringify(pack(rest, false));
    const hash = hashes.get(diagnostic.file) ?? hashes.set(diagnostic.file, createHash('sha256')).get(diagnostic.file)!;
    hash.update(`${once ?? ''}\0${packed}\0`);
    let refs = '';
    if (related) {
      const ids: number[] = [];
      for (const r of related) {
        const json = JSON.stringify(r);
        hash.update(json).update('\0');
        let row = rows.get(json);
        if (row === undefined) {
          row = table.push(json) - 1;
          rows.set(json, row);
        }
        ids.push(row);
      }
      refs = `,"related":[${ids.join(',')}]`;
    }
    hash.update('\n');
    findings.push(`{${once === undefined ? '' : `"once":${JSON.stringify(once)},`}"diagnostic":${packed}${refs}}`);
  }
  const digests = [...hashes].map(([file, hash]): [string, string] => [file, hash.digest('base64url').slice(0, 22)]);
  // The digests on a line of their own: a warm run reads them for every group, the findings for few.
  return { json: `${JSON.stringify(digests)}\n{"related":[${table.join(',')}],"findings":[${findings.join(',')}]}`, digests };
}

const notGroupFindings = (): never => {
  throw new Error('not group findings');
};

/**
 * Rebuilds a group's digests, and its findings (sharing their related locations) when first
 * asked for; throws on anything else (on damaged findings, when they are read).
 */
export function deserializeGroupFindings(json: string): KeptGroup {
  const cut = json.indexOf('\n');
  if (cut < 0 || json[cut + 1] !== '{' || !json.endsWith('}')) throw new Error('not group findings');
  const digests = JSON.parse(json.slice(0, cut)) as unknown;
  if (!Array.isArray(digests)) throw new Error('not group findings');
  for (const d of digests) if (!Array.isArray(d) || typeof d[0] !== 'string' || typeof d[1] !== 'string') throw new Error('not group findings');
  let findings: GroupFinding[] | null = null;
  const read = (): GroupFinding[] => {
    try {
      return findingsOf(JSON.parse(json.slice(cut + 1)));
    } catch (err) {
      // Whole when the entry was read, damaged now: nothing this run can trust.
      throw new DamagedCacheError(`cached group findings could not be read (${(err as Error).message})`);
    }
  };
  return {
    digests: digests as KeptGroup['digests'],
    get findings() {
      return (findings ??= read());
    },
  };
}

function findingsOf(parsed: { related?: unknown; findings?: unknown }): GroupFinding[] {
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
