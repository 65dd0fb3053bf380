import type { Nodes, Root } from 'mdast';
import type { BriefDocument, Footnote, FootnoteMarker, Link } from '../document.js';
import { LineIndex } from '../parse/positions.js';
import { parseMarkdown } from '../parse/markdown.js';
import { findSuppressions } from '../engine/suppressions.js';
import { scanTextFootnotes } from './footnotes-text.js';
import { scanUrls } from './urls.js';
import { inferDateOrder } from './dates.js';
import { findDateline, frontMatterMetadata, type Metadata } from './metadata.js';
import { RangeSet } from './range-set.js';
import { parseCitations } from './citations.js';
import { extractClaims, type ClaimOptions } from './claims.js';

import { formatOf, stripBom, type InputFormat } from './format.js';
import { mapPacked } from './packed.js';

export { formatOf, stripBom, type InputFormat };

interface MarkdownFacts {
  masks: Array<[number, number]>;
  markers: Array<{ label: string; start: number; end: number; style: FootnoteMarker['style'] }>;
  definitions: Array<{ label: string; start: number; end: number; textStart: number; style: Footnote['style'] }>;
  links: Array<{ url: string; start: number; end: number; origin: Link['origin'] }>;
  meta: Partial<Metadata>;
  heading: string | null;
}

// Markers and definitions from the tree are made in the same shape as those the text scanner
// makes, and arrays are joined with loops rather than spreads: where objects or arrays of
// several shapes meet, V8 threw away buildDocument's optimised code and compiled it again, a
// dozen times per few thousand briefs (see docs/performance.md).
function emptyFacts(): MarkdownFacts {
  return { masks: [], markers: [], definitions: [], links: [], meta: {}, heading: null };
}

/** Both lists in one, sorted by start (a stable sort: `a`'s before `b`'s at the same start). */
function byStart<T extends { start: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  for (let i = 0; i < b.length; i++) out.push(b[i]);
  return out.sort((x, y) => x.start - y.start);
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Walks mdast once and collects what the extractors need; the tree is dropped afterwards. */
function collectMarkdown(tree: Root, text: string): MarkdownFacts {
  const facts = emptyFacts();
  const definitionsByLabel = new Map<string, string>();
  const walk = (node: Nodes) => {
    const s = node.position?.start.offset ?? 0;
    const e = node.position?.end.offset ?? s;
    switch (node.type) {
      case 'yaml':
        facts.meta = frontMatterMetadata(node.value);
        facts.masks.push([s, e]);
        return;
      case 'code':
      case 'inlineCode':
      case 'html':
        facts.masks.push([s, e]);
        return;
      case 'heading':
        if (node.depth === 1 && facts.heading === null) facts.heading = plainText(node).trim() || null;
        break;
      case 'text':
        // micromark leaves a reference to an undefined footnote as literal `[^label]` text.
        for (const m of node.value.matchAll(/\[\^([^\]\s]+)\](?!:)/g)) {
          const at = text.indexOf(m[0], s + m.index!);
          if (at >= 0) facts.markers.push({ label: m[1], start: at, end: at + m[0].length, style: 'gfm' });
        }
        return;
      case 'footnoteReference':
        facts.markers.push({ label: node.label ?? node.identifier, start: s, end: e, style: 'gfm' });
        facts.masks.push([s, e]);
        return;
      case 'footnoteDefinition': {
        const first = node.children[0]?.position?.start.offset ?? e;
        facts.definitions.push({ label: node.label ?? node.identifier, start: s, end: e, textStart: first, style: 'gfm' });
        break;
      }
      case 'definition': {
        definitionsByLabel.set(node.identifier, node.url);
        const at = text.indexOf(node.url, s);
        const us = at >= s && at < e ? at : s;
        facts.links.push({ url: node.url, start: us, end: us + node.url.length, origin: 'definition' });
        facts.masks.push([s, e]);
        return;
      }
      case 'image':
        facts.masks.push([s, e]);
        return;
      case 'link': {
        const raw = text.slice(s, e);
        const isAutolink = raw.startsWith('<') || plainText(node) === node.url;
        // The URL sits after `](`; an empty target points at the parenthesis.
        const open = raw.lastIndexOf('](');
        let us = s;
        let ue = e;
        if (!isAutolink && open >= 0) {
          const inner = raw.indexOf(node.url, open + 2);
          us = inner >= 0 && node.url ? s + inner : s + open + 2;
          ue = us + node.url.length;
          facts.masks.push([s + open, e]);
        } else facts.masks.push([s, e]);
        facts.links.push({ url: node.url, start: us, end: ue, origin: isAutolink ? 'autolink' : 'link' });
        if (!isAutolink) break;
        return;
      }
    }
    if ('children' in node) for (const child of node.children as Nodes[]) walk(child);
  };
  walk(tree);
  return facts;
}


/**
 * Parses one brief and extracts every fact the rules use. Pure: text in, document out.
 * A leading BOM is dropped, so positions are those an editor shows.
 */
export function buildDocument(
  path: string,
  source: string,
  format: InputFormat = formatOf(path),
  claimOptions: ClaimOptions = {},
): BriefDocument {
  const text = stripBom(source);
  const lines = new LineIndex(text);
  const facts = format === 'markdown' ? collectMarkdown(parseMarkdown(text), text) : emptyFacts();

  const structuralSpans = facts.masks.slice();
  for (const d of facts.definitions) structuralSpans.push([d.start, d.end]);
  const structural = new RangeSet(structuralSpans);
  const scanned = scanTextFootnotes(text, lines, (o) => structural.has(o));

  const footnotes: Footnote[] = mapPacked(byStart<MarkdownFacts['definitions'][number]>(facts.definitions, scanned.definitions), (d) => ({
    label: d.label,
    range: lines.range(d.start, d.end),
    textStart: d.textStart,
    textEnd: d.end,
    text: text.slice(d.textStart, d.end).replace(/\s+/g, ' ').trim(),
    style: d.style,
    markers: [],
    citation: null,
  }));
  const markers: FootnoteMarker[] = mapPacked(byStart<MarkdownFacts['markers'][number]>(facts.markers, scanned.markers), (m) => ({
    label: m.label,
    range: lines.range(m.start, m.end),
    style: m.style,
  }));
  for (const m of markers) footnotes.find((f) => f.label === m.label)?.markers.push(m);

  const footnoteAt = (offset: number) =>
    footnotes.find((f) => offset >= f.range.start.offset && offset < f.range.end.offset) ?? null;

  const linkMask = new RangeSet(facts.masks);
  const links: Link[] = mapPacked(facts.links, (l) => {
    const fn = footnoteAt(l.start);
    return { url: l.url, range: lines.range(l.start, l.end), origin: fn ? 'footnote' : l.origin, footnote: fn?.label ?? null, repaired: undefined };
  });
  for (const u of scanUrls(text, { textLinks: format === 'text', repair: format === 'text' })) {
    if (linkMask.has(u.start)) continue;
    const fn = footnoteAt(u.start);
    links.push({
      url: u.url,
      range: lines.range(u.start, u.end),
      origin: fn ? 'footnote' : u.kind,
      footnote: fn?.label ?? null,
      repaired: u.repaired ? { url: u.repaired.url, range: lines.range(u.start, u.repaired.end) } : undefined,
    });
  }
  links.sort((a, b) => a.range.start.offset - b.range.start.offset);

  const masked = facts.masks.slice();
  // Whole footnotes are masked here; the claims extractor unmasks explanatory notes' text.
  for (const f of footnotes) masked.push([f.range.start.offset, f.range.end.offset]);
  for (const m of markers) masked.push([m.range.start.offset, m.range.end.offset]);
  for (const l of links) masked.push([l.range.start.offset, (l.repaired?.range ?? l.range).end.offset]);

  const meta = metadataOf(text, lines, facts);
  const doc: BriefDocument = {
    path,
    format,
    text,
    lines,
    title: meta.title ?? null,
    published: meta.published ?? null,
    authors: meta.authors ?? [],
    dateOrder: inferDateOrder(text),
    markers,
    footnotes,
    links,
    claims: [],
    dateline: meta.dateline,
    suppressions: findSuppressions(text, lines),
    masked: new RangeSet(masked).toArray(),
  };
  parseCitations(doc);
  doc.claims = extractClaims(doc, claimOptions);
  return doc;
}

function metadataOf(text: string, lines: LineIndex, facts: MarkdownFacts): Partial<Metadata> & { dateline: [number, number] | null } {
  const top: string[] = [];
  const topOffsets: Array<[number, number]> = [];
  const masks = new RangeSet(facts.masks);
  for (let l = 1; l <= lines.starts.length && top.length < 8; l++) {
    const raw = lines.lineText(l);
    const t = raw.trim();
    if (!t || masks.has(lines.starts[l - 1]) || t.startsWith('---') || t.startsWith('<!--')) continue;
    // A heading's hashes and a byline's emphasis (`*Ana Ruiz, 5 September 2020*`) are not its text.
    top.push(t.replace(/^#+\s*/, '').replace(/^([*_]{1,2})(.+)\1$/, '$2'));
    topOffsets.push([lines.starts[l - 1], lines.starts[l - 1] + raw.length]);
  }
  const meta: Partial<Metadata> & { dateline: [number, number] | null } = { ...facts.meta, dateline: null };
  if (!meta.title) {
    const first = top[0];
    meta.title = facts.heading ?? (first && first.length <= 200 ? first : null);
  }
  const dateline = findDateline(top);
  if (dateline) {
    meta.dateline = topOffsets[dateline.index];
    if (!meta.published) meta.published = dateline.published;
    if (!meta.authors?.length) meta.authors = dateline.authors;
  }
  return meta;
}
