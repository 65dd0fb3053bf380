import { defineRule } from '../../src/rule.js';
import { firstLine } from '../../src/rule-helpers.js';
import { isoAt } from '../../src/formatters/extract.js';
import type { DateValue } from '../../src/document.js';

/** Every reading of a date, so that no finding rests on one reading of an ambiguous date. */
const readings = (d: DateValue) => [d, ...(d.alternatives ?? [])];

/** A cited source dated after the brief itself was published. */
export default defineRule({
  id: 'citation-date-after-publication',
  scope: 'document',
  meta: {
    summary: 'A cited source is dated after the brief was published.',
    defaultSeverity: 'warn',
    messages: {
      after: 'Footnote {label} cites a source dated {date}, after this brief was published ({published}): check the date or the citation',
    },
  },
  check(ctx) {
    const published = ctx.doc.published;
    if (!published) return;
    for (const f of ctx.doc.footnotes) {
      const c = f.citation;
      if (c?.kind !== 'source' || !c.date) continue;
      if (!readings(c.date).every((r) => r.start > published.end)) continue;
      ctx.report({
        messageId: 'after',
        data: { label: f.label, date: isoAt(c.date)!, published: isoAt(published)! },
        at: c.dateRange ?? firstLine(ctx.doc, f.range),
      });
    }
  },
});
