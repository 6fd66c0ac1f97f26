import { useMemo, useRef, useState } from 'react';
import { formatCpuMillis, formatMemory } from '../../domain/k8s/quantity.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useWorld } from '../shell/TraceContext.tsx';
import { useReducedMotion } from '../theme/motion.ts';
import { DiagramSvg, LABEL_SIZE } from './Diagram.tsx';
import { binOf, cellAt, cellRect, clusterTotals, heatmapGrid, HEAT_BINS, HEAT_MEASURES, measureOf, moveCell, nodeFigures, type HeatMeasure, type NodeFigures } from './heatmap.ts';
import { boxFor, edgeBetween, layoutClusterScale } from './layout.ts';
import { topologyModel } from './model.ts';

type T = ReturnType<typeof useT>;

/** A node's figures as the hover / focus card shows them. */
export function cellLines(t: T, f: NodeFigures): string[] {
  if (f.status === '') return [f.name, t('topology.cell.notRegistered')];
  const lines = [`${f.name}  ${f.status}`, t('topology.cell.pods', { n: f.pods, cap: f.podsAllocatable })];
  lines.push(t('topology.cell.cpu', { used: formatCpuMillis(f.milliCPURequested), cap: formatCpuMillis(f.milliCPUAllocatable) }));
  lines.push(t('topology.cell.memory', { used: formatMemory(f.memoryRequested), cap: formatMemory(f.memoryAllocatable) }));
  if (f.taints.length > 0) lines.push(`${t('topology.taints')}: ${f.taints.join(', ')}`);
  if (f.inFlight > 0) lines.push(t('topology.inFlight', { n: f.inFlight }));
  return lines;
}

/**
 * The cluster-scale level: the control plane as at the node level, and one heatmap cell per
 * worker node. Node traffic is aggregated (a count on one wire, busy cells outlined), never a
 * dot per message, so a thousand kubelets renewing leases stay one element.
 */
export function Heatmap({ nodeNames, measure, focus, onFocus, onZoomNode }: { nodeNames: readonly string[]; measure: HeatMeasure; focus: string | undefined; onFocus: (node: string) => void; onZoomNode: (node: string) => void }) {
  const t = useT();
  const world = useWorld();
  const theme = useSession((s) => s.theme);
  const reducedMotion = useReducedMotion();
  const [hover, setHover] = useState<number | undefined>(undefined);
  const gridRef = useRef<SVGGElement>(null);
  const layout = useMemo(() => layoutClusterScale(), []);
  const allNodes = useMemo(() => new Set(nodeNames), [nodeNames]);
  const model = useMemo(() => topologyModel(layout, world, LABEL_SIZE[theme], { reducedMotion, allNodes }), [layout, world, theme, reducedMotion, allNodes]);
  const figures = useMemo(() => nodeFigures(world, nodeNames), [world, nodeNames]);
  const totals = clusterTotals(figures);
  const grid = useMemo(() => heatmapGrid(layout.heatArea, nodeNames.length), [layout, nodeNames.length]);
  // The cells, busy dots and flags change only when a node's bin, traffic or health does, not at
  // every frame: keyed by what they show, React skips the 1,000-cell subtree on frames where only
  // the playhead moved (profiles showed reconciling it as the topology's main per-frame script).
  // Busy dots are on the live layer (Diagram.tsx), keyed apart: traffic changes far more often than bins.
  const cellsKey = figures.map((f) => `${binOf(measureOf(f, measure)) ?? '-'}${f.notReady ? '!' : ''}${f.taints.length > 0 ? '^' : ''}`).join('');
  const busyKey = figures.map((f) => (f.inFlight > 0 ? '*' : '-')).join('');
  const cells = useMemo(
    () => (
      <>
        {figures.map((f, i) => {
          const r = cellRect(grid, i);
          const bin = binOf(measureOf(f, measure));
          return <rect key={f.name} className={`ka-heat-cell ${bin === undefined ? 'ka-heat-none' : `ka-heat-${bin}`}`} x={r.x} y={r.y} width={r.w} height={r.h} data-node={f.name} />;
        })}
        {/* Marks only for the few flagged nodes: a slash for NotReady, a corner for taints. */}
        {figures.map((f, i) => {
          if (!f.notReady && f.taints.length === 0) return null;
          const r = cellRect(grid, i);
          return (
            <g key={f.name} className={f.notReady ? 'ka-heat-mark is-notready' : 'ka-heat-mark is-tainted'} data-testid="heat-flag" data-node={f.name}>
              {f.notReady ? (
                <>
                  <rect className="ka-heat-mark-frame" x={r.x + 0.75} y={r.y + 0.75} width={r.w - 1.5} height={r.h - 1.5} />
                  <line className="ka-heat-mark-halo" x1={r.x + 2} y1={r.y + r.h - 2} x2={r.x + r.w - 2} y2={r.y + 2} />
                  <line className="ka-heat-mark-line" x1={r.x + 2} y1={r.y + r.h - 2} x2={r.x + r.w - 2} y2={r.y + 2} />
                </>
              ) : (
                <path className="ka-heat-mark-corner" d={`M${r.x + r.w} ${r.y} h${-r.w / 2} L${r.x + r.w} ${r.y + r.h / 2} Z`} />
              )}
            </g>
          );
        })}
      </>
    ),
    // figures: read through cellsKey (what the cells show), so a new figures array alone does not re-render them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [cellsKey, grid, measure, nodeNames],
  );
  // A node talking to the control plane: a dot in its cell (one per node, however many messages).
  const busyDots = useMemo(
    () => (
      <g className="ka-heat-busy-dots">
        {figures.map((f, i) => {
          if (f.inFlight === 0) return null;
          const r = cellRect(grid, i);
          return <circle key={f.name} className="ka-heat-busy" cx={r.x + r.w / 2} cy={r.y + r.h / 2} r={Math.max(1.5, r.w * 0.2)} />;
        })}
      </g>
    ),
    // figures: read through busyKey (which cells have traffic).
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [busyKey, grid],
  );
  const focusIndex = Math.max(0, focus ? nodeNames.indexOf(focus) : 0);
  const shown = hover ?? (focus !== undefined ? focusIndex : undefined);
  const api = boxFor(layout, 'kube-apiserver');
  const wire = api ? edgeBetween(api.rect, { ...layout.heatHead, h: 4 }) : undefined;

  const toCell = (e: React.MouseEvent): number | undefined => {
    const g = gridRef.current;
    const m = g?.getScreenCTM();
    if (!g || !m) return undefined;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(m.inverse());
    return cellAt(grid, nodeNames.length, p.x, p.y);
  };

  const cardLines = shown !== undefined && figures[shown] ? cellLines(t, figures[shown] as NodeFigures) : undefined;
  const cardKey = cardLines?.join('\n');
  // The base layer's part (Diagram.tsx), memoized so that frames where only the traffic moved
  // leave it alone: keyed by what it shows (totals, cells, the focused cell and its card).
  const base = useMemo(
    () => (
      <g className="ka-heat" data-testid="heatmap" data-measure={measure} data-nodes={nodeNames.length}>
        <rect className="ka-frame ka-frame--node" x={layout.heatHead.x} y={layout.heatHead.y} width={layout.heatHead.w} height={layout.heatArea.y + layout.heatArea.h + 12 - layout.heatHead.y} rx={14} />
        <text className="ka-frame-title" x={layout.heatHead.x + 16} y={layout.heatHead.y + 26}>
          {t('topology.heatTitle', { n: totals.nodes })}
        </text>
        <text className="ka-frame-note" x={layout.heatHead.x + layout.heatHead.w - 16} y={layout.heatHead.y + 26} textAnchor="end">
          {t('topology.heatSummary', { pods: totals.pods, notReady: totals.notReady, tainted: totals.tainted })}
        </text>
        <g
          ref={gridRef}
          className="ka-heat-grid"
          role="grid"
          aria-label={t('topology.heatGrid')}
          aria-rowcount={grid.rows}
          aria-colcount={grid.cols}
          tabIndex={0}
          onMouseMove={(e) => setHover(toCell(e))}
          onMouseLeave={() => setHover(undefined)}
          onClick={(e) => {
            const i = toCell(e);
            if (i !== undefined) onFocus(nodeNames[i] as string);
          }}
          onDoubleClick={(e) => {
            const i = toCell(e);
            if (i !== undefined) onZoomNode(nodeNames[i] as string);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              onZoomNode(nodeNames[focusIndex] as string);
              return;
            }
            const next = moveCell(grid, nodeNames.length, focusIndex, e.key);
            if (next !== focusIndex) {
              e.preventDefault();
              onFocus(nodeNames[next] as string);
            }
          }}
        >
          {cells}
          {shown !== undefined && figures[shown] && (
            <g className="ka-heat-focus" data-node={nodeNames[shown]}>
              {/* A halo in the panel colour under the ring, so it shows on the darkest cell too. */}
              <rect className="ka-heat-focus-halo" x={cellRect(grid, shown).x - 1.5} y={cellRect(grid, shown).y - 1.5} width={cellRect(grid, shown).w + 3} height={cellRect(grid, shown).h + 3} />
              <rect className="ka-heat-focus-ring" x={cellRect(grid, shown).x - 1.5} y={cellRect(grid, shown).y - 1.5} width={cellRect(grid, shown).w + 3} height={cellRect(grid, shown).h + 3} />
            </g>
          )}
        </g>
        {shown !== undefined && cardLines && <CellCard lines={cardLines} at={cellRect(grid, shown)} bounds={layout} size={LABEL_SIZE[theme]} />}
      </g>
    ),
    // figures and cardLines: read through cells and cardKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, layout, measure, nodeNames, totals.nodes, totals.pods, totals.notReady, totals.tainted, grid, cells, shown, cardKey, theme, focusIndex, onFocus, onZoomNode],
  );
  // The live layer's part: which cells talk, and node traffic as one count on one wire.
  const live = (
    <>
      {busyDots}
      {wire && totals.inFlight > 0 && (
          <g className="ka-heat-traffic" data-testid="node-traffic" data-count={totals.inFlight}>
            <title>{t('topology.nodeTraffic', { n: totals.inFlight })}</title>
            <line className="ka-heat-traffic-wire" x1={wire.from.x} y1={wire.from.y} x2={wire.to.x} y2={wire.to.y} />
            <text className="ka-heat-traffic-count ka-mono" x={wire.from.x + 10} y={(wire.from.y + wire.to.y) / 2} dominantBaseline="central">
              {`⇅ ${totals.inFlight}`}
            </text>
          </g>
      )}
    </>
  );
  return (
    <DiagramSvg layout={layout} model={model} overlay={live}>
      {base}
    </DiagramSvg>
  );
}

function CellCard({ lines, at, bounds, size }: { lines: string[]; at: { x: number; y: number; w: number; h: number }; bounds: { width: number; height: number }; size: number }) {
  const lineH = size * 1.35;
  const w = Math.max(...lines.map((l) => l.length)) * size * 0.6 + 20;
  const h = lines.length * lineH + 12;
  const x = Math.min(at.x + at.w + 8, bounds.width - w - 4);
  const y = Math.min(Math.max(4, at.y - h / 2), bounds.height - h - 4);
  return (
    <g className="ka-heat-card" data-testid="heat-card" aria-live="polite" pointerEvents="none">
      <rect x={x} y={y} width={w} height={h} rx={8} />
      {lines.map((l, i) => (
        <text key={i} className={i === 0 ? 'ka-heat-card-title' : 'ka-heat-card-line'} x={x + 10} y={y + 6 + lineH * (i + 0.5)} dominantBaseline="central" style={{ fontSize: size }}>
          {l}
        </text>
      ))}
    </g>
  );
}

export function HeatLegend({ measure, onMeasure }: { measure: HeatMeasure; onMeasure: (m: HeatMeasure) => void }) {
  const t = useT();
  return (
    <div className="ka-heat-legend" data-testid="heat-legend">
      <label className="ka-heat-legend-measure">
        <span>{t('topology.measure')}</span>
        <select value={measure} onChange={(e) => onMeasure(e.target.value as HeatMeasure)} data-testid="heat-measure">
          {HEAT_MEASURES.map((m) => (
            <option key={m} value={m}>
              {t(`topology.measure.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <ul>
        {Array.from({ length: HEAT_BINS }, (_, b) => (
          <li key={b}>
            <span className={`ka-heat-swatch ka-heat-${b}`} aria-hidden="true" />
            {`${(b * 100) / HEAT_BINS}–${((b + 1) * 100) / HEAT_BINS} %`}
          </li>
        ))}
        <li>
          <span className="ka-heat-swatch ka-heat-none" aria-hidden="true" />
          {t('topology.legend.noData')}
        </li>
        <li>
          <span className="ka-heat-swatch is-notready" aria-hidden="true" />
          {t('topology.legend.notReady')}
        </li>
        <li>
          <span className="ka-heat-swatch is-tainted" aria-hidden="true" />
          {t('topology.legend.tainted')}
        </li>
        <li>
          <span className="ka-heat-swatch is-busy" aria-hidden="true" />
          {t('topology.legend.busy')}
        </li>
      </ul>
    </div>
  );
}
