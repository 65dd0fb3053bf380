import { defineRule } from '../../src/rule.js';
import { reportLinks } from '../../src/rule-helpers.js';

/** A cited URL that answers 404 or 410, whose name does not exist, or that refuses connections. */
export default defineRule({
  id: 'link-dead',
  scope: 'links',
  meta: {
    summary: 'A cited page is gone: 404, 410, no such host, or connection refused.',
    defaultSeverity: 'error',
    messages: {
      dead: 'Cited page is dead ({detail}): {url}. Replace it, or cite an archived copy',
      archived: 'Cited page is dead ({detail}): {url}. Cite the archived copy from {archivedDate} instead: {archivedUrl}',
    },
  },
  check(ctx) {
    reportLinks(ctx, ['dead'], (status) => (status.archived ? 'archived' : 'dead'), (status, link) =>
      status.archived ? { description: `Cite the archived copy from ${status.archived.date}`, edits: [{ range: link.repaired?.range ?? link.range, text: status.archived.url }] } : null,
    );
  },
});
