import { defineRule } from '../../src/rule.js';
import { ignorePatterns, numberConflicts } from '../../src/consistency.js';
import { quantitySubject, relatedOf, showQuantity, whereOthers } from '../../src/claim-format.js';

/** Two claims about the same quantity (subject, unit, place, time) whose values cannot both be true. */
export default defineRule({
  id: 'claim-inconsistent-number',
  scope: 'project',
  meta: {
    summary: 'Claims about the same quantity disagree, in one brief or across briefs.',
    defaultSeverity: 'error',
    messages: {
      majority: '{subject}: {value} here; {others}. Check which figure is right',
      tie: '{subject}: {value} here, but {others}. Check which figure is right',
    },
  },
  check(ctx) {
    for (const conflict of numberConflicts(ctx.docs, ignorePatterns(ctx.settings))) {
      const c = conflict.outlier.claim;
      ctx.report({
        doc: conflict.outlier.doc,
        messageId: conflict.majority ? 'majority' : 'tie',
        data: { subject: quantitySubject(c), value: showQuantity(c), others: whereOthers(conflict, showQuantity) },
        at: c.range,
        related: relatedOf(conflict.others, showQuantity),
        extra: {
          subject: quantitySubject(c),
          value: { low: c.low, high: c.high },
          supported: conflict.majority,
        },
      });
    }
  },
});
