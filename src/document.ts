import type { Range } from './types.js';
import type { LineIndex } from './parse/positions.js';

/** A calendar interval at a granularity; `alternatives` holds other readings of an ambiguous date. */
export interface DateValue {
  start: string;
  end: string;
  granularity: 'day' | 'month' | 'year';
  /** Other readings when day-first vs month-first could not be settled; no finding rests on either. */
  alternatives?: DateValue[];
}

/** A footnote marker in the body text (`[^1]`, `[1]`, a digit glued to a word). */
export interface FootnoteMarker {
  label: string;
  range: Range;
  style: 'gfm' | 'bracket' | 'glued' | 'superscript';
}

/** What a footnote cites, parsed from its text. */
export interface Citation {
  kind: 'source' | 'note' | 'shortform';
  authors: string[];
  title: string | null;
  publisher: string | null;
  date: DateValue | null;
  /** Offset range of the date inside the document, for findings about it. */
  dateRange: Range | null;
  url: string | null;
  urls: string[];
  doi: string | null;
  pages: string | null;
  reportNumber: string | null;
  shortForm: string | null;
  resolvesTo: string | null;
  /** Why a short form could not be resolved. */
  unresolvedReason: string | null;
}

/** A footnote definition with the markers that point at it. */
export interface Footnote {
  label: string;
  /** The whole definition, label included. */
  range: Range;
  /** Where the definition's text starts and ends. */
  textStart: number;
  textEnd: number;
  text: string;
  style: 'gfm' | 'bracket' | 'numbered';
  markers: FootnoteMarker[];
  citation: Citation | null;
}

/** A URL found in the document. */
export interface Link {
  url: string;
  range: Range;
  origin: 'footnote' | 'link' | 'autolink' | 'bare' | 'definition';
  footnote: string | null;
  /** For PDF text: the URL as rejoined across a line break or space, when it was split. */
  repaired?: { url: string; range: Range };
}

/** A numeric or date claim (see the claims extractor). */
export interface Claim {
  kind: 'quantity' | 'percent' | 'money' | 'date';
  text: string;
  range: Range;
  sentence: string;
  [key: string]: unknown;
}

/** An inline suppression comment. */
export interface Suppression {
  kind: 'next-line' | 'disable' | 'enable';
  rules: string[] | 'all';
  line: number;
  reason: string | null;
}

/** Everything the rules know about one brief: text, metadata and extracted facts. */
export interface BriefDocument {
  path: string;
  format: 'markdown' | 'text';
  text: string;
  lines: LineIndex;
  title: string | null;
  published: DateValue | null;
  authors: string[];
  /** Day-first or month-first, as inferred from the brief's unambiguous numeric dates. */
  dateOrder: 'dmy' | 'mdy' | null;
  markers: FootnoteMarker[];
  footnotes: Footnote[];
  links: Link[];
  claims: Claim[];
  suppressions: Suppression[];
  /** Offsets of the dateline (byline, date, read time), when the brief has one. */
  dateline: [number, number] | null;
  /** Offsets masked from claim extraction (URLs, markers, footnote text, code). */
  masked: Array<[number, number]>;
}

/**
 * What a lint run keeps of a brief once its document rules have run: what link rules, project
 * rules and reports read. Footnotes, markers, masks and the claims no comparison can use (most
 * of a brief's facts) are dropped, so an archive's worth of briefs fits in memory and a warm run
 * has little to load. Whole documents pass for summaries (their claims are filtered where used).
 */
/** A footnote as a report's citation table shows it. */
export interface CitationRow {
  label: string;
  citation: Pick<Citation, 'kind' | 'authors' | 'title' | 'publisher' | 'date' | 'url' | 'shortForm' | 'resolvesTo'> | null;
}

export type BriefSummary = Pick<BriefDocument, 'path' | 'format' | 'text' | 'lines' | 'title' | 'published' | 'links' | 'claims' | 'suppressions'> &
  Partial<Pick<BriefDocument, 'footnotes'>> & {
    /** Its footnotes as a citation table shows them (the HTML report's), when it has no whole `footnotes`. */
    citations?: CitationRow[];
    /** The date (its last day) each footnote's citation gives, by label: what a dead link is cited as of. */
    citedOn?: Record<string, string>;
    /** What grouping needs of each claim a project rule compares (worked out from `claims` when absent). */
    comparables?: Comparable[];
    /** The facts cache's key for the brief (its path, text, config and the tool's code), when cached. */
    key?: string;
  };

/**
 * What grouping needs of one claim a project rule compares: its index in `claims`, the bucket of
 * claims it can be compared with (`date|…` for dates), its place, its time window and its value
 * interval (in days for dates), and, in a summary rebuilt from its record, its *member name*: a
 * digest of all a group's findings can take from it (see `memberName` in `engine/facts.ts`). A summary keeps these apart
 * from its claims, so a warm run groups every claim of an archive without reading one.
 */
export type Comparable = [index: number, bucket: string, place: string | null, from: number, to: number, low: number, high: number, member?: string];

/** One claim of one brief in a group a project rule checks on its own. */
export interface GroupMember {
  doc: BriefSummary;
  index: number;
  comparable: Comparable;
}

/** The date a link is cited as of: its footnote's citation date, from a whole document or a summary. */
export function citedOn(doc: BriefSummary, footnote: string | null): string | null {
  if (footnote === null) return null;
  if (doc.footnotes) return doc.footnotes.find((f) => f.label === footnote)?.citation?.date?.end ?? null;
  return doc.citedOn && Object.hasOwn(doc.citedOn, footnote) ? doc.citedOn[footnote] : null;
}
