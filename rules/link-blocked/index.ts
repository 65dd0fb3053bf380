import { defineRule } from '../../src/rule.js';
import { reportLinks } from '../../src/rule-helpers.js';

/** 401/403/429/999 or a bot challenge: the link could not be verified, which is not the same as dead. */
export default defineRule({
  id: 'link-blocked',
  scope: 'links',
  meta: {
    summary: 'A site refused the checker (401, 403, 429, 999, bot challenge): could not verify.',
    defaultSeverity: 'warn',
    messages: { blocked: 'Could not verify {url} ({detail}): open it in a browser to confirm it still works' },
  },
  check(ctx) {
    reportLinks(ctx, ['blocked'], 'blocked');
  },
});
