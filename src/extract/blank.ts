/**
 * Replaces the characters of sorted, possibly overlapping ranges with spaces, keeping line ends,
 * so every offset into the text still holds.
 */
export function blankRanges(text: string, ranges: Iterable<readonly [number, number]>): string {
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    const from = Math.max(s, at, 0);
    const to = Math.min(e, text.length);
    if (to <= from) continue;
    parts.push(text.slice(at, from), spaces(text.slice(from, to)));
    at = to;
  }
  if (parts.length === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}

/** A run of spaces as long as `s`, with its line ends where they were. */
export function spaces(s: string): string {
  return s.includes('\n') || s.includes('\r') ? s.replace(/[^\r\n]/g, ' ') : ' '.repeat(s.length);
}
