import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { Family } from '../topology/layout.ts';
import { markStyle, type MarkStyle } from './inferredStyle.ts';
import { columnEdges, intensity, type LaneDensityIndex } from './density.ts';
import type { Row } from './groups.ts';
import { axisTicks, formatTime, laneLabel, type Mark, type TimeAxis } from './lanes.ts';

/** Colours and sizes read from the theme's CSS variables. */
export interface SwimlanePalette {
  bg: string;
  panel: string;
  fg: string;
  muted: string;
  grid: string;
  laneAlt: string;
  accent: string;
  warn: string;
  family: Record<Family, string>;
  font: string;
  mono: string;
  fontSize: number;
  lineWidth: number;
}

export interface SwimlaneFrame {
  width: number;
  height: number;
  /** Width of the lane-label gutter. */
  left: number;
  /** Height of the time axis strip. */
  axisH: number;
  /** Rows top to bottom: group headers, lanes, collapsed groups' summaries (see groups.ts). */
  lanes: readonly Row[];
  /** The row each actor is drawn in (a collapsed group's summary for its members). */
  laneOf: ReadonlyMap<string, Row>;
  axis: TimeAxis;
  /** The visible time range (axis.visible()). */
  visible: readonly [Micros, Micros];
  /** The events to draw one by one (empty when `detail` is false). */
  events: Iterable<TraceEvent>;
  /** Draw events one by one (zoomed in far enough); otherwise every lane is drawn from counts. */
  detail: boolean;
  /** Per-actor counts, for the density of collapsed groups and of every lane when zoomed out. */
  density: LaneDensityIndex;
  t: Micros;
  selectedSeq: number | undefined;
  /** The selected event, drawn highlighted wherever its lane is (even folded into a summary). */
  selected?: TraceEvent | undefined;
  /** The density rows already drawn by `drawDensity` (same size × devicePixelRatio), to copy. */
  densityLayer?: HTMLCanvasElement | undefined;
}

/** The rows drawn from counts: collapsed groups' summaries always, every lane when zoomed out. */
function densityRows(f: Pick<SwimlaneFrame, 'lanes' | 'detail' | 'axisH' | 'height'>): Row[] {
  return f.lanes.filter((l) => l.y + l.h > f.axisH && l.y < f.height && (l.type === 'summary' || (l.type === 'lane' && !f.detail)));
}

/**
 * Draws the density rows at full strength (no playhead): one bar per 2-px column per row, its
 * opacity from the count on a log scale against the busiest column in view. Kept by the caller
 * as a layer while only the playhead moves.
 */
export function drawDensity(ctx: CanvasRenderingContext2D, f: Pick<SwimlaneFrame, 'lanes' | 'detail' | 'axisH' | 'height' | 'width' | 'left' | 'axis' | 'density'>, p: SwimlanePalette): void {
  const rows = densityRows(f);
  if (rows.length === 0) return;
  const right = f.width - RIGHT_PAD;
  const edges = columnEdges(f.axis.t, f.left, right, DENSITY_STEP);
  const bins = edges.length - 1;
  const counts = rows.map((l) => {
    const out = new Float32Array(bins);
    f.density.accumulate(l.type === 'summary' ? l.group.actors : [l.actor], edges, out);
    return out;
  });
  let max = 0;
  for (const c of counts) for (let b = 0; b < bins; b++) if ((c[b] as number) > max) max = c[b] as number;
  ctx.save();
  ctx.beginPath();
  ctx.rect(f.left, f.axisH, right - f.left, f.height - f.axisH);
  ctx.clip();
  rows.forEach((l, r) => {
    const c = counts[r] as Float32Array;
    const h = Math.max(3, l.h * (l.type === 'summary' ? 0.7 : 0.56));
    const y = l.y + (l.h - h) / 2;
    ctx.fillStyle = p.family[l.family];
    for (let b = 0; b < bins; b++) {
      const v = intensity(c[b] as number, max);
      if (v === 0) continue;
      ctx.globalAlpha = v;
      ctx.fillRect(f.left + b * DENSITY_STEP, y, DENSITY_STEP, h);
    }
  });
  ctx.restore();
}

const RIGHT_PAD = 12;
/** Width of one density column, px. */
const DENSITY_STEP = 2;

/**
 * Draws one frame of the swimlane on a 2D canvas (already scaled for devicePixelRatio) and
 * returns the marks drawn, for hit testing. Events after the playhead are drawn faint, so the
 * diagram reads as "what has happened so far". Collapsed groups, and every lane when `detail` is
 * false, are drawn as density: one bar per 2-px column whose opacity grows with the count.
 */
export function drawSwimlane(ctx: CanvasRenderingContext2D, f: SwimlaneFrame, p: SwimlanePalette): Mark[] {
  const { width, height, left, axisH, lanes, axis } = f;
  const right = width - RIGHT_PAD;
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, 0, width, height);

  const visibleRows = lanes.filter((l) => l.y + l.h > axisH && l.y < height);
  const laneOf = f.laneOf;
  // Lane backgrounds.
  visibleRows.forEach((l, i) => {
    if (l.type === 'header') {
      ctx.fillStyle = p.bg;
      ctx.fillRect(0, l.y, width, l.h);
    } else if (i % 2 === 1) {
      ctx.fillStyle = p.laneAlt;
      ctx.fillRect(0, l.y, width, l.h);
    }
  });

  // Grid lines at the ticks.
  const ticks = axisTicks(axis, left, right, 130, 80);
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = 1;
  for (const tk of ticks) {
    ctx.beginPath();
    ctx.moveTo(Math.round(tk.x) + 0.5, axisH);
    ctx.lineTo(Math.round(tk.x) + 0.5, height);
    ctx.stroke();
  }

  // Events, clipped to the plot.
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, axisH, right - left, height - axisH);
  ctx.clip();

  // Density rows: summaries always, every lane when zoomed out. From the cached layer when the
  // caller keeps one (only the playhead moved), split at the playhead: the future drawn faint.
  if (f.densityLayer) {
    const playX = Math.max(left, Math.min(right, axis.x(f.t)));
    const dpr = f.densityLayer.width / width;
    if (playX > left) ctx.drawImage(f.densityLayer, left * dpr, 0, (playX - left) * dpr, f.densityLayer.height, left, 0, playX - left, height);
    if (playX < right) {
      ctx.globalAlpha = 0.3;
      ctx.drawImage(f.densityLayer, playX * dpr, 0, (right - playX) * dpr, f.densityLayer.height, playX, 0, right - playX, height);
      ctx.globalAlpha = 1;
    }
  } else {
    drawDensity(ctx, f, p);
  }

  const marks: Mark[] = [];
  let selected: Mark | undefined;
  ctx.font = `${Math.round(p.fontSize * 0.86)}px ${p.mono}`;
  ctx.textBaseline = 'middle';
  if (f.detail) {
    for (const e of f.events) {
      const lane = laneOf.get(e.actor);
      if (!lane || lane.type !== 'lane') continue;
      if (lane.y + lane.h < axisH && e.kind !== 'message') continue;
      // Reached back for long spans: skip what ends before the window without drawing it.
      if (e.t + (e.dur ?? 0) < f.visible[0]) continue;
      const future = e.t > f.t;
      ctx.globalAlpha = future ? 0.28 : 1;
      const color = p.family[lane.family];
      const yc = lane.y + lane.h / 2;
      const x0 = axis.x(e.t);
      const style = markStyle(e, p.lineWidth);
      let mark: Mark;
      if (e.kind === 'message' && e.to && laneOf.has(e.to)) {
        const target = laneOf.get(e.to) as Row;
        const x1 = axis.x(e.t + (e.dur ?? 0));
        const y1 = target.y + target.h / 2;
        drawArrow(ctx, x0, yc, x1, y1, color, p.lineWidth, style);
        mark = { seq: e.seq, kind: e.kind, x0, x1, y0: yc, y1 };
        const len = Math.hypot(x1 - x0, y1 - yc);
        if (len > 160 && Math.abs(x1 - x0) > 120) {
          const label = e.op;
          const tw = ctx.measureText(label).width;
          if (tw < Math.abs(x1 - x0) - 20) {
            ctx.fillStyle = p.fg;
            ctx.fillText(label, (x0 + x1) / 2 - tw / 2, (yc + y1) / 2 - 8);
          }
        }
      } else if (e.kind === 'span') {
        const x1 = Math.max(x0 + 2, axis.x(e.t + (e.dur ?? 0)));
        const h = Math.max(6, lane.h * 0.56);
        if (style.hatch) drawHatch(ctx, x0, yc - h / 2, x1 - x0, h, withAlpha(color, 0.45), p.lineWidth);
        else {
          ctx.fillStyle = withAlpha(color, 0.25);
          ctx.fillRect(x0, yc - h / 2, x1 - x0, h);
        }
        ctx.strokeStyle = color;
        ctx.lineWidth = p.lineWidth * 0.75;
        ctx.setLineDash(style.dash);
        ctx.strokeRect(x0 + 0.5, yc - h / 2 + 0.5, x1 - x0 - 1, h - 1);
        ctx.setLineDash([]);
        // Measure the label only where one could fit (measureText is not free at thousands a frame).
        const tw = x1 - x0 > 30 ? ctx.measureText(e.op).width : Infinity;
        if (x1 - x0 > tw + 10) {
          ctx.fillStyle = p.fg;
          ctx.fillText(e.op, x0 + 5, yc);
        }
        mark = { seq: e.seq, kind: e.kind, x0, x1, y0: yc - h / 2, y1: yc + h / 2 };
      } else {
        const r = Math.max(3.5, Math.min(6, lane.h * 0.2));
        drawGlyph(ctx, e, x0, yc, r, e.kind === 'event' && e.attrs?.type === 'Warning' ? p.warn : color, p, style);
        mark = { seq: e.seq, kind: e.kind, x0: x0 - r, x1: x0 + r, y0: yc - r, y1: yc + r };
      }
      if (style.clock) drawClockMarker(ctx, x0, lane.y, Math.max(3, Math.min(5, lane.h * 0.16)), p.warn, p.panel);
      marks.push(mark);
      if (e.seq === f.selectedSeq) selected = mark;
    }
  }
  ctx.globalAlpha = 1;
  drawSelection(ctx, f, p, selected, left, right, axisH, height);
  ctx.restore();

  // Lane labels in the gutter, over a solid background.
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, axisH, left, height - axisH);
  const laneH = lanes.find((l) => l.type !== 'header')?.h ?? p.fontSize;
  const laneFont = `${Math.min(p.fontSize, Math.floor(laneH * 0.82))}px ${p.font}`;
  ctx.textBaseline = 'middle';
  visibleRows.forEach((l, i) => {
    if (l.type === 'header') {
      ctx.fillStyle = p.bg;
      ctx.fillRect(0, l.y, left, l.h);
      return; // the group's toggle button (HTML, over the gutter) is its label
    }
    if (i % 2 === 1) {
      ctx.fillStyle = p.laneAlt;
      ctx.fillRect(0, l.y, left, l.h);
    }
    ctx.fillStyle = p.family[l.family];
    ctx.fillRect(0, l.y + 2, 4, Math.max(1, l.h - 4));
    if (l.type === 'summary') return; // labelled by its toggle button
    ctx.font = laneFont;
    ctx.fillStyle = p.fg;
    ctx.fillText(fit(ctx, laneLabel(l.actor), left - 30), 22, l.y + l.h / 2);
  });
  ctx.strokeStyle = p.grid;
  ctx.beginPath();
  ctx.moveTo(left + 0.5, axisH);
  ctx.lineTo(left + 0.5, height);
  ctx.stroke();

  // Axis strip.
  ctx.fillStyle = p.bg;
  ctx.fillRect(0, 0, width, axisH);
  ctx.font = `${Math.round(p.fontSize * 0.86)}px ${p.mono}`;
  ctx.fillStyle = p.muted;
  ctx.textBaseline = 'middle';
  // Tick labels keep clear of the playhead's pill.
  const playX = axis.x(f.t);
  const pillHalf = ctx.measureText(formatTime(f.t)).width / 2 + 12;
  for (const tk of ticks) {
    const tw = ctx.measureText(tk.label).width;
    const x0 = tk.x - tw / 2;
    if (x0 < left + 2 || x0 + tw > right) continue;
    if (x0 < playX + pillHalf && x0 + tw > playX - pillHalf) continue;
    ctx.fillText(tk.label, x0, axisH / 2);
    // A short tick mark under the label.
    ctx.fillRect(Math.round(tk.x), axisH - 4, 1, 4);
  }

  // Playhead.
  const px = axis.x(f.t);
  if (px >= left - 1 && px <= right + 1) {
    ctx.strokeStyle = p.accent;
    ctx.lineWidth = p.lineWidth + 0.5;
    ctx.beginPath();
    ctx.moveTo(px, axisH - 4);
    ctx.lineTo(px, height);
    ctx.stroke();
    const label = formatTime(f.t);
    ctx.font = `600 ${Math.round(p.fontSize * 0.86)}px ${p.mono}`;
    const tw = ctx.measureText(label).width + 14;
    const bx = Math.min(right - tw, Math.max(left, px - tw / 2));
    ctx.fillStyle = p.accent;
    roundRect(ctx, bx, 3, tw, axisH - 6, (axisH - 6) / 2);
    ctx.fill();
    ctx.fillStyle = p.panel;
    ctx.fillText(label, bx + 7, axisH / 2);
  }
  return marks;
}

/**
 * The selected event (a tour step's event, or a click): a tinted column over the whole plot at
 * its time, its lane's row tinted, and a thick ring with a halo around its mark, or around its
 * place in a density row when it is not drawn one by one.
 */
function drawSelection(ctx: CanvasRenderingContext2D, f: SwimlaneFrame, p: SwimlanePalette, mark: Mark | undefined, left: number, right: number, axisH: number, height: number): void {
  const e = f.selected;
  if (!e && !mark) return;
  let m = mark;
  if (!m && e) {
    const row = f.laneOf.get(e.actor);
    if (!row) return;
    const x0 = f.axis.x(e.t);
    const x1 = Math.max(x0, f.axis.x(e.t + (e.dur ?? 0)));
    m = { seq: e.seq, kind: e.kind === 'message' ? 'span' : e.kind, x0: x0 - 4, x1: x1 + 4, y0: row.y + 2, y1: row.y + row.h - 2 };
  }
  if (!m) return;
  const cx0 = Math.min(m.x0, m.x1);
  const cx1 = Math.max(m.x0, m.x1);
  if (cx1 < left - 8 || cx0 > right + 8) return;
  ctx.save();
  // Column across every lane, so the eye finds it at any zoom.
  ctx.globalAlpha = 0.13;
  ctx.fillStyle = p.accent;
  ctx.fillRect(cx0 - 6, axisH, cx1 - cx0 + 12, height - axisH);
  ctx.globalAlpha = 0.9;
  ctx.strokeStyle = p.accent;
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  ctx.moveTo(Math.round((cx0 + cx1) / 2) + 0.5, axisH);
  ctx.lineTo(Math.round((cx0 + cx1) / 2) + 0.5, height);
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.globalAlpha = 1;
  // Halo, then the ring.
  for (const [w, a] of [
    [p.lineWidth + 7, 0.25],
    [p.lineWidth + 2, 1],
  ] as const) {
    ctx.globalAlpha = a;
    ctx.strokeStyle = p.accent;
    ctx.lineWidth = w;
    if (m.kind === 'message') {
      ctx.beginPath();
      ctx.moveTo(m.x0, m.y0);
      ctx.lineTo(m.x1, m.y1);
      ctx.stroke();
    } else {
      roundRect(ctx, m.x0 - 4, m.y0 - 4, m.x1 - m.x0 + 8, m.y1 - m.y0 + 8, 4);
      ctx.stroke();
    }
  }
  ctx.restore();
}

function drawArrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, color: string, lw: number, style: MarkStyle): void {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = lw;
  ctx.setLineDash(style.dash);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
  const a = Math.atan2(y1 - y0, x1 - x0);
  const s = 4 + lw * 2;
  ctx.beginPath();
  ctx.moveTo(x1, y1);
  ctx.lineTo(x1 - s * Math.cos(a - 0.45), y1 - s * Math.sin(a - 0.45));
  ctx.lineTo(x1 - s * Math.cos(a + 0.45), y1 - s * Math.sin(a + 0.45));
  ctx.closePath();
  // An inferred message keeps an open head, like its dashed shaft.
  if (style.dash.length > 0) ctx.stroke();
  else ctx.fill();
}

/** Diagonal hatching over a span's box: an inferred span, told apart without colour. */
function drawHatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, color: string, lw: number): void {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1, lw * 0.6);
  const step = 5 + lw;
  ctx.beginPath();
  for (let i = x - h; i < x + w; i += step) {
    ctx.moveTo(i, y + h);
    ctx.lineTo(i + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

/** A small clock above an event whose time the merge placed (none recorded) or moved after its cause. */
function drawClockMarker(ctx: CanvasRenderingContext2D, x: number, laneTop: number, r: number, color: string, panel: string): void {
  const cy = laneTop + r + 1;
  ctx.beginPath();
  ctx.arc(x, cy, r, 0, Math.PI * 2);
  ctx.fillStyle = panel;
  ctx.fill();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.2;
  ctx.stroke();
  ctx.beginPath();
  ctx.moveTo(x, cy - r * 0.65);
  ctx.lineTo(x, cy);
  ctx.lineTo(x + r * 0.55, cy);
  ctx.stroke();
}

/** One glyph per instantaneous kind, so kinds can be told apart without colour. */
function drawGlyph(ctx: CanvasRenderingContext2D, e: TraceEvent, x: number, y: number, r: number, color: string, p: SwimlanePalette, style: MarkStyle): void {
  // An inferred glyph is an outline on the panel colour (dashed when it is big enough to show).
  ctx.fillStyle = style.hollow ? p.panel : color;
  ctx.strokeStyle = style.hollow ? color : p.panel;
  ctx.lineWidth = style.hollow ? Math.max(1.5, p.lineWidth) : 1;
  ctx.beginPath();
  switch (e.kind) {
    case 'object': // diamond
      ctx.moveTo(x, y - r - 1);
      ctx.lineTo(x + r + 1, y);
      ctx.lineTo(x, y + r + 1);
      ctx.lineTo(x - r - 1, y);
      ctx.closePath();
      break;
    case 'command': // triangle
      ctx.moveTo(x - r, y - r);
      ctx.lineTo(x + r, y);
      ctx.lineTo(x - r, y + r);
      ctx.closePath();
      break;
    case 'state': // bar
      ctx.rect(x - 1.5, y - r - 2, 3, 2 * r + 4);
      break;
    default: // event, log: circle
      ctx.arc(x, y, e.kind === 'log' ? r * 0.6 : r, 0, Math.PI * 2);
  }
  ctx.fill();
  if (style.hollow && r >= 5) ctx.setLineDash([2.5, 2]);
  ctx.stroke();
  ctx.setLineDash([]);
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function fit(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(`${s}…`).width > max) s = s.slice(0, -1);
  return `${s}…`;
}

/** `#rrggbb` + alpha → `rgba()`; other colour syntaxes are returned unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return color;
  const n = parseInt(m[1] as string, 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
