import { parseDuration, type Micros } from '../../base/time.ts';
import type { TimeWarp } from '../playback/warp.ts';

/** A clip to record: simulated times [from, to], played at the app's 1× pacing (the warp). */
export interface ClipPlan {
  /** The playhead of each frame, in simulated µs. */
  times: Micros[];
  /** Frames per second of the output. */
  fps: number;
  /** The clip's length in ms (frames × frame time). */
  durationMs: number;
}

/**
 * Frames for simulated [from, to] at `fps`, spaced evenly in *warped* time, so the clip paces
 * like pressing play (a 1 ms RPC is seen, a 1.4 s image pull does not drag). A range shorter
 * than one frame holds its frame for `holdMs`, so a single step still makes a clip.
 */
export function planClip(warp: Pick<TimeWarp, 'toWarped' | 'toSim'>, from: Micros, to: Micros, fps: number, holdMs = 1000): ClipPlan {
  if (!(fps > 0)) throw new RangeError(`fps must be positive, not ${fps}`);
  if (to < from) throw new RangeError(`the range ends (${to} µs) before it starts (${from} µs)`);
  const w0 = warp.toWarped(from);
  const w1 = warp.toWarped(to);
  const frameW = 1_000_000 / fps;
  const n = Math.floor((w1 - w0) / frameW) + 1;
  if (n <= 1) {
    const hold = Math.max(1, Math.round((holdMs / 1000) * fps));
    return { times: Array.from({ length: hold }, () => to), fps, durationMs: (hold * 1000) / fps };
  }
  const times: Micros[] = [];
  for (let k = 0; k < n; k++) times.push(Math.min(to, Math.max(from, Math.round(warp.toSim(w0 + k * frameW)))));
  // The last frame is the range's end exactly (a tour step's own frame).
  times[n - 1] = to;
  return { times, fps, durationMs: (n * 1000) / fps };
}

/**
 * The simulated range of tour steps `first`..`last` (1-based, inclusive): from the frame
 * before the first step (the previous step's playhead, or the trace's start) to the last
 * step's playhead, so the clip shows what leads to each of them.
 */
export function stepRange(steps: readonly { t: Micros }[], first: number, last: number, start: Micros): { from: Micros; to: Micros } {
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last > steps.length || first > last) {
    throw new RangeError(`steps ${first}–${last} are not a range of this tour's 1–${steps.length}`);
  }
  return { from: first === 1 ? start : (steps[first - 2] as { t: Micros }).t, to: (steps[last - 1] as { t: Micros }).t };
}

/** The tour step (0-based index) a frame at `t` belongs to: the first step whose playhead is at or after t. */
export function stepAt(steps: readonly { t: Micros }[], t: Micros): number {
  const i = steps.findIndex((s) => s.t >= t);
  return i < 0 ? steps.length - 1 : i;
}

/** The tour step (0-based) on screen at playhead t: the last one whose playhead is at or before it; -1 before the first. */
export function stepShown(steps: readonly { t: Micros }[], t: Micros): number {
  let shown = -1;
  steps.forEach((s, i) => {
    if (s.t <= t) shown = i;
  });
  return shown;
}

/** A time typed in the export form: `1.5s`, `250ms`, or a bare number of seconds; undefined if neither. */
export function parseTimeInput(text: string): Micros | undefined {
  const v = text.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1_000_000);
  return parseDuration(v);
}

/** µs as the form shows it: seconds with up to three decimals (`1.25s`). */
export function formatTimeInput(t: Micros): string {
  return `${Number((t / 1_000_000).toFixed(3))}s`;
}
