import type { Diagnostic, LintResult } from '../types.js';

/** Counts of findings by severity over a whole run. */
export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** Counts findings; fatal messages count at their own severity. */
export function summarize(result: LintResult): Summary {
  const s: Summary = { files: result.files.length, errors: 0, warnings: 0, infos: 0 };
  for (const f of result.files) {
    if (f.stored) {
      s.errors += f.stored.errors;
      s.warnings += f.stored.warnings;
      s.infos += f.stored.infos;
    } else for (const m of f.messages) count(s, m);
  }
  return s;
}

function count(s: Summary, m: Diagnostic): void {
  if (m.severity === 'error') s.errors++;
  else if (m.severity === 'warning') s.warnings++;
  else s.infos++;
}

/** `3 errors` / `1 warning`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
