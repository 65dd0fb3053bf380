import type { BriefDocument, Citation, Footnote } from '../document.js';
import { findDatesInWindows } from './dates.js';
import { blankRanges } from './blank.js';
import { publisherOfUrl } from './publishers.js';
import { mapPacked } from './packed.js';

const IBID = /^\s*(ibid|idem|id)\.?(?=[\s,.;:]|$)(?:\s*,?\s*(?:(?:at|p|pp|pg)\.?\s*[\d\s,–-]+))?\s*[.;]?\s*$/i;
const SHORT_TITLE_FORM = /^(.*?)[,\s]*\b(op|loc|art)\.?\s*cit\b\.?|^(.*?)[,\s]*\bouvr\.?\s*cit[ée]/i;
const SUPRA = /\bsupra,?\s*(?:note|n\.)\s*(\d+)/i;
const QUOTED_TITLE = /["“«]\s*([^"“”«»]{3,}?)\s*[,.]?\s*["”»]/;
const PAGES = /\b(?:pp?\.|pg\.?|pages?)\s*(\d+(?:\s*[-–,]\s*\d+)*)/i;
const REPORT_NUMBER = /\b(?:No|Nr|Report)\.?\s*(\d+(?:[/-]\d+)?)\b/i;
const DOI = /\b(10\.\d{4,9}\/[^\s"<>]+[^\s"<>.,;)])/;
const AVAILABLE_AT = /\b(?:available\s+(?:at|from|online)|retrieved\s+from|accessed(?:\s+on)?|see|url)\s*:?\s*$/i;
const NAME_PARTICLE = /^(?:de|du|des|da|di|van|von|der|den|al|el|bin|ben|la|le|y|e)$/;
const NAME_TOKEN = /^(?:\p{Lu}[\p{L}’'-]*\.?|\p{Lu}\.(?:\p{Lu}\.)*)$/u;
const NOTE_VERBS = /\b(?:is|was|were|are|has|have|had|began|led|operates|intervened|decided|means|refers|include[sd]?|note that|see also)\b/i;

/** A single person's name: two to five capitalised words, with particles such as `de` between. */
function isPersonName(s: string): boolean {
  const tokens = s.trim().split(/\s+/);
  if (tokens.length < 2 || tokens.length > 5) return false;
  const caps = tokens.filter((t) => NAME_TOKEN.test(t)).length;
  return caps >= 2 && tokens.every((t) => NAME_TOKEN.test(t) || NAME_PARTICLE.test(t));
}

/** `A, B and C` or `A et B`: the names, when every part is a person's name. */
function personNames(segment: string): string[] | null {
  const parts = segment.split(/\s+(?:and|et|&)\s+/);
  return parts.every(isPersonName) ? parts.map((p) => p.trim()) : null;
}

/** Splits on commas that are not inside quotes (straight quotes toggle; curly quotes and guillemets nest). */
function splitOutsideQuotes(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let straight = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') straight = !straight;
    else if (ch === '“' || ch === '«') depth++;
    else if ((ch === '”' || ch === '»') && depth > 0) depth--;
    else if (ch === ',' && depth === 0 && !straight) {
      out.push(text.slice(from, i));
      from = i + 1;
    }
  }
  out.push(text.slice(from));
  return out;
}

/** A short proper name such as `PISM`, `Washington Post`, `Rand Corporation`. */
function isPublisherName(s: string): boolean {
  const words = s.split(/\s+/);
  return words.length <= 4 && words.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(?:of|for|and|the|de|du|des|la|le)$/.test(w));
}

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function surnameOf(name: string): string {
  const tokens = name.trim().split(/\s+/);
  return fold(tokens[tokens.length - 1] ?? '');
}

function emptyCitation(kind: Citation['kind']): Citation {
  return {
    kind,
    authors: [],
    title: null,
    publisher: null,
    date: null,
    dateRange: null,
    url: null,
    urls: [],
    doi: null,
    pages: null,
    reportNumber: null,
    shortForm: null,
    resolvesTo: null,
    unresolvedReason: null,
  };
}

/** Footnote text with its URLs blanked out (same length, so offsets still hold). */
function textWithoutUrls(doc: BriefDocument, fn: Footnote): string {
  const urls = mapPacked(
    doc.links.filter((l) => l.footnote === fn.label),
    (l): [number, number] => [l.range.start.offset - fn.textStart, (l.repaired?.range ?? l.range).end.offset - fn.textStart],
  ).sort((a, b) => a[0] - b[0]);
  return blankRanges(doc.text.slice(fn.textStart, fn.textEnd), urls);
}

/** Whether a footnote reads as an explanatory note rather than a bibliographic source. */
function looksLikeNote(text: string, hasLocator: boolean, hasDate: boolean): boolean {
  const segments = text.split(/,/).map((s) => s.trim()).filter(Boolean);
  const shortSegments = segments.filter((s) => s.split(/\s+/).length <= 8).length;
  let source = 0;
  if (hasLocator) source += 1;
  if (hasDate) source += 1;
  if (segments.length >= 3 && shortSegments / segments.length >= 0.6) source += 1;
  if (QUOTED_TITLE.test(text)) source += 1;
  let note = 0;
  const words = text.split(/\s+/).filter(Boolean).length;
  // Prose: several sentences, or a long one with a verb. Titles rarely run to two sentences.
  const sentences = /[\p{Ll}\d)][.!?]\s+\p{Lu}/u.test(text);
  if (words >= 20 && (NOTE_VERBS.test(text) || sentences)) note += 2;
  if (sentences) note += 1;
  if (words >= 40) note += 1;
  return note > source || (source === 0 && words >= 6);
}

/** Parses one full (non-short-form) citation. */
function parseSource(doc: BriefDocument, fn: Footnote): Citation {
  const links = doc.links.filter((l) => l.footnote === fn.label);
  const urls = links.map((l) => l.repaired?.url ?? l.url);
  const raw = textWithoutUrls(doc, fn);
  const flat = raw.replace(/\s+/g, ' ').trim();
  const doi = DOI.exec(flat)?.[1] ?? null;
  const pages = PAGES.exec(flat)?.[1]?.trim() ?? null;
  const reportNumber = REPORT_NUMBER.exec(flat)?.[1] ?? null;
  const dates = findDatesInWindows(raw, { order: doc.dateOrder });
  const date = dates[dates.length - 1] ?? null;
  const hasLocator = Boolean(doi || pages || reportNumber);

  if (urls.length === 0 && !doi && looksLikeNote(flat, hasLocator, date !== null)) {
    return emptyCitation('note');
  }

  const c = emptyCitation('source');
  c.urls = urls;
  c.url = urls[0] ?? null;
  c.doi = doi;
  c.pages = pages;
  c.reportNumber = reportNumber;
  if (date) {
    c.date = date.value;
    c.dateRange = doc.lines.range(fn.textStart + date.start, fn.textStart + date.end);
  }

  // Work on the text before the date (or the URL), where authors, title and publisher sit.
  let head = date ? raw.slice(0, date.start) : raw;
  head = head.replace(/\s+/g, ' ').replace(AVAILABLE_AT, '').replace(/[\s,(]+$/, '').trim();
  // A quoted title wins only when the quote opens its segment: `Author, "Title," Journal`, not
  // `Title: «a quoted phrase»`.
  const quotedMatch = QUOTED_TITLE.exec(head);
  const quoted = quotedMatch && /(^|,)\s*$/.test(head.slice(0, quotedMatch.index)) ? quotedMatch : null;
  const segments = splitOutsideQuotes(head)
    .map((s) => s.trim())
    .filter((s) => s && !PAGES.test(s) && !REPORT_NUMBER.test(s) && !AVAILABLE_AT.test(s));
  let i = 0;
  while (i < segments.length - 1) {
    const names = personNames(segments[i]);
    if (!names) break;
    c.authors.push(...names);
    i++;
  }
  if (quoted) {
    c.title = quoted[1].trim();
    const after = head.slice(quoted.index + quoted[0].length).replace(/^[\s,.]+/, '').replace(/[\s,(]+$/, '');
    if (after && after.split(/\s+/).length <= 6) c.publisher = after;
  } else {
    const rest = segments.slice(i);
    const last = rest[rest.length - 1];
    if (rest.length >= 2 && isPublisherName(last)) {
      c.publisher = last;
      rest.pop();
    }
    c.title = rest.join(', ') || null;
  }
  c.publisher ??= c.url ? publisherOfUrl(c.url) : null;
  return c;
}

/**
 * Gives every footnote of a document its citation, then resolves short forms (`Ibid.`,
 * `Author, op. cit.`, `supra note N`) to earlier footnotes. A short form resolves only when
 * exactly one antecedent fits; otherwise it stays unresolved and says why.
 */
export function parseCitations(doc: BriefDocument): void {
  const ordered = [...doc.footnotes].sort((a, b) => a.range.start.offset - b.range.start.offset);
  for (let index = 0; index < ordered.length; index++) {
    const fn = ordered[index];
    const text = fn.text;
    const ibid = IBID.exec(text);
    const shortTitle = ibid ? null : SHORT_TITLE_FORM.exec(text);
    const supra = ibid || shortTitle ? null : SUPRA.exec(text);
    if (!ibid && !shortTitle && !supra) {
      fn.citation = parseSource(doc, fn);
      continue;
    }
    const c = emptyCitation('shortform');
    c.pages = PAGES.exec(text)?.[1] ?? null;
    fn.citation = c;
    if (ibid) {
      c.shortForm = ibid[1].toLowerCase() === 'id' ? 'Id.' : ibid[1][0].toUpperCase() + ibid[1].slice(1).toLowerCase() + (ibid[1].toLowerCase() === 'idem' ? '' : '.');
      const previous = ordered[index - 1];
      const pc = previous?.citation;
      if (!previous || !pc) c.unresolvedReason = 'there is no earlier footnote';
      else if (pc.kind === 'shortform') {
        c.resolvesTo = pc.resolvesTo;
        if (!pc.resolvesTo) c.unresolvedReason = `the previous footnote (${previous.label}) is itself unresolved`;
      } else if (pc.kind === 'note') c.unresolvedReason = `the previous footnote (${previous.label}) is a note, not a source`;
      else if (pc.urls.length > 1 || /;/.test(previous.text)) {
        c.unresolvedReason = `the previous footnote (${previous.label}) cites several sources`;
      } else c.resolvesTo = previous.label;
    } else if (shortTitle) {
      const antecedent = (shortTitle[1] ?? shortTitle[3] ?? '').trim().replace(/[,\s]+$/, '');
      c.shortForm = shortTitle[2] ? `${shortTitle[2].toLowerCase()}. cit.` : 'ouvr. cité';
      c.authors = antecedent ? [antecedent] : [];
      if (!antecedent) c.unresolvedReason = `"${c.shortForm}" names no author`;
      else {
        const surname = surnameOf(antecedent);
        const matches = ordered
          .slice(0, index)
          .filter((p) => p.citation?.kind === 'source' && p.citation.authors.some((a) => surnameOf(a) === surname));
        if (matches.length === 1) c.resolvesTo = matches[0].label;
        else if (matches.length === 0) c.unresolvedReason = `no earlier footnote cites an author named "${antecedent}"`;
        else c.unresolvedReason = `${matches.length} earlier footnotes cite "${antecedent}" (${matches.map((m) => m.label).join(', ')})`;
      }
    } else if (supra) {
      c.shortForm = 'supra';
      const target = ordered.slice(0, index).find((p) => p.label === supra[1]);
      if (target) c.resolvesTo = target.citation?.kind === 'shortform' ? target.citation.resolvesTo : target.label;
      if (!c.resolvesTo) c.unresolvedReason = `there is no earlier footnote ${supra[1]}`;
    }
  }
}
