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
 */
export function splitSentences(text: string): Sentence[] {
  const lines = text.split(/\r\n|\r|\n/);
  const nonBlank = lines.filter((l) => l.trim()).length;
  const blankAfterLine = lines.filter((l, i) => l.trim() && i + 1 < lines.length && !lines[i + 1].trim()).length;
  const doubleSpaced = nonBlank > 6 && blankAfterLine / nonBlank > 0.6;

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
  // Jump from one possible boundary to the next instead of testing every character.
  const boundary = /[.!?\n\r•▪]/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const i = m.index;
    const ch = text[i];
    if (ch === '•' || ch === '▪') {
      push(i);
      start = i + 1;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      // A blank line (two line ends with only spaces between) ends a paragraph.
      let j = i + 1;
      if (ch === '\r' && text[j] === '\n') {
        j++;
        boundary.lastIndex = j;
      }
      let k = j;
      while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
      // A list item starts a new sentence.
      if (/^(?:[-*+•]|\d{1,3}[.)])\s/.test(text.slice(k, k + 5))) {
        push(i);
        continue;
      }
      if (text[k] === '\n' || text[k] === '\r') {
        const before = text.slice(start, i).trimEnd();
        const lastLine = before.slice(before.lastIndexOf('\n') + 1);
        const punctuated = /[.!?:"”’')\]]$/.test(before);
        // In double-spaced PDF text a blank line follows every line, so only punctuation or a
        // Title-Case heading line ends a sentence there.
        const ended = doubleSpaced ? punctuated || isHeading(lastLine) : punctuated || before.length < 80;
        if (ended) push(i);
      }
      continue;
    }
    if (ch !== '.' && ch !== '!' && ch !== '?') continue;
    const next = text.slice(i + 1, i + 4);
    if (!/^["”’)]?\s+["“‘(]?[\p{Lu}\d•]/u.test(next) && !/^\s*$/.test(next)) continue;
    if (ch === '.') {
      const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i))?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word)) continue;
    }
    let end = i + 1;
    while (end < text.length && /["”’)]/.test(text[end])) end++;
    push(end);
  }
  push(text.length);
  return out;
}

/** What `\s` matches, without a regular expression per character. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A short line whose words are mostly capitalised and that does not end mid-phrase. */
function isHeading(line: string): boolean {
  const words = line.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 14 || /[,;]$/.test(line.trim())) return false;
  const capitalised = words.filter((w) => /^["'“‘(]?\p{Lu}/u.test(w)).length;
  return capitalised / words.length >= 0.6;
}
