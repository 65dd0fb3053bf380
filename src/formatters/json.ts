import type { Diagnostic, LintResult } from '../types.js';
import { TOOL } from '../version.js';
import { summarize } from './summary.js';

function fixJson(d: Diagnostic) {
  if (!d.fix) return null;
  return {
    description: d.fix.description,
    edits: d.fix.edits.map((e) => ({
      line: e.range.start.line,
      column: e.range.start.column,
      endLine: e.range.end.line,
      endColumn: e.range.end.column,
      text: e.text,
    })),
  };
}

/** One message as the contract's JSON shape. */
export function messageJson(d: Diagnostic) {
  return {
    ruleId: d.ruleId,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    ...(d.fatal ? { fatal: true } : {}),
    related: (d.related ?? []).map((r) => ({
      path: r.file,
      line: r.range.start.line,
      column: r.range.start.column,
      endLine: r.range.end.line,
      endColumn: r.range.end.column,
      message: r.message,
      ...(r.excerpt !== undefined ? { excerpt: r.excerpt } : {}),
    })),
    fix: fixJson(d),
    data: d.data ?? {},
  };
}

/** `--format json`: the contract's report, deterministic to the byte. */
export function formatJson(result: LintResult): string {
  const report = {
    version: 1,
    tool: TOOL,
    files: result.files.map((f) => ({
      path: f.path,
      messages: f.messages.map(messageJson),
      ...(f.suppressed.length ? { suppressedMessages: f.suppressed.map(messageJson) } : {}),
    })),
    summary: summarize(result),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
