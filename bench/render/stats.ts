/** Frame-time figures of one measured phase. */
export interface FrameStats {
  frames: number;
  median: number;
  p95: number;
  max: number;
  longTasks: number;
  longTaskMs: number;
  /** The swimlane's own drawing per frame (its `ka-swimlane-draw` events), ms. */
  draws: number;
  drawMedian: number;
  drawP95: number;
}

/** The q-quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** Median, p95 and worst of the rAF deltas (ms), and the count and total of long tasks (ms). */
export function summarize(frames: readonly number[], longTasks: readonly number[], draws: readonly number[] = []): FrameStats {
  const s = [...frames].sort((a, b) => a - b);
  const d = [...draws].sort((a, b) => a - b);
  return {
    frames: s.length,
    median: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    max: s.length ? (s[s.length - 1] as number) : 0,
    longTasks: longTasks.length,
    longTaskMs: longTasks.reduce((a, b) => a + b, 0),
    draws: d.length,
    drawMedian: quantile(d, 0.5),
    drawP95: quantile(d, 0.95),
  };
}
