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
import linkDead from './link-dead/index.js';
import linkUnreachable from './link-unreachable/index.js';
import linkRedirect from './link-redirect/index.js';
import linkSoft404 from './link-soft-404/index.js';
import linkBlocked from './link-blocked/index.js';

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
  linkDead,
  linkUnreachable,
  linkRedirect,
  linkSoft404,
  linkBlocked,
];
