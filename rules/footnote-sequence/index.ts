import { defineRule } from '../../src/rule.js';

/** Numbered markers that skip a number or go back, in reading order. */
export default defineRule({
  id: 'footnote-sequence',
  scope: 'document',
  meta: {
    summary: 'Numbered footnote markers skip or go back.',
    defaultSeverity: 'warn',
    messages: {
      skip: 'Unexpected footnote {label}, expected {expected}: the numbering skips {missing}',
      back: 'Unexpected footnote {label} after {previous}: numbered notes should first appear in order',
    },
  },
  check(ctx) {
    let highest = 0;
    const seen = new Set<string>();
    for (const m of ctx.doc.markers) {
      if (!/^\d+$/.test(m.label)) continue;
      // Citing an earlier note again is normal; only a note's first appearance must be in order.
      if (seen.has(m.label)) continue;
      seen.add(m.label);
      const n = Number(m.label);
      if (n === highest + 1) highest = n;
      else if (n > highest + 1) {
        const missing = n - highest === 2 ? String(highest + 1) : `${highest + 1}–${n - 1}`;
        ctx.report({ messageId: 'skip', data: { label: n, expected: highest + 1, missing }, at: m.range });
        highest = n;
      } else {
        ctx.report({ messageId: 'back', data: { label: n, previous: highest }, at: m.range });
      }
    }
  },
});
