import type { LintResult, Severity } from '../types.js';
import { plural, summarize } from './summary.js';

/** ANSI styles, or identity functions when colour is off. */
function palette(color: boolean) {
  const wrap = (open: number, close: number) => (s: string) => (color ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22),
    underline: wrap(4, 24),
  };
}

/** `--format stylish`: findings grouped by file, `line:col  severity  message  rule-id`, then a summary. */
export function formatStylish(result: LintResult, options: { color: boolean }): string {
  const c = palette(options.color);
  const label: Record<Severity, string> = { error: c.red('error'), warning: c.yellow('warning'), info: c.blue('info') };
  const out: string[] = [];
  for (const file of result.files) {
    if (file.messages.length === 0) continue;
    out.push(c.underline(file.path));
    const width = Math.max(...file.messages.map((m) => `${m.range.start.line}:${m.range.start.column}`.length));
    for (const m of file.messages) {
      const pos = `${m.range.start.line}:${m.range.start.column}`.padStart(width);
      const sev = label[m.severity] + ' '.repeat(7 - m.severity.length);
      out.push(`  ${c.dim(pos)}  ${sev}  ${m.message}  ${c.dim(m.ruleId ?? '')}`.trimEnd());
      // A few related locations explain a finding; the JSON and HTML reports list them all.
      const related = m.related ?? [];
      for (const r of related.slice(0, 3)) {
        out.push(`  ${' '.repeat(width)}  ${c.dim(`↳ ${r.file}:${r.range.start.line}:${r.range.start.column}  ${r.message}`)}`);
      }
      if (related.length > 3) out.push(`  ${' '.repeat(width)}  ${c.dim(`↳ +${related.length - 3} more`)}`);
    }
    out.push('');
  }
  const s = summarize(result);
  const total = s.errors + s.warnings + s.infos;
  const suppressed = result.files.reduce((n, f) => n + f.suppressed.length, 0);
  const tail = suppressed ? c.dim(` · ${suppressed} suppressed`) : '';
  if (total === 0) out.push(`✔ ${plural(s.files, 'file')} checked, no problems${tail}`);
  else {
    const line = `✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}) in ${plural(s.files, 'file')}`;
    out.push((s.errors ? c.red(c.bold(line)) : c.yellow(c.bold(line))) + tail);
  }
  return out.join('\n') + '\n';
}
