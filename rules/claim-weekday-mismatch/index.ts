import { defineRule } from '../../src/rule.js';
import type { DateClaim } from '../../src/extract/claims.js';
import { showDate } from '../../src/claim-format.js';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A date whose stated weekday is wrong (`Monday, 25 May 2021` was a Tuesday). */
export default defineRule({
  id: 'claim-weekday-mismatch',
  scope: 'document',
  meta: {
    summary: 'A stated weekday does not match its date.',
    defaultSeverity: 'error',
    messages: {
      mismatch: '{date} was a {actual}, not a {stated}: check the date or the weekday',
    },
  },
  check(ctx) {
    for (const c of ctx.doc.claims) {
      if (c.kind !== 'date') continue;
      const d = c as DateClaim;
      if (!d.weekday || d.weekday.matches) continue;
      const actual = WEEKDAYS[new Date(`${d.date.start}T12:00:00Z`).getUTCDay()];
      ctx.report({ messageId: 'mismatch', data: { date: showDate(d), actual, stated: d.weekday.stated }, at: d.range });
    }
  },
});
