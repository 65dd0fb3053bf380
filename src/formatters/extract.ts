import type { BriefDocument, Claim, DateValue } from '../document.js';

/** A date as ISO at its granularity: `2020-08-19`, `2020-08`, `2020`. */
export function isoAt(d: DateValue | null): string | null {
  if (!d) return null;
  return d.granularity === 'day' ? d.start : d.granularity === 'month' ? d.start.slice(0, 7) : d.start.slice(0, 4);
}

function claimJson(c: Claim) {
  const { range, ...rest } = c;
  return { ...rest, line: range.start.line, column: range.start.column };
}

/** One document as the contract's `extract --format json` shape. */
export function documentJson(doc: BriefDocument) {
  return {
    path: doc.path,
    title: doc.title,
    published: isoAt(doc.published),
    authors: doc.authors,
    footnotes: doc.footnotes.map((f) => ({
      label: f.label,
      line: f.range.start.line,
      column: f.range.start.column,
      markers: f.markers.map((m) => ({ line: m.range.start.line, column: m.range.start.column })),
      text: f.text,
      citation: f.citation && {
        kind: f.citation.kind,
        authors: f.citation.authors,
        title: f.citation.title,
        publisher: f.citation.publisher,
        date: isoAt(f.citation.date),
        ...(f.citation.date?.alternatives ? { dateAlternatives: f.citation.date.alternatives.map(isoAt) } : {}),
        url: f.citation.url,
        doi: f.citation.doi,
        pages: f.citation.pages,
        reportNumber: f.citation.reportNumber,
        shortForm: f.citation.shortForm,
        resolvesTo: f.citation.resolvesTo,
        ...(f.citation.unresolvedReason ? { unresolvedReason: f.citation.unresolvedReason } : {}),
      },
    })),
    links: doc.links.map((l) => ({
      url: l.repaired?.url ?? l.url,
      line: l.range.start.line,
      column: l.range.start.column,
      origin: l.origin,
      ...(l.footnote ? { footnote: l.footnote } : {}),
      ...(l.repaired ? { split: true } : {}),
    })),
    claims: doc.claims.map(claimJson),
  };
}

/** `extract --format json`: every document's facts, deterministic to the byte. */
export function formatExtractJson(docs: BriefDocument[]): string {
  return JSON.stringify({ version: 1, documents: docs.map(documentJson) }, null, 2) + '\n';
}

const clip = (s: string | null | undefined, n: number) => {
  const t = (s ?? '').replace(/\s+/g, ' ');
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};

/** `extract` for people: per document, a table of footnotes and what they cite. */
export function formatExtractTable(docs: BriefDocument[]): string {
  const out: string[] = [];
  for (const doc of docs) {
    out.push(`${doc.path}`);
    out.push(`  title: ${doc.title ?? '—'}   published: ${isoAt(doc.published) ?? '—'}   authors: ${doc.authors.join(', ') || '—'}`);
    out.push(`  ${doc.footnotes.length} footnotes, ${doc.markers.length} markers, ${doc.links.length} links, ${doc.claims.length} claims`);
    for (const f of doc.footnotes) {
      const c = f.citation;
      const what =
        c?.kind === 'shortform'
          ? `${c.shortForm} → ${c.resolvesTo ? `[${c.resolvesTo}]` : `unresolved (${c.unresolvedReason})`}`
          : c?.kind === 'note'
            ? `note: ${clip(f.text, 70)}`
            : `${clip(c?.authors.join(', '), 28) || '—'} | ${clip(c?.title, 40) || '—'} | ${clip(c?.publisher, 20) || '—'} | ${isoAt(c?.date ?? null) ?? '—'} | ${clip(c?.url, 50) || 'no URL'}`;
      out.push(`  ${`[${f.label}]`.padEnd(6)} ${String(f.range.start.line).padStart(4)}  ${what}`);
    }
    for (const c of doc.claims) out.push(`  claim ${String(c.range.start.line).padStart(4)}:${c.range.start.column}  ${c.kind}  ${clip(c.text, 60)}`);
    out.push('');
  }
  return out.join('\n');
}
