import type { BriefDocument } from '../document.js';
import { fillTemplate, type ReportDescriptor, type Rule, type RuleContext } from '../rule.js';
import type { Diagnostic, FileResult, Severity } from '../types.js';
import type { ResolvedConfig } from './config.js';
import { applySuppressions } from './suppressions.js';
import type { LinkStatus } from '../net/types.js';

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

/**
 * Runs every enabled rule over parsed documents: document rules per brief, then project rules
 * over all of them. Pure: no files, no network.
 */
export function lintDocuments(
  docs: BriefDocument[],
  rules: Rule[],
  config: ResolvedConfig,
  links: ReadonlyMap<string, LinkStatus> = new Map(),
): Map<string, Diagnostic[]> {
  const byPath = new Map<string, Diagnostic[]>(docs.map((d) => [d.path, []]));
  const run = (rule: Rule, scopeDocs: BriefDocument[]) => {
    const setting = config.rules[rule.id];
    const severity = setting?.severity ?? rule.meta.defaultSeverity;
    if (severity === 'off') return;
    const family = rule.id.split('-')[0];
    const ctx: RuleContext = {
      doc: scopeDocs[0],
      docs: scopeDocs,
      options: setting?.options ?? {},
      settings: (family === 'claim' ? config.claims : family === 'link' ? config.links : {}) as Record<string, unknown>,
      links,
      report(d: ReportDescriptor) {
        const doc = d.doc ?? (rule.scope === 'document' ? scopeDocs[0] : undefined);
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
        byPath.get(doc.path)!.push(diag);
      },
    };
    rule.check(ctx);
  };
  for (const doc of docs) for (const rule of rules) if (rule.scope === 'document') run(rule, [doc]);
  if (docs.length > 0) for (const rule of rules) if (rule.scope === 'project') run(rule, docs);
  return byPath;
}

/** Applies a document's suppression comments and sorts its findings. */
export function finishFile(doc: BriefDocument | null, path: string, messages: Diagnostic[]): FileResult {
  const { kept, suppressed } = doc ? applySuppressions(messages, doc.suppressions) : { kept: messages, suppressed: [] };
  return { path, messages: [...kept].sort(compareDiagnostics), suppressed: [...suppressed].sort(compareDiagnostics) };
}
