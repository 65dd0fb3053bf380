import { defineRule } from '../../src/rule.js';
import { firstLine } from '../../src/rule-helpers.js';

/** `Ibid.`, `op. cit.`, `supra` with nothing (or nothing unique) to refer to. */
export default defineRule({
  id: 'citation-unresolved-shortform',
  scope: 'document',
  meta: {
    summary: 'A short-form citation (Ibid., op. cit., supra) does not point at a unique earlier source.',
    defaultSeverity: 'warn',
    messages: {
      unresolved: 'Footnote {label} says "{form}" but {reason}: give the full citation here',
    },
  },
  check(ctx) {
    for (const f of ctx.doc.footnotes) {
      const c = f.citation;
      if (c?.kind !== 'shortform' || c.resolvesTo) continue;
      ctx.report({
        messageId: 'unresolved',
        data: { label: f.label, form: c.shortForm ?? 'short form', reason: c.unresolvedReason ?? 'it cannot be resolved' },
        at: firstLine(ctx.doc, f.range),
      });
    }
  },
});
