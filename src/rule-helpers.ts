import type { BriefDocument } from './document.js';
import type { Range } from './types.js';

/** The part of a range on its first line: where an editor should underline a multi-line block. */
export function firstLine(doc: BriefDocument, range: Range): Range {
  if (range.start.line === range.end.line) return range;
  const length = doc.lines.lineText(range.start.line).length - range.start.column + 1;
  return { start: range.start, end: doc.lines.point(range.start.offset + Math.max(1, length)) };
}
