import { defineRule } from '../../src/rule.js';
import { dateParts, dateGroupsOf, dateConflictsIn, ignorePatterns } from '../../src/consistency.js';
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
  parts: (docs, settings) => dateParts(docs, ignorePatterns(settings)),
  groupsOf: dateGroupsOf,
  checkGroup(ctx, group) {
    reportConflicts(ctx, dateConflictsIn(group), eventSubject, showDate, (c) => ({
      event: c.event,
      subjects: c.subjects,
      date: { start: c.date.start, end: c.date.end },
    }));
  },
});
