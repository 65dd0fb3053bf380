import { defineRule } from '../../src/rule.js';
import { dateConflicts, ignorePatterns } from '../../src/consistency.js';
import { eventSubject, reportConflicts, showDate } from '../../src/claim-format.js';

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
    reportConflicts(ctx, dateConflicts(ctx.docs, ignorePatterns(ctx.settings)), eventSubject, showDate, (c) => ({
      event: c.event,
      subjects: c.subjects,
      date: { start: c.date.start, end: c.date.end },
    }));
  },
});
