import { defineRule } from '../../src/rule.js';

const PLACEHOLDER_HOST = /^(?:[\w-]+\.)*example\.(?:com|org|net)$|^localhost$/i;

/** Why a link target is a placeholder, or null when it is a real address. */
export function placeholderReason(url: string): string | null {
  const u = url.trim();
  if (u === '') return 'is empty';
  if (u === '#' || /^#\s*$/.test(u)) return 'points at `#`';
  if (/^javascript:/i.test(u)) return 'is a `javascript:` link';
  try {
    const host = new URL(/^www\./i.test(u) ? `https://${u}` : u).hostname;
    if (PLACEHOLDER_HOST.test(host)) return `points at the placeholder host ${host}`;
  } catch {
    // A relative link or an in-page anchor (`#section`) is not a placeholder.
  }
  return null;
}

/** A link to `#`, an empty target, `javascript:`, example.com or localhost. */
export default defineRule({
  id: 'citation-placeholder-url',
  scope: 'document',
  meta: {
    summary: 'A link points at a placeholder instead of a source.',
    defaultSeverity: 'error',
    messages: {
      placeholder: 'Link "{text}" {reason}: replace it with the real source URL',
    },
  },
  check(ctx) {
    for (const link of ctx.doc.links) {
      const reason = placeholderReason(link.url);
      if (!reason) continue;
      // Name the link by its label when it has one (`[Chad](#)`), else by its target.
      const line = ctx.doc.lines.lineText(link.range.start.line);
      const before = line.slice(0, link.range.start.column - 1);
      const label = /\[([^\]]*)\]\($/.exec(before)?.[1];
      ctx.report({ messageId: 'placeholder', data: { text: label ?? (link.url || '()'), reason }, at: link.range });
    }
  },
});
