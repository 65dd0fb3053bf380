import { defineRule } from '../../src/rule.js';
import { placeholderReason } from '../../src/extract/urls.js';

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
