/**
 * `items.map(f)`, always as a packed array. V8's optimised `map` makes holey arrays where its
 * builtin makes packed ones, so an array made by `map` changed shape once its maker was
 * optimised, and the optimised code that read it was thrown away and compiled again: the
 * extractor's biggest functions a dozen times per few thousand briefs (docs/performance.md).
 */
export function mapPacked<T, U>(items: readonly T[], f: (item: T, index: number) => U): U[] {
  const out: U[] = [];
  for (let i = 0; i < items.length; i++) out.push(f(items[i], i));
  return out;
}
