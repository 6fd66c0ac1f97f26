import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { select, zoom as d3zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useT } from '../i18n/useT.ts';
import { usePlayerControls } from '../playback/usePlayer.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import { drawSwimlane, type SwimlanePalette } from './draw.ts';
import { InferredLegend } from '../replay/InferredLegend.tsx';
import { useInferenceCounts } from '../replay/useInferenceCounts.ts';
import { createTimeAxis, hitTest, layoutLanes, type Mark } from './lanes.ts';

/** Per-theme geometry: the projector themes get wider labels and taller lanes. */
function geometry(projector: boolean) {
  return projector ? { left: 240, axisH: 30, minLane: 14, maxLane: 44 } : { left: 210, axisH: 26, minLane: 12, maxLane: 36 };
}

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

/**
 * The swimlane timeline: one lane per actor, spans as bars, messages as arrows between lanes,
 * other events as glyphs. Wheel zooms and dragging pans (d3-zoom); dragging on the time axis or
 * the playhead moves the playhead; clicking an event selects it. Drawn on a canvas so long
 * traces stay smooth.
 */
export function Swimlane() {
  const t = useT();
  const { timeline, warp, version } = useTrace();
  const playhead = useSession((s) => s.t);
  const playing = useSession((s) => s.playing);
  const selection = useSession((s) => s.selection);
  const theme = useSession((s) => s.theme);
  const store = useSessionStore();
  const controls = usePlayerControls();

  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ w: 0, h: 0 });
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown> | null>(null);
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

  // `version` is not read, but the timeline grows in place while streaming: recompute then.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const actors = useMemo(() => timeline.actors(), [timeline, version]);
  // The timeline keeps the longest duration as events come (no pass over a replay's millions).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const maxDur = useMemo(() => timeline.maxDuration, [timeline, version]);
  const inference = useInferenceCounts(timeline, version);
  const right = Math.max(geo.left + 10, size.w - 12);
  const axis = useMemo(() => createTimeAxis(warp, geo.left, right, transform), [warp, geo.left, right, transform]);
  const lanes = useMemo(() => layoutLanes(actors, geo.axisH, size.h - geo.axisH, geo.minLane, geo.maxLane), [actors, geo.axisH, geo.minLane, geo.maxLane, size.h]);

  // d3-zoom on the canvas: wheel and drag in the lanes; the axis strip and the playhead are for scrubbing.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.w === 0) return;
    const z = d3zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, 50_000])
      .extent([
        [geo.left, 0],
        [right, size.h],
      ])
      .translateExtent([
        [geo.left, 0],
        [right, size.h],
      ])
      .filter((ev: Event) => {
        if (ev.type === 'wheel') return true;
        if (ev.type === 'dblclick') return false;
        const me = ev as MouseEvent;
        if (me.button) return false;
        return me.offsetY > geo.axisH && !nearPlayheadRef.current(me.offsetX);
      })
      .on('zoom', (ev: { transform: ZoomTransform }) => setTransform(ev.transform));
    zoomRef.current = z;
    const sel = select(canvas);
    sel.call(z).on('dblclick.zoom', null);
    return () => {
      sel.on('.zoom', null);
    };
  }, [size.w, size.h, geo.left, geo.axisH, right]);

  // Pointer handlers and the zoom filter read the latest axis through a ref.
  const axisRef = useRef(axis);
  useLayoutEffect(() => {
    axisRef.current = axis;
  }, [axis]);
  const nearPlayheadRef = useRef((x: number) => Math.abs(x - axisRef.current.x(store.getState().t)) < 7);

  // Draw.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || size.w === 0 || size.h === 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(size.w * dpr) || canvas.height !== Math.round(size.h * dpr)) {
      canvas.width = Math.round(size.w * dpr);
      canvas.height = Math.round(size.h * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const [v0, v1] = axis.visible();
    const events = timeline.eventsIn(v0 - maxDur, v1);
    marksRef.current = drawSwimlane(
      ctx,
      { width: size.w, height: size.h, left: geo.left, axisH: geo.axisH, lanes, axis, events, t: playhead, selectedSeq: selection?.type === 'event' ? selection.seq : undefined },
      readPalette(canvas),
    );
  }, [axis, lanes, playhead, selection, size, theme, timeline, maxDur, geo.left, geo.axisH, version]);

  // Keep the playhead in view while playing zoomed in.
  useEffect(() => {
    const canvas = canvasRef.current;
    const z = zoomRef.current;
    if (!playing || !canvas || !z || transform.k <= 1.01) return;
    const x = axis.x(playhead);
    const w = right - geo.left;
    if (x > right - w * 0.1 || x < geo.left) {
      select(canvas).call(z.translateBy, (geo.left + w * 0.3 - x) / transform.k, 0);
    }
  }, [playhead, playing, axis, transform.k, right, geo.left]);

  // Scrubbing on the axis strip or by grabbing the playhead.
  const scrubbing = useRef(false);
  const onPointerDown = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      if (e.button !== 0) return;
      const x = e.nativeEvent.offsetX;
      const y = e.nativeEvent.offsetY;
      if (y <= geo.axisH || nearPlayheadRef.current(x)) {
        scrubbing.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
        controls.pause();
        controls.seek(axisRef.current.t(Math.max(geo.left, x)));
      }
    },
    [controls, geo.axisH, geo.left],
  );
  const onPointerMove = useCallback(
    (e: React.PointerEvent<HTMLCanvasElement>) => {
      const x = e.nativeEvent.offsetX;
      const y = e.nativeEvent.offsetY;
      if (scrubbing.current) {
        controls.seek(axisRef.current.t(Math.max(geo.left, x)));
        return;
      }
      const canvas = e.currentTarget;
      canvas.style.cursor = y <= geo.axisH || nearPlayheadRef.current(x) ? 'ew-resize' : hitTest(marksRef.current, x, y) ? 'pointer' : 'grab';
    },
    [controls, geo.axisH, geo.left],
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

  const resetZoom = () => {
    const canvas = canvasRef.current;
    if (canvas && zoomRef.current) select(canvas).call(zoomRef.current.transform, zoomIdentity);
  };

  return (
    <section className="ka-swimlane" aria-label={t('swimlane.title')}>
      <div className="ka-swimlane-canvas" ref={wrapRef}>
        <canvas
          ref={canvasRef}
          data-testid="swimlane"
          style={{ width: size.w, height: size.h }}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onClick={onClick}
        />
        <div className="ka-swimlane-corner" style={{ width: geo.left, height: geo.axisH }}>
          <h2 title={t('swimlane.hint')}>{t('swimlane.title')}</h2>
          {(transform.k !== 1 || transform.x !== 0) && (
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
