import { defineRule } from '../../src/rule.js';
import { firstLine } from '../../src/rule-helpers.js';

const LOCATOR = /\b(?:isbn(?:-1[03])?:?\s*[\d-]{10,17}[\dx]|arxiv:\s*\d{4}\.\d{4,5}|hdl:\s*\S+|urn:\S+)/i;

/** A source citation with no URL, DOI or other way to find it. */
export default defineRule({
  id: 'citation-missing-url',
  scope: 'document',
  meta: {
    summary: 'A source citation has no URL, DOI or other locator.',
    defaultSeverity: 'warn',
    messages: {
      missing: 'Footnote {label} cites a source with no URL, DOI or ISBN: add a link so readers and cite-lint can check it',
    },
  },
  check(ctx) {
    for (const f of ctx.doc.footnotes) {
      const c = f.citation;
      // Explanatory notes and short forms cite nothing new; only full sources need a locator.
      if (c?.kind !== 'source' || c.url || c.doi || LOCATOR.test(f.text)) continue;
      ctx.report({ messageId: 'missing', data: { label: f.label }, at: firstLine(ctx.doc, f.range) });
    }
  },
});
