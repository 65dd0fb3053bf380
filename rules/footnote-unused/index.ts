import { defineRule } from '../../src/rule.js';
import { firstLine } from '../../src/rule-helpers.js';

/** A footnote definition that no marker points at. */
export default defineRule({
  id: 'footnote-unused',
  scope: 'document',
  meta: {
    summary: 'A footnote definition is never referenced.',
    defaultSeverity: 'warn',
    messages: {
      unused: 'Footnote {label} is defined but no marker refers to it: add a marker in the text or remove the note',
    },
  },
  check(ctx) {
    const seen = new Set<string>();
    for (const f of ctx.doc.footnotes) {
      // The second definition of a label is footnote-duplicate's finding, not this one's.
      if (seen.has(f.label)) continue;
      seen.add(f.label);
      if (ctx.doc.markers.some((m) => m.label === f.label)) continue;
      ctx.report({ messageId: 'unused', data: { label: f.label }, at: firstLine(ctx.doc, f.range) });
    }
  },
});
