import type { Root, Paragraph } from 'mdast';
import type { LineIndex } from './positions.js';

/**
 * Turns plain text (pasted from PDFs and web pages) into mdast: one paragraph per run of
 * non-blank lines. Indentation never makes a code block, and positions are exact. The extractors
 * work on offsets into the text directly; this is for API users who want a tree of a `.txt` brief.
 */
export function parseText(text: string, lines: LineIndex): Root {
  const children: Paragraph[] = [];
  let blockStart = -1;
  const n = lines.starts.length;
  const flush = (endLine: number) => {
    if (blockStart < 0) return;
    const startOffset = lines.starts[blockStart - 1];
    const lastLine = lines.lineText(endLine);
    const endOffset = lines.starts[endLine - 1] + lastLine.length;
    const position = { start: lines.point(startOffset), end: lines.point(endOffset) };
    children.push({
      type: 'paragraph',
      position,
      children: [{ type: 'text', value: text.slice(startOffset, endOffset), position }],
    });
    blockStart = -1;
  };
  for (let line = 1; line <= n; line++) {
    const blank = lines.lineText(line).trim() === '';
    if (!blank && blockStart < 0) blockStart = line;
    if (blank) flush(line - 1);
  }
  flush(n);
  return {
    type: 'root',
    children,
    position: { start: lines.point(0), end: lines.point(text.length) },
  };
}
