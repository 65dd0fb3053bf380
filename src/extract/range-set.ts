import { mapPacked } from './packed.js';

/** A set of half-open offset ranges with fast membership, built once then queried. */
export class RangeSet {
  private starts: number[] = [];
  private ends: number[] = [];

  constructor(ranges: Array<[number, number]>) {
    const sorted = ranges.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
    for (const [s, e] of sorted) {
      const last = this.ends.length - 1;
      if (last >= 0 && s <= this.ends[last]) this.ends[last] = Math.max(this.ends[last], e);
      else {
        this.starts.push(s);
        this.ends.push(e);
      }
    }
  }

  /** Whether an offset falls inside any range. */
  has(offset: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (offset < this.starts[mid]) hi = mid - 1;
      else if (offset >= this.ends[mid]) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** The merged ranges. */
  toArray(): Array<[number, number]> {
    return mapPacked(this.starts, (s, i) => [s, this.ends[i]]);
  }
}
