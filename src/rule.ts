import type { BriefDocument, BriefSummary, GroupMember } from './document.js';
import type { Fix, Range, RelatedLocation } from './types.js';
import type { LinkStatus } from './net/types.js';

/** What a rule is about and how loud it is unless configured. */
export interface RuleMeta {
  summary: string;
  defaultSeverity: 'error' | 'warn' | 'info';
  /** Message templates by id; `{name}` placeholders are filled from `data`. */
  messages: Record<string, string>;
}

/** What a rule reports; severity, rule id and docs url are stamped on by the engine. */
export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The document the finding sits in; project rules must say, document rules may not. */
  doc?: BriefSummary;
  at: Range;
  related?: RelatedLocation[];
  fix?: Fix | null;
  note?: string;
  /** Overrides the rule's severity for this finding (an `info` "changed over time" note, say). */
  severity?: 'error' | 'warn' | 'info';
  extra?: Record<string, unknown>;
  /** A finding with the same `once` as an earlier one of the same rule in the run is dropped. */
  once?: string;
}

/**
 * What a rule sees while it runs. Document rules see the whole document; link and project rules
 * run after the document rules, on what a run keeps of each brief (`BriefSummary`).
 */
export interface RuleContext<D extends BriefSummary = BriefDocument> {
  /** The document being checked (document and link rules), or the first document (project rules). */
  doc: D;
  /** Every document in the run (project rules); just `doc` for document and link rules. */
  docs: D[];
  /** Options from `[severity, options]` in the config. */
  options: Record<string, unknown>;
  /** The whole run's configuration section for the rule's family (claims, links …). */
  settings: Record<string, unknown>;
  /** Link verdicts by checked URL (`linkKey`); empty when links were not checked. */
  links: ReadonlyMap<string, LinkStatus>;
  report(descriptor: ReportDescriptor): void;
}

interface RuleBase {
  id: string;
  meta: RuleMeta;
}

/**
 * A lint rule: reads extracted facts and reports findings. `document` rules run per brief, as
 * soon as it is extracted (in the worker that extracted it, and their findings are cached with
 * it); `links` rules run per brief once the cited URLs are checked; `project` rules run once over
 * every brief (cross-document checks).
 */
export type Rule =
  | (RuleBase & { scope: 'document'; check(ctx: RuleContext<BriefDocument>): void })
  | (RuleBase & { scope: 'links'; check(ctx: RuleContext<BriefSummary>): void })
  | (RuleBase & { scope: 'project'; check(ctx: RuleContext<BriefSummary>): void })
  | (RuleBase & GroupedRule);

/**
 * A project rule that splits the run's claims into parts (buckets of claims that can be compared)
 * and parts into groups, and checks each group on its own: the engine keeps the findings of each
 * part and each group in the cache, so a warm run replays whole parts no changed brief is in and
 * checks only the groups one is in. `parts` must be cheap (it sees every claim, through
 * `comparables`); `checkGroup` may read the group's claims. Findings must depend on the group
 * alone (`once` may drop repeats, and names a claim of the finding's own brief: a kept result
 * is made again from that brief's groups only).
 */
export interface GroupedRule {
  scope: 'project';
  /** The independent parts of the run's claims (no group spans two), in order. */
  parts(docs: BriefSummary[], settings: Record<string, unknown>): GroupMember[][];
  /** The groups of one part, in order. */
  groupsOf(part: GroupMember[]): GroupMember[][];
  checkGroup(ctx: RuleContext<BriefSummary>, group: GroupMember[]): void;
}

/** Whether a project rule checks groups (see `GroupedRule`). */
export const isGrouped = (rule: Rule): rule is RuleBase & GroupedRule => 'checkGroup' in rule;

/** Declares a rule (an identity function that keeps rule modules typed). */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Fills `{name}` placeholders; an unfilled placeholder is a bug in the rule, so it throws. */
export function fillTemplate(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in data)) throw new Error(`message placeholder {${name}} has no value`);
    return String(data[name]);
  });
}
