/** A URL found by scanning text, as offsets. */
export interface ScannedUrl {
  url: string;
  start: number;
  end: number;
  kind: 'bare' | 'link';
  /** The URL rejoined across PDF line breaks or spaces, when it was split. */
  repaired?: { url: string; end: number };
}

const BARE_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`\u00a0]+/gi;
// `[label](target)` in plain text: pasted Markdown, as in briefs copied out of a CMS.
const TEXT_LINK = /\[([^\]\n]{0,200})\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)/g;
const TRAILING = /[.,;:!?'"’”»*_]+$/;
const PAIRS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Drops trailing punctuation and closing brackets that the URL did not open. */
export function trimUrl(raw: string): string {
  let url = raw;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING, '');
    const last = url[url.length - 1];
    const open = PAIRS[last];
    if (open) {
      const opens = url.split(open).length - 1;
      const closes = url.split(last).length - 1;
      if (closes > opens) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

// A continuation piece: one token of URL characters, alone on its line or before a space.
const PIECE = /^[A-Za-z0-9\-._~%/?#=&+:@!$,;]+/;

/**
 * Extends a URL that PDF extraction broke at a line end (or at a space) with the pieces that
 * follow. A piece is taken only when the break is plainly inside the URL: the URL ends in `-`,
 * `/`, `_`, `=`, `&` or `?`, or the piece itself looks like a path (holds `/`, `-`, `.`, `=`,
 * digits) and is alone on its line.
 */
export function repairSplitUrl(text: string, start: number, end: number): { url: string; end: number } | null {
  let url = text.slice(start, end);
  let cursor = end;
  let joined = false;
  for (let guard = 0; guard < 8; guard++) {
    const rest = text.slice(cursor, cursor + 400);
    const gap = /^([ \t]*)(\r?\n[ \t]*(?:\r?\n[ \t]*)?)?/.exec(rest)!;
    const sameLine = gap[2] === undefined;
    if (sameLine && gap[1].length !== 1) break;
    const after = rest.slice(gap[0].length);
    const piece = PIECE.exec(after);
    if (!piece) break;
    const token = trimUrl(piece[0]);
    if (!token) break;
    const lineRest = after.slice(token.length);
    const aloneOnLine = /^[ \t]*(\r?\n|$)/.test(lineRest);
    const openEnded = /[-/_=&?]$/.test(url);
    const pathLike = /[/\-=.%]|\d/.test(token) && !/^\d+$/.test(token) && !/^[A-Z][a-z]+[.,]?$/.test(token);
    if (sameLine) {
      // A space split is only trusted after an open-ended URL, onto a path-like token.
      if (!(openEnded && pathLike && /^[ \t\r\n]|^$/.test(lineRest))) break;
    } else if (!(openEnded || (pathLike && aloneOnLine))) break;
    url += token;
    cursor += gap[0].length + token.length;
    joined = true;
    if (!aloneOnLine) break;
  }
  return joined ? { url, end: cursor } : null;
}

/**
 * Every URL in a stretch of text: bare URLs (`https://…`, `www.…`) and, when `textLinks` is
 * set, Markdown-style `[label](target)` links pasted into plain text.
 */
export function scanUrls(text: string, options: { textLinks: boolean; repair: boolean }): ScannedUrl[] {
  const out: ScannedUrl[] = [];
  const taken: Array<[number, number]> = [];
  if (options.textLinks) {
    for (const m of text.matchAll(TEXT_LINK)) {
      const targetStart = m.index! + m[0].length - 1 - m[2].length;
      out.push({ url: m[2], start: targetStart, end: targetStart + m[2].length, kind: 'link' });
      taken.push([m.index!, m.index! + m[0].length]);
    }
  }
  for (const m of text.matchAll(BARE_URL)) {
    const start = m.index!;
    if (taken.some(([s, e]) => start >= s && start < e)) continue;
    const url = trimUrl(m[0]);
    if (url.length < 8) continue;
    const scanned: ScannedUrl = { url, start, end: start + url.length, kind: 'bare' };
    if (options.repair && url.length === m[0].length) {
      const repaired = repairSplitUrl(text, start, start + url.length);
      if (repaired) scanned.repaired = repaired;
    }
    out.push(scanned);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The URL with `www.` given a scheme and the fragment removed: the key a link is checked by. */
export function normalizeUrl(url: string): string {
  const withScheme = /^www\./i.test(url) ? `https://${url}` : url;
  try {
    const u = new URL(withScheme);
    u.hash = '';
    return u.href;
  } catch {
    return withScheme;
  }
}

const PLACEHOLDER_HOST = /^(?:[\w-]+\.)*example\.(?:com|org|net)$|^localhost$/i;

/** Why a link target is a placeholder, or null when it is a real address. */
export function placeholderReason(url: string): string | null {
  const u = url.trim();
  if (u === '') return 'is empty';
  if (u === '#' || /^#\s*$/.test(u)) return 'points at `#`';
  if (/^javascript:/i.test(u)) return 'is a `javascript:` link';
  try {
    const host = new URL(/^www\./i.test(u) ? `https://${u}` : u).hostname;
    if (PLACEHOLDER_HOST.test(host)) return `points at the placeholder host ${host}`;
  } catch {
    // A relative link or an in-page anchor (`#section`) is not a placeholder.
  }
  return null;
}

/** The URL a document's link is checked by: repaired when PDF text split it, fragment removed (rules look it up the same way). */
export function linkKey(link: { url: string; repaired?: { url: string } | null }): string {
  return normalizeUrl(link.repaired?.url ?? link.url);
}
