import type { Micros } from '../../base/time.ts';

/**
 * A monotone, piecewise-linear map between simulated time and "warped" time, used both to pace
 * playback and as the swimlane's x axis.
 *
 * Why: a Kubernetes trace mixes sub-millisecond RPCs with seconds of idle waiting (an image
 * pull). Played at any constant rate either the RPCs flash by or the waits drag on. So each gap
 * between consecutive interesting instants (event starts and ends) of length g lasts
 * `scale * ln(1 + g / knee)` in warped time: short gaps are stretched (a 1 ms message becomes
 * visible), long ones are compressed logarithmically, and busy stretches, having more
 * breakpoints, get more time than quiet ones. Being a pure function of the trace it keeps
 * "rendering is a function of the playhead" intact: the playhead is still simulated time.
 */
export interface TimeWarp {
  /** Simulated time → warped time (µs of warped time). */
  toWarped(t: Micros): number;
  /** Warped time → simulated time (not rounded). */
  toSim(w: number): Micros;
  /** Warped length of the whole trace. */
  readonly total: number;
  readonly start: Micros;
  readonly end: Micros;
}

export interface WarpOptions {
  /** Warped µs per natural-log unit of gap. */
  scale?: number;
  /** Gaps much shorter than this are stretched linearly (by scale/knee), longer ones compressed. */
  knee?: Micros;
}

/** Defaults tuned so the hello-deployment scenario plays in about 25 s at 1×. */
export const DEFAULT_WARP: Required<WarpOptions> = { scale: 135_000, knee: 2_000 };

/** Warped length of one gap of `gap` µs. */
export function warpedGap(gap: Micros, opts: Required<WarpOptions> = DEFAULT_WARP): number {
  return gap <= 0 ? 0 : opts.scale * Math.log1p(gap / opts.knee);
}

/**
 * Builds the warp from breakpoints (any order, duplicates allowed) spanning [start, end].
 * Breakpoints outside [start, end] are ignored.
 */
export function createTimeWarp(breakpoints: Iterable<Micros>, start: Micros, end: Micros, options: WarpOptions = {}): TimeWarp {
  const opts = { ...DEFAULT_WARP, ...options };
  const lo = Math.min(start, end);
  const hi = Math.max(start, end);
  const set = new Set<number>([lo, hi]);
  for (const b of breakpoints) if (b >= lo && b <= hi) set.add(b);
  const sims = Float64Array.from([...set].sort((a, b) => a - b));
  const warps = new Float64Array(sims.length);
  for (let i = 1; i < sims.length; i++) {
    warps[i] = (warps[i - 1] ?? 0) + warpedGap((sims[i] ?? 0) - (sims[i - 1] ?? 0), opts);
  }
  return warpOf(sims, warps, lo, hi);
}

/**
 * The piecewise-linear map between sorted simulated instants `sims` and their warped positions
 * `warps` (same length), over [lo, hi]. createTimeWarp builds the arrays at once; the growing
 * warp of a live trace (src/ui/shell/growingWarp.ts) extends them per append.
 */
export function warpOf(sims: Float64Array, warps: Float64Array, lo: Micros, hi: Micros): TimeWarp {
  // Index of the last breakpoint <= x in `arr` (binary search), clamped to [0, n-2].
  const segment = (arr: Float64Array, x: number): number => {
    let a = 0;
    let b = arr.length - 1;
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if ((arr[mid] ?? 0) <= x) a = mid;
      else b = mid;
    }
    return a;
  };
  const lerp = (from: Float64Array, to: Float64Array, x: number): number => {
    if (from.length < 2) return to[0] ?? 0;
    if (x <= (from[0] ?? 0)) return to[0] ?? 0;
    if (x >= (from[from.length - 1] ?? 0)) return to[to.length - 1] ?? 0;
    const i = segment(from, x);
    const x0 = from[i] ?? 0;
    const x1 = from[i + 1] ?? x0;
    const y0 = to[i] ?? 0;
    const y1 = to[i + 1] ?? y0;
    return x1 === x0 ? y0 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
  };

  return {
    toWarped: (t) => lerp(sims, warps, t),
    toSim: (w) => lerp(warps, sims, w),
    total: warps[warps.length - 1] ?? 0,
    start: lo,
    end: hi,
  };
}

/** The instants a trace's warp should bend at: every event start and, for durations, its end. */
export function breakpointsOf(events: Iterable<{ t: Micros; dur?: Micros }>): Micros[] {
  const out: Micros[] = [];
  for (const e of events) {
    out.push(e.t);
    if (e.dur) out.push(e.t + e.dur);
  }
  return out;
}
