import type { LintResult } from '../types.js';

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** Workflow-command escaping: the message may hold `%` and line breaks. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Property values additionally escape `:` and `,`. */
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `--format github`: one workflow command per finding, so GitHub annotates the pull request. */
export function formatGithub(res: LintResult): string {
  const lines: string[] = [];
  for (const f of res.files) {
    for (const m of f.messages) {
      const props = [
        `file=${escapeProperty(m.file)}`,
        `line=${m.range.start.line}`,
        `col=${m.range.start.column}`,
        `endLine=${m.range.end.line}`,
        `endColumn=${m.range.end.column}`,
        `title=${escapeProperty(m.ruleId ?? 'cite-lint')}`,
      ].join(',');
      lines.push(`::${COMMAND[m.severity]} ${props}::${escapeData(m.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
