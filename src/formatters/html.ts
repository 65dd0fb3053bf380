import type { BriefSummary, CitationRow } from '../document.js';
import type { Diagnostic, LintResult } from '../types.js';
import { conflictViews, type ConflictView } from './conflicts.js';
import { isoAt } from './extract.js';
import { plural, summarize } from './summary.js';
import { linkKey } from '../extract/urls.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The finding's line, with the flagged span marked. */
function context(doc: BriefSummary | undefined, d: Diagnostic): string {
  if (!doc) return '';
  const line = doc.lines.lineText(d.range.start.line);
  const from = d.range.start.column - 1;
  const to = d.range.end.line === d.range.start.line ? Math.max(from + 1, d.range.end.column - 1) : line.length;
  const lo = Math.max(0, from - 90);
  const hi = Math.min(line.length, to + 90);
  return `${lo > 0 ? '…' : ''}${esc(line.slice(lo, from))}<mark>${esc(line.slice(from, to))}</mark>${esc(line.slice(to, hi))}${hi < line.length ? '…' : ''}`;
}

const data = (d: Diagnostic) =>
  `data-severity="${d.severity}" data-rule="${esc(d.ruleId ?? 'fatal')}" data-text="${esc(`${d.file} ${d.message}`.toLowerCase())}"`;

function conflictPanel(c: ConflictView): string {
  const side = (s: ConflictView['here'], label: string) =>
    `<div class="side"><div class="label">${label}</div><div class="value">${esc(s.value)}</div><blockquote>${esc(s.excerpt)}</blockquote><div class="where"><code>${esc(s.file)}:${s.line}:${s.column}</code></div></div>`;
  return `<article class="conflict finding" ${data(c.diagnostic)} tabindex="-1">
  <h3>${esc(c.subject)}</h3>
  <div class="sides">${side(c.here, 'Here')}<div class="others">${c.others.map((o) => side(o, 'Elsewhere')).join('')}</div></div>
  <p class="supported">${c.supported ? `The rest of the corpus supports <strong>${esc(c.supported)}</strong>.` : 'A tie: no value has the majority.'} <span class="rule">${esc(c.diagnostic.ruleId ?? '')}</span></p>
</article>`;
}

/** A brief's footnotes as its citation table shows them: from the whole document, or its summary's rows. */
const citationsOf = (doc: BriefSummary): CitationRow[] => doc.footnotes ?? doc.citations ?? [];

function citationRows(doc: BriefSummary, links: LintResult['links']): string {
  return citationsOf(doc)
    .map((f) => {
      const c = f.citation;
      const link = c?.url ? `<a href="${esc(c.url)}" rel="noreferrer">${esc(c.url)}</a>` : '—';
      const status = c?.url ? links?.get(linkKey({ url: c.url })) : undefined;
      const verdict = !c?.url ? '—' : status ? `<span class="verdict ${esc(status.verdict)}">${esc(status.verdict)}</span> ${esc(status.detail)}` : 'not checked';
      const what = c?.kind === 'shortform' ? `${esc(c.shortForm ?? '')} → ${c.resolvesTo ? `[${esc(c.resolvesTo)}]` : 'unresolved'}` : esc(c?.title ?? '—');
      return `<tr><td>${esc(f.label)}</td><td>${esc(c?.kind ?? '')}</td><td>${esc(c?.authors.join(', ') ?? '')}</td><td>${what}</td><td>${esc(c?.publisher ?? '')}</td><td>${esc(isoAt(c?.date ?? null) ?? '')}</td><td class="url">${link}</td><td>${verdict}</td><td>${status?.archived ? `<a href="${esc(status.archived.url)}" rel="noreferrer">${esc(status.archived.date)}</a>` : '—'}</td></tr>`;
    })
    .join('\n');
}

const STYLE = `
:root{--fg:#1d1d1f;--muted:#5a5a60;--bg:#fff;--line:#d8d8dc;--err:#b3261e;--warn:#8a5a00;--info:#0b57d0;--mark:#fff1a8}
*{box-sizing:border-box}body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg);margin:0}
main{max-width:1180px;margin:0 auto;padding:1.5rem}h1{font-size:1.6rem;margin:.2rem 0 1rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
h3{font-size:1.05rem;margin:.2rem 0}.counts{display:flex;gap:.75rem;flex-wrap:wrap;margin:0;padding:0;list-style:none}
.counts li{border:1px solid var(--line);border-radius:8px;padding:.5rem 1rem;min-width:8rem}.counts strong{display:block;font-size:1.6rem}
.err strong{color:var(--err)}.warn strong{color:var(--warn)}.inf strong{color:var(--info)}
.filters{position:sticky;top:0;background:var(--bg);padding:.6rem 0;border-bottom:1px solid var(--line);display:flex;gap:1rem;flex-wrap:wrap;align-items:end;z-index:1}
.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted)}select,input{font:inherit;padding:.3rem .4rem;border:1px solid #8a8a90;border-radius:6px}
:focus-visible{outline:3px solid var(--info);outline-offset:2px}.shown{margin-left:auto;color:var(--muted)}
.conflict{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;margin:.8rem 0}.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.others{display:flex;flex-direction:column;gap:.6rem}.side .label{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.side .value{font-size:1.2rem;font-weight:600}blockquote{margin:.2rem 0;padding-left:.6rem;border-left:3px solid var(--line);color:var(--muted)}
.supported{margin:.6rem 0 0}.rule{color:var(--muted);font-size:.85rem;margin-left:.5rem}
ol.findings{list-style:none;padding:0}ol.findings li{border-top:1px solid var(--line);padding:.5rem 0}
.badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;border-radius:4px;padding:0 .4rem;margin-right:.4rem;color:#fff}
.badge.error{background:var(--err)}.badge.warning{background:var(--warn)}.badge.info{background:var(--info)}
.pos{font-family:ui-monospace,monospace;color:var(--muted);margin-right:.4rem}.ctx{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--muted);margin:.25rem 0 0;white-space:pre-wrap;word-break:break-word}
mark{background:var(--mark);color:inherit}table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{border-bottom:1px solid var(--line);text-align:left;padding:.3rem .4rem;vertical-align:top}
td.url{word-break:break-all;max-width:22rem}.hidden{display:none}@media (max-width:800px){.sides{grid-template-columns:1fr}}
`;

const SCRIPT = `
(function(){
  var sev=document.getElementById('filter-severity'),rule=document.getElementById('filter-rule'),text=document.getElementById('filter-text'),shown=document.getElementById('shown');
  function apply(){
    var s=sev.value,r=rule.value,t=text.value.trim().toLowerCase(),n=0;
    document.querySelectorAll('.finding').forEach(function(el){
      var ok=(!s||el.dataset.severity===s)&&(!r||el.dataset.rule===r)&&(!t||el.dataset.text.indexOf(t)>=0);
      el.classList.toggle('hidden',!ok); if(ok&&el.tagName==='LI') n++;
    });
    document.querySelectorAll('section.brief').forEach(function(sec){sec.classList.toggle('hidden',!sec.querySelector('li.finding:not(.hidden)'));});
    shown.textContent=n+' finding'+(n===1?'':'s')+' shown';
  }
  [sev,rule].forEach(function(el){el.addEventListener('change',apply)});text.addEventListener('input',apply);apply();
})();
`;

/** `--format html`: one self-contained page for editors; nothing on it makes a request. */
export function formatHtml(result: LintResult, docs: BriefSummary[] = []): string {
  return [...formatHtmlParts(result, docs)].join('');
}

/** One brief's findings, with the line around each. */
function briefSection(f: LintResult['files'][number], doc: BriefSummary | undefined): string {
  return `<section class="brief"><h3><code>${esc(f.path)}</code> <span class="rule">${plural(f.messages.length, 'finding')}</span></h3>
<ol class="findings">
${f.messages
  .map(
    (m) =>
      `<li class="finding" ${data(m)}><span class="badge ${m.severity}">${m.severity}</span><span class="pos">${m.range.start.line}:${m.range.start.column}</span>${esc(m.message)} ${m.ruleId ? `<a class="rule" href="${esc(m.url ?? '#')}">${esc(m.ruleId)}</a>` : ''}<div class="ctx">${context(doc, m)}</div></li>`,
  )
  .join('\n')}
</ol></section>`;
}

/** One brief's citation table. */
function citationTable(d: BriefSummary, links: LintResult['links']): string {
  return `<h3><code>${esc(d.path)}</code></h3>
<table><thead><tr><th>note</th><th>kind</th><th>authors</th><th>title</th><th>publisher</th><th>date</th><th>URL</th><th>link verdict</th><th>archived copy</th></tr></thead><tbody>
${citationRows(d, links)}
</tbody></table>`;
}

/** Items joined by line breaks, a piece each, or `empty` when there are none. */
function* joined<T>(items: T[], piece: (item: T) => string, empty: string): Generator<string> {
  if (items.length === 0) yield empty;
  for (let i = 0; i < items.length; i++) yield i ? `\n${piece(items[i])}` : piece(items[i]);
}

/**
 * `formatHtml`'s page in pieces, a conflict, a brief or a citation table at a time: an archive's
 * page runs to 120 MB, which as one string (and the strings it is joined from) cost a run
 * hundreds of MB.
 */
export function* formatHtmlParts(result: LintResult, docs: BriefSummary[] = []): Generator<string> {
  const s = summarize(result);
  const byPath = new Map(docs.map((d) => [d.path, d]));
  const ruleIds = [...new Set(result.files.flatMap((f) => f.messages.map((m) => m.ruleId ?? 'fatal')))].sort();
  const conflicts = conflictViews(result, docs);
  const withFindings = result.files.filter((f) => f.messages.length);
  const withFootnotes = docs.filter((d) => citationsOf(d).length);

  yield `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>cite-lint review: ${plural(s.errors + s.warnings + s.infos, 'problem')} in ${plural(s.files, 'brief')}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>cite-lint review report</h1>
<ul class="counts" aria-label="Counts">
<li class="err" id="count-errors"><strong>${s.errors}</strong>errors</li>
<li class="warn" id="count-warnings"><strong>${s.warnings}</strong>warnings</li>
<li class="inf" id="count-infos"><strong>${s.infos}</strong>infos</li>
<li id="count-briefs"><strong>${s.files}</strong>briefs checked</li>
<li id="count-conflicts"><strong>${conflicts.length}</strong>conflicting claims</li>
</ul>
<form class="filters" role="search" onsubmit="return false">
<label for="filter-severity">Severity<select id="filter-severity"><option value="">all</option><option value="error">errors</option><option value="warning">warnings</option><option value="info">infos</option></select></label>
<label for="filter-rule">Rule<select id="filter-rule"><option value="">all rules</option>${ruleIds.map((r) => `<option value="${esc(r)}">${esc(r)}</option>`).join('')}</select></label>
<label for="filter-text">Search<input id="filter-text" type="search" placeholder="file, word, value…"></label>
<span class="shown" id="shown" aria-live="polite"></span>
</form>
<h2 id="conflicts">Conflicts between claims</h2>
`;
  yield* joined(conflicts, conflictPanel, '<p>No conflicting claims.</p>');
  yield `
<h2 id="findings">Findings by brief</h2>
`;
  yield* joined(withFindings, (f) => briefSection(f, byPath.get(f.path)), '<p>No findings.</p>');
  yield `
<h2 id="citations">Citations</h2>
<p>${result.links?.size ? `Link verdicts from this run's checks of ${plural(result.links.size, 'URL')}.` : 'This run did not check links (offline, or no network).'}</p>
`;
  yield* joined(withFootnotes, (d) => citationTable(d, result.links), '<p>No footnotes.</p>');
  yield `
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
