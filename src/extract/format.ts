// Kept apart from document.ts so that deciding a format costs no parser at start-up.

/** Input formats, by how they are parsed. */
export type InputFormat = 'markdown' | 'text';

/** The format a file name implies: Markdown for `.md`/`.markdown`, plain text otherwise. */
export function formatOf(path: string): InputFormat {
  return /\.(md|markdown|mdown|mkd)$/i.test(path) ? 'markdown' : 'text';
}

/** Positions are those an editor shows, so a leading BOM is not part of the text. */
export function stripBom(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}
