import { defineRule } from '../../src/rule.js';
import { dateConflicts, ignorePatterns } from '../../src/consistency.js';
import { eventSubject, relatedOf, showDate, whereOthers } from '../../src/claim-format.js';

/** Two claims that date the same event differently. */
export default defineRule({
  id: 'claim-inconsistent-date',
  scope: 'project',
  meta: {
    summary: 'Claims date the same event differently.',
    defaultSeverity: 'error',
    messages: {
      majority: '{subject} is dated {value} here; {others}. Check the date',
      tie: '{subject} is dated {value} here, but {others}. Check the date',
    },
  },
  check(ctx) {
    for (const conflict of dateConflicts(ctx.docs, ignorePatterns(ctx.settings))) {
      const c = conflict.outlier.claim;
      ctx.report({
        doc: conflict.outlier.doc,
        messageId: conflict.majority ? 'majority' : 'tie',
        data: { subject: eventSubject(c), value: showDate(c), others: whereOthers(conflict, showDate) },
        at: c.range,
        related: relatedOf(conflict.others, showDate),
        extra: { event: c.event, subjects: c.subjects, date: { start: c.date.start, end: c.date.end } },
      });
    }
  },
});
