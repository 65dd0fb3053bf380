import { defineRule } from '../../src/rule.js';
import { reportLinks } from '../../src/rule-helpers.js';

/** A cited URL that could not be reached: timeout, reset, TLS failure, 5xx after retries, redirect loop. */
export default defineRule({
  id: 'link-unreachable',
  scope: 'links',
  meta: {
    summary: 'A cited page could not be reached (timeout, reset, TLS, server errors, redirect loop).',
    defaultSeverity: 'warn',
    messages: {
      unreachable: 'Could not reach {url} ({detail}): it may be down for now; check it again before publishing',
      refused: 'Not checked: {detail}',
    },
  },
  check(ctx) {
    reportLinks(ctx, ['unreachable'], 'unreachable');
    reportLinks(ctx, ['refused'], 'refused');
  },
});
