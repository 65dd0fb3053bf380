import type { RuleContext } from './rule.js';
import type { BriefSummary } from './document.js';
import type { DateClaim, QuantityClaim } from './extract/claims.js';
import { claimId, type Conflict, type Located } from './consistency.js';
import { excerpt } from './parse/positions.js';
import type { RelatedLocation } from './types.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
// For what `groupedFigure` leaves to ICU: one formatter, made on first use (`toLocaleString`
// builds one per call, which cost more than the whole consistency check on a large archive).
let icuFigure: Intl.NumberFormat | null = null;

/**
 * A figure as `Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })` writes it (`4,500`,
 * `13.25`, `-0`), without loading ICU's number formatting: making that formatter took 19-25 ms,
 * paid by every run that reported a figure (a warm run re-checking one group, say). Like ICU, it
 * rounds the shortest decimal that reads back as the value (`0.075`, not the double just below
 * it), half away from zero.
 */
export function groupedFigure(v: number): string {
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  // Most figures are whole: no rounding, and no regular expression to tell.
  if (Number.isSafeInteger(v)) return sign + thousands(String(Math.abs(v)));
  const shortest = String(Math.abs(v));
  // Exponents (below 1e-6, from 1e21), NaN and Infinity: rare enough to leave to ICU.
  if (!/^\d+(?:\.\d+)?$/.test(shortest)) return (icuFigure ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 })).format(v);
  let [whole, fraction = ''] = shortest.split('.');
  if (fraction.length > 2) {
    const hundredths = BigInt(whole + fraction.slice(0, 2)) + (fraction[2] >= '5' ? 1n : 0n);
    const digits = hundredths.toString().padStart(3, '0');
    whole = digits.slice(0, -2);
    fraction = digits.slice(-2);
  }
  fraction = fraction.replace(/0+$/, '');
  return `${sign}${thousands(whole)}${fraction ? `.${fraction}` : ''}`;
}

/** `4500` → `4,500`. */
function thousands(digits: string): string {
  if (digits.length <= 3) return digits;
  let out = digits.slice(0, digits.length % 3 || 3);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}

/** At most this many related locations per finding; the message still counts them all. */
export const MAX_RELATED = 10;
const WITH_ARTICLE = new Set(['Sahel', 'West Africa', 'United States', 'United Kingdom', 'EU', 'UN', 'African Union']);

/** `18 August 2020`, `September 2020`, `2012`. */
export function showDate(c: DateClaim): string {
  const [y, m, d] = c.date.start.split('-').map(Number);
  if (c.date.granularity === 'year') return String(y);
  if (c.date.granularity === 'month') return `${MONTHS[m - 1]} ${y}`;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** `around 5,100`, `13 percent`, `600 million EUR`. */
export function showQuantity(c: QuantityClaim): string {
  const approx = c.approximator && !['between', 'from'].includes(c.approximator) ? `${c.approximator} ` : '';
  const n = (v: number) => (v >= 1e9 && v % 1e8 === 0 ? `${v / 1e9} billion` : v >= 1e6 && v % 1e5 === 0 ? `${v / 1e6} million` : groupedFigure(v));
  if (c.approximator === 'between' || c.approximator === 'from') return c.text.replace(/\s+/g, ' ').trim();
  if (c.kind === 'percent') return `${approx}${n(c.value)} percent`;
  if (c.kind === 'money') return `${approx}${n(c.value)} ${c.unit}`;
  return `${approx}${n(c.value)}`;
}

const place = (p: string) => (WITH_ARTICLE.has(p) ? `the ${p}` : p);
const possessive = (names: string[]) => {
  const list = names.length === 1 ? place(names[0]) : `${names.slice(0, -1).map(place).join(', ')} and ${place(names[names.length - 1])}`;
  return `${list}${list.endsWith('s') ? '’' : '’s'}`;
};

/** What a quantity is: `France’s troops in the Sahel`, `Mali’s turnout`. */
export function quantitySubject(c: QuantityClaim): string {
  const what = c.kind === 'percent' ? (c.noun ?? 'percentage') : c.kind === 'money' ? `amount in ${c.unit}` : c.unit;
  return `${possessive(c.owners)} ${what}${c.scope ? ` in ${place(c.scope)}` : ''}`;
}

/** What an event is: `Mali’s coup`. */
export function eventSubject(c: DateClaim): string {
  return `${possessive(c.subjects)} ${c.event}`;
}

/** A shown value without its approximator: `around 5,100` and `5,100` are one figure. */
const figureOf = (shown: string) =>
  shown.replace(/^(?:around|about|some|nearly|almost|roughly|approximately|more than|over|at least|up to|fewer than|less than|under|c\.|~|an estimated|estimated)\s+/, '');

/** The claims a figure stands for, grouped by the figure (`5,100` and `around 5,100` are one), largest group first. */
function groupsByFigure<C>(others: Located<C>[], figure: (o: Located<C>) => string): Array<[string, Located<C>[]]> {
  const byValue = new Map<string, Located<C>[]>();
  for (const o of others) {
    const v = figure(o);
    (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(o);
  }
  return [...byValue].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
}

/** `5,100 in 2 other briefs (a.txt:19, b.txt:17)`, or `… elsewhere in this brief (line 40)`. */
export function whereOthers<C extends { range: RelatedLocation['range'] }>(
  conflict: Conflict<C>,
  show: (c: C) => string,
  groups: Array<[string, Located<C>[]]> = groupsByFigure(conflict.others, (o) => figureOf(show(o.claim))),
  docs: ReadonlySet<BriefSummary> = new Set(conflict.others.map((o) => o.doc)),
): string {
  const [value, group] = groups[0];
  const here = conflict.outlier.doc;
  const locations = group.slice(0, 3).map((o) => (o.doc === here ? `line ${o.claim.range.start.line}` : `${o.doc.path}:${o.claim.range.start.line}`));
  const more = group.length > 3 ? ', …' : '';
  const otherDocs = docs.size - (docs.has(here) ? 1 : 0);
  const where =
    otherDocs === 0
      ? `elsewhere in this brief (${locations.join(', ')}${more})`
      : otherDocs === 1 && docs.size === 1
        ? `in ${locations.join(', ')}${more}`
        : `in ${otherDocs} other brief${otherDocs === 1 ? '' : 's'} (${locations.join(', ')}${more})`;
  return `${value} ${where}`;
}

/**
 * Reports each conflict on its outlier, with the others in `related`. `data` carries the subject,
 * the value here and the value the corpus supports (null for a tie), so reports lay conflicts out
 * side by side without reading the message text.
 */
export function reportConflicts<C extends { range: RelatedLocation['range'] }>(
  ctx: RuleContext<BriefSummary>,
  conflicts: Conflict<C>[],
  subjectOf: (c: C) => string,
  show: (c: C) => string,
  extra: (c: C) => Record<string, unknown>,
): void {
  // A claim is shown once however many conflicts it takes part in, and outliers with the same
  // value share their others (see `conflictsAmong`): what depends only on the others is worked
  // out once per list. On an archive, thousands of findings name the same few thousand claims.
  // Kept on each located claim: a Map keyed by claims cost more than showing them.
  const shownOf = (o: Located<C>) => ((o.memo ??= {}).shown ??= show(o.claim));
  const figure = (o: Located<C>) => ((o.memo ??= {}).figure ??= figureOf(shownOf(o)));
  const perOthers = new Map<Located<C>[], { groups: Array<[string, Located<C>[]]>; docs: Set<BriefSummary>; related: RelatedLocation[] }>();
  for (const conflict of conflicts) {
    const c = conflict.outlier.claim;
    const subject = subjectOf(c);
    const value = shownOf(conflict.outlier);
    let common = perOthers.get(conflict.others);
    if (!common) {
      const groups = groupsByFigure(conflict.others, figure);
      // The figures that disagree with this one, largest group first.
      const first = groups.flatMap(([, group]) => group).slice(0, MAX_RELATED);
      const related = first.map((o) => ((o.memo ??= {}).related ??= relatedOf([o], () => shownOf(o))[0]));
      common = { groups, docs: new Set(conflict.others.map((o) => o.doc)), related };
      perOthers.set(conflict.others, common);
    }
    const { groups, docs, related } = common;
    ctx.report({
      doc: conflict.outlier.doc,
      messageId: conflict.majority ? 'majority' : 'tie',
      data: { subject, value, others: whereOthers(conflict, show, groups, docs) },
      at: c.range,
      // Each finding gets its own copies: a formatter or a later rule may change one.
      related: related.map((r) => ({ ...r })),
      extra: { subject, value, supported: conflict.majority ? groups[0][0] : null, others: conflict.others.length, ...extra(c) },
      // A claim with no place is in the group of each place, and an outlier in several of them.
      once: claimId(conflict.outlier),
    });
  }
}

/** The others of a conflict as related locations with excerpts. */
export function relatedOf<C extends { range: RelatedLocation['range'] }>(
  others: Located<C>[],
  show: (c: C) => string,
): RelatedLocation[] {
  return others.map((o) => ({
    file: o.doc.path,
    range: o.claim.range,
    message: show(o.claim),
    excerpt: excerpt(o.doc.text, o.claim.range.start.offset, o.claim.range.end.offset),
  }));
}

