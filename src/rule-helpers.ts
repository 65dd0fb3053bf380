import type { BriefSummary } from './document.js';
import type { Range } from './types.js';
import { normalizeUrl } from './extract/urls.js';

/** The part of a range on its first line: where an editor should underline a multi-line block. */
export function firstLine(doc: BriefSummary, range: Range): Range {
  if (range.start.line === range.end.line) return range;
  const length = doc.lines.lineText(range.start.line).length - range.start.column + 1;
  return { start: range.start, end: doc.lines.point(range.start.offset + Math.max(1, length)) };
}

/** Reports every link of the document whose verdict is one of `verdicts`. */
export function reportLinks(
  ctx: import('./rule.js').RuleContext<BriefSummary>,
  verdicts: Array<import('./net/types.js').LinkStatus['verdict']>,
  messageId: string | ((status: import('./net/types.js').LinkStatus) => string),
  fix?: (status: import('./net/types.js').LinkStatus, link: BriefSummary['links'][number]) => import('./types.js').Fix | null,
): void {
  // Offline, or nothing checked: no verdict to look up (and no URL to parse per link and rule).
  if (ctx.links.size === 0) return;
  for (const link of ctx.doc.links) {
    const key = normalizeUrl(link.repaired?.url ?? link.url);
    const status = ctx.links.get(key);
    if (!status || !verdicts.includes(status.verdict)) continue;
    ctx.report({
      messageId: typeof messageId === 'function' ? messageId(status) : messageId,
      data: {
        url: link.repaired?.url ?? link.url,
        detail: status.detail,
        final: status.finalUrl ?? '',
        archivedUrl: status.archived?.url ?? '',
        archivedDate: status.archived?.date ?? '',
      },
      at: link.range,
      fix: fix?.(status, link) ?? null,
      extra: {
        verdict: status.verdict,
        ...(status.status ? { status: status.status } : {}),
        ...(status.finalUrl ? { finalUrl: status.finalUrl } : {}),
        ...(status.archived ? { archived: status.archived } : {}),
      },
    });
  }
}
