import type { Diagnostic, FileResult, LintResult } from '../types.js';
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
  const decoder = new TextDecoder();
  return [...formatJsonParts(result)].map((p) => (typeof p === 'string' ? p : decoder.decode(p))).join('');
}

// A value nested `depth` levels down is stringified inside as many one-key objects, so
// JSON.stringify indents it, and cut out of them.
export function nested(value: unknown, depth: number): string {
  let wrapped = value;
  for (let d = 0; d < depth; d++) wrapped = { _: wrapped };
  const text = JSON.stringify(wrapped, null, 2);
  // Level k opens with `{\n` + 2k spaces + `"_": ` (7 + 2k characters) and closes with `\n`,
  // 2(k - 1) spaces and `}` (2k).
  return text.slice(7 * depth + depth * (depth + 1), text.length - depth * (depth + 1));
}

/** One file's entry in the JSON report, as indented there (what a cached result keeps). */
export function formatFileJson(f: FileResult): string {
  const file = {
    path: f.path,
    messages: f.messages.map(messageJson),
    ...(f.suppressed.length ? { suppressedMessages: f.suppressed.map(messageJson) } : {}),
  };
  return nested(file, 2);
}

/**
 * `formatJson`'s text in pieces, a file at a time: the same bytes as one `JSON.stringify(report,
 * null, 2)`, without building a 100 MB string for an archive's report (under a large heap, its
 * allocation and encoding cost more than the formatting). A result kept from an earlier run
 * gives its entry as that run wrote it.
 */
export function* formatJsonParts(result: LintResult): Generator<string | Uint8Array> {
  yield `{\n  "version": 1,\n  "tool": ${nested(TOOL, 1)},\n  "files": ${result.files.length ? '[\n' : '[]'}`;
  for (let i = 0; i < result.files.length; i++) {
    const f = result.files[i];
    yield '    ';
    yield f.stored?.json ?? formatFileJson(f);
    yield i + 1 < result.files.length ? ',\n' : '\n';
  }
  yield `${result.files.length ? '  ]' : ''},\n  "summary": ${nested(summarize(result), 1)}\n}\n`;
}
