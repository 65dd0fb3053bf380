import { defineRule } from '../../src/rule.js';

/** A URL split by a line break or a space in text extracted from a PDF. */
export default defineRule({
  id: 'citation-broken-url',
  scope: 'document',
  meta: {
    summary: 'A URL is split across lines or by a space (PDF text).',
    defaultSeverity: 'error',
    messages: {
      split: 'URL is split across {where}; as written it points at {broken}. Rejoined: {repaired}',
    },
  },
  check(ctx) {
    for (const link of ctx.doc.links) {
      if (!link.repaired) continue;
      const multiLine = link.repaired.range.end.line > link.range.start.line;
      ctx.report({
        messageId: 'split',
        data: { where: multiLine ? 'lines' : 'a space', broken: link.url, repaired: link.repaired.url },
        at: link.range,
        fix: { description: `Rejoin the URL as ${link.repaired.url}`, edits: [{ range: link.repaired.range, text: link.repaired.url }] },
        extra: { repaired: link.repaired.url },
      });
    }
  },
});
