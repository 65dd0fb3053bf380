import type { Suppression } from '../document.js';
import type { LineIndex } from '../parse/positions.js';
import type { Diagnostic } from '../types.js';

const COMMENT = /<!--\s*cite-lint-(disable-next-line|disable|enable)\b([\s\S]*?)-->/g;

/** Reads `<!-- cite-lint-disable… -->` comments, in Markdown and plain text alike. */
export function findSuppressions(text: string, lines: LineIndex): Suppression[] {
  const out: Suppression[] = [];
  for (const m of text.matchAll(COMMENT)) {
    const [body, reason] = m[2].split(/\s--\s/, 2);
    const ids = body.split(/[\s,]+/).filter(Boolean);
    out.push({
      kind: m[1] === 'disable-next-line' ? 'next-line' : (m[1] as 'disable' | 'enable'),
      rules: ids.length ? ids : 'all',
      line: lines.point(m.index!).line,
      reason: reason?.trim() || null,
    });
  }
  return out;
}

const covers = (s: Suppression, ruleId: string | null) =>
  s.rules === 'all' || (ruleId !== null && s.rules.includes(ruleId));

/** Splits findings into those that stand and those an inline comment silenced. */
export function applySuppressions(
  messages: Diagnostic[],
  suppressions: Suppression[],
): { kept: Diagnostic[]; suppressed: Diagnostic[] } {
  if (suppressions.length === 0) return { kept: messages, suppressed: [] };
  const kept: Diagnostic[] = [];
  const suppressed: Diagnostic[] = [];
  for (const d of messages) {
    const line = d.range.start.line;
    let hit: Suppression | undefined;
    for (const s of suppressions) {
      if (s.kind === 'next-line' && s.line + 1 === line && covers(s, d.ruleId)) hit = s;
    }
    if (!hit) {
      // The last disable/enable comment before the line decides, rule by rule.
      let state: Suppression | undefined;
      for (const s of suppressions) {
        if (s.kind === 'next-line' || s.line > line || !covers(s, d.ruleId)) continue;
        state = s.kind === 'disable' ? s : undefined;
      }
      hit = state;
    }
    if (hit && !d.fatal) {
      suppressed.push({ ...d, suppressed: { kind: 'inSource', ...(hit.reason ? { justification: hit.reason } : {}) } });
    } else kept.push(d);
  }
  return { kept, suppressed };
}
