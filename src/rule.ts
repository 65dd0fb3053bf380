import type { BriefDocument } from './document.js';
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
  doc?: BriefDocument;
  at: Range;
  related?: RelatedLocation[];
  fix?: Fix | null;
  note?: string;
  /** Overrides the rule's severity for this finding (an `info` "changed over time" note, say). */
  severity?: 'error' | 'warn' | 'info';
  extra?: Record<string, unknown>;
}

/** What a rule sees while it runs. */
export interface RuleContext {
  /** The document being checked (document rules), or the first document (project rules). */
  doc: BriefDocument;
  /** Every document in the run (project rules); just `doc` for document rules. */
  docs: BriefDocument[];
  /** Options from `[severity, options]` in the config. */
  options: Record<string, unknown>;
  /** The whole run's configuration section for the rule's family (claims, links …). */
  settings: Record<string, unknown>;
  /** Link verdicts by checked URL (`linkKey`); empty when links were not checked. */
  links: ReadonlyMap<string, LinkStatus>;
  report(descriptor: ReportDescriptor): void;
}

/** A lint rule: reads extracted facts and reports findings. */
export interface Rule {
  id: string;
  /** `document` runs per brief; `project` runs once after every brief is read. */
  scope: 'document' | 'project';
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

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
