import { defineRule } from '../../src/rule.js';
import { reportLinks } from '../../src/rule-helpers.js';

/** A 200 that is really "not found", or a deep link sent to the site's home page. */
export default defineRule({
  id: 'link-soft-404',
  scope: 'links',
  meta: {
    summary: 'A cited page answers, but is really "not found" (or sends readers to the home page).',
    defaultSeverity: 'warn',
    messages: {
      soft: '{url} no longer shows the cited page ({detail}). Find its new address or cite an archived copy',
      archived: '{url} no longer shows the cited page ({detail}). Cite the archived copy from {archivedDate} instead: {archivedUrl}',
    },
  },
  check(ctx) {
    reportLinks(ctx, ['soft-404'], (status) => (status.archived ? 'archived' : 'soft'), (status, link) =>
      status.archived ? { description: `Cite the archived copy from ${status.archived.date}`, edits: [{ range: link.repaired?.range ?? link.range, text: status.archived.url }] } : null,
    );
  },
});
