import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { brushX, select, zoom as d3zoom, zoomIdentity, type BrushBehavior, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useStore } from 'zustand';
import { useT } from '../i18n/useT.ts';
import { usePlayerControls } from '../playback/usePlayer.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import type { TraceEvent } from '../../trace/schema.ts';
import { LaneDensityIndex } from './density.ts';
import { drawDensity, drawSwimlane, type SwimlanePalette } from './draw.ts';
import { defaultCollapsed, groupActors, layoutRows, type LaneGroup, type Row } from './groups.ts';
import { InferredLegend } from '../replay/InferredLegend.tsx';
import { useInferenceCounts } from '../replay/useInferenceCounts.ts';
import { createTimeAxis, hitTest, laneLabel, type Mark } from './lanes.ts';
import { drawOverviewDensity, drawOverviewMarks, windowForZoom, zoomForWindow } from './overview.ts';
import { swimlaneViewOf } from './viewState.ts';
import './swimlane.css';

/** Per-theme geometry: the projector themes get wider labels, taller lanes and a taller overview. */
function geometry(projector: boolean) {
  return projector
    ? { left: 240, axisH: 30, minLane: 14, maxLane: 44, headerH: 22, ovH: 48 }
    : { left: 210, axisH: 26, minLane: 12, maxLane: 36, headerH: 18, ovH: 38 };
}

/**
 * Above this many events starting in the visible window the lanes are drawn from counts (one
 * bar per 2-px column) instead of one mark per event: past a few thousand marks a frame no
 * longer fits in 16 ms on a modest machine, and the marks overlap into a smear anyway.
 */
export const DETAIL_MAX_EVENTS = 2_500;

function readPalette(el: Element): SwimlanePalette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    bg: v('--bg', '#f5f6fa'),
    panel: v('--panel', '#ffffff'),
    fg: v('--fg', '#1b2330'),
    muted: v('--muted', '#5b6677'),
    grid: v('--grid', '#e4e7ee'),
    laneAlt: v('--lane-alt', '#f7f8fb'),
    accent: v('--accent', '#d6336c'),
    warn: v('--warn', '#e8590c'),
    family: {
      client: v('--client', '#64748b'),
      'control-plane': v('--cp', '#3b5bdb'),
      node: v('--node', '#0c8a6e'),
      runtime: v('--rt', '#c76a00'),
    },
    font: v('--font-ui', 'sans-serif'),
    mono: v('--font-mono', 'monospace'),
    fontSize: parseFloat(v('--swim-font-size', '13')) || 13,
    lineWidth: parseFloat(v('--line-width', '1.5')) || 1.5,
  };
}

function sizeCanvas(canvas: HTMLCanvasElement, w: number, h: number, dpr: number): CanvasRenderingContext2D | null {
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/**
 * The swimlane timeline: lanes per actor, grouped (client, control plane, one group per node)
 * and foldable; spans as bars, messages as arrows between lanes, other events as glyphs; an
 * overview strip (minimap of the whole trace with a brush for the window) below.
 *
 * Wheel or pinch zooms, dragging pans, a horizontal swipe pans (d3-zoom); the wheel over the
 * labels scrolls the lanes; dragging on the time axis or the playhead moves the playhead;
 * clicking an event selects it. Keys when focused: + − zoom, 0 fit, Shift+←/→ pan, ↑/↓ scroll.
 *
 * Drawing is imperative and batched to one requestAnimationFrame: the playhead, the selection
 * and the zoom are read from stores and refs, so playing or zooming does not re-render React.
 */
export function Swimlane() {
  const t = useT();
  const { timeline, warp, version } = useTrace();
  const theme = useSession((s) => s.theme);
  const store = useSessionStore();
  const view = useMemo(() => swimlaneViewOf(store), [store]);
  const overrides = useStore(view, (s) => s.collapsed);
  const scrollY = useStore(view, (s) => s.scrollY);
  const controls = usePlayerControls();

  const rootRef = useRef<HTMLElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const ovCanvasRef = useRef<HTMLCanvasElement>(null);
  const brushRef = useRef<SVGGElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [zoomed, setZoomed] = useState(() => view.getState().zoom.k !== 1 || view.getState().zoom.x !== 0);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
  const brushBehavior = useRef<BrushBehavior<unknown> | null>(null);
  const transformRef = useRef(view.getState().zoom);
  const marksRef = useRef<Mark[]>([]);
  const geo = geometry(theme !== 'light');

  // Follow the container's size.
  useLayoutEffect(() => {
    const el = wrapRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ w: el.clientWidth, h: el.clientHeight }));
    ro.observe(el);
    setSize({ w: el.clientWidth, h: el.clientHeight });
    return () => ro.disconnect();
  }, []);

  // Per-actor start times in typed arrays, extended as the timeline grows (see density.ts).
  // A new index for each timeline (the memo's key), extended below as it grows.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const density = useMemo(() => new LaneDensityIndex(), [timeline]);
  // `version` is not read, but the timeline grows in place while streaming: recompute then.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useMemo(() => density.update(timeline), [density, timeline, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const actors = useMemo(() => timeline.actors(), [timeline, version]);
  // The timeline keeps the longest duration as events come (no pass over a replay's millions).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const maxDur = useMemo(() => timeline.maxDuration, [timeline, version]);
  const inference = useInferenceCounts(timeline, version);
  const groups = useMemo(() => groupActors(actors), [actors]);

  const plotH = Math.max(0, size.h - geo.ovH);
  const right = Math.max(geo.left + 10, size.w - 12);
  const defaults = useMemo(() => defaultCollapsed(groups, plotH - geo.axisH, geo.minLane, geo.headerH), [groups, plotH, geo.axisH, geo.minLane, geo.headerH]);
  const isCollapsed = useCallback((g: LaneGroup) => overrides[g.id] ?? defaults.has(g.id), [overrides, defaults]);
  const layout = useMemo(() => {
    const opts = { minLane: geo.minLane, maxLane: geo.maxLane, headerH: geo.headerH };
    const full = layoutRows(groups, isCollapsed, geo.axisH, plotH - geo.axisH, opts);
    const maxScroll = Math.max(0, full.contentH - (plotH - geo.axisH));
    const y = Math.min(scrollY, maxScroll);
    return { ...(y === 0 ? full : layoutRows(groups, isCollapsed, geo.axisH, plotH - geo.axisH, { ...opts, scrollY: y })), maxScroll };
  }, [groups, isCollapsed, geo.axisH, geo.minLane, geo.maxLane, geo.headerH, plotH, scrollY]);

  // Everything a frame needs that changes with React renders; the rest comes from stores.
  const ovLabel = t('swimlane.overview');
  const frameRef = useRef({ timeline, warp, maxDur, layout, size, plotH, right, geo, groups, density, version, theme, ovLabel });
  const paletteRef = useRef<SwimlanePalette | null>(null);
  const layerRef = useRef<{ canvas: HTMLCanvasElement; key: string } | null>(null);
  const ovLayerRef = useRef<{ canvas: HTMLCanvasElement; key: string } | null>(null);
  const brushingRef = useRef(false);
  const layoutOfLayer = useRef<unknown>(null);

  /** Draws the lanes and the overview now, from the latest refs and store state. */
  const drawNow = useCallback(() => {
    const started = performance.now();
    const fr = frameRef.current;
    const canvas = canvasRef.current;
    const ovCanvas = ovCanvasRef.current;
    if (!canvas || !ovCanvas || fr.size.w === 0 || fr.plotH <= fr.geo.axisH) return;
    const palette = (paletteRef.current ??= readPalette(canvas));
    const dpr = window.devicePixelRatio || 1;
    const session = store.getState();
    const z = transformRef.current;
    const { left, axisH, ovH } = fr.geo;

    // Keep the playhead in view while playing zoomed in.
    if (session.playing && z.k > 1.01 && zoomRef.current) {
      const x = createTimeAxis(fr.warp, left, fr.right, z).x(session.t);
      const w = fr.right - left;
      if (x > fr.right - w * 0.1 || x < left) {
        select(canvas).call(zoomRef.current.translateBy, (left + w * 0.3 - x) / z.k, 0);
      }
    }
    const zt = transformRef.current;
    const axis = createTimeAxis(fr.warp, left, fr.right, zt);
    const [v0, v1] = axis.visible();
    const inView = fr.timeline.indexAfter(v1) - fr.timeline.indexAfter(v0 - 1);
    const detail = inView <= DETAIL_MAX_EVENTS;
    let events: readonly TraceEvent[] = [];
    if (detail) {
      // Spans and messages that started before the window still reach into it: reach back by the
      // longest duration, unless that would pull in far too many events (then by one window).
      const back = fr.timeline.indexAfter(v0 - 1) - fr.timeline.indexAfter(v0 - fr.maxDur - 1) > 4 * DETAIL_MAX_EVENTS ? v1 - v0 : fr.maxDur;
      events = fr.timeline.eventsIn(v0 - back, v1);
    }
    const selection = session.selection;
    const selected = selection?.type === 'event' ? fr.timeline.bySeq(selection.seq) : undefined;

    const ctx = sizeCanvas(canvas, fr.size.w, fr.plotH, dpr);
    if (!ctx) return;
    // The density layer: redrawn only when what it shows changes, not when the playhead moves.
    const key = `${zt.k},${zt.x},${fr.size.w},${fr.plotH},${dpr},${fr.version},${fr.theme},${detail},${fr.layout.rows.length},${fr.layout.rows[0]?.y ?? 0},${fr.layout.maxScroll}`;
    let layer = layerRef.current;
    if (!layer || layer.key !== key || fr.layout !== layoutOfLayer.current) {
      const c = layer?.canvas ?? document.createElement('canvas');
      const lctx = sizeCanvas(c, fr.size.w, fr.plotH, dpr);
      if (lctx) {
        lctx.clearRect(0, 0, fr.size.w, fr.plotH);
        drawDensity(lctx, { lanes: fr.layout.rows, detail, axisH, height: fr.plotH, width: fr.size.w, left, axis, density: fr.density }, palette);
      }
      layer = { canvas: c, key };
      layerRef.current = layer;
      layoutOfLayer.current = fr.layout;
    }
    marksRef.current = drawSwimlane(
      ctx,
      {
        width: fr.size.w,
        height: fr.plotH,
        left,
        axisH,
        lanes: fr.layout.rows,
        laneOf: fr.layout.laneOf,
        axis,
        visible: [v0, v1],
        events,
        detail,
        density: fr.density,
        densityLayer: layer.canvas,
        t: session.t,
        selectedSeq: selected?.seq,
        selected,
      },
      palette,
    );
    const root = rootRef.current;
    if (root) {
      // Written only when they change: an attribute set at every frame (even to the same value)
      // is a DOM mutation and a style invalidation of the lane's subtree at 60 Hz.
      const lod = detail ? 'events' : 'density';
      if (root.dataset.lod !== lod) root.dataset.lod = lod;
      const shown = selected && selected.t <= v1 && selected.t + (selected.dur ?? 0) >= v0;
      if (shown) {
        if (root.dataset.highlightSeq !== String(selected.seq)) root.dataset.highlightSeq = String(selected.seq);
      } else if (root.dataset.highlightSeq !== undefined) delete root.dataset.highlightSeq;
    }

    // Overview: the density of the whole trace (cached), then the window and the playhead.
    const octx = sizeCanvas(ovCanvas, fr.size.w, ovH, dpr);
    if (!octx) return;
    const base = createTimeAxis(fr.warp, left, fr.right);
    const okey = `${fr.size.w},${ovH},${dpr},${fr.version},${fr.theme},${fr.groups.length}`;
    let ol = ovLayerRef.current;
    if (!ol || ol.key !== okey) {
      const c = ol?.canvas ?? document.createElement('canvas');
      const c2 = sizeCanvas(c, fr.size.w, ovH, dpr);
      if (c2) drawOverviewDensity(c2, { width: fr.size.w, height: ovH, left, right: fr.right, groups: fr.groups, density: fr.density, axis: base }, palette);
      ol = { canvas: c, key: okey };
      ovLayerRef.current = ol;
    }
    octx.clearRect(0, 0, fr.size.w, ovH);
    octx.drawImage(ol.canvas, 0, 0, fr.size.w, ovH);
    octx.font = `${Math.round(palette.fontSize * 0.8)}px ${palette.font}`;
    octx.fillStyle = palette.muted;
    octx.textBaseline = 'middle';
    octx.fillText(fr.ovLabel, 14, ovH / 2);
    drawOverviewMarks(octx, { height: ovH, left, right: fr.right, window: windowForZoom(zt, left, fr.right), playX: base.x(session.t) }, palette);
    // How long this frame's drawing took (JavaScript and canvas calls, not the raster after):
    // the render benchmark listens for it; nothing else does.
    root?.dispatchEvent(new CustomEvent('ka-swimlane-draw', { detail: performance.now() - started, bubbles: true }));
  }, [store]);
  const rafRef = useRef(0);
  const scheduleDraw = useCallback(() => {
    if (rafRef.current) return;
    rafRef.current = requestAnimationFrame(() => {
      rafRef.current = 0;
      drawNow();
    });
  }, [drawNow]);
  useEffect(() => () => cancelAnimationFrame(rafRef.current), []);

  // After each render: take the new frame inputs and draw at once (no blank frame on resize).
  useLayoutEffect(() => {
    if (frameRef.current.theme !== theme) paletteRef.current = null;
    frameRef.current = { timeline, warp, maxDur, layout, size, plotH, right, geo, groups, density, version, theme, ovLabel };
    drawNow();
  });

  // The playhead and the selection: redraw on change, without a React render.
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        if (s.t !== prev.t || s.selection !== prev.selection || s.playing !== prev.playing) scheduleDraw();
      }),
    [store, scheduleDraw],
  );

  /** The brush follows the zoom (a programmatic move: its handler ignores it). */
  const syncBrush = useCallback(() => {
    const g = brushRef.current;
    const b = brushBehavior.current;
    if (!g || !b || brushingRef.current) return;
    const fr = frameRef.current;
    const z = transformRef.current;
    // Fitted: no brush (the outline drawn on the minimap already says "all of it").
    if (z.k === 1 && z.x === 0) return void select(g).call(b.move, null);
    const [x0, x1] = windowForZoom(z, fr.geo.left, fr.right);
    select(g).call(b.move, [Math.max(fr.geo.left, x0), Math.min(fr.right, x1)]);
  }, []);

  // d3-zoom on the canvas: wheel and drag in the lanes; the axis strip and the playhead are for scrubbing.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.w === 0 || plotH === 0) return;
    const z = d3zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 50_000])
      .extent([
        [geo.left, 0],
        [right, plotH],
      ])
      .translateExtent([
        [geo.left, 0],
        [right, plotH],
      ])
      .filter((ev: Event) => {
        if (ev.type === 'wheel') {
          const w = ev as WheelEvent;
          // A horizontal swipe pans and the wheel over the labels scrolls (onWheel below).
          return !w.shiftKey && Math.abs(w.deltaX) <= Math.abs(w.deltaY) && w.offsetX >= geo.left;
        }
        if (ev.type === 'dblclick') return false;
        const me = ev as MouseEvent;
        if (me.button) return false;
        return me.offsetY > geo.axisH && me.offsetX >= geo.left && !nearPlayheadRef.current(me.offsetX);
      })
      .on('zoom', (ev: { transform: ZoomTransform }) => {
        transformRef.current = { k: ev.transform.k, x: ev.transform.x };
        view.getState().setZoom(transformRef.current);
        setZoomed(ev.transform.k !== 1 || ev.transform.x !== 0);
        syncBrush();
        scheduleDraw();
      });
    zoomRef.current = z;
    const sel = select(canvas);
    sel.call(z).on('dblclick.zoom', null);
    const saved = view.getState().zoom;
    sel.call(z.transform, zoomIdentity.translate(saved.x, 0).scale(saved.k));

    const onWheel = (e: WheelEvent) => {
      const scroll = e.offsetX < geo.left || e.shiftKey;
      if (scroll) {
        e.preventDefault();
        const vs = view.getState();
        const max = frameRef.current.layout.maxScroll;
        vs.setScrollY(Math.max(0, Math.min(max, vs.scrollY + (e.shiftKey && e.deltaX !== 0 ? e.deltaX : e.deltaY))));
      } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault();
        sel.call(z.translateBy, -e.deltaX / transformRef.current.k, 0);
      }
    };
    canvas.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      sel.on('.zoom', null);
      canvas.removeEventListener('wheel', onWheel);
    };
  }, [size.w, plotH, geo.left, geo.axisH, right, view, scheduleDraw, syncBrush]);

  // d3-brush on the overview strip: brushing a range shows that window; a click clears it (fit).
  useEffect(() => {
    const g = brushRef.current;
    if (!g || size.w === 0) return;
    const b = brushX<unknown>()
      .extent([
        [geo.left, 1],
        [right, geo.ovH - 1],
      ])
      .on('start', (ev: { sourceEvent: unknown }) => {
        if (ev.sourceEvent) brushingRef.current = true;
      })
      .on('brush end', (ev: { type: string; selection: [number, number] | null; sourceEvent: unknown }) => {
        if (!ev.sourceEvent) return;
        if (ev.type === 'end') brushingRef.current = false;
        const canvas = canvasRef.current;
        const z = zoomRef.current;
        if (!canvas || !z) return;
        const w = ev.selection ? zoomForWindow(ev.selection[0], ev.selection[1], geo.left, right) : { k: 1, x: 0 };
        select(canvas).call(z.transform, zoomIdentity.translate(w.x, 0).scale(w.k));
        if (ev.type === 'end') syncBrush();
      });
    brushBehavior.current = b;
    select(g).call(b);
    syncBrush();
    return () => {
      select(g).on('.brush', null);
    };
  }, [size.w, geo.left, geo.ovH, right, syncBrush]);

  // Pointer handlers and the zoom filter read the latest axis through a ref.
  const axisNow = useCallback(() => createTimeAxis(frameRef.current.warp, frameRef.current.geo.left, frameRef.current.right, transformRef.current), []);
  const nearPlayheadRef = useRef((x: number) => Math.abs(x - axisNow().x(store.getState().t)) < 7);

  // Scrubbing on the axis strip or by grabbing the playhead.
  const scrubbing = useRef(false);
  const onPointerDown = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      if (e.button !== 0) return;
      const x = e.nativeEvent.offsetX;
      const y = e.nativeEvent.offsetY;
      if (x >= geo.left && (y <= geo.axisH || nearPlayheadRef.current(x))) {
        scrubbing.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        controls.pause();
        controls.seek(axisNow().t(Math.max(geo.left, x)));
      }
    },
    [controls, geo.axisH, geo.left, axisNow],
  );
  const onPointerMove = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      const x = e.nativeEvent.offsetX;
      const y = e.nativeEvent.offsetY;
      if (scrubbing.current) {
        controls.seek(axisNow().t(Math.max(geo.left, x)));
        return;
      }
      const canvas = e.currentTarget;
      canvas.style.cursor = x < geo.left ? 'default' : y <= geo.axisH || nearPlayheadRef.current(x) ? 'ew-resize' : hitTest(marksRef.current, x, y) ? 'pointer' : 'grab';
    },
    [controls, geo.axisH, geo.left, axisNow],
  );
  const onPointerUp = useCallback((e: React.PointerEvent<HTMLCanvasElement>) => {
    if (scrubbing.current) {
      scrubbing.current = false;
      e.currentTarget.releasePointerCapture(e.pointerId);
    }
  }, []);
  const onClick = useCallback(
    (e: React.MouseEvent<HTMLCanvasElement>) => {
      const x = e.nativeEvent.offsetX;
      const y = e.nativeEvent.offsetY;
      if (y <= geo.axisH || x < geo.left) return;
      const hit = hitTest(marksRef.current, x, y);
      if (hit) store.getState().select({ type: 'event', seq: hit.seq });
    },
    [store, geo.axisH, geo.left],
  );

  const zoomBy = useCallback((k: number) => {
    const canvas = canvasRef.current;
    const z = zoomRef.current;
    if (!canvas || !z) return;
    // Around the playhead when it is in view, else around the middle.
    const fr = frameRef.current;
    const px = axisNow().x(store.getState().t);
    const cx = px >= fr.geo.left && px <= fr.right ? px : (fr.geo.left + fr.right) / 2;
    select(canvas).call(z.scaleBy, k, [cx, 0]);
  }, [store, axisNow]);
  const resetZoom = useCallback(() => {
    const canvas = canvasRef.current;
    if (canvas && zoomRef.current) select(canvas).call(zoomRef.current.transform, zoomIdentity);
  }, []);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent<HTMLCanvasElement>) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const canvas = canvasRef.current;
      const z = zoomRef.current;
      if (!canvas || !z) return;
      const fr = frameRef.current;
      const w = fr.right - fr.geo.left;
      const vs = view.getState();
      let handled = true;
      if (e.key === '+' || e.key === '=') zoomBy(1.5);
      else if (e.key === '-' || e.key === '_') zoomBy(1 / 1.5);
      else if (e.key === '0') resetZoom();
      else if (e.shiftKey && e.key === 'ArrowLeft') select(canvas).call(z.translateBy, (w * 0.2) / transformRef.current.k, 0);
      else if (e.shiftKey && e.key === 'ArrowRight') select(canvas).call(z.translateBy, (-w * 0.2) / transformRef.current.k, 0);
      else if (e.key === 'ArrowDown' || e.key === 'PageDown') vs.setScrollY(Math.min(fr.layout.maxScroll, vs.scrollY + (e.key === 'PageDown' ? fr.plotH * 0.8 : 40)));
      else if (e.key === 'ArrowUp' || e.key === 'PageUp') vs.setScrollY(Math.max(0, vs.scrollY - (e.key === 'PageUp' ? fr.plotH * 0.8 : 40)));
      else handled = false;
      if (handled) {
        e.preventDefault();
        e.stopPropagation(); // Shift+← / → are not the presenter's step keys here
      }
    },
    [view, zoomBy, resetZoom],
  );

  // Toggle buttons over the gutter for each visible group header or summary row.
  const toggles = layout.rows.filter((r): r is Row => (r.type === 'header' || r.type === 'summary') && r.y + r.h > geo.axisH && r.y < plotH);
  const groupName = (g: LaneGroup): string =>
    g.kind === 'node' ? (g.node ?? g.id) : g.kind === 'client' ? t('swimlane.group.client') : g.kind === 'control-plane' ? t('swimlane.group.controlPlane') : t('swimlane.group.other');

  return (
    <section className="ka-swimlane" aria-label={t('swimlane.title')} ref={rootRef} data-testid="swimlane-root">
      <div className="ka-swimlane-canvas" ref={wrapRef}>
        <canvas
          ref={canvasRef}
          data-testid="swimlane"
          tabIndex={0}
          aria-label={t('swimlane.canvasLabel')}
          aria-keyshortcuts="+ - 0 Shift+ArrowLeft Shift+ArrowRight ArrowUp ArrowDown"
          style={{ width: size.w, height: plotH }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onClick={onClick}
          onKeyDown={onKeyDown}
        />
        <div className="ka-swimlane-groups" style={{ width: geo.left, top: geo.axisH, height: Math.max(0, plotH - geo.axisH) }}>
          {toggles.map((r) => {
            const collapsed = r.type === 'summary';
            return (
              <button
                key={r.group.id}
                type="button"
                className={`ka-swimlane-group ka-swimlane-group--${r.group.kind}`}
                data-group={r.group.id}
                aria-expanded={!collapsed}
                title={collapsed ? t('swimlane.expand') : t('swimlane.collapse')}
                style={{ top: r.y - geo.axisH, height: r.h, fontSize: Math.min(13, Math.max(9, r.h * 0.7)) }}
                onClick={() => view.getState().setCollapsed(r.group.id, !collapsed)}
              >
                <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span> {groupName(r.group)}
                <span className="ka-swimlane-group-count">{collapsed ? t('swimlane.lanes', { n: r.group.actors.length }) : ''}</span>
                {collapsed && r.group.actors.length <= 1 ? <span className="ka-visually-hidden">{laneLabel(r.group.actors[0] ?? '')}</span> : null}
              </button>
            );
          })}
        </div>
        <div className="ka-swimlane-overview" style={{ top: plotH, height: geo.ovH }}>
          <canvas ref={ovCanvasRef} data-testid="swimlane-overview" aria-hidden="true" style={{ width: size.w, height: geo.ovH }} />
          <svg width={size.w} height={geo.ovH} aria-label={t('swimlane.brush')} role="img">
            <g ref={brushRef} className="ka-swimlane-brush" />
          </svg>
        </div>
        <div className="ka-swimlane-corner" style={{ width: geo.left, height: geo.axisH }}>
          <h2 title={t('swimlane.hint')}>{t('swimlane.title')}</h2>
          {zoomed && (
            <button type="button" className="ka-btn ka-btn--tiny" onClick={resetZoom}>
              {t('swimlane.resetZoom')}
            </button>
          )}
        </div>
        <InferredLegend counts={inference} className="ka-swimlane-legend" />
      </div>
    </section>
  );
}
