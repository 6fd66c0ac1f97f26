import type { Micros } from '../../base/time.ts';
import { columnEdges, intensity, type LaneDensityIndex } from './density.ts';
import type { SwimlanePalette } from './draw.ts';
import type { LaneGroup } from './groups.ts';
import { familyOf, type TimeAxis } from './lanes.ts';

/**
 * The overview strip under the lanes: a minimap of the whole trace (one row per lane group, one
 * column per 2 px, shaded by how many events fall in it) with the visible window and the
 * playhead drawn over it. The density part only changes when the trace grows or the strip is
 * resized, so it is drawn once into an offscreen canvas and copied on each frame.
 */

export interface OverviewFrame {
  width: number;
  height: number;
  left: number;
  right: number;
  groups: readonly LaneGroup[];
  density: LaneDensityIndex;
  /** The unzoomed axis: the whole trace over [left, right]. */
  axis: TimeAxis;
}

const STEP = 2;

/** Rows of the minimap: each group, or runs of groups merged when there are more groups than 2-px rows. */
export function overviewRows(groups: readonly LaneGroup[], height: number): { actors: string[]; family: ReturnType<typeof familyOf> }[] {
  const n = Math.max(1, Math.min(groups.length, Math.floor(height / 2)));
  const rows = Array.from({ length: n }, () => ({ actors: [] as string[], family: 'node' as ReturnType<typeof familyOf> }));
  groups.forEach((g, i) => {
    const r = rows[Math.floor((i * n) / groups.length)] as (typeof rows)[number];
    if (r.actors.length === 0) r.family = familyOf(g.actors[0] ?? '');
    r.actors.push(...g.actors);
  });
  return rows.filter((r) => r.actors.length > 0);
}

/** Draws the minimap's density (no window, no playhead) onto `ctx`. */
export function drawOverviewDensity(ctx: CanvasRenderingContext2D, f: OverviewFrame, p: SwimlanePalette): void {
  const { width, height, left, right } = f;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, width, height);
  const rows = overviewRows(f.groups, height - 4);
  if (rows.length === 0) return;
  const edges = columnEdges(f.axis.t, left, right, STEP);
  const bins = edges.length - 1;
  const counts = rows.map((r) => {
    const out = new Float32Array(bins);
    f.density.accumulate(r.actors, edges, out);
    return out;
  });
  let max = 0;
  for (const c of counts) for (let b = 0; b < bins; b++) if ((c[b] as number) > max) max = c[b] as number;
  const rh = (height - 4) / rows.length;
  rows.forEach((r, i) => {
    const c = counts[i] as Float32Array;
    ctx.fillStyle = p.family[r.family];
    for (let b = 0; b < bins; b++) {
      const v = intensity(c[b] as number, max);
      if (v === 0) continue;
      ctx.globalAlpha = v;
      ctx.fillRect(left + b * STEP, 2 + i * rh, STEP, Math.max(1, rh - (rh > 3 ? 1 : 0)));
    }
  });
  ctx.globalAlpha = 1;
}

/** Draws the window (the part of the trace the lanes show) and the playhead over the density. */
export function drawOverviewMarks(ctx: CanvasRenderingContext2D, f: { height: number; left: number; right: number; window: [number, number]; playX: number }, p: SwimlanePalette): void {
  const [x0, x1] = f.window;
  ctx.save();
  // Dim what is outside the window.
  ctx.globalAlpha = 0.45;
  ctx.fillStyle = p.panel;
  if (x0 > f.left) ctx.fillRect(f.left, 0, x0 - f.left, f.height);
  if (x1 < f.right) ctx.fillRect(x1, 0, f.right - x1, f.height);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = p.fg;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x0 + 0.75, 0.75, Math.max(2, x1 - x0 - 1.5), f.height - 1.5);
  if (f.playX >= f.left - 1 && f.playX <= f.right + 1) {
    ctx.strokeStyle = p.accent;
    ctx.lineWidth = p.lineWidth + 0.5;
    ctx.beginPath();
    ctx.moveTo(f.playX, 0);
    ctx.lineTo(f.playX, f.height);
    ctx.stroke();
  }
  ctx.restore();
}

/** The zoom (k, x) that shows the overview's pixel range [x0, x1] across [left, right]. */
export function zoomForWindow(x0: number, x1: number, left: number, right: number): { k: number; x: number } {
  const span = Math.max(1e-6, x1 - x0);
  const k = Math.max(1, (right - left) / span);
  // toX(w) = base(w) * k + tx; base(w) = x0 must land on `left`.
  return { k, x: left - x0 * k };
}

/** The overview pixel range the zoom (k, x) shows: the inverse of zoomForWindow. */
export function windowForZoom(z: { k: number; x: number }, left: number, right: number): [number, number] {
  return [(left - z.x) / z.k, (right - z.x) / z.k];
}

/** Events of the timeline that start in [t0, t1], without visiting them: for the level-of-detail switch. */
export function visibleCount(indexAfter: (t: Micros) => number, t0: Micros, t1: Micros): number {
  return indexAfter(t1) - indexAfter(t0 - 1);
}
