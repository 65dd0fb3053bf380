import { unified } from 'unified';
import remarkParse from 'remark-parse';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { frontmatter } from 'micromark-extension-frontmatter';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import type { Root } from 'mdast';

// Only the syntax briefs use: the whole of remark-gfm (tables, autolink literals, strikethrough)
// more than doubles parse time, and bare URLs are found by our own scanner anyway.
const processor = unified()
  .use(remarkParse)
  .data('micromarkExtensions', [gfmFootnote(), frontmatter(['yaml'])])
  .data('fromMarkdownExtensions', [gfmFootnoteFromMarkdown(), frontmatterFromMarkdown(['yaml'])])
  .freeze();

/** Parses Markdown into mdast with GFM footnotes and YAML front matter. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}
