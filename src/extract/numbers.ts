import { ENTITIES, NOUN_TO_UNIT, NUMBER_WORDS, SCALES, currencyOf } from './lexicon.js';

/** A number phrase found in a sentence: value as an interval, what it counts, offsets in the sentence. */
export interface Quantity {
  kind: 'quantity' | 'percent' | 'money';
  start: number;
  end: number;
  value: number;
  low: number;
  high: number;
  /** Unit class (`troops`, `deaths`, `percent`, `EUR` …). */
  unit: string;
  /** The head noun as written (`soldiers`), or what a percentage is of. */
  noun: string | null;
  approximator: string | null;
  /** Entities named inside the noun phrase (`French troops`, `Barkhane soldiers`). */
  npSubjects: string[];
  /** The same amount in another currency (`600 million euros (708 million dollars)`). */
  alternatives?: Array<{ value: number; unit: string }>;
  /** Set when the number could be read two ways (`5.100` as 5100 or 5.1). */
  ambiguous?: boolean;
}

/** Relative width that `about`, `nearly` and friends add (claims.tolerance). */
export const DEFAULT_TOLERANCE = 0.05;

const NUMERIC = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d+(?:\.\d+)?`;
const WORDS = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|');
const RANGE_TAIL = new RegExp(String.raw`^\s*(?:and|to|–|-|—)\s*(${NUMERIC})(\s*(?:thousand|million|billion|bn|m))?`, 'i');
const OTHER_CURRENCY = new RegExp(String.raw`^\s*\(\s*(?:US\$|€|\$|£)?\s*(${NUMERIC})\s*(thousand|million|billion|bn|m)?\s*([\p{L}$]+(?:\s[\p{L}]+)?)?\s*\)`, 'iu');
// Case is spelled out (`six`, `Six`, `SIX`, `5m`, `5M`) instead of flag `i`: together with `u`,
// `i` makes V8 fold case at every character, which cost ten times the whole match.
const WORD_FORMS = WORDS.split('|').flatMap((w) => [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]).join('|');
const NUMBER = new RegExp(String.raw`(?<![\p{L}\d.,/-])(?:${NUMERIC})(?![\d]|[\p{L}](?<![mkbMKB]|[bB][nN]|[mM][nN]))|\b(?:${WORD_FORMS})\b`, 'gu');
const APPROX = /(?:^|\s|\()((?:just\s+)?(?:around|about|some|nearly|almost|roughly|approximately|more\s+than|over|above|at\s+least|up\s+to|at\s+most|fewer\s+than|less\s+than|under|close\s+to|an\s+estimated|estimated|c\.|~|only|between|from))\s*$/i;
const VAGUE = /\b(tens\s+of\s+thousands|hundreds\s+of\s+thousands|thousands|hundreds|millions|dozens|scores)\s+of\s+|\b(several|a\s+few)\s+(thousand|hundred)\b\s*/gi;
const VAGUE_RANGES: Record<string, [number, number]> = {
  'tens of thousands': [1e4, 1e5],
  'hundreds of thousands': [1e5, 1e6],
  thousands: [1e3, 1e4],
  hundreds: [100, 1000],
  millions: [1e6, 1e7],
  dozens: [24, 100],
  scores: [40, 100],
};
const STOP_WORDS = new Set([
  'are', 'were', 'is', 'was', 'have', 'has', 'had', 'be', 'been', 'will', 'would', 'in', 'on', 'at', 'to', 'from',
  'for', 'with', 'by', 'who', 'which', 'that', 'and', 'or', 'but', 'of', 'as', 'than', 'into', 'across', 'per', 'a',
  'the', 'its', 'their', 'since', 'during', 'after', 'before', 'while', 'when', 'over', 'under', 'this', 'these',
]);
const GENERIC_UNITS = new Set(['people']);
const DEMONYM_PLURALS: Record<string, string> = {
  Malians: 'Mali', Nigeriens: 'Niger', Nigerians: 'Nigeria', Chadians: 'Chad', Americans: 'United States',
  Europeans: 'Europe', Algerians: 'Algeria', Russians: 'Russia', Germans: 'Germany',
};

const ENTITY_WORDS = new Map<string, string>(
  Object.entries(ENTITIES).flatMap(([canon, forms]) => forms.filter((f) => !f.includes(' ')).map((f) => [f, canon] as [string, string])),
);

/** Parses `5,100`, `5 100`, `7.5`, `six`; `5.100` (French thousands or a decimal) is flagged ambiguous. */
function parseNumber(raw: string): { value: number; decimals: number; ambiguous: boolean } | null {
  const lower = raw.toLowerCase();
  if (Object.hasOwn(NUMBER_WORDS, lower)) return { value: NUMBER_WORDS[lower], decimals: 0, ambiguous: false };
  const plain = raw.replace(/[,\s\u00a0\u202f]/g, '');
  const value = Number(plain);
  if (!Number.isFinite(value)) return null;
  const decimals = plain.includes('.') ? plain.length - plain.indexOf('.') - 1 : 0;
  return { value, decimals, ambiguous: /^\d{1,3}\.\d{3}$/.test(raw) };
}

/** Half a unit of the last significant digit: 5,100 → 50; 937 → 0.5; 7.5 → 0.05. */
export function roundingOf(value: number, decimals: number): number {
  if (decimals > 0) return 0.5 * 10 ** -decimals;
  let n = Math.round(Math.abs(value));
  if (n === 0) return 0.5;
  let p = 1;
  while (n % 10 === 0) {
    n /= 10;
    p *= 10;
  }
  return p / 2;
}

/** The interval an approximator gives a value, per research §D.2. */
export function intervalOf(value: number, rounding: number, approx: string | null, tolerance: number): [number, number] {
  const a = (approx ?? '').toLowerCase().replace(/\s+/g, ' ');
  const wide = Math.max(rounding, tolerance * value);
  switch (a) {
    case 'around':
    case 'about':
    case 'some':
    case 'roughly':
    case 'approximately':
    case 'close to':
    case 'an estimated':
    case 'estimated':
    case 'c.':
    case '~':
      return [value - wide, value + wide];
    case 'nearly':
    case 'almost':
    case 'just under':
      return [value * (1 - tolerance), value];
    case 'more than':
    case 'over':
    case 'above':
    case 'just over':
      return [value, Infinity];
    case 'at least':
      return [value, Infinity];
    case 'up to':
    case 'at most':
      return [0, value];
    case 'fewer than':
    case 'less than':
    case 'under':
      return [0, value];
    default:
      return [value - rounding, value + rounding];
  }
}

/** Reads the noun phrase after a number: modifiers, then the last unit noun before a stop word. */
function headNoun(after: string): { unit: string; noun: string; length: number; subjects: string[] } | null {
  // A period belongs to a word only inside an initialism (`U.S.`); otherwise it ends the sentence.
  const words: RegExpMatchArray[] = [];
  for (const w of after.slice(0, 160).matchAll(/(?:\p{Lu}\.){2,}|[\p{L}][\p{L}'’-]*|[,.;:()—–]/gu)) {
    words.push(w);
    if (words.length === 6) break;
  }
  let best: { unit: string; noun: string; length: number; subjects: string[] } | null = null;
  const subjects: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i][0].replace(/[’']s$/, '');
    const lower = w.toLowerCase();
    if (/^[,.;:()—–]$/.test(w) || (STOP_WORDS.has(lower) && !(best === null && lower === 'of' && i === 0))) break;
    // Two-word nouns (`military personnel`) first.
    const pair = i + 1 < words.length ? `${lower} ${words[i + 1][0].toLowerCase()}` : '';
    const end = (k: number) => words[k].index! + words[k][0].length;
    if (pair && NOUN_TO_UNIT.has(pair)) {
      best = { unit: NOUN_TO_UNIT.get(pair)!, noun: `${w} ${words[i + 1][0]}`, length: end(i + 1), subjects: [...subjects] };
      i++;
      continue;
    }
    if (NOUN_TO_UNIT.has(lower) && !(lower === 'military' && i + 1 < words.length && !STOP_WORDS.has(words[i + 1][0].toLowerCase()) && !/^[,.;:()]$/.test(words[i + 1][0]))) {
      // A generic head keeps the specific class before it: `displaced people` are displaced.
      const unit: string = best && GENERIC_UNITS.has(NOUN_TO_UNIT.get(lower)!) ? best.unit : NOUN_TO_UNIT.get(lower)!;
      best = { unit, noun: best && unit === best.unit ? `${best.noun} ${w}` : w, length: end(i), subjects: [...subjects] };
      continue;
    }
    if (Object.hasOwn(DEMONYM_PLURALS, w)) {
      best = { unit: 'people', noun: w, length: end(i), subjects: [...subjects, DEMONYM_PLURALS[w]] };
      continue;
    }
    const entity = ENTITY_WORDS.get(w);
    if (entity) subjects.push(entity);
    // `international forces`, `joint troops`: a coalition's, not the clause subject's.
    if (/^(?:international|multinational|joint|combined|allied|coalition|foreign)$/.test(lower)) subjects.push('(coalition)');
    if (best) break;
    if (i >= 3) break;
  }
  return best;
}

/** What a percentage is of: `turnout of only 7.5 percent`, `7.5 percent of the vote`. */
function percentOf(before: string, after: string): string | null {
  const b = /([\p{L}-]+(?:\s+[\p{L}-]+)?)\s+of\s+(?:only\s+|about\s+|around\s+|nearly\s+|some\s+|just\s+)?$/iu.exec(before);
  if (b) return b[1].toLowerCase();
  const a = /^\s+of\s+(?:the\s+)?([\p{L}-]+(?:\s+[\p{L}-]+)?)/iu.exec(after);
  return a ? a[1].toLowerCase() : null;
}

/**
 * Finds quantities, percentages and amounts of money in one sentence. A bare number that counts
 * nothing known (a year, `Article 5`, `Dien Bien Phu 2`) is not a quantity.
 */
export function findQuantities(sentence: string, tolerance = DEFAULT_TOLERANCE): Quantity[] {
  const out: Quantity[] = [];
  const used: Array<[number, number]> = [];
  const overlaps = (s: number, e: number) => used.some(([a, b]) => s < b && a < e);

  for (const m of sentence.matchAll(VAGUE)) {
    const phrase = (m[1] ?? `${m[2]} ${m[3]}`).toLowerCase().replace(/\s+/g, ' ');
    const base = m[3] ? (m[3].toLowerCase() === 'thousand' ? 1e3 : 100) : 0;
    const [lo, hi] = m[1] ? VAGUE_RANGES[phrase] : [base * 2, base * 10];
    let noun = headNoun(sentence.slice(m.index! + m[0].length));
    // `crowds of several thousand`: the noun comes first.
    if (!noun && /\b(?:crowds?|throngs?|gatherings?)\s+of\s+$/i.test(sentence.slice(0, m.index!))) noun = { unit: 'people', noun: 'crowds', length: 0, subjects: [] };
    if (!noun) continue;
    const end = m.index! + (noun.length ? m[0].length + noun.length : m[0].trimEnd().length);
    out.push({ kind: 'quantity', start: m.index!, end, value: lo, low: lo, high: hi, unit: noun.unit, noun: noun.noun, approximator: phrase, npSubjects: noun.subjects });
    used.push([m.index!, end]);
  }

  for (const m of sentence.matchAll(NUMBER)) {
    let start = m.index!;
    let end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const isWord = /^\p{L}/u.test(m[0]);
    // A capitalised number word mid-sentence is part of a name (`the Five Sahel Forces`).
    if (isWord && /^\p{Lu}/u.test(m[0]) && sentence.slice(0, start).trim().length > 0) continue;
    const parsed = parseNumber(m[0]);
    if (!parsed) continue;
    let { value } = parsed;
    let rounding = roundingOf(parsed.value, parsed.decimals);

    let after = sentence.slice(end, end + 200);
    const scale = /^\s*(thousand|million|billion|trillion|bn|mn|mln)\b|^(m|k|b|bn)\b/i.exec(after);
    if (scale) {
      const factor = SCALES[(scale[1] ?? scale[2]).toLowerCase()];
      value *= factor;
      rounding *= factor;
      end += scale[0].length;
      after = sentence.slice(end);
    }
    // Look back a short window only: a whole-prefix search per number is quadratic in long lists.
    const before = sentence.slice(Math.max(0, start - 8), start);
    const sign = /(US\$|€|\$|£)\s*$/.exec(before);
    if (sign) start -= sign[0].length;
    const approxMatch = APPROX.exec(sentence.slice(Math.max(0, start - 40), start));
    let approx = approxMatch ? approxMatch[1].toLowerCase().replace(/\s+/g, ' ') : null;
    if (approxMatch) start -= approxMatch[0].length - (/^[\s(]/.test(approxMatch[0]) ? 1 : 0);
    if (approx === 'only') approx = null;

    // Ranges: `between 4,500 and 5,100`, `4,500–5,100`, `from 10 to 20`.
    let high: number | null = null;
    const rangeTail = RANGE_TAIL.exec(after);
    const isRange = rangeTail && (approx === 'between' || approx === 'from' || /^\s*[–—-]/.test(after));
    if (isRange) {
      const second = parseNumber(rangeTail[1]);
      if (second) {
        const f = rangeTail[2] ? SCALES[rangeTail[2].trim().toLowerCase()] : scale ? SCALES[(scale[1] ?? scale[2]).toLowerCase()] : 1;
        high = second.value * f;
        end += rangeTail[0].length;
        after = sentence.slice(end, end + 200);
      }
    }
    if (approx === 'between' || approx === 'from') approx = high === null ? null : approx;

    // Skip bare years: four digits, no grouping, no unit to follow.
    const bareYear = /^(?:1[89]|20)\d{2}$/.test(m[0]);

    let kind: Quantity['kind'] = 'quantity';
    let unit: string | null = null;
    let noun: string | null = null;
    let npSubjects: string[] = [];
    const pct = /^\s*(%|per\s?cent|percent|pc\b|percentage\s+points)/i.exec(after);
    const currencyWord = /^\s*((?:US\s)?dollars?|euros?|(?:CFA\s)?francs?(?:\sCFA)?|FCFA|pounds?(?:\ssterling)?|USD|EUR|XOF|GBP)\b/i.exec(after);
    if (pct) {
      kind = 'percent';
      unit = 'percent';
      noun = percentOf(sentence.slice(Math.max(0, start - 80), start), after.slice(pct[0].length, pct[0].length + 80));
      end += pct[0].length;
    } else if (sign || currencyWord) {
      kind = 'money';
      unit = sign ? currencyOf(sign[1]) : currencyOf(currencyWord![1]);
      if (currencyWord) end += currencyWord[0].length;
    } else {
      const h = headNoun(after);
      if (!h || bareYear) continue;
      unit = h.unit;
      noun = h.noun;
      npSubjects = h.subjects;
      end += h.length;
    }
    if (!unit) continue;

    const [lo, hi] = high !== null ? [value - rounding, high + rounding] : intervalOf(value, rounding, approx, tolerance);
    const q: Quantity = { kind, start, end, value, low: lo, high: hi, unit, noun, approximator: approx, npSubjects };
    if (parsed.ambiguous) q.ambiguous = true;

    // One amount in two currencies: `600 million euros (708 million dollars)`.
    if (kind === 'money') {
      const paren = OTHER_CURRENCY.exec(sentence.slice(end));
      if (paren) {
        const alt = parseNumber(paren[1]);
        const code = paren[3] ? currencyOf(paren[3]) : null;
        if (alt && code) {
          q.alternatives = [{ value: alt.value * (paren[2] ? SCALES[paren[2].toLowerCase()] : 1), unit: code }];
          q.end = end + paren[0].length;
        }
      }
    }
    out.push(q);
    used.push([q.start, q.end]);
  }
  return out.sort((a, b) => a.start - b.start);
}

