import type { Rule } from '../src/rule.js';
import footnoteUndefined from './footnote-undefined/index.js';
import footnoteUnused from './footnote-unused/index.js';
import footnoteDuplicate from './footnote-duplicate/index.js';
import footnoteSequence from './footnote-sequence/index.js';

/** Every built-in rule, in documentation order. */
export const rules: Rule[] = [footnoteUndefined, footnoteUnused, footnoteDuplicate, footnoteSequence];

/** Rule ids the contract reserves for rules that later issues add; configuring them is allowed. */
export const reservedRuleIds = [
  'citation-unresolved-shortform',
  'citation-missing-url',
  'citation-placeholder-url',
  'citation-broken-url',
  'citation-date-after-publication',
  'link-dead',
  'link-unreachable',
  'link-redirect',
  'link-soft-404',
  'link-blocked',
  'claim-inconsistent-number',
  'claim-inconsistent-date',
  'claim-weekday-mismatch',
];
