import type { BriefDocument, Claim, DateValue } from '../document.js';
import { dateValue, findDatesInWindows, weekdayOf, type DateMention } from './dates.js';
import { CITY_COUNTRY, COUNTRIES, ENTITIES, PLACES, TRIGGERS } from './lexicon.js';
import { DEFAULT_TOLERANCE, findQuantities, type Quantity } from './numbers.js';
import { splitSentences } from './sentences.js';
import { blankRanges, spaces } from './blank.js';
import { mapPacked } from './packed.js';

/** Options from the `claims` section of the config. */
export interface ClaimOptions {
  /** Extra names: surface form → canonical subject (`{ "Barkhane": "France" }`). */
  aliases?: Record<string, string>;
  /** Relative width `about` and `nearly` add (default 0.05). */
  tolerance?: number;
}

// Every trigger in one pass: one capture group per trigger class, in TRIGGERS order. Each
// alternative opens with `\b`; testing it once, before the alternation, makes the pass 2.5×
// faster (V8 otherwise tries every alternative at every character).
const TRIGGER_ALL = new RegExp(`\\b(?:${TRIGGERS.map(([re]) => `(${withoutLeadingBoundary(re.source)})`).join('|')})`, 'gi');

/** A pattern's top-level alternatives without the `\b` each opens with (all must have one). */
function withoutLeadingBoundary(source: string): string {
  const alternatives: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // A character class: nothing in it opens a group or splits alternatives.
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      alternatives.push(source.slice(from, i));
      from = i + 1;
    }
  }
  alternatives.push(source.slice(from));
  if (!alternatives.every((a) => a.startsWith('\\b'))) throw new Error(`trigger without a leading \\b: ${source}`);
  return alternatives.map((a) => a.slice(2)).join('|');
}

/** A time interval (ISO days) and where it came from. */
export interface ClaimTime {
  start: string;
  end: string;
  source: 'clause' | 'sentence' | 'paragraph' | 'document';
}

/** A number, percentage or amount, as an interval with what it counts, whose, where and when. */
export interface QuantityClaim
  extends Claim,
    Pick<Quantity, 'value' | 'low' | 'high' | 'unit' | 'noun' | 'approximator' | 'alternatives' | 'ambiguous'> {
  kind: 'quantity' | 'percent' | 'money';
  subjects: string[];
  /** Whose quantity it is: names in the noun phrase or before the number in its clause. */
  owners: string[];
  /** Where: a place after `in`/`across` right after the noun phrase. */
  scope: string | null;
  modality: 'actual' | 'planned';
  change: boolean;
  time: ClaimTime | null;
}

/** The date of an event (`the coup on 18 August 2020`). */
export interface DateClaim extends Claim {
  kind: 'date';
  event: string;
  subjects: string[];
  date: DateValue;
  /** `second`, `new`, `2012` … when the text tells which of several events it means. */
  disambiguator: string | null;
  weekday?: { stated: string; matches: boolean; range: Claim['range'] };
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const CANDIDATE = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|fifty|hundred|thousand|million|billion|dozen)\b/i;
// Numbers that are references, not quantities: pages, articles, resolutions, numbered points.
const NOT_CLAIMS = [
  /\b(?:p|pp|pg|page|pages)\.?\s*\d+(?:\s*[-–,]\s*\d+)*/gi,
  /\b(?:no|nos|art|article|articles|resolution|resolutions|chapter|section|law|decree|paragraph|para|rule|vol|volume|issue)\.?\s+\d+(?:[/-]\d+)?(?:\s*(?:and|,|&|–|-)\s*\d+)*/gi,
  /(?:^|[\s(])\d{1,2}\)(?=\s)/g,
];
const FOOTER = /^[ \t]*(?:related\s+(?:publications|posts|articles|content|stories|briefs)|leave\s+a\s+(?:reply|comment)|latest\s+(?:briefs|posts|news)|view\s+all\s+publications|read\s+(?:more|next)|share\s+this|more\s+from|you\s+may\s+also\s+like)\b.*$/gim;
const NOT_EVENT_DATE = /\b(?:since|until|till|by|before|after|from|through|throughout)\s+(?:the\s+)?(?:(?:beginning|end|start|middle)\s+of\s+)?(?:early\s+|late\s+|mid-?)?$/i;
const PLANNED = /\b(?:pledged|promised|plans?|planned|planning|targets?|targeted|aims?|intends?|will|would|could|should|expected|proposed|requested|authori[sz]ed|budgeted|to\s+(?:deploy|send|reach))\b/i;
const CHANGE = /\b(?:additional|extra|another|further|more|increase[sd]?|reinforcements?|reduction|cuts?|reduce[sd]?|drawdown|rose|fell|grew|dropped|added)\s+(?:(?:of|by)\s+)?(?:some\s+|about\s+|around\s+|nearly\s+)?$/i;
const LOCATIVE_BEFORE = /\b(?:in|into|across|throughout|inside|to|from|of|within|near|outside|towards?)\s+(?:the\s+)?(?:northern\s+|southern\s+|central\s+|eastern\s+|western\s+)?$/i;

interface EntityHit {
  name: string;
  start: number;
  end: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const matchers = new Map<string, (text: string) => EntityHit[]>();

/** A matcher for the gazetteer plus configured aliases, built once per alias set. */
function entityMatcher(aliases: Record<string, string>): (text: string) => EntityHit[] {
  const key = JSON.stringify(aliases);
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = buildEntityMatcher(aliases);
    matchers.set(key, matcher);
  }
  return matcher;
}

function buildEntityMatcher(aliases: Record<string, string>): (text: string) => EntityHit[] {
  const forms = new Map<string, string>();
  for (const [canon, surfaces] of Object.entries(ENTITIES)) {
    for (const s of surfaces) {
      forms.set(s, canon);
      // Headlines in capitals (`MALI: Second coup`).
      if (s.length >= 4 && /^\p{Lu}\p{Ll}/u.test(s)) forms.set(s.toUpperCase(), canon);
    }
  }
  for (const [surface, canon] of Object.entries(aliases)) forms.set(surface, forms.get(canon) ?? canon);
  const alternation = [...forms.keys()].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const re = new RegExp(String.raw`(?<![\p{L}\d])(?:${alternation})(?![\p{L}\d])(?:['’]s?)?`, 'gu');
  return (text) =>
    mapPacked([...text.matchAll(re)], (m) => {
      const surface = m[0].replace(/['’]s?$/, '');
      return { name: forms.get(surface)!, start: m.index!, end: m.index! + m[0].length };
    });
}

/** Clause boundaries in a sentence (offsets), so subjects are read from the number's own clause. */
function clauseOf(sentence: string, at: number): [number, number] {
  const boundary = /;|\s?[—–]\s?|\s-\s|:\s|,\s+(?=(?:especially|while|whereas|but|although|though|yet|which|who|as)\b)/g;
  let start = 0;
  let end = sentence.length;
  for (const m of sentence.matchAll(boundary)) {
    const b = m.index!;
    if (b + m[0].length <= at) start = b + m[0].length;
    else if (b >= at) {
      end = b;
      break;
    }
  }
  return [start, end];
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** When a brief was written: its date, else its latest source, else its latest dated event. */
export function documentTimeFrame(doc: BriefDocument, body: string, bodyDates: DateMention[]): { start: string; end: string } | null {
  if (doc.published) return { start: doc.published.start, end: doc.published.end };
  const sourceDates = doc.footnotes
    .map((f) => f.citation?.date)
    .filter((d): d is DateValue => Boolean(d && d.granularity !== 'year' && !d.alternatives))
    .map((d) => d.end)
    .sort();
  if (sourceDates.length) {
    const last = sourceDates[sourceDates.length - 1];
    return { start: last, end: addDays(last, 30) };
  }
  let latestDate: string | null = null;
  for (const m of bodyDates) {
    if (m.yearKnown && m.value.granularity !== 'year' && (!latestDate || m.value.end > latestDate)) latestDate = m.value.end;
  }
  let latestYear: number | null = null;
  for (const m of body.matchAll(/\b(?:19[5-9]\d|20\d{2})\b/g)) latestYear = Math.max(latestYear ?? 0, Number(m[0]));
  if (latestDate && (latestYear === null || Number(latestDate.slice(0, 4)) >= latestYear - 1)) {
    return { start: latestDate, end: addDays(latestDate, 30) };
  }
  if (latestYear) return { start: `${latestYear}-01-01`, end: `${latestYear}-12-31` };
  return null;
}

/** The text rules read claims from: references, citations and page furniture blanked, offsets kept. */
function claimText(doc: BriefDocument): string {
  // Explanatory notes are prose with claims of their own; only their label is blanked.
  const ranges: Array<[number, number]> = [];
  const notes = mapPacked(doc.footnotes.filter((f) => f.citation?.kind === 'note'), (f): [number, number] => [f.textStart, f.textEnd]);
  for (const [s, e] of doc.masked) {
    let from = s;
    for (const [ns, ne] of notes) {
      if (ne <= from || ns >= e) continue;
      if (ns > from) ranges.push([from, ns]);
      from = Math.max(from, ne);
    }
    if (from < e) ranges.push([from, e]);
  }
  let text = blankRanges(doc.text, ranges);
  for (const re of NOT_CLAIMS) text = text.replace(re, spaces);
  // Web-page furniture (related posts, comment forms) after the article is not the brief's claim.
  const footer = [...text.matchAll(FOOTER)].find((m) => m.index! > text.length * 0.4);
  if (footer) text = text.slice(0, footer.index!) + spaces(text.slice(footer.index!));
  // The dateline is metadata, not a claim (`Umar Ahmed10th September 20206 min`).
  if (doc.dateline) text = blankRanges(text, [doc.dateline]);
  return text;
}

/**
 * Extracts numeric and date claims: every quantity, percentage and amount in the body (and in
 * explanatory notes), and every event date that a trigger word anchors.
 */
export function extractClaims(doc: BriefDocument, options: ClaimOptions = {}): Claim[] {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const matchEntities = entityMatcher(options.aliases ?? {});
  const body = claimText(doc);

  // One pass of analysis per sentence: dates (chrono, only where a month is named), names and
  // event triggers are found once and shared by every step below.
  const allEntities = matchEntities(body);
  const allTriggers: Array<{ event: string; start: number; end: number }> = [];
  for (const m of body.matchAll(TRIGGER_ALL)) {
    const group = m.slice(1).findIndex((g) => g !== undefined);
    allTriggers.push({ event: TRIGGERS[group][1], start: m.index!, end: m.index! + m[0].length });
  }
  const within = <T extends { start: number; end: number }>(items: T[], s: number, e: number): T[] => {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (items[mid].start < s) lo = mid + 1;
      else hi = mid;
    }
    const out: T[] = [];
    for (let i = lo; i < items.length && items[i].start < e; i++) if (items[i].end <= e) out.push({ ...items[i], start: items[i].start - s, end: items[i].end - s });
    return out;
  };
  const analysed = mapPacked(splitSentences(body), (s) => {
    const text = body.slice(s.start, s.end);
    const candidate = CANDIDATE.test(text);
    const triggers = within(allTriggers, s.start, s.end);
    return {
      start: s.start,
      end: s.end,
      text,
      candidate,
      dates: candidate ? findDatesInWindows(text, { order: doc.dateOrder }) : [],
      // Names matter only where a claim or an event may be: most sentences have neither.
      entities: candidate || triggers.length ? within(allEntities, s.start, s.end) : [],
      triggers,
    };
  });
  const frame = documentTimeFrame(doc, body, analysed.flatMap((a) => a.dates));
  const frameYear = frame ? Number(frame.end.slice(0, 4)) : null;

  // The brief's main country: the most named one, for events whose sentence names none.
  // Cities count for their country, and a country in the title counts three times.
  const counts = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const countryOf = (name: string) => (COUNTRIES.has(name) ? name : CITY_COUNTRY[name]);
  for (const e of allEntities) {
    const c = countryOf(e.name);
    if (!c) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    if (!firstSeen.has(c)) firstSeen.set(c, e.start);
  }
  const titleEntities = matchEntities(doc.title ?? '');
  for (const e of titleEntities) {
    const c = countryOf(e.name);
    if (c) counts.set(c, (counts.get(c) ?? 0) + 3);
  }
  const mainCountry = [...counts].sort((a, b) => b[1] - a[1] || (firstSeen.get(a[0]) ?? 1e9) - (firstSeen.get(b[0]) ?? 1e9))[0]?.[0] ?? null;

  // Where each kind of event happens, from phrasings that tie a country to it (`the coup in
  // Mali`, `Mali's coup`, `MALI: Second coup`); a sentence that names no country falls back on it.
  const eventCountries = new Map<string, Map<string, number>>();
  for (const a of analysed) {
    const hits = a.entities.filter((e) => COUNTRIES.has(e.name));
    if (!hits.length) continue;
    for (const t of a.triggers) {
      const country = countryAt(a.text, hits, t.start, t.end);
      if (!country) continue;
      const tally = eventCountries.get(t.event) ?? new Map<string, number>();
      tally.set(country, (tally.get(country) ?? 0) + 1);
      eventCountries.set(t.event, tally);
    }
  }
  // Ties go to the country in the title, then to the brief's main country.
  const titled = new Set(titleEntities.map((e) => e.name));
  const rank = (c: string) => (titled.has(c) ? 2 : 0) + (c === mainCountry ? 1 : 0);
  const usualCountry = (event: string) =>
    [...(eventCountries.get(event) ?? [])].sort((a, b) => b[1] - a[1] || rank(b[0]) - rank(a[0]) || a[0].localeCompare(b[0]))[0]?.[0] ??
    mainCountry;

  const claims: Claim[] = [];
  // Yearless dates are settled per paragraph, against the dated mentions around them.
  const anchors = new Map<number, string[]>();
  const yearless: Array<{ claim: DateClaim; paragraph: number }> = [];
  // Quantities timed by a yearless date (`thousands rallied on August 21`) wait for the same year.
  const yearlessTimes: Array<{ claim: QuantityClaim; date: DateValue; paragraph: number }> = [];
  let paragraph = 0;
  let previousEnd = 0;
  let paragraphTime: { start: string; end: string } | null = null;
  for (const a of analysed) {
    if (/\n[ \t]*\r?\n/.test(body.slice(previousEnd, a.start))) {
      paragraph++;
      paragraphTime = null;
    }
    previousEnd = a.end;
    if (!a.candidate) continue;
    const s = a;
    const sentence = a.text;
    const dates = a.dates;
    for (const d of dates) if (d.yearKnown && !d.value.alternatives) (anchors.get(paragraph) ?? anchors.set(paragraph, []).get(paragraph)!).push(d.value.start);
    const entities = a.entities;
    // Built on first use: most candidate sentences yield no claim.
    let excerptText: string | null = null;
    const excerpt = () => (excerptText ??= sentence.replace(/\s+/g, ' ').trim());
    const range = (a: number, b: number) => doc.lines.range(s.start + a, s.start + b);

    // Dates are not quantities: blank them before reading numbers.
    const numbersText = blankRanges(sentence, mapPacked(dates, (d): [number, number] => [d.start, d.end]));
    const years = [...sentence.matchAll(/\b(?:19[5-9]\d|20\d{2})\b/g)];

    for (const q of findQuantities(numbersText, tolerance)) {
      const { claim, yearlessDate } = quantityClaim(q, sentence, entities, dates, years, paragraphTime, frame, excerpt(), range(q.start, q.end), numbersText);
      if (yearlessDate) yearlessTimes.push({ claim, date: yearlessDate.value, paragraph });
      claims.push(claim);
    }
    // What this sentence dates carries to the next sentences of its paragraph.
    const lastDate = [...dates].reverse().find((d) => !d.value.alternatives && d.yearKnown);
    const lastYear = years[years.length - 1];
    if (lastDate) paragraphTime = { start: lastDate.value.start, end: lastDate.value.end };
    else if (lastYear) paragraphTime = { start: `${lastYear[0]}-01-01`, end: `${lastYear[0]}-12-31` };

    // Event dates: full dates from chrono, and years that name an event (`the 2012 coup`).
    const triggers = a.triggers;
    const mentions: Array<{ start: number; end: number; value: DateValue; yearKnown: boolean; text: string }> = [...dates];
    for (const m of sentence.matchAll(/\b((?:19[5-9]\d|20\d{2}))(?=\s+(?:military\s+)?(?:coups?|putsch|elections?|mutiny|crisis)\b)|(?<=\b[Ii]n\s)((?:19[5-9]\d|20\d{2}))\b(?=,)/g)) {
      if (!mentions.some((d) => m.index! >= d.start && m.index! < d.end)) {
        const year = m[1] ?? m[2];
        mentions.push({ start: m.index!, end: m.index! + 4, value: dateValue(Number(year), null, null), yearKnown: true, text: year });
      }
    }
    for (const d of mentions) {
      if (NOT_EVENT_DATE.test(sentence.slice(Math.max(0, d.start - 40), d.start))) continue;
      // `the June 5 Movement` is a name that holds a date.
      if (!d.yearKnown && /^\s+\p{Lu}\p{Ll}/u.test(sentence.slice(d.end, d.end + 4))) continue;
      const [cs, ce] = clauseOf(sentence, d.start);
      // Strong triggers (a coup, a resignation) win over weak ones (`ended`, `began`) nearby.
      const weak = (t: { event: string }) => (t.event === 'coup' || t.event === 'resignation' ? 0 : 8);
      const distance = (t: { start: number; end: number; event: string }) => (t.start >= d.end ? t.start - d.end : d.start - t.end) + weak(t);
      const inClause = triggers.filter((t) => t.start >= cs && t.end <= ce);
      const pool = inClause.length ? inClause : triggers;
      // A date with no event still gets a claim when it states a weekday, so the weekday is checked.
      const trigger = pool.length
        ? pool.reduce((a, b) => (distance(b) < distance(a) ? b : a))
        : statedWeekday(sentence, d)
          ? { event: 'date', start: d.start, end: d.end }
          : null;
      if (!trigger) continue;
      // The event's country: one named right at the trigger (`Mali's coup`, `the coup in Chad`,
      // `the Malian coup`), else the brief's main country. Other names in the sentence are often
      // actors (`France condemned the coup`), not where it happened.
      const country = countryAt(sentence, entities.filter((e) => COUNTRIES.has(e.name)), trigger.start, trigger.end) ?? usualCountry(trigger.event);
      const around = sentence.slice(Math.max(0, trigger.start - 30), trigger.start);
      const disambiguator = /\b(first|second|third|new|last|previous|latest|another|(?:19|20)\d{2})\s+(?:military\s+)?$/i.exec(around)?.[1]?.toLowerCase() ?? null;
      const claim: DateClaim = {
        kind: 'date',
        text: d.text,
        event: trigger.event,
        subjects: country ? [country] : [],
        date: d.value,
        disambiguator,
        range: range(d.start, d.end),
        sentence: excerpt(),
      };
      const weekday = statedWeekday(sentence, d);
      if (weekday && d.value.granularity === 'day') {
        const stated = WEEKDAYS.indexOf(weekday.name);
        if (!d.yearKnown && frameYear !== null) {
          const year = yearForWeekday(d.value.start, stated, frameYear);
          if (year !== null) claim.date = dateValue(year, Number(d.value.start.slice(5, 7)), Number(d.value.start.slice(8, 10)));
        }
        claim.weekday = { stated: weekday.name, matches: weekdayOf(claim.date.start) === stated, range: range(weekday.start, weekday.end) };
        (anchors.get(paragraph) ?? anchors.set(paragraph, []).get(paragraph)!).push(claim.date.start);
      }
      if (!d.yearKnown && !claim.weekday) {
        if (frameYear === null) continue;
        yearless.push({ claim, paragraph });
      }
      claims.push(claim);
    }
  }
  // A yearless date takes the year of the dated mentions in its paragraph, nearest first; with
  // none, the brief's year, unless that would put it after the brief.
  const settle = (date: DateValue, p: number): DateValue | null => {
    const near = anchors.get(p) ?? [];
    const [, m, d] = date.start.split('-').map(Number);
    const day = date.granularity === 'day' ? d : null;
    if (near.length === 0) {
      if (!frame) return null;
      const y = Number(frame.end.slice(0, 4));
      const inYear = dateValue(y, m, day);
      return inYear.start > frame.end ? dateValue(y - 1, m, day) : inYear;
    }
    const candidates = [...new Set(near.map((a) => Number(a.slice(0, 4))))].flatMap((y) => [y - 1, y, y + 1]);
    const gap = (y: number) => Math.min(...near.map((a) => Math.abs(Date.parse(dateValue(y, m, day).start) - Date.parse(a))));
    return dateValue(candidates.reduce((a, b) => (gap(b) < gap(a) ? b : a)), m, day);
  };
  for (const { claim, paragraph } of yearless) claim.date = settle(claim.date, paragraph) ?? claim.date;
  for (const { claim, date, paragraph } of yearlessTimes) {
    const settled = settle(date, paragraph);
    const time = claim.time!;
    // An unknown year is no time at all; a `since` window keeps its open end.
    if (!settled) claim.time = null;
    else claim.time = { ...time, start: settled.start, end: time.end === date.end ? settled.end : time.end };
  }
  return claims.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

/** The country a trigger is tied to in the text: `Mali's coup`, `Malian coup`, `coup in Mali`. */
function countryAt(sentence: string, countries: EntityHit[], start: number, end: number): string | null {
  for (const e of countries) {
    const gap = sentence.slice(e.end, start);
    if (e.end <= start && /^(?:['’]s)?[\s:,]*(?:[\p{L}\d'’-]+\s+){0,2}$/u.test(gap) && start - e.end <= 24) return e.name;
    // `Mali went through its second coup`, `Mali suffered a new coup`.
    if (e.end <= start && /^\s+(?:went\s+through|experienced|suffered(?:\s+from)?|saw|witnessed|underwent|endured|had)\s+(?:[\p{L}\d'’-]+\s+){0,3}$/u.test(gap)) return e.name;
    if (e.start >= end && /^\s+(?:d['’]\s?[ée]tat\s+)?in\s+(?:the\s+)?$/iu.test(sentence.slice(end, e.start))) return e.name;
  }
  return null;
}

/** `On Monday (24 May)`, `Monday, 25 May 2021`, `24 May (Monday)`. */
function statedWeekday(sentence: string, d: { start: number; end: number }): { name: string; start: number; end: number } | null {
  const inside = /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/.exec(sentence.slice(d.start, d.end));
  if (inside) return { name: inside[1], start: d.start, end: d.start + inside[1].length };
  const before = /\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b[\s,(]*$/.exec(sentence.slice(Math.max(0, d.start - 14), d.start));
  if (before) {
    const start = d.start - (Math.min(14, d.start) - before.index);
    return { name: before[1], start, end: start + before[1].length };
  }
  const after = /^\s*\(?\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/.exec(sentence.slice(d.end));
  if (after) {
    const start = d.end + after[0].length - after[1].length;
    return { name: after[1], start, end: start + after[1].length };
  }
  return null;
}

/** The year nearest `around` in which a day and month fall on a weekday. */
function yearForWeekday(isoDay: string, weekday: number, around: number): number | null {
  const md = isoDay.slice(4);
  for (let delta = 0; delta <= 7; delta++) {
    for (const y of delta === 0 ? [around] : [around - delta, around + delta]) {
      if (weekdayOf(`${String(y).padStart(4, '0')}${md}`) === weekday) return y;
    }
  }
  return null;
}

function quantityClaim(
  q: Quantity,
  sentence: string,
  entities: EntityHit[],
  dates: DateMention[],
  years: RegExpMatchArray[],
  paragraphTime: { start: string; end: string } | null,
  frame: { start: string; end: string } | null,
  excerpt: string,
  range: Claim['range'],
  numbersText: string,
): { claim: QuantityClaim; yearlessDate: DateMention | null } {
  const [cs, ce] = clauseOf(numbersText, q.start);
  // Owners: names inside the noun phrase, else the nearest names before the number in its
  // clause, extended over a coordination (`Mali, Burkina Faso and Niger`). Never after: a name
  // after the number is usually where, or from where, not whose.
  let owners = [...q.npSubjects];
  if (owners.length === 0) {
    const before = entities.filter((e) => e.start >= cs && e.end <= q.start && !LOCATIVE_BEFORE.test(sentence.slice(Math.max(cs, e.start - 30), e.start)));
    const last = before[before.length - 1];
    if (last) {
      owners = [last.name];
      for (let i = before.length - 2; i >= 0; i--) {
        const gap = sentence.slice(before[i].end, before[i + 1].start);
        if (!/^\s*(?:,|,?\s*and|&)\s*(?:the\s+)?$/.test(gap)) break;
        owners.unshift(before[i].name);
      }
    }
  }
  owners = [...new Set(owners)];
  const afterText = sentence.slice(q.end, Math.min(ce, q.end + 60));
  const scopeHit = /^\s*\)?\s*(?:(?:are|were|is|was)\s+)?(?:(?:deployed|stationed|based|present|operating)\s+)?(?:in|across|throughout|inside)\s+(?:the\s+)?(?:northern\s+|central\s+|southern\s+)?/.exec(afterText);
  let scope: string | null = null;
  if (scopeHit) {
    const at = q.end + scopeHit[0].length;
    const place = entities.find((e) => e.start === at && PLACES.has(e.name));
    scope = place?.name ?? null;
  }
  const lead = numbersText.slice(Math.max(cs, q.start - 40), q.start);
  const modality = PLANNED.test(lead) ? 'planned' : 'actual';
  const change =
    CHANGE.test(numbersText.slice(Math.max(cs, q.start - 30), q.start)) ||
    /\b(?:additional|extra|further|new|fresh)\b|\bmore\b(?!\s+than)/i.test(numbersText.slice(q.start, q.end)) ||
    /\b(?:increase|rise|decrease|drop|growth|change)\b/i.test(q.noun ?? '');

  let time: ClaimTime | null = null;
  let timeDate: DateMention | null = null;
  const inClause = (start: number) => start >= cs && start < ce;
  const clauseDate = dates.find((d) => inClause(d.start) && !d.value.alternatives);
  const clauseYear = years.find((y) => inClause(y.index!) && !(y.index! >= q.start && y.index! < q.end));
  const since = (at: number) => /\bsince\s+(?:the\s+)?(?:(?:beginning|start)\s+of\s+)?$/i.test(sentence.slice(Math.max(0, at - 30), at));
  const pick = (start: string, end: string, at: number, source: ClaimTime['source']): ClaimTime =>
    since(at) && frame ? { start, end: frame.end, source } : { start, end, source };
  if (clauseDate) {
    time = pick(clauseDate.value.start, clauseDate.value.end, clauseDate.start, 'clause');
    timeDate = clauseDate;
  }
  else if (clauseYear) time = pick(`${clauseYear[0]}-01-01`, `${clauseYear[0]}-12-31`, clauseYear.index!, 'clause');
  else {
    const sd = dates.find((d) => !d.value.alternatives);
    const sy = years.find((y) => !(y.index! >= q.start && y.index! < q.end));
    if (sd) {
      time = pick(sd.value.start, sd.value.end, sd.start, 'sentence');
      timeDate = sd;
    }
    else if (sy) time = pick(`${sy[0]}-01-01`, `${sy[0]}-12-31`, sy.index!, 'sentence');
    else if (paragraphTime && !/\b(?:currently|now|today|at present|presently)\b/i.test(sentence)) time = { ...paragraphTime, source: 'paragraph' };
    else if (frame) time = { start: frame.start, end: frame.end, source: 'document' };
  }

  const claim: QuantityClaim = {
    kind: q.kind,
    text: sentence.slice(q.start, q.end),
    value: q.value,
    low: q.low,
    high: q.high,
    unit: q.unit,
    noun: q.noun,
    approximator: q.approximator,
    subjects: [...new Set([...owners.filter((o) => !o.startsWith('(')), ...(scope ? [scope] : [])])],
    owners,
    scope,
    modality,
    change,
    time,
    range,
    sentence: excerpt,
  };
  if (q.alternatives) claim.alternatives = q.alternatives;
  if (q.ambiguous) claim.ambiguous = true;
  return { claim, yearlessDate: timeDate && !timeDate.yearKnown ? timeDate : null };
}
