import type { Micros } from '../../base/time.ts';
import { DEFAULT_WARP, warpedGap, warpOf, type TimeWarp, type WarpOptions } from '../playback/warp.ts';

/** What the warp reads of a timeline: its events in order, and its span. */
export interface WarpSource {
  at(i: number): { t: Micros; dur?: Micros };
  readonly startTime: Micros;
  readonly endTime: Micros;
}

/**
 * The playback warp (playback/warp.ts) of a timeline that grows by appends (a trace streaming in
 * from the import worker, a million events in batches). createTimeWarp over the whole log at each
 * append copied every event, put every breakpoint in a Set and sorted them all: O(n log n) per
 * batch, O(n² / batch) for a load. This keeps the breakpoints seen so far sorted and unique, sorts
 * only each batch's new ones and merges them in, and reuses the warped prefix that did not change
 * (appends come in time order, so usually all but the tail). The result is the same warp as
 * `createTimeWarp(breakpointsOf(events), startTime, endTime)` (checked in growingWarp.test.ts).
 */
export class GrowingWarp {
  private breakpoints: Float64Array = new Float64Array(0);
  private seen = 0;
  private sims: Float64Array = new Float64Array(0);
  private warps: Float64Array = new Float64Array(0);
  private last: { length: number; lo: number; hi: number; warp: TimeWarp } | undefined;
  private readonly opts: Required<WarpOptions>;

  constructor(
    private readonly source: WarpSource,
    options: WarpOptions = {},
  ) {
    this.opts = { ...DEFAULT_WARP, ...options };
  }

  /** The warp of the source's first `length` events (`length` only grows, as appends do). */
  update(length: number): TimeWarp {
    const source = this.source;
    const lo = Math.min(source.startTime, source.endTime);
    const hi = Math.max(source.startTime, source.endTime);
    if (this.last && this.last.length === length && this.last.lo === lo && this.last.hi === hi) return this.last.warp;
    if (length < this.seen) {
      // Not an append (another log under the same source): start again.
      this.breakpoints = new Float64Array(0);
      this.seen = 0;
    }
    this.addEvents(source, length);
    const sims = this.simsFor(lo, hi);
    // Warped values depend only on the sims before them: keep the prefix that did not change.
    let same = 0;
    const oldSims = this.sims;
    while (same < sims.length && same < oldSims.length && sims[same] === oldSims[same]) same++;
    const warps = new Float64Array(sims.length);
    warps.set(this.warps.subarray(0, Math.max(0, same)));
    for (let i = Math.max(1, same); i < sims.length; i++) warps[i] = (warps[i - 1] as number) + warpedGap((sims[i] as number) - (sims[i - 1] as number), this.opts);
    this.sims = sims;
    this.warps = warps;
    const warp = warpOf(sims, warps, lo, hi);
    this.last = { length, lo, hi, warp };
    return warp;
  }

  /** Sorts the new events' breakpoints (starts and ends) and merges them into the sorted set. */
  private addEvents(source: WarpSource, length: number): void {
    if (length <= this.seen) return;
    const fresh: number[] = [];
    for (let i = this.seen; i < length; i++) {
      const e = source.at(i);
      fresh.push(e.t);
      if (e.dur) fresh.push(e.t + e.dur);
    }
    this.seen = length;
    const add = Float64Array.from(fresh).sort();
    const old = this.breakpoints;
    const out = new Float64Array(old.length + add.length);
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < old.length || j < add.length) {
      const v = j >= add.length || (i < old.length && (old[i] as number) <= (add[j] as number)) ? (old[i++] as number) : (add[j++] as number);
      if (n === 0 || out[n - 1] !== v) out[n++] = v;
    }
    this.breakpoints = out.slice(0, n);
  }

  /** The breakpoints within [lo, hi] with lo and hi themselves, sorted and unique. */
  private simsFor(lo: number, hi: number): Float64Array {
    const bps = this.breakpoints;
    const a = lowerBound(bps, lo);
    const b = lowerBound(bps, hi, true);
    const inner = bps.subarray(a, b);
    const withLo = inner.length === 0 || inner[0] !== lo;
    const withHi = hi !== lo && (inner.length === 0 || inner[inner.length - 1] !== hi);
    const out = new Float64Array(inner.length + (withLo ? 1 : 0) + (withHi ? 1 : 0));
    let k = 0;
    if (withLo) out[k++] = lo;
    out.set(inner, k);
    k += inner.length;
    if (withHi) out[k] = hi;
    return out;
  }
}

/** First index with arr[i] >= x (or > x when `after`). */
function lowerBound(arr: Float64Array, x: number, after = false): number {
  let a = 0;
  let b = arr.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    const v = arr[mid] as number;
    if (v < x || (after && v === x)) a = mid + 1;
    else b = mid;
  }
  return a;
}
