import { defineRule } from '../../src/rule.js';
import { ignorePatterns, numberParts, numberGroupsOf, numberConflictsIn } from '../../src/consistency.js';
import { quantitySubject, reportConflicts, showQuantity } from '../../src/claim-format.js';

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
  parts: (docs, settings) => numberParts(docs, ignorePatterns(settings)),
  groupsOf: numberGroupsOf,
  checkGroup(ctx, group) {
    reportConflicts(ctx, numberConflictsIn(group), quantitySubject, showQuantity, (c) => ({
      interval: { low: c.low, high: c.high },
    }));
  },
});
