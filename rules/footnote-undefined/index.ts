import { defineRule } from '../../src/rule.js';

/** A footnote marker with no definition anywhere in the brief. */
export default defineRule({
  id: 'footnote-undefined',
  scope: 'document',
  meta: {
    summary: 'A footnote marker has no definition.',
    defaultSeverity: 'error',
    messages: {
      missing: 'Footnote marker `{marker}` has no definition: add a footnote {label} or remove the marker',
    },
  },
  check(ctx) {
    const labels = new Set(ctx.doc.footnotes.map((f) => f.label));
    for (const m of ctx.doc.markers) {
      if (labels.has(m.label)) continue;
      const marker = ctx.doc.text.slice(m.range.start.offset, m.range.end.offset);
      ctx.report({ messageId: 'missing', data: { marker, label: m.label }, at: m.range });
    }
  },
});
