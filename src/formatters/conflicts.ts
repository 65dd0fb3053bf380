import type { BriefSummary } from '../document.js';
import { excerpt } from '../parse/positions.js';
import type { Diagnostic, LintResult } from '../types.js';

/** A consistency finding laid out for side-by-side display. */
export interface ConflictView {
  diagnostic: Diagnostic;
  subject: string;
  here: { file: string; line: number; column: number; value: string; excerpt: string };
  others: Array<{ file: string; line: number; column: number; value: string; excerpt: string }>;
  /** What the rest of the corpus supports, when one value has the majority. */
  supported: string | null;
}

const CONFLICT_RULES = new Set(['claim-inconsistent-number', 'claim-inconsistent-date']);

/** Every cross-claim conflict in a run, with the text around each side. */
export function conflictViews(result: LintResult, docs: BriefSummary[] = []): ConflictView[] {
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const views: ConflictView[] = [];
  for (const f of result.files) {
    for (const d of f.messages) {
      if (!d.ruleId || !CONFLICT_RULES.has(d.ruleId)) continue;
      const doc = byPath.get(d.file);
      const data = (d.data ?? {}) as { subject?: string; value?: string; supported?: string | null };
      views.push({
        diagnostic: d,
        subject: data.subject ?? '',
        here: {
          file: d.file,
          line: d.range.start.line,
          column: d.range.start.column,
          value: data.value ?? '',
          excerpt: doc ? excerpt(doc.text, d.range.start.offset, d.range.end.offset) : '',
        },
        others: (d.related ?? []).map((r) => ({
          file: r.file,
          line: r.range.start.line,
          column: r.range.start.column,
          value: r.message,
          excerpt: r.excerpt ?? '',
        })),
        supported: data.supported ?? null,
      });
    }
  }
  return views;
}
