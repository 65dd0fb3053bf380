import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import type { DateValue } from '../document.js';
import { findDatesInWindows } from './dates.js';

/** Title, authors and publication date of a brief. */
export interface Metadata {
  title: string | null;
  authors: string[];
  published: DateValue | null;
}

// The YAML parser is loaded on the first front matter, not with the extractor: it is 25-40 ms of
// a warm run that extracts a plain-text brief, or a Markdown one without front matter. `require`,
// because only it loads a module in the middle of a synchronous parse (as chrono in dates.ts).
let yaml: typeof Yaml | null = null;
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml.parse(text);
}

const READ_TIME = /\s*\d+\s*min(?:ute)?s?(?:\s+read)?\s*$/i;

/** Metadata from YAML front matter; unreadable YAML gives nothing rather than failing the file. */
export function frontMatterMetadata(yamlText: string): Partial<Metadata> {
  let data: unknown;
  try {
    data = parseYaml(yamlText);
  } catch {
    return {};
  }
  if (!data || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  const out: Partial<Metadata> = {};
  if (typeof d.title === 'string') out.title = d.title.trim();
  const authors = d.authors ?? d.author;
  if (typeof authors === 'string') out.authors = splitAuthors(authors);
  else if (Array.isArray(authors)) out.authors = authors.filter((a): a is string => typeof a === 'string');
  const date = d.date instanceof Date ? d.date.toISOString().slice(0, 10) : d.date;
  if (typeof date === 'string') {
    const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
    const found = iso ? null : findDatesInWindows(date)[0];
    if (iso) out.published = { start: iso[0], end: iso[0], granularity: 'day' };
    else if (found) out.published = found.value;
  }
  return out;
}

/**
 * A dateline near the top of a brief: a short line that ends in a date, with at most a byline
 * before it and a read time after (`Umar Ahmed10th September 20206 min`). Captions that merely
 * mention a date are longer and go on after it, so they are not taken.
 */
export function findDateline(topLines: string[]): { published: DateValue; authors: string[]; index: number } | null {
  for (const [index, raw] of topLines.entries()) {
    // A dateline is short and has a year; anything else is not worth a date parse.
    if (raw.length > 120 || !/(?:19|20)\d{2}/.test(raw)) continue;
    // Web pages glue the byline, date and read time together: pull them apart first.
    let line = raw
      .replace(/(\p{Ll})(\d)/gu, '$1 $2')
      .replace(/(\b(?:19|20)\d{2})(\d{1,2}\s*min)/i, '$1 $2')
      .trim();
    line = line.replace(READ_TIME, '');
    if (line.length === 0 || line.length > 90) continue;
    const dates = findDatesInWindows(line);
    const last = dates[dates.length - 1];
    if (!last || last.value.granularity !== 'day' || !last.yearKnown) continue;
    const tail = line.slice(last.end).replace(/^[\s,.|·–—-]+/, '');
    if (tail.length > 0) continue;
    const head = line.slice(0, last.start).replace(/^(?:published|updated|posted)\s*(?:on)?\s*:?/i, '').trim();
    if (head.split(/\s+/).filter(Boolean).length > 8) continue;
    return { published: last.value, authors: splitAuthors(head.replace(/[\s,|·–—-]+$/, '')), index };
  }
  return null;
}

/** `By A and B`, `A, B` → names; a name printed twice in a row (`Umar Ahmed Umar Ahmed`) once. */
export function splitAuthors(byline: string): string[] {
  const cleaned = byline.replace(/^by[:\s]+/i, '').trim();
  if (!cleaned) return [];
  const words = cleaned.split(/\s+/);
  const half = words.length / 2;
  if (Number.isInteger(half) && half > 0 && words.slice(0, half).join(' ') === words.slice(half).join(' ')) {
    return [words.slice(0, half).join(' ')];
  }
  return cleaned
    .split(/\s*(?:;|,|\band\b|&)\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 1 && /^\p{Lu}/u.test(s));
}
