import type { BriefSummary } from '../document.js';
import type { LintResult } from '../types.js';
import { conflictViews } from './conflicts.js';
import { plural, summarize } from './summary.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const SEVERITY_ICON = { error: '🔴 error', warning: '🟡 warning', info: '🔵 info' } as const;

/** `--format markdown`: a report fit for a pull-request comment or a job summary. */
export function formatMarkdown(result: LintResult, docs: BriefSummary[] = []): string {
  const s = summarize(result);
  const total = s.errors + s.warnings + s.infos;
  const out: string[] = [];
  out.push(`## cite-lint: ${total ? plural(total, 'problem') : 'no problems'} in ${plural(s.files, 'brief')}`, '');
  out.push('| errors | warnings | infos | briefs |', '|---:|---:|---:|---:|', `| ${s.errors} | ${s.warnings} | ${s.infos} | ${s.files} |`, '');

  const conflicts = conflictViews(result, docs);
  if (conflicts.length) {
    out.push('### Conflicts', '', '| subject | here | elsewhere | corpus supports |', '|---|---|---|---|');
    for (const c of conflicts) {
      const here = `**${cell(c.here.value)}** — \`${c.here.file}:${c.here.line}\`<br>${cell(c.here.excerpt)}`;
      const others = c.others.map((o) => `**${cell(o.value)}** — \`${o.file}:${o.line}\``).join('<br>');
      out.push(`| ${cell(c.subject)} | ${here} | ${others} | ${c.supported ? cell(c.supported) : 'tie'} |`);
    }
    out.push('');
  }

  const withFindings = result.files.filter((f) => f.messages.length);
  if (withFindings.length) {
    out.push('### Findings by brief', '');
    for (const f of withFindings) {
      out.push(`<details${f.messages.some((m) => m.severity === 'error') ? ' open' : ''}><summary><code>${f.path}</code> — ${plural(f.messages.length, 'finding')}</summary>`, '');
      for (const m of f.messages) {
        out.push(`- ${SEVERITY_ICON[m.severity]} \`${m.range.start.line}:${m.range.start.column}\` ${m.message.replace(/\n/g, ' ')}${m.ruleId ? ` (\`${m.ruleId}\`)` : ''}`);
      }
      out.push('', '</details>', '');
    }
  }
  return out.join('\n') + '\n';
}
