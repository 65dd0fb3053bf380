/** A sentence: offsets into the document text. */
export interface Sentence {
  start: number;
  end: number;
}

const ABBREVIATIONS = new Set([
  'u.s', 'u.n', 'u.k', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'col', 'gen', 'lt', 'capt', 'maj', 'sgt', 'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'nos', 'vs', 'e.g', 'i.e',
  'etc', 'al', 'p', 'pp', 'pg', 'ph.d', 'jr', 'sr', 'inc', 'ltd', 'co', 'op', 'cit', 'ibid', 'fig', 'vol', 'art', 'c',
]);

/**
 * Splits text into sentences. Blank lines end a sentence, except in double-spaced PDF text, where
 * a blank line follows nearly every line and a sentence ends only at its punctuation.
 *
 * Every brief goes through here once, so it reads characters in place: no array of lines, no
 * slice or regular expression per candidate boundary (they were a twentieth of a worker's
 * allocations).
 */
export function splitSentences(text: string): Sentence[] {
  const doubleSpaced = isDoubleSpaced(text);
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    let s = start;
    while (s < end && isSpace(text.charCodeAt(s))) s++;
    let e = end;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (e > s) out.push({ start: s, end: e });
    start = end;
  };
  // Known to be all spaces and line ends: text[spaceFrom, spaceTo).
  let spaceFrom = -1;
  let spaceTo = -1;
  // Whether the line end at `i` (the next line starting at `next`) ends a sentence: a list item
  // follows, or a blank line (two line ends with only spaces between) after a paragraph.
  const endsParagraph = (i: number, next: number): boolean => {
    let k = next;
    while (k < text.length && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) k++;
    if (startsListItem(text, k)) return true;
    const after = text.charCodeAt(k);
    if (after !== LF && after !== CR) return false;
    let e = i;
    while (e > start && isSpace(text.charCodeAt(e - 1))) {
      // Blanked notes and quotes are long runs of blank lines: each is crossed once, not once per line.
      if (e === spaceTo) {
        e = Math.max(start, spaceFrom);
        break;
      }
      e--;
    }
    spaceFrom = e;
    spaceTo = i;
    const punctuated = e > start && ENDS_PARAGRAPH.includes(text[e - 1]);
    // In double-spaced PDF text a blank line follows every line, so only punctuation or a
    // Title-Case heading line ends a sentence there.
    return doubleSpaced
      ? punctuated || isHeading(text.slice(Math.max(start, text.lastIndexOf('\n', e - 1) + 1), e))
      : punctuated || e - start < 80;
  };
  // Jump from one possible boundary to the next instead of testing every character.
  const boundary = /[.!?\n\r•▪]/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const i = m.index;
    const c = text.charCodeAt(i);
    if (c === BULLET || c === SQUARE_BULLET) {
      push(i);
      start = i + 1;
      continue;
    }
    if (c === LF || c === CR) {
      // A \r\n is one line end.
      const next = c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      if (endsParagraph(i, next)) push(i);
      boundary.lastIndex = next;
      continue;
    }
    if (!endsSentence(text, i)) continue;
    if (c === DOT && isAbbreviation(text, i)) continue;
    let end = i + 1;
    while (end < text.length && CLOSERS.includes(text[end])) end++;
    push(end);
  }
  push(text.length);
  return out;
}

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const DOT = 46;
const BULLET = 0x2022;
const SQUARE_BULLET = 0x25aa;
const ENDS_PARAGRAPH = '.!?:"”’\')]';
const CLOSERS = '"”’)';

/** Whether a blank line follows most lines: text pasted out of a double-spaced PDF. */
function isDoubleSpaced(text: string): boolean {
  let nonBlank = 0;
  let blankAfterLine = 0;
  let previousBlank = true;
  const count = (blank: boolean) => {
    if (!blank) nonBlank++;
    else if (!previousBlank) blankAfterLine++;
    previousBlank = blank;
  };
  if (text.includes('\r')) {
    let lineBlank = true;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === LF || c === CR) {
        count(lineBlank);
        lineBlank = true;
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      } else if (lineBlank && !isSpace(c)) lineBlank = false;
    }
    count(lineBlank);
  } else {
    // Line ends found natively; most lines are told apart from blank ones by their first character.
    for (let from = 0; ; ) {
      const lf = text.indexOf('\n', from);
      const end = lf < 0 ? text.length : lf;
      let k = from;
      while (k < end && isSpace(text.charCodeAt(k))) k++;
      count(k === end);
      if (lf < 0) break;
      from = lf + 1;
    }
  }
  return nonBlank > 6 && blankAfterLine / nonBlank > 0.6;
}

/** `- `, `* `, `+ `, `• `, `1. ` or `12) ` at `k`. */
function startsListItem(text: string, k: number): boolean {
  if (k < text.length && '-*+•'.includes(text[k])) return isSpace(text.charCodeAt(k + 1));
  let d = k;
  while (d < k + 3 && isDigit(text.charCodeAt(d))) d++;
  return d > k && (text[d] === '.' || text[d] === ')') && isSpace(text.charCodeAt(d + 1));
}

/**
 * Whether the `.`, `!` or `?` at `i` can end a sentence, judged by the three characters after it:
 * only spaces (or the end of the text), or spaces (after a closing quote or parenthesis) leading
 * to a capital, a digit or a bullet, perhaps behind an opening quote.
 */
function endsSentence(text: string, i: number): boolean {
  const to = Math.min(text.length, i + 4);
  let j = i + 1;
  let allSpace = true;
  for (let x = j; x < to; x++) if (!isSpace(text.charCodeAt(x))) allSpace = false;
  if (allSpace) return true;
  if (j < to && CLOSERS.includes(text[j])) j++;
  const spaces = j;
  while (j < to && isSpace(text.charCodeAt(j))) j++;
  if (j === spaces) return false;
  if (j < to && '"“‘('.includes(text[j])) j++;
  if (j >= to) return false;
  const c = text.charCodeAt(j);
  if (isDigit(c) || c === BULLET) return true;
  if (c >= 0xd800 && c <= 0xdbff) return j + 1 < to && UPPER.test(text.slice(j, j + 2));
  return UPPER.test(text[j]);
}

const UPPER = /^\p{Lu}/u;

/** Whether the `.` at `i` ends a known abbreviation or a single letter (`U.S.`, `op.`, `J.`). */
function isAbbreviation(text: string, i: number): boolean {
  const from = Math.max(0, i - 12);
  let w = i;
  while (w > from) {
    const c = text.charCodeAt(w - 1);
    if (c === DOT || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) w--;
    else if (c < 128) break;
    // Letters beyond ASCII, and surrogate pairs, as the regular expression reads them.
    else return isAbbreviationSlow(text, i);
  }
  if (w === i) return false;
  const word = text.slice(w, i).toLowerCase();
  return ABBREVIATIONS.has(word) || (word.length === 1 && word !== '.');
}

function isAbbreviationSlow(text: string, i: number): boolean {
  const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i))?.[1]?.toLowerCase() ?? '';
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What `\s` matches, without a regular expression per character. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * A short line whose words are mostly capitalised and that does not end mid-phrase. Read in place
 * (it is asked of nearly every line of double-spaced text): a word is a run without spaces, and
 * only words with a letter count.
 */
function isHeading(line: string): boolean {
  let end = line.length;
  while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
  if (end > 0 && (line[end - 1] === ',' || line[end - 1] === ';')) return false;
  let words = 0;
  let capitalised = 0;
  for (let i = 0; i < end; ) {
    while (i < end && isSpace(line.charCodeAt(i))) i++;
    const from = i;
    while (i < end && !isSpace(line.charCodeAt(i))) i++;
    if (from === i || !hasLetter(line, from, i)) continue;
    if (++words > 14) return false;
    if (startsCapitalised(line, from, i)) capitalised++;
  }
  return words > 0 && capitalised / words >= 0.6;
}

function hasLetter(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
    if (c >= 128) return /\p{L}/u.test(text.slice(i, to));
  }
  return false;
}

/** `/^["'“‘(]?\p{Lu}/u` on the word from `from` to `to`. */
function startsCapitalised(text: string, from: number, to: number): boolean {
  let j = from;
  if ('"\'“‘('.includes(text[j])) j++;
  if (j >= to) return false;
  const c = text.charCodeAt(j);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER.test(text.slice(j, Math.min(to, j + 2)));
}
