import type { Rule } from '../src/rule.js';
import footnoteUndefined from './footnote-undefined/index.js';
import footnoteUnused from './footnote-unused/index.js';
import footnoteDuplicate from './footnote-duplicate/index.js';
import footnoteSequence from './footnote-sequence/index.js';
import citationUnresolvedShortform from './citation-unresolved-shortform/index.js';
import citationMissingUrl from './citation-missing-url/index.js';
import citationPlaceholderUrl from './citation-placeholder-url/index.js';
import citationBrokenUrl from './citation-broken-url/index.js';
import citationDateAfterPublication from './citation-date-after-publication/index.js';
import claimInconsistentNumber from './claim-inconsistent-number/index.js';
import claimInconsistentDate from './claim-inconsistent-date/index.js';
import claimWeekdayMismatch from './claim-weekday-mismatch/index.js';

/** Every built-in rule, in documentation order. */
export const rules: Rule[] = [
  footnoteUndefined,
  footnoteUnused,
  footnoteDuplicate,
  footnoteSequence,
  citationUnresolvedShortform,
  citationMissingUrl,
  citationPlaceholderUrl,
  citationBrokenUrl,
  citationDateAfterPublication,
  claimInconsistentNumber,
  claimInconsistentDate,
  claimWeekdayMismatch,
];

/** Rule ids the contract reserves for rules that later issues add; configuring them is allowed. */
export const reservedRuleIds = [
  'link-dead',
  'link-unreachable',
  'link-redirect',
  'link-soft-404',
  'link-blocked',
];
