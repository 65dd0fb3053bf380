import type { Point, Range } from '../types.js';

/** Maps offsets to 1-based line/column; CR, LF and CRLF all end a line. */
export class LineIndex {
  /** Offsets at which each line starts. */
  readonly starts: number[];
  private readonly length: number;
  private source: string | (() => string);

  constructor(text: string) {
    const starts = [0];
    if (text.indexOf('\r') === -1) {
      // The usual case, and ten times faster: indexOf scans natively.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
    this.length = text.length;
    this.source = text;
  }

  /**
   * An index from the line starts and length of a text, which is read only if a line's text is
   * asked for: a cached summary places its claims without reading its brief.
   */
  static of(starts: number[], length: number, text: () => string): LineIndex {
    const index = Object.create(LineIndex.prototype) as LineIndex;
    Object.assign(index, { starts, length, source: text });
    return index;
  }

  get text(): string {
    if (typeof this.source === 'function') this.source = this.source();
    return this.source;
  }

  /** The point at an offset, clamped into the text. */
  point(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1, offset: o };
  }

  /** The range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.point(start), end: this.point(Math.max(start, end)) };
  }

  /** The text of a 1-based line, without its line ending. */
  lineText(line: number): string {
    const s = this.starts[line - 1] ?? this.length;
    let e = this.starts[line] ?? this.length;
    while (e > s && (this.text[e - 1] === '\n' || this.text[e - 1] === '\r')) e--;
    return this.text.slice(s, e);
  }
}

/** How many characters an excerpt shows on each side of its range, at most. */
export const EXCERPT_WIDTH = 60;

/** A short one-line excerpt around a range, with ellipses where it was cut. */
export function excerpt(text: string, start: number, end: number, width = EXCERPT_WIDTH): string {
  let from = Math.max(0, start - width);
  let to = Math.min(text.length, end + width);
  // Cut at word boundaries, never inside a word.
  while (from > 0 && from < start && /\S/.test(text[from - 1])) from++;
  while (to < text.length && to > end && /\S/.test(text[to])) to--;
  let s = text.slice(from, to).replace(/\s+/g, ' ').trim();
  if (from > 0) s = '…' + s;
  if (to < text.length) s = s + '…';
  return s;
}
