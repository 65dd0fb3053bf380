import { defineRule } from '../../src/rule.js';
import { firstLine } from '../../src/rule-helpers.js';
import type { Footnote } from '../../src/document.js';

/** Two definitions of one footnote label. */
export default defineRule({
  id: 'footnote-duplicate',
  scope: 'document',
  meta: {
    summary: 'A footnote label is defined twice.',
    defaultSeverity: 'error',
    messages: {
      duplicate: 'Footnote {label} is defined again here (first at line {line}): markers can only point at one of them',
    },
  },
  check(ctx) {
    const first = new Map<string, Footnote>();
    for (const f of ctx.doc.footnotes) {
      const earlier = first.get(f.label);
      if (!earlier) {
        first.set(f.label, f);
        continue;
      }
      ctx.report({
        messageId: 'duplicate',
        data: { label: f.label, line: earlier.range.start.line },
        at: firstLine(ctx.doc, f.range),
        related: [{ file: ctx.doc.path, range: earlier.range, message: `first definition of footnote ${f.label}` }],
      });
    }
  },
});
