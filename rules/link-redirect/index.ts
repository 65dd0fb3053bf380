import { defineRule } from '../../src/rule.js';
import { reportLinks } from '../../src/rule-helpers.js';

/** A cited URL that has moved permanently (301/308): cite where it went. */
export default defineRule({
  id: 'link-redirect',
  scope: 'links',
  meta: {
    summary: 'A cited page has moved permanently; the message gives the new address.',
    defaultSeverity: 'warn',
    messages: { moved: '{url} has moved permanently to {final}: cite the new address' },
  },
  check(ctx) {
    reportLinks(ctx, ['redirect'], 'moved', (status, link) =>
      status.finalUrl ? { description: `Replace with ${status.finalUrl}`, edits: [{ range: link.repaired?.range ?? link.range, text: status.finalUrl }] } : null,
    );
  },
});
