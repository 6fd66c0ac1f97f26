import type { Micros } from '../../base/time.ts';

/** What the index reads from the timeline: its length and its events in `(t, seq)` order. */
export interface EventSource {
  readonly length: number;
  at(index: number): { t: Micros; actor: string };
}

/**
 * Per-actor start times in typed arrays, built once (and extended as a live timeline grows), so
 * the swimlane can count the events of any lane in any time range with two binary searches
 * instead of visiting them. This is the level of detail for big traces: when zoomed out, each
 * pixel column of a lane is drawn from a count, never from the events themselves, and no object
 * is made per event per frame.
 */
export class LaneDensityIndex {
  private readonly ids = new Map<string, number>();
  private times: Float64Array[] = [];
  private counts: number[] = [];
  /** How many timeline events are in the index. */
  indexed = 0;

  /** Adds the events appended to `source` since the last call; returns whether anything was added. */
  update(source: EventSource): boolean {
    const n = source.length;
    if (n <= this.indexed) return false;
    for (let i = this.indexed; i < n; i++) {
      const e = source.at(i);
      let id = this.ids.get(e.actor);
      if (id === undefined) {
        id = this.times.length;
        this.ids.set(e.actor, id);
        this.times.push(new Float64Array(64));
        this.counts.push(0);
      }
      let arr = this.times[id] as Float64Array;
      const c = this.counts[id] as number;
      if (c === arr.length) {
        const grown = new Float64Array(arr.length * 2);
        grown.set(arr);
        this.times[id] = arr = grown;
      }
      arr[c] = e.t;
      this.counts[id] = c + 1;
    }
    this.indexed = n;
    return true;
  }

  /** Number of events of `actor` in the index. */
  total(actor: string): number {
    const id = this.ids.get(actor);
    return id === undefined ? 0 : (this.counts[id] as number);
  }

  /** Events of `actor` with `t0 <= t < t1`. */
  count(actor: string, t0: Micros, t1: Micros): number {
    const id = this.ids.get(actor);
    if (id === undefined) return 0;
    const arr = this.times[id] as Float64Array;
    const n = this.counts[id] as number;
    return lowerBound(arr, n, t1, 0) - lowerBound(arr, n, t0, 0);
  }

  /**
   * Adds to `out[i]` the number of events of each actor with `edges[i] <= t < edges[i + 1]`
   * (edges ascending, `out.length === edges.length - 1`). One binary search per edge per actor,
   * each starting where the last one ended.
   */
  accumulate(actors: readonly string[], edges: Float64Array, out: Float32Array): void {
    const bins = edges.length - 1;
    for (const a of actors) {
      const id = this.ids.get(a);
      if (id === undefined) continue;
      const arr = this.times[id] as Float64Array;
      const n = this.counts[id] as number;
      if (n === 0) continue;
      let lo = lowerBound(arr, n, edges[0] as number, 0);
      for (let b = 0; b < bins && lo < n; b++) {
        const hi = lowerBound(arr, n, edges[b + 1] as number, lo);
        out[b] = (out[b] as number) + (hi - lo);
        lo = hi;
      }
    }
  }
}

/** First index in `arr[from..n)` whose value is `>= x`. */
export function lowerBound(arr: Float64Array, n: number, x: number, from: number): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bin edges for pixel columns: `edges[i]` is the time at `x0 + i * step` px. */
export function columnEdges(timeAt: (x: number) => Micros, x0: number, x1: number, step: number): Float64Array {
  const bins = Math.max(1, Math.ceil((x1 - x0) / step));
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i <= bins; i++) edges[i] = timeAt(Math.min(x1, x0 + i * step));
  // The last edge is exclusive: push it past the end so an event exactly at the end counts.
  edges[bins] = (edges[bins] as number) + 1;
  for (let i = 1; i <= bins; i++) if ((edges[i] as number) < (edges[i - 1] as number)) edges[i] = edges[i - 1] as number;
  return edges;
}

/** 0..1 intensity of a bin count on a log scale against the largest count. */
export function intensity(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(1, 0.25 + (0.75 * Math.log1p(count)) / Math.log1p(max));
}
