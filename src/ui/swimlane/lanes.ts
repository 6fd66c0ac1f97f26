import { scaleLinear } from 'd3';
import type { Micros } from '../../base/time.ts';
import { formatDuration } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { Family } from '../topology/layout.ts';
import type { TimeWarp } from '../playback/warp.ts';

/**
 * View-model of the swimlane timeline: lanes, the time ↔ x mapping, axis ticks and hit testing.
 * Pure functions so they can be tested without a canvas.
 */

export interface Lane {
  actor: string;
  /** Top of the lane in CSS pixels (below the axis). */
  y: number;
  h: number;
  family: Family;
}

/** Component family of an actor id, for its colour. */
export function familyOf(actor: string): Family {
  const component = actor.split('/')[0] ?? actor;
  if (component === 'user' || component === 'kubectl') return 'client';
  if (component === 'kubelet') return 'node';
  if (['kube-apiserver', 'etcd', 'kube-controller-manager', 'scheduler', 'kube-scheduler', 'cloud-controller-manager'].includes(component)) return 'control-plane';
  return 'runtime';
}

/**
 * Stacks lanes top to bottom in the order given (Timeline.actors() is already in the canonical
 * request-path order), sharing `height` between them with a floor and a ceiling per lane.
 */
export function layoutLanes(actors: readonly string[], top: number, height: number, minLane = 18, maxLane = 40): Lane[] {
  const h = actors.length === 0 ? 0 : Math.max(minLane, Math.min(maxLane, height / actors.length));
  return actors.map((actor, i) => ({ actor, y: top + i * h, h, family: familyOf(actor) }));
}

/** A short lane label: `kube-controller-manager/deployment-controller` → `deployment-controller`. */
export function laneLabel(actor: string): string {
  if (actor.startsWith('kube-controller-manager/')) return actor.slice('kube-controller-manager/'.length);
  return actor;
}

/**
 * The x of a simulated time: warp it, then map the warped range onto the plot, then apply the
 * zoom (k, x) as d3-zoom's transform would (x' = x * k + tx).
 */
export interface TimeAxis {
  x(t: Micros): number;
  t(x: number): Micros;
  /** Visible simulated-time range. */
  visible(): [Micros, Micros];
}

export function createTimeAxis(warp: TimeWarp, left: number, right: number, zoom: { k: number; x: number } = { k: 1, x: 0 }): TimeAxis {
  const total = warp.total || 1;
  // Warped time → unzoomed pixels; the zoom is applied on top, as d3-zoom's transform.applyX.
  const base = scaleLinear().domain([0, total]).range([left, right]);
  const toX = (w: number): number => base(w) * zoom.k + zoom.x;
  const fromX = (x: number): number => base.invert((x - zoom.x) / zoom.k);
  return {
    x: (t) => toX(warp.toWarped(t)),
    t: (x) => warp.toSim(Math.min(total, Math.max(0, fromX(x)))),
    visible: () => [warp.toSim(Math.max(0, fromX(left))), warp.toSim(Math.min(total, fromX(right)))],
  };
}

/** Rounds a time to a step that reads well at the given precision (1, 2, 5 × 10^n µs). */
export function niceStep(approx: Micros): Micros {
  if (approx <= 1) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(approx)));
  const m = approx / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

export interface Tick {
  t: Micros;
  x: number;
  label: string;
}

/**
 * Axis ticks for a warped axis: the warp bends time, so evenly spaced sim-time ticks would bunch
 * up. Instead sample the axis every `spacing` px, round each sample to a nice time for the local
 * scale, and keep the ones that stay at least `minGap` px apart. Labels are the real times.
 */
export function axisTicks(axis: TimeAxis, left: number, right: number, spacing = 120, minGap = 70): Tick[] {
  const ticks: Tick[] = [];
  let lastX = -Infinity;
  let lastT = -Infinity;
  for (let x = left; x <= right; x += spacing) {
    const t0 = axis.t(x);
    const t1 = axis.t(x + spacing);
    const step = niceStep(Math.max(1, (t1 - t0) / 2));
    const t = Math.round(t0 / step) * step;
    const tx = axis.x(t);
    if (t <= lastT || tx < left || tx > right || tx - lastX < minGap) continue;
    ticks.push({ t, x: tx, label: formatTime(t) });
    lastX = tx;
    lastT = t;
  }
  return ticks;
}

/** Playhead and tick labels: `0s`, `12.5ms`, `1.402s`. */
export function formatTime(t: Micros): string {
  return t === 0 ? '0s' : formatDuration(Math.round(t));
}

/** A drawn mark, kept for hit testing: the event and its screen geometry. */
export interface Mark {
  seq: number;
  kind: TraceEvent['kind'];
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Distance in px from a point to a mark (0 inside). Messages are segments from (x0,y0) to (x1,y1). */
export function distanceToMark(m: Mark, px: number, py: number): number {
  if (m.kind === 'message') {
    const dx = m.x1 - m.x0;
    const dy = m.y1 - m.y0;
    const len2 = dx * dx + dy * dy;
    const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - m.x0) * dx + (py - m.y0) * dy) / len2));
    return Math.hypot(px - (m.x0 + u * dx), py - (m.y0 + u * dy));
  }
  const cx = Math.max(m.x0, Math.min(m.x1, px));
  const cy = Math.max(m.y0, Math.min(m.y1, py));
  return Math.hypot(px - cx, py - cy);
}

/** The mark nearest to a point within `radius` px; marks drawn later (on top) win ties. */
export function hitTest(marks: readonly Mark[], px: number, py: number, radius = 6): Mark | undefined {
  let best: Mark | undefined;
  let bestD = radius;
  for (const m of marks) {
    const d = distanceToMark(m, px, py);
    if (d <= bestD) {
      best = m;
      bestD = d;
    }
  }
  return best;
}
