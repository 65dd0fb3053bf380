import type { BriefDocument, BriefSummary, GroupMember } from '../document.js';
import { fillTemplate, isGrouped, type ReportDescriptor, type Rule, type RuleContext } from '../rule.js';
import type { Diagnostic, FileResult, Severity } from '../types.js';
import type { ResolvedConfig } from './config.js';
import { applySuppressions } from './suppressions.js';
import type { LinkStatus } from '../net/types.js';
import type { KeptGroup } from './facts.js';

const DOCS_BASE = 'https://github.com/cite-lint/cite-lint/blob/main/rules';

const toSeverity = (s: 'error' | 'warn' | 'info'): Severity => (s === 'warn' ? 'warning' : s);

/** Orders findings by line, then column, then rule: the same input always gives the same bytes. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
    a.message.localeCompare(b.message)
  );
}

/** A finding on a file that could not be linted at all. */
export function fatalDiagnostic(path: string, message: string, severity: Severity = 'error'): Diagnostic {
  const at = { line: 1, column: 1, offset: 0 };
  return { ruleId: null, severity, message, file: path, range: { start: at, end: at }, fatal: true };
}

/** A finding as a grouped rule's group gave it, with the key that keeps it from being reported twice. */
export interface GroupFinding {
  once?: string;
  diagnostic: Diagnostic;
}

/**
 * Findings of grouped project rules by group, and the groups of each part, kept from earlier runs
 * (the engine keeps them in the cache). A signature names the rule and every member by path,
 * cache key and claim index.
 */
export interface GroupMemo {
  get(signature: string): KeptGroup | null;
  /** Keeps a group's findings; gives them back with their digests. */
  put(signature: string, findings: GroupFinding[]): KeptGroup;
  /** Every group of a part, in order, or null unless each of them is kept. */
  getPart(signature: string): KeptGroup[] | null;
  /** Names a part's groups by their signatures, in order (`put` keeps their findings). */
  putPart(signature: string, groups: string[]): void;
}

/**
 * By file, each group with findings on it, in the order a run emits them, with the digest of its
 * share (see `KeptGroup`) and the rule: with its record, the digests decide a brief's result when
 * every project rule is grouped, and the groups give its findings when the result is made again.
 */
export type Membership = Map<string, FileGroups>;

/** One file's groups with findings on it (see `Membership`). */
export type FileGroups = Array<[digest: string, group: KeptGroup, ruleId: string]>;

/**
 * A file's findings from the groups `membership` holds for it, in order; a finding whose `once`
 * an earlier one of the same rule had is dropped (`once` keys name a claim of the finding's own
 * brief, so a file's groups are all that decide it).
 */
export function groupFindingsOf(file: string, groups: FileGroups): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const [, group, ruleId] of groups) {
    for (const { once, diagnostic } of group.findings) {
      if (diagnostic.file !== file) continue;
      if (once !== undefined) {
        const id = `${ruleId}\0${once}`;
        if (reported.has(id)) continue;
        reported.add(id);
      }
      out.push(diagnostic);
    }
  }
  return out;
}

/**
 * A brief's name in group signatures where its comparables name no claims (whole documents, not
 * rebuilt from records): the start of its record's cache key (88 bits of a SHA-256 of its path and
 * text, among others: see `FactsCache.keyOf`), short because a group names hundreds.
 */
function briefName(doc: BriefSummary & { key: string }): string {
  return doc.key.slice(0, 22);
}

/**
 * What names a group across runs, or null when a member's brief has no cache key. A member is
 * named by its claim's digest where its summary has one (see `memberName` in `facts.ts`), else by
 * its brief's key and its index.
 */
function groupSignature(ruleId: string, group: GroupMember[]): string | null {
  const parts = [ruleId];
  for (const m of group) {
    if (m.doc.key === undefined) return null;
    parts.push(m.comparable[7] ?? `${briefName(m.doc as BriefSummary & { key: string })}${m.index}`);
  }
  return parts.join(' ');
}

/** Runs one rule over `scopeDocs`, appending its findings to `out` by path. */
function runRule<D extends BriefSummary>(
  rule: Rule,
  scopeDocs: D[],
  check: ((ctx: RuleContext<D>) => void) | null,
  config: ResolvedConfig,
  links: ReadonlyMap<string, LinkStatus>,
  out: Map<string, Diagnostic[]>,
  memo?: GroupMemo,
  membership?: Membership,
): void {
  const setting = config.rules[rule.id];
  const severity = setting?.severity ?? rule.meta.defaultSeverity;
  if (severity === 'off') return;
  const family = rule.id.split('-')[0];
  const settings = (family === 'claim' ? config.claims : family === 'link' ? config.links : {}) as Record<string, unknown>;
  const reported = new Set<string>();
  const emit = ({ once, diagnostic }: GroupFinding) => {
    if (once !== undefined) {
      if (reported.has(once)) return;
      reported.add(once);
    }
    (out.get(diagnostic.file) ?? out.set(diagnostic.file, []).get(diagnostic.file)!).push(diagnostic);
  };
  let sink = emit;
  const ctx: RuleContext<D> = {
    doc: scopeDocs[0],
    docs: scopeDocs,
    options: setting?.options ?? {},
    settings,
    links,
    report(d: ReportDescriptor) {
      const doc = d.doc ?? (rule.scope === 'project' ? undefined : scopeDocs[0]);
      if (!doc) throw new Error(`rule ${rule.id} reported without naming a document`);
      const template = rule.meta.messages[d.messageId];
      if (template === undefined) throw new Error(`rule ${rule.id} has no message "${d.messageId}"`);
      const diag: Diagnostic = {
        ruleId: rule.id,
        severity: toSeverity(d.severity ?? severity),
        message: fillTemplate(template, d.data),
        file: doc.path,
        range: d.at,
        url: `${DOCS_BASE}/${rule.id}/README.md`,
      };
      if (d.related?.length) diag.related = d.related;
      if (d.fix) diag.fix = d.fix;
      if (d.note) diag.note = d.note;
      if (d.extra) diag.data = d.extra;
      sink(d.once === undefined ? { diagnostic: diag } : { once: d.once, diagnostic: diag });
    },
  };
  if (check) {
    check(ctx);
    return;
  }
  if (!isGrouped(rule)) return;
  // Part by part and group by group, in order: a part or a group checked in an earlier run with
  // the same members gives the same findings, so only the groups a changed brief is in are
  // checked again, and the parts it is not in are replayed whole.
  // With `membership`, findings are not emitted but kept by file, read only for the files a run
  // makes results for (see `groupFindingsOf`).
  const replay = (kept: KeptGroup) => {
    if (!membership) kept.findings.forEach(emit);
    else for (const [file, digest] of kept.digests) (membership.get(file) ?? membership.set(file, []).get(file)!).push([digest, kept, rule.id]);
  };
  for (const part of rule.parts(scopeDocs, settings)) {
    const partSignature = memo ? groupSignature(`${rule.id} part`, part) : null;
    const replayed = partSignature !== null ? memo!.getPart(partSignature) : null;
    if (replayed) {
      replayed.forEach(replay);
      continue;
    }
    // A part is named by its groups, not stored whole: an edit then writes only the groups it
    // changed and a short list, instead of every finding of the part again.
    const groups: string[] = [];
    for (const group of rule.groupsOf(part)) {
      const signature = memo ? groupSignature(rule.id, group) : null;
      let kept = signature !== null ? memo!.get(signature) : null;
      if (!kept) {
        const inGroup: GroupFinding[] = [];
        sink = (f) => inGroup.push(f);
        rule.checkGroup(ctx as unknown as RuleContext<BriefSummary>, group);
        sink = emit;
        if (signature !== null) kept = memo!.put(signature, inGroup);
        else {
          // A member without a cache key: nothing to keep it under, emitted as found.
          inGroup.forEach(emit);
          continue;
        }
      }
      if (signature !== null) groups.push(signature);
      replay(kept);
    }
    // Every member of the part has a key, so every group has a signature.
    if (partSignature !== null) memo!.putPart(partSignature, groups);
  }
}

/** The findings of every enabled document rule on one brief (they need nothing but the brief). */
export function documentFindings(doc: BriefDocument, rules: Rule[], config: ResolvedConfig): Diagnostic[] {
  const out = new Map<string, Diagnostic[]>([[doc.path, []]]);
  for (const rule of rules) if (rule.scope === 'document') runRule(rule, [doc], rule.check, config, new Map(), out);
  return out.get(doc.path)!;
}

/**
 * The findings of the rules that run after every brief is extracted: link rules per brief, with
 * the run's link verdicts, then project rules over all of them. With a memo and briefs that all
 * have keys, `membership` (when given) gets the grouped rules' findings by file instead of the
 * map returned (see `Membership`).
 */
export function summaryFindings(
  docs: BriefSummary[],
  rules: Rule[],
  config: ResolvedConfig,
  links: ReadonlyMap<string, LinkStatus> = new Map(),
  memo?: GroupMemo,
  membership?: Membership,
): Map<string, Diagnostic[]> {
  const byPath = new Map<string, Diagnostic[]>(docs.map((d) => [d.path, []]));
  for (const doc of docs) for (const rule of rules) if (rule.scope === 'links') runRule(rule, [doc], rule.check, config, links, byPath);
  if (docs.length > 0) {
    for (const rule of rules) if (rule.scope === 'project') runRule(rule, docs, isGrouped(rule) ? null : rule.check, config, links, byPath, memo, membership);
  }
  return byPath;
}

/**
 * Runs every enabled rule over parsed documents: document rules per brief, then link rules, then
 * project rules over all of them. Pure: no files, no network (a group memo, when given, is the caller's).
 */
export function lintDocuments(
  docs: BriefDocument[],
  rules: Rule[],
  config: ResolvedConfig,
  links: ReadonlyMap<string, LinkStatus> = new Map(),
  memo?: GroupMemo,
): Map<string, Diagnostic[]> {
  const byPath = summaryFindings(docs, rules, config, links, memo);
  for (const doc of docs) byPath.get(doc.path)!.unshift(...documentFindings(doc, rules, config));
  return byPath;
}

/** Applies a document's suppression comments and sorts its findings. */
export function finishFile(doc: BriefSummary | null, path: string, messages: Diagnostic[]): FileResult {
  const { kept, suppressed } = doc ? applySuppressions(messages, doc.suppressions) : { kept: messages, suppressed: [] };
  return { path, messages: [...kept].sort(compareDiagnostics), suppressed: [...suppressed].sort(compareDiagnostics) };
}
