import { createRequire } from 'node:module';
import type * as ChronoEnglish from 'chrono-node/en';
import type * as ChronoFrench from 'chrono-node/fr';
import type { ParsedResult } from 'chrono-node';
import type { DateValue } from '../document.js';

/** A date found in text, with its offsets into that text. */
export interface DateMention {
  text: string;
  start: number;
  end: number;
  value: DateValue;
  /** False when the year was not written and had to be supplied. */
  yearKnown: boolean;
}

export interface DateOptions {
  /** The document's convention for numeric dates, when known. */
  order?: 'dmy' | 'mdy' | null;
  /** Supplies missing years; defaults to a fixed date so output stays deterministic. */
  reference?: Date;
}

// One list of month names; the patterns below are built from it.
const ENGLISH_MONTHS = 'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
const FRENCH_MONTHS = 'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre';
const NUMERIC_DATE_SOURCE = String.raw`\d{1,2}\s*[/.]\s*\d{1,2}\s*[/.]\s*\d{2,4}`;
const IS_NUMERIC_DATE = new RegExp(NUMERIC_DATE_SOURCE);
const FRENCH_MONTH = new RegExp(`\\b(?:${FRENCH_MONTHS})\\b`, 'i');
const NUMERIC_DATE = /\b(\d{1,2})\s*([/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})\b/g;
const DEFAULT_REFERENCE = new Date(Date.UTC(2000, 0, 1, 12));
// The English and French locales only (the package's index loads all sixteen), and only when a
// date is not plain (see `readPlainDate`): chrono takes ~80 ms to load, which a warm run that
// re-reads one brief, or a worker whose briefs have only plain dates, need not pay. Its CommonJS
// build, because only `require` loads a module in the middle of a synchronous parse.
let chrono: { dmy: typeof ChronoEnglish.GB; mdy: typeof ChronoEnglish; fr: typeof ChronoFrench } | null = null;
function parsers(): NonNullable<typeof chrono> {
  if (!chrono) {
    const require = createRequire(import.meta.url);
    const en = require('chrono-node/en') as typeof ChronoEnglish;
    chrono = { dmy: en.GB, mdy: en, fr: require('chrono-node/fr') as typeof ChronoFrench };
  }
  return chrono;
}

/**
 * Rewrites spacing that chrono does not read (`1 /9/ 2020`) without moving any offset: the
 * removed spaces go to the end of the match.
 */
export function tidyDateSpacing(text: string): string {
  return text.replace(NUMERIC_DATE, (m, d: string, sep: string, mo: string, y: string) => {
    const tight = `${d}${sep}${mo}${sep}${y}`;
    return tight + ' '.repeat(m.length - tight.length);
  });
}

/** Day-first or month-first, judged from numeric dates that can be read only one way. */
export function inferDateOrder(text: string): 'dmy' | 'mdy' | null {
  let dmy = 0;
  let mdy = 0;
  for (const m of text.matchAll(NUMERIC_DATE)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  if (dmy === mdy) return null;
  return dmy > mdy ? 'dmy' : 'mdy';
}

/** ISO date (YYYY-MM-DD) of a UTC-free calendar day. */
function iso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The interval a parsed component covers at its granularity. */
export function dateValue(y: number, m: number | null, d: number | null): DateValue {
  if (m === null) return { start: iso(y, 1, 1), end: iso(y, 12, 31), granularity: 'year' };
  if (d === null) return { start: iso(y, m, 1), end: iso(y, m, daysInMonth(y, m)), granularity: 'month' };
  return { start: iso(y, m, d), end: iso(y, m, d), granularity: 'day' };
}

/** Any month name, any case: a parse result without one (or a numeric date) is not a calendar date. */
const MONTH_NAME = new RegExp(`\\b(?:${ENGLISH_MONTHS}|${FRENCH_MONTHS})\\b`, 'i');
const MONTH_DAY = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?$/;
const LEADING_WORD = /^(?:on|in|at|the|of|since|by|le|du|en)\s+/i;

function toMention(r: ParsedResult, ref: Date): DateMention | null {
  const c = r.start;
  // Only calendar dates: a month name or a numeric date, never `now` or `in nine months`.
  if (!c.isCertain('month') || !(MONTH_NAME.test(r.text) || IS_NUMERIC_DATE.test(r.text))) return null;
  let y = c.get('year');
  const m = c.get('month');
  if (y === null || m === null) return null;
  let d = c.isCertain('day') ? c.get('day') : null;
  let yearKnown = c.isCertain('year');
  const lead = LEADING_WORD.exec(r.text)?.[0].length ?? 0;
  const text = r.text.slice(lead);
  // `August 18` is the 18th of August, not August 2018.
  const md = MONTH_DAY.exec(text);
  if (md && d === null && Number(md[2]) <= 31) {
    d = Number(md[2]);
    y = ref.getUTCFullYear();
    yearKnown = false;
  }
  return { text, start: r.index + lead, end: r.index + r.text.length, value: dateValue(y, m, d), yearKnown };
}

/**
 * Every date in a short text (a footnote, a sentence), as intervals at their granularity.
 * Numeric dates that read both ways, in a document of unknown convention, keep both readings.
 */
export function findDates(text: string, options: DateOptions = {}): DateMention[] {
  const ref = options.reference ?? DEFAULT_REFERENCE;
  const tidy = tidyDateSpacing(text);
  const primary = options.order === 'mdy' ? parsers().mdy : parsers().dmy;
  const out: DateMention[] = [];
  for (const r of primary.parse(tidy, ref)) {
    const mention = toMention(r, ref);
    if (!mention) continue;
    // A tidied date (`1 /9/ 2020` read as `1/9/2020`) spans its whole original text.
    const original = new RegExp(`^${NUMERIC_DATE_SOURCE}`).exec(text.slice(mention.start));
    if (original && original[0].length > mention.end - mention.start) mention.end = mention.start + original[0].length;
    mention.text = text.slice(mention.start, mention.end).trimEnd();
    mention.end = mention.start + mention.text.length;
    if (!options.order) addOtherReading(mention, tidy, ref);
    out.push(mention);
  }
  if (FRENCH_MONTH.test(text)) {
    for (const r of parsers().fr.parse(tidy, ref)) {
      const mention = toMention(r, ref);
      if (mention && !out.some((o) => mention.start < o.end && o.start < mention.end)) out.push(mention);
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

function addOtherReading(mention: DateMention, tidy: string, ref: Date): void {
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})$/.exec(tidy.slice(mention.start, mention.end).trim());
  if (!m || Number(m[1]) > 12 || Number(m[2]) > 12 || m[1] === m[2]) return;
  const other = parsers().mdy.parse(tidy.slice(mention.start, mention.end), ref)[0];
  const alt = other && toMention(other, ref);
  if (alt && alt.value.start !== mention.value.start) mention.value.alternatives = [alt.value];
}

/** Weekday (0 = Sunday) of an ISO day. */
export function weekdayOf(isoDay: string): number {
  return new Date(`${isoDay}T12:00:00Z`).getUTCDay();
}

// Where a date may start: a capitalised or all-capitals English month name (a lower-case `may`
// or `march` is a verb), a French month name, or a numeric date.
const ANCHOR = new RegExp(`\\b(?:${ENGLISH_MONTHS}|${ENGLISH_MONTHS.toUpperCase().replace(/\(\?:/g, '(?:')}|${FRENCH_MONTHS})\\b|${NUMERIC_DATE_SOURCE}`, 'g');
// What may stand before a month name in a date: a weekday, a day or a range of days
// (`Monday, 24`, `18–20`, `the 1st of`, `1er`).
const BEFORE_MONTH = /(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th|er)?\s*(?:[-–]|to|and)\s*)?(?:\d{1,2}(?:st|nd|rd|th|er)?\s+(?:of\s+)?)?$/i;
// And after it: a day or range of days, and a year (`. 18th, 2020`, `18–20 2020`, ` 2020`); a
// year glued to more digits (`20206 min`) is taken whole, so it is not misread as a year.
const AFTER_MONTH = /\.?(?:\s*\d{1,2}(?:st|nd|rd|th)?(?!\d))?(?:\s*[-–]\s*\d{1,2}(?!\d))?(?:,?\s*\d{4,})?/y;

// chrono's reading of a date span, by span and options. An archive names the same days over and
// over, so chrono parses each distinct span once; the size bound keeps memory flat.
const spanCache = new Map<string, DateMention[]>();
const SPAN_CACHE_SIZE = 20_000;

const MONTH_NUMBER: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11, dec: 12, december: 12,
};
// The shapes nearly every date span has: `August 2020`, `18 August 2020`, `18th August 2020`,
// `August 18, 2020`, `August 18th, 2020`, `18/8/2020`. As in chrono, other spaces between the
// parts (a year after a blank line in text pasted from a PDF; chrono itself stops at about three)
// and any suffix after a day (`2th`).
const PLAIN_DATE =
  /^(?:(?<d1>\d{1,2})(?:st|nd|rd|th)?\s{1,3}(?<m1>[A-Za-z]{3,9})\s{1,3}(?<y1>(?:19|20)\d\d)|(?<m2>[A-Za-z]{3,9})\s{1,3}(?:(?<d2>\d{1,2})(?:st|nd|rd|th)?, )?(?<y2>(?:19|20)\d\d)|(?<a>\d{1,2})\/(?<b>\d{1,2})\/(?<y3>(?:19|20)\d\d))$/;

/**
 * chrono's reading of the plainest date spans, without chrono: about 100 µs a span saved on
 * thousands of distinct spans per archive (and in most workers chrono's warm-up, 150-200 ms).
 * Anything else, or anything doubtful (a day the month does not have), returns null and goes to
 * chrono. A test holds this to chrono's own readings.
 */
export function readPlainDate(span: string, options: DateOptions = {}): DateMention[] | null {
  const g = PLAIN_DATE.exec(span)?.groups;
  if (!g) return null;
  let y: number;
  let mo: number | undefined;
  let d: number | null;
  let other: DateValue | null = null;
  const month = (name: string) => (Object.hasOwn(MONTH_NUMBER, name.toLowerCase()) ? MONTH_NUMBER[name.toLowerCase()] : undefined);
  if (g.y1) [d, mo, y] = [Number(g.d1), month(g.m1), Number(g.y1)];
  else if (g.y2) [d, mo, y] = [g.d2 ? Number(g.d2) : null, month(g.m2), Number(g.y2)];
  else {
    const [a, b] = [Number(g.a), Number(g.b)];
    y = Number(g.y3);
    [d, mo] = options.order === 'mdy' ? [b, a] : [a, b];
    // Unknown convention: day first, and the month-first reading kept when it is a date too.
    if (!options.order && a <= 12 && b <= 12 && a !== b) other = dateValue(y, a, b);
  }
  if (mo === undefined || mo < 1 || mo > 12 || (d !== null && (d < 1 || d > daysInMonth(y, mo)))) return null;
  const value = dateValue(y, mo, d);
  if (other) value.alternatives = [other];
  return [{ text: span, start: 0, end: span.length, value, yearKnown: true }];
}

function datesInSpan(span: string, options: DateOptions): DateMention[] {
  const key = `${options.order ?? ''}|${options.reference?.getTime() ?? ''}|${span}`;
  let found = spanCache.get(key);
  if (!found) {
    found = readPlainDate(span, options) ?? findDates(span, options);
    if (spanCache.size >= SPAN_CACHE_SIZE) spanCache.delete(spanCache.keys().next().value!);
    spanCache.set(key, found);
  }
  return found;
}

/**
 * `findDates` for longer text. chrono costs about 10 µs a character, so it reads only the
 * date-shaped span around each month name or numeric date (a weekday and days before the
 * month, days and a year after it), never the whole text.
 */
export function findDatesInWindows(text: string, options: DateOptions = {}): DateMention[] {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(ANCHOR)) {
    const at = m.index!;
    let s = at;
    let e = at + m[0].length;
    if (/^\d/.test(m[0])) {
      // Inside a longer run of digits (`2020/08/21` in a URL), the whole run is the date.
      while (s > 0 && /[\d/.]/.test(text[s - 1])) s--;
      while (e < text.length && /\d/.test(text[e])) e++;
    } else {
      const head = text.slice(Math.max(0, at - 40), at);
      s = at - BEFORE_MONTH.exec(head)![0].length;
      AFTER_MONTH.lastIndex = e;
      e += AFTER_MONTH.exec(text)?.[0].length ?? 0;
    }
    const last = spans[spans.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else spans.push([s, e]);
  }
  const out: DateMention[] = [];
  for (const [s, e] of spans) {
    for (const d of datesInSpan(text.slice(s, e), options)) {
      if (out.length && d.start + s < out[out.length - 1].end) continue;
      const value = { ...d.value, ...(d.value.alternatives && { alternatives: d.value.alternatives.map((a) => ({ ...a })) }) };
      out.push({ ...d, value, start: d.start + s, end: d.end + s });
    }
  }
  return out;
}
