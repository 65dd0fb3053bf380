import type { LineIndex } from '../parse/positions.js';

/** A footnote marker found by scanning text, as offsets. */
export interface ScannedMarker {
  label: string;
  start: number;
  end: number;
  style: 'bracket' | 'glued' | 'superscript';
}

/** A footnote definition found by scanning text, as offsets. */
export interface ScannedDefinition {
  label: string;
  start: number;
  end: number;
  textStart: number;
  style: 'bracket' | 'numbered';
}

const BRACKET_DEF = /^([ \t]*)\[(\d{1,3})\][ \t]*(?=\S)/;
// The rule a PDF draws above its notes (`_____`), which stands for the blank line before a note.
const SEPARATOR_RULE = /^[ \t]*[_\-–—=]{5,}[ \t]*$/;
// `1 Title, …` and `12 In Afghanistan …`, but not `1. Heading`, `1) point` or `15 000 troops`.
const NUMBERED_DEF = /^([ \t]*)(\d{1,3})[ \t]+(?=[^\s\d.)])/;
const BRACKET_MARKER = /\[(\d{1,3})\](?![(:[])/g;
// A marker glued to a word of three letters or more, or to closing punctuation: `SERVAL.2`,
// `Dimanche".1`. The digits are matched first and what they are glued to is checked after:
// a pattern that opens with a look-behind is tried at every character of the text.
const GLUED_MARKER = /\d{1,3}(?=[\s.,;:!?)\]"'’”]|$)/g;
const GLUED_TO = /(?:\p{L}{3}|[.,;:!?"'’”)\]])$/u;
const YEAR_THEN_STOP = /\b(?:1[89]|20)\d\d\.$/;
const SUPERSCRIPT_MARKER = /[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g;
const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
// Locators whose number is a page, issue or article, never a marker: `p.1`, `No.62`, `art.5`.
const LOCATOR_BEFORE = /(?:^|[^\p{L}])(?:p|pp|pg|no|nos|vol|art|para|ch|fig|sec|n|nr)\.?\s*$/iu;

/**
 * Finds footnote markers and definitions in text that has no Markdown footnote syntax:
 * `[1]` markers with a `[1] …` endnote list, `1 Title, …` lists, and PDF text where markers are
 * digits glued to words and definitions sit at page bottoms. Numbered definitions and glued
 * markers are ambiguous (years, numbered points, page numbers), so they are kept only where they
 * form a 1..N sequence that markers and definitions agree on.
 */
export function scanTextFootnotes(
  text: string,
  lines: LineIndex,
  isMasked: (offset: number) => boolean,
): { markers: ScannedMarker[]; definitions: ScannedDefinition[] } {
  const n = lines.starts.length;
  const lineText: string[] = new Array(n + 1);
  const blank: boolean[] = new Array(n + 2).fill(true);
  for (let l = 1; l <= n; l++) {
    lineText[l] = lines.lineText(l);
    blank[l] = lineText[l].trim() === '';
  }

  const bracketStarts = new Map<number, RegExpExecArray>();
  const numberedStarts = new Map<number, RegExpExecArray>();
  for (let l = 1; l <= n; l++) {
    if (blank[l] || isMasked(lines.starts[l - 1])) continue;
    const b = BRACKET_DEF.exec(lineText[l]);
    if (b && (l === 1 || blank[l - 1] || BRACKET_DEF.test(lineText[l - 1]))) {
      bracketStarts.set(l, b);
      continue;
    }
    const m = NUMBERED_DEF.exec(lineText[l]);
    if (m && l > 1 && (blank[l - 1] || SEPARATOR_RULE.test(lineText[l - 1]))) numberedStarts.set(l, m);
  }

  const isDefStart = (l: number) => bracketStarts.has(l) || numberedStarts.has(l);
  const extentOf = (startLine: number): number => {
    let end = startLine;
    let l = startLine + 1;
    while (l <= n) {
      if (isDefStart(l)) break;
      if (!blank[l]) {
        end = l;
        l++;
        continue;
      }
      let k = l;
      while (k <= n && blank[k]) k++;
      if (k > n || k - l >= 2 || isDefStart(k)) break;
      // PDF text is double-spaced: a definition goes on across one blank line when the line before
      // was hard-wrapped (long, or stopped mid-phrase) or a URL continues.
      const prev = lineText[end].trimEnd();
      const next = lineText[k].trim();
      if (prev.length >= 60 || /[-/,;:\p{L}]$/u.test(prev) || /^(https?:\/\/|www\.|doi:)/i.test(next)) {
        end = k;
        l = k + 1;
        continue;
      }
      break;
    }
    return end;
  };

  const toDefinition = (l: number, m: RegExpExecArray, style: ScannedDefinition['style']): ScannedDefinition => {
    const lineStart = lines.starts[l - 1];
    const endLine = extentOf(l);
    return {
      label: m[2],
      start: lineStart + m[1].length,
      end: lines.starts[endLine - 1] + lineText[endLine].trimEnd().length,
      textStart: lineStart + m[0].length,
      style,
    };
  };

  const definitions: ScannedDefinition[] = [];
  for (const [l, m] of bracketStarts) definitions.push(toDefinition(l, m, 'bracket'));

  // Numbered definitions: the longest run labelled 1, 2, 3 … in reading order.
  const numbered = [...numberedStarts].sort((a, b) => a[0] - b[0]);
  let chain: Array<[number, RegExpExecArray]> = [];
  for (let i = 0; i < numbered.length; i++) {
    if (numbered[i][1][2] !== '1') continue;
    const run = [numbered[i]];
    for (let j = i + 1; j < numbered.length; j++) {
      if (Number(numbered[j][1][2]) === run.length + 1) run.push(numbered[j]);
    }
    if (run.length > chain.length) chain = run;
  }
  const numberedDefs = chain.map(([l, m]) => toDefinition(l, m, 'numbered'));

  const candidates = definitions.concat(numberedDefs);
  const inDefinition = (offset: number) => candidates.some((d) => offset >= d.start && offset < d.end);

  const markers: ScannedMarker[] = [];
  for (const m of text.matchAll(BRACKET_MARKER)) {
    const at = m.index!;
    if (isMasked(at) || inDefinition(at)) continue;
    markers.push({ label: m[1], start: at, end: at + m[0].length, style: 'bracket' });
  }
  for (const m of text.matchAll(SUPERSCRIPT_MARKER)) {
    const at = m.index!;
    if (at === 0 || /\s/.test(text[at - 1]) || isMasked(at) || inDefinition(at)) continue;
    const label = String(Number([...m[0]].map((c) => SUPERSCRIPT_DIGITS.indexOf(c)).join('')));
    markers.push({ label, start: at, end: at + m[0].length, style: 'superscript' });
  }

  const defined = new Set(candidates.map((d) => d.label));
  const glued: ScannedMarker[] = [];
  // `in October 2013.7`: a sentence that ends in a year, then its marker; or a decimal. Kept
  // aside, and taken only where it fills the one gap in the sequence around it.
  const afterYear: ScannedMarker[] = [];
  // Glued markers only count with a definition to point at; without any, skip the costly scan.
  for (const m of defined.size ? text.matchAll(GLUED_MARKER) : []) {
    const at = m.index!;
    if (!defined.has(m[0]) || isMasked(at) || inDefinition(at)) continue;
    const before = text.slice(Math.max(0, at - 12), at);
    if (!GLUED_TO.test(before) || LOCATOR_BEFORE.test(before)) continue;
    const marker: ScannedMarker = { label: m[0], start: at, end: at + m[0].length, style: 'glued' };
    if (YEAR_THEN_STOP.test(before)) afterYear.push(marker);
    else if (!/\d[.,:]$/.test(before)) glued.push(marker);
  }
  const sequence = longestIncreasing(glued);
  for (const y of afterYear) {
    const label = Number(y.label);
    const previous = sequence.filter((m) => m.start < y.start).pop();
    const next = sequence.find((m) => m.start > y.start);
    if ((previous ? Number(previous.label) : 0) + 1 !== label) continue;
    if (next && Number(next.label) <= label) continue;
    sequence.splice(previous ? sequence.indexOf(previous) + 1 : 0, 0, y);
  }
  markers.push(...sequence);

  // A numbered list with no marker pointing into it is a list, not footnotes.
  const referenced = new Set(markers.map((m) => m.label));
  if (numberedDefs.some((d) => referenced.has(d.label))) definitions.push(...numberedDefs);
  else {
    const keep = markers.filter((m) => m.style !== 'glued' || definitions.some((d) => d.label === m.label));
    markers.length = 0;
    markers.push(...keep);
  }

  markers.sort((a, b) => a.start - b.start);
  definitions.sort((a, b) => a.start - b.start);
  return { markers, definitions };
}

/** The longest subsequence whose labels strictly increase (years and pages fall out of it). */
function longestIncreasing(markers: ScannedMarker[]): ScannedMarker[] {
  const len = markers.map(() => 1);
  const prev = markers.map(() => -1);
  let best = -1;
  for (let i = 0; i < markers.length; i++) {
    for (let j = 0; j < i; j++) {
      if (Number(markers[j].label) < Number(markers[i].label) && len[j] + 1 > len[i]) {
        len[i] = len[j] + 1;
        prev[i] = j;
      }
    }
    if (best < 0 || len[i] > len[best]) best = i;
  }
  const out: ScannedMarker[] = [];
  for (let i = best; i >= 0; i = prev[i]) out.push(markers[i]);
  return out.reverse();
}
