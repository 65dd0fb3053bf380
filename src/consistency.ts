import type { BriefSummary, Claim, Comparable, GroupMember } from './document.js';
import type { DateClaim, QuantityClaim } from './extract/claims.js';
import { STOCK_UNITS, SINGULAR_EVENTS } from './extract/lexicon.js';
import type { RelatedLocation } from './types.js';

/** A claim with the brief it came from. */
export interface Located<C> {
  doc: BriefSummary;
  /** The claim's index in its brief's `claims`. */
  index: number;
  claim: C;
  /** The value interval compared, half-open (numbers, or days since the epoch for dates). */
  low: number;
  high: number;
  /** What a report has worked out about the claim, kept on it: an archive's findings name the same claims thousands of times. */
  memo?: { shown?: string; figure?: string; related?: RelatedLocation };
}

/** A claim that disagrees with what the rest of its cluster supports. */
export interface Conflict<C> {
  outlier: Located<C>;
  /** The claims it disagrees with (the consensus, or the other side of a tie). */
  others: Located<C>[];
  /** True when the rest of the corpus agrees on one value; false for a tie. */
  majority: boolean;
}

const DAY = 86_400_000;
// An archive has a few thousand distinct dates and a few hundred thousand claims that name them.
const dayNumbers = new Map<string, number>();
function dayNumber(iso: string): number {
  let n = dayNumbers.get(iso);
  if (n === undefined) {
    n = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
    if (dayNumbers.size < 100_000) dayNumbers.set(iso, n);
  }
  return n;
}
const STOCK_WINDOW_DAYS = 91;

/** A brief's "now" is fuzzy: a claim timed only by its brief's date holds for about a month either side. */
const DOCUMENT_WINDOW_DAYS = 31;

/** A claim's time window in days: stocks (troop levels) hold for about three months either side. */
function window(c: QuantityClaim): [number, number] {
  const pad = Math.max(STOCK_UNITS.has(c.unit) ? STOCK_WINDOW_DAYS : 0, c.time!.source === 'document' ? DOCUMENT_WINDOW_DAYS : 0);
  return [dayNumber(c.time!.start) - pad, dayNumber(c.time!.end) + pad];
}

/** Whether two claims' time windows overlap. */
function timesOverlap(a: QuantityClaim, b: QuantityClaim): boolean {
  if (!a.time || !b.time) return false;
  const [as, ae] = window(a);
  const [bs, be] = window(b);
  return as <= be && bs <= ae;
}

/** Every hard constraint of research §D.3 except the value: same quantity, same time. */
export function comparable(a: QuantityClaim, b: QuantityClaim): boolean {
  if (a.unit !== b.unit || a.kind !== b.kind) return false;
  if (a.kind === 'percent' && (a.noun ?? '') !== (b.noun ?? '')) return false;
  if (a.scope && b.scope && a.scope !== b.scope) return false;
  if (a.modality !== b.modality || a.change !== b.change) return false;
  return timesOverlap(a, b);
}

// Value intervals are half-open, [low, high): `1,000` rounds to [500, 1500) and `2,000` to
// [1500, 2500), which do not overlap. Open-ended bounds (`at least 5,000`) are Infinity.
const covers = (x: { low: number; high: number }, p: number) => x.low <= p && (p < x.high || (x.high === Infinity && p === Infinity));
const overlap = (a: { low: number; high: number }, b: { low: number; high: number }) => a.low < b.high && b.low < a.high;

/**
 * The consensus of a cluster: the value point covered by the most claims. Claims not covering it
 * are disjoint from every consensus claim's common interval, so they are the outliers. When the
 * outliers agree among themselves as strongly as the consensus does, it is a tie and every
 * disagreeing claim is reported.
 *
 * With `span` (a claim's time window), a claim is judged only against the claims whose time
 * overlaps its own: windows chain (2016 to 2017 to … 2019) into one cluster, but a troop level
 * of 2016 says nothing about one of 2019.
 */
export function findConflicts<C>(cluster: Located<C>[], span?: (x: Located<C>) => [number, number]): Conflict<C>[] {
  if (cluster.length < 2) return [];
  if (!span) return conflictsAmong(cluster);
  const spans = cluster.map(span);
  const latestStart = Math.max(...spans.map((w) => w[0]));
  const earliestEnd = Math.min(...spans.map((w) => w[1]));
  // Every window shares a moment: one neighbourhood for all (the common case, and the cheap one).
  if (latestStart <= earliestEnd) return conflictsAmong(cluster);
  // Claims with the same window share a neighbourhood, so each distinct window is judged once.
  const byWindow = new Map<string, { window: [number, number]; members: Set<Located<C>> }>();
  cluster.forEach((x, i) => {
    const key = `${spans[i][0]}|${spans[i][1]}`;
    const entry = byWindow.get(key) ?? byWindow.set(key, { window: spans[i], members: new Set() }).get(key)!;
    entry.members.add(x);
  });
  const order = new Map(cluster.map((x, i) => [x, i]));
  const out: Conflict<C>[] = [];
  for (const { window: [ws, we], members } of byWindow.values()) {
    const neighbourhood = cluster.filter((_, i) => spans[i][0] <= we && ws <= spans[i][1]);
    out.push(...conflictsAmong(neighbourhood, members));
  }
  // A claim in a one-against-one tie in its own neighbourhood, against claims that are already
  // reported as outliers of a wider majority, adds nothing: that disagreement has its finding.
  const outvoted = new Set(out.filter((c) => c.majority).map((c) => c.outlier));
  return out
    .filter((c) => c.majority || !c.others.every((y) => outvoted.has(y)))
    .sort((a, b) => order.get(a.outlier)! - order.get(b.outlier)!);
}

/**
 * The conflicts of a cluster, for the outliers in `only` (all when absent). Claims with the same
 * value interval disagree with the same claims, so they share one `others` array: an archive's
 * outliers number in thousands and their others in thousands each.
 */
function conflictsAmong<C>(cluster: Located<C>[], only?: Set<Located<C>>): Conflict<C>[] {
  if (cluster.length < 2) return [];
  const main = mostCovered(cluster);
  const inMain = new Set(main);
  const rest = cluster.filter((x) => !inMain.has(x));
  if (rest.length === 0) return [];
  const second = mostCovered(rest);
  const majority = second.length < main.length;
  const shared = new Map<string, Located<C>[]>();
  const othersOf = (x: Located<C>, among: Located<C>[]) => {
    // An empty interval overlaps nothing, itself included: it gets its own list.
    if (!(x.low < x.high)) return among.filter((y) => y !== x && !overlap(x, y));
    const key = `${x.low}|${x.high}`;
    let others = shared.get(key);
    if (!others) shared.set(key, (others = among.filter((y) => y !== x && !overlap(x, y))));
    return others;
  };
  const out: Conflict<C>[] = [];
  if (majority) {
    // An outlier is reported against the majority claims it cannot agree with; one that agrees
    // with most of them (an exact `3,500` beside many `about 3,500`) only missed their common
    // point, and is not a conflict.
    for (const outlier of rest) {
      if (only && !only.has(outlier)) continue;
      const others = othersOf(outlier, main);
      if (others.length * 2 > main.length) out.push({ outlier, others, majority });
    }
    return out;
  }
  for (const x of cluster) {
    if (only && !only.has(x)) continue;
    const others = othersOf(x, cluster);
    if (others.length > 0) out.push({ outlier: x, others, majority });
  }
  return out;
}

/** The claims covering the most-covered value point, in O(n log n): coverage(p) = #low ≤ p − #high ≤ p. */
function mostCovered<C>(xs: Located<C>[]): Located<C>[] {
  // Typed arrays sort numerically without a comparator call per step; one merge pass then
  // counts every candidate point (each distinct low) in order.
  const lows = new Float64Array(xs.length);
  const highs = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    lows[i] = xs[i].low;
    highs[i] = xs[i].high;
  }
  lows.sort();
  highs.sort();
  let best = -Infinity;
  let bestCount = -1;
  let h = 0;
  for (let i = 0; i < lows.length; i++) {
    const p = lows[i];
    // Candidates are distinct lows, counted at the last of their equals.
    if (i + 1 < lows.length && lows[i + 1] === p) continue;
    while (h < highs.length && highs[h] <= p) h++;
    const count = i + 1 - h;
    if (count > bestCount) {
      bestCount = count;
      best = p;
    }
  }
  return xs.filter((x) => covers(x, best));
}

/** Splits items into clusters whose windows chain together: a sweep over sorted starts. */
function chainByWindow<T>(items: T[], window: (t: T) => [number, number], gap = 0): T[][] {
  // Each window is computed once: it parses dates, and a sort would ask for it n log n times.
  const windows = new Map(items.map((t) => [t, window(t)]));
  const sorted = [...items].sort((a, b) => windows.get(a)![0] - windows.get(b)![0]);
  const clusters: T[][] = [];
  let reach = -Infinity;
  for (const item of sorted) {
    const [start, end] = windows.get(item)!;
    if (clusters.length === 0 || start - reach > gap) clusters.push([]);
    clusters[clusters.length - 1].push(item);
    reach = Math.max(reach, end);
  }
  return clusters;
}

/**
 * Whether a claim can take part in a comparison at all, whatever the config: a number with an
 * owner, a time and a finite bound; a day or month of a one-off event in a known country. A
 * brief's summary keeps only these.
 */
export function isComparable(c: Claim): boolean {
  if (c.kind === 'date') {
    const d = c as unknown as DateClaim;
    // Years are too coarse to contradict, and an ambiguous reading never carries a finding.
    return SINGULAR_EVENTS.has(d.event) && d.subjects.length > 0 && d.date.granularity !== 'year' && !d.date.alternatives;
  }
  const q = c as unknown as QuantityClaim;
  return !q.ambiguous && q.time !== null && q.owners.length > 0 && (Number.isFinite(q.low) || Number.isFinite(q.high));
}

/** Names a claim within a run: the outlier of a finding, reported once however many groups it is in. */
export const claimId = (x: { doc: BriefSummary; index: number }) => `${x.doc.path}#${x.index}`;

/** Buckets are few and long: one copy of each for a whole archive of rebuilt summaries. */
const bucketNames = new Map<string, string>();
export function sharedBucket(name: string): string {
  const kept = bucketNames.get(name);
  if (kept !== undefined) return kept;
  if (bucketNames.size < 100_000) bucketNames.set(name, name);
  return name;
}

/**
 * What grouping needs of every claim a project rule compares (see `Comparable`), leaving out
 * those `claims.ignore` matches. Numbers are bucketed by every categorical constraint (kind,
 * unit, owners, modality, level or change, what a percentage is of), dates by event and country.
 */
export function comparablesOf(claims: Claim[], ignore: RegExp[]): Comparable[] {
  const out: Comparable[] = [];
  claims.forEach((c, index) => {
    if (!isComparable(c) || isIgnored(c, ignore)) return;
    if (c.kind === 'date') {
      const d = c as DateClaim;
      const low = dayNumber(d.date.start);
      const high = dayNumber(d.date.end) + 1;
      out.push([index, sharedBucket(`date|${d.event}|${d.subjects[0]}`), null, low, high, low, high]);
      return;
    }
    const q = c as QuantityClaim;
    const noun = q.kind === 'percent' ? (q.noun ?? '') : '';
    const owners = q.owners.length === 1 ? q.owners[0] : [...q.owners].sort().join('+');
    const [from, to] = window(q);
    out.push([index, sharedBucket(`${q.kind}|${q.unit}|${owners}|${q.modality}|${q.change}|${noun}`), q.scope, from, to, q.low, q.high]);
  });
  return out;
}

/** A brief's comparables: kept in its summary, or worked out from a whole document's claims. */
function comparablesOfDoc(doc: BriefSummary, ignore: RegExp[]): Comparable[] {
  // A summary's were made with `claims.ignore` applied, from the claims it keeps.
  return doc.comparables ?? comparablesOf(doc.claims, ignore);
}

/** The comparables of every brief whose bucket passes `want`, by bucket, in brief and claim order. */
function bucketsOf(docs: BriefSummary[], ignore: RegExp[], want: (bucket: string) => boolean): Map<string, GroupMember[]> {
  const buckets = new Map<string, GroupMember[]>();
  for (const doc of docs) {
    for (const comparable of comparablesOfDoc(doc, ignore)) {
      const bucket = comparable[1];
      if (!want(bucket)) continue;
      const members = buckets.get(bucket) ?? buckets.set(bucket, []).get(bucket)!;
      members.push({ doc, index: comparable[0], comparable });
    }
  }
  return buckets;
}

const isDateBucket = (bucket: string) => bucket.startsWith('date|');

/** The buckets of numbers: claims in different buckets are never compared (see `comparablesOf`). */
export function numberParts(docs: BriefSummary[], ignore: RegExp[]): GroupMember[][] {
  return [...bucketsOf(docs, ignore, (b) => !isDateBucket(b)).values()].filter((bucket) => bucket.length >= 2);
}

/**
 * The groups of one bucket of numbers that are checked on their own: the bucket chained by
 * overlapping time windows in a sweep, then split by place (a claim with no place joins each
 * place's group). Never all-pairs; on an archive, thousands of groups of a few claims each.
 */
export function numberGroupsOf(bucket: GroupMember[]): GroupMember[][] {
  const groups: GroupMember[][] = [];
  for (const timeCluster of chainByWindow(bucket, (m): [number, number] => [m.comparable[3], m.comparable[4]])) {
    if (timeCluster.length < 2) continue;
    const places = [...new Set(timeCluster.map((m) => m.comparable[2]).filter((p): p is string => p !== null))];
    if (places.length <= 1) groups.push(timeCluster);
    else for (const p of places) groups.push(timeCluster.filter((m) => m.comparable[2] === p || m.comparable[2] === null));
  }
  return groups;
}

/** Every group of numbers checked on its own, bucket by bucket. */
export function numberGroups(docs: BriefSummary[], ignore: RegExp[]): GroupMember[][] {
  return numberParts(docs, ignore).flatMap(numberGroupsOf);
}

/** The conflicts among one group of numbers, each claim judged against those its time overlaps. */
export function numberConflictsIn(group: GroupMember[]): Conflict<QuantityClaim>[] {
  const located = group.map((m): Located<QuantityClaim> => ({ doc: m.doc, index: m.index, claim: m.doc.claims[m.index] as QuantityClaim, low: m.comparable[5], high: m.comparable[6] }));
  const spans = new Map(located.map((x, i): [Located<QuantityClaim>, [number, number]] => [x, [group[i].comparable[3], group[i].comparable[4]]]));
  return findConflicts(located, (x) => spans.get(x)!);
}

/**
 * Conflicting numbers across all briefs, group by group; a claim with no place that is an
 * outlier in several places' groups is reported once, in the first.
 */
export function numberConflicts(docs: BriefSummary[], ignore: RegExp[]): Conflict<QuantityClaim>[] {
  const conflicts: Conflict<QuantityClaim>[] = [];
  const reported = new Set<string>();
  for (const group of numberGroups(docs, ignore)) {
    for (const conflict of numberConflictsIn(group)) {
      const id = claimId(conflict.outlier);
      if (reported.has(id)) continue;
      reported.add(id);
      conflicts.push(conflict);
    }
  }
  return conflicts;
}

/** Dates of one event more than this far apart are two events (two coups), never one. */
const SAME_EVENT_GAP_DAYS = 45;

/** The buckets of dates: one event in one country. */
export function dateParts(docs: BriefSummary[], ignore: RegExp[]): GroupMember[][] {
  return [...bucketsOf(docs, ignore, isDateBucket).values()].filter((bucket) => bucket.length >= 2);
}

/** The groups of one bucket of dates checked on their own: its dates chained by closeness. */
export function dateGroupsOf(bucket: GroupMember[]): GroupMember[][] {
  return chainByWindow(bucket, (m): [number, number] => [m.comparable[5], m.comparable[6]], SAME_EVENT_GAP_DAYS).filter((cluster) => cluster.length >= 2);
}

/** Every group of dates checked on its own. */
export function dateGroups(docs: BriefSummary[], ignore: RegExp[]): GroupMember[][] {
  return dateParts(docs, ignore).flatMap(dateGroupsOf);
}

/** The conflicts among one group of dates. */
export function dateConflictsIn(group: GroupMember[]): Conflict<DateClaim>[] {
  return findConflicts(group.map((m): Located<DateClaim> => ({ doc: m.doc, index: m.index, claim: m.doc.claims[m.index] as DateClaim, low: m.comparable[5], high: m.comparable[6] })));
}

/** Conflicting dates of one event (a country's coup), across all briefs. */
export function dateConflicts(docs: BriefSummary[], ignore: RegExp[]): Conflict<DateClaim>[] {
  return dateGroups(docs, ignore).flatMap(dateConflictsIn);
}

/**
 * Whether `claims.ignore` takes a claim out of every comparison: a pattern matches its text or its
 * sentence. A brief's summary is made with the patterns already applied and without sentences.
 */
export function isIgnored(c: Claim, ignore: RegExp[]): boolean {
  return ignore.length > 0 && ignore.some((re) => re.test(c.text) || (c.sentence !== undefined && re.test(c.sentence)));
}

/** `claims.ignore` patterns as regular expressions (strings are matched literally, `/re/` as regex). */
export function ignorePatterns(settings: Record<string, unknown>): RegExp[] {
  const raw = settings.ignore;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((p): p is string => typeof p === 'string')
    .map((p) => {
      const re = /^\/(.*)\/([gimsuy]*)$/.exec(p);
      return re ? new RegExp(re[1], re[2].replace('g', '')) : new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    });
}
