import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { select, zoom as d3zoom, zoomIdentity } from 'd3';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace } from '../shell/TraceContext.tsx';
import { InferredLegend } from '../replay/InferredLegend.tsx';
import { useInferenceCounts } from '../replay/useInferenceCounts.ts';
import { NodesDiagram } from './Diagram.tsx';
import { Heatmap, HeatLegend } from './Heatmap.tsx';
import { PodDetail } from './PodDetail.tsx';
import { isClusterScale, nodeWindow, type HeatMeasure } from './heatmap.ts';
import { canZoomIn, canZoomOut, initialZoom, levelStep, levelsOf, normalizeZoom, zoomIn, zoomOut, type ZoomContext, type ZoomState } from './zoom.ts';

const DEFAULT_RUNTIME = 'containerd+runc';

/**
 * The cluster as a diagram, with semantic zoom (zoom.ts): for a large cluster a heatmap of the
 * nodes under the control plane, then node frames with their runtimes and Pods, then one Pod.
 * A small cluster starts at the node frames, as before. Wheel and pinch (d3-zoom), the + / −
 * buttons and double-clicks change the level; everything drawn is a function of the playhead.
 * `startAt` opens at another level (stories, tests).
 */
export function Topology({ startAt }: { startAt?: ZoomState } = {}) {
  const t = useT();
  const { timeline, version } = useTrace();
  const selection = useSession((s) => s.selection);
  const inference = useInferenceCounts(timeline, version);
  const nodes = useMemo(() => {
    const list = timeline.header.cluster?.nodes ?? [];
    return list.length > 0 ? list : [{ name: 'node-1', runtime: DEFAULT_RUNTIME }];
  }, [timeline]);
  const nodeNames = useMemo(() => nodes.map((n) => n.name), [nodes]);
  const clusterScale = isClusterScale(nodes.length);
  // The zoom belongs to one trace: another trace (a new scenario, a fork) starts at its top level.
  const [held, setHeld] = useState<{ timeline: unknown; zoom: ZoomState }>(() => ({ timeline, zoom: startAt ?? initialZoom(clusterScale) }));
  const zoom = held.timeline === timeline ? normalizeZoom(held.zoom, clusterScale) : initialZoom(clusterScale);
  const setState = useCallback((z: ZoomState) => setHeld({ timeline, zoom: z }), [timeline]);
  const [measure, setMeasure] = useState<HeatMeasure>('cpu');

  const selectedPod = selection?.type === 'object' && selection.key.includes('/Pod/') ? selection.key : undefined;
  const ctx: ZoomContext = { clusterScale, ...(zoom.node ?? nodeNames[0] ? { node: zoom.node ?? nodeNames[0] } : {}), ...(selectedPod ? { pod: selectedPod } : {}) };

  // The node frames shown: all of a small cluster; a window around the chosen node of a large one.
  const shownNodes = useMemo(() => {
    if (!clusterScale) return nodes;
    const names = new Set(nodeWindow(nodeNames, zoom.node ?? (nodeNames[0] as string)));
    return nodes.filter((n) => names.has(n.name));
  }, [clusterScale, nodes, nodeNames, zoom.node]);
  const allNodes = useMemo(() => (clusterScale ? new Set(nodeNames) : undefined), [clusterScale, nodeNames]);

  // d3-zoom on the frame: wheel and pinch grow or shrink k; past a threshold the level steps and
  // k starts again at 1. Double-click is ours (a cell or a Pod), not d3's zoom-by-two.
  const frame = useRef<HTMLDivElement>(null);
  const latest = useRef({ zoom, ctx, setState });
  useEffect(() => {
    latest.current = { zoom, ctx, setState };
  });
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const sel = select(el);
    let resetting = false;
    const behavior = d3zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.3, 3])
      // Only the wheel and two-finger gestures: a drag or click stays a click (select a Pod).
      .filter((e: Event) => e.type === 'wheel' || (e.type.startsWith('touch') && (e as TouchEvent).touches.length >= 2))
      .on('zoom', (e: { transform: { k: number }; sourceEvent: Event | null }) => {
        if (resetting) return;
        const step = levelStep(e.transform.k);
        if (step === 0) return;
        const { zoom: z, ctx: c, setState: set } = latest.current;
        const target = (e.sourceEvent?.target as Element | null)?.closest?.('[data-node],[data-pod-key]');
        const here: ZoomContext = { ...c, ...(target?.getAttribute('data-node') ? { node: target.getAttribute('data-node') as string } : {}), ...(target?.getAttribute('data-pod-key') ? { pod: target.getAttribute('data-pod-key') as string } : {}) };
        set(step > 0 ? zoomIn(z, here) : zoomOut(z, here));
        resetting = true;
        sel.call(behavior.transform, zoomIdentity);
        resetting = false;
      });
    sel.call(behavior).on('dblclick.zoom', null);
    return () => {
      sel.on('.zoom', null);
    };
  }, []);

  const levels = levelsOf(clusterScale);
  return (
    <div className="ka-topology-frame" ref={frame} data-testid="topology" data-level={zoom.level}>
      <div className="ka-topology-bar">
        <div className="ka-zoom" role="group" aria-label={t('topology.zoomHint')}>
          <button type="button" className="ka-btn ka-btn--zoom" data-testid="zoom-out" aria-label={t('topology.zoomOut')} title={t('topology.zoomOut')} disabled={!canZoomOut(zoom, ctx)} onClick={() => setState(zoomOut(zoom, ctx))}>
            −
          </button>
          <ol className="ka-zoom-levels" aria-label={t('topology.zoomHint')}>
            {levels.map((l) => (
              <li key={l} className={l === zoom.level ? 'is-current' : ''} aria-current={l === zoom.level ? 'step' : undefined}>
                {t(`topology.level.${l}`)}
              </li>
            ))}
          </ol>
          <button type="button" className="ka-btn ka-btn--zoom" data-testid="zoom-in" aria-label={t('topology.zoomIn')} title={t('topology.zoomIn')} disabled={!canZoomIn(zoom, ctx)} onClick={() => setState(zoomIn(zoom, ctx))}>
            +
          </button>
        </div>
        {zoom.level === 'cluster' && <HeatLegend measure={measure} onMeasure={setMeasure} />}
        {zoom.level === 'nodes' && clusterScale && <NodeWindowNav nodeNames={nodeNames} shown={shownNodes.map((n) => n.name)} onMove={(node) => setState({ ...zoom, node })} />}
      </div>
      {zoom.level === 'cluster' ? (
        <Heatmap nodeNames={nodeNames} measure={measure} focus={zoom.node} onFocus={(node) => setState({ ...zoom, node })} onZoomNode={(node) => setState(zoomIn({ ...zoom, node }, { ...ctx, node }))} />
      ) : zoom.level === 'pod' ? (
        <PodDetail podKey={zoom.pod} />
      ) : (
        <NodesDiagram nodes={shownNodes} {...(allNodes ? { allNodes } : {})} onZoomPod={(pod) => setState(zoomIn(zoom, { ...ctx, pod }))} />
      )}
      <InferredLegend counts={inference} className="ka-topology-legend" />
    </div>
  );
}

/** Previous / next window of node frames at cluster scale, and which nodes are shown. */
function NodeWindowNav({ nodeNames, shown, onMove }: { nodeNames: readonly string[]; shown: readonly string[]; onMove: (node: string) => void }) {
  const t = useT();
  const first = nodeNames.indexOf(shown[0] as string);
  const last = first + shown.length - 1;
  const size = shown.length;
  return (
    <div className="ka-node-window">
      <button type="button" className="ka-btn ka-btn--small" aria-label={t('topology.prevNodes')} disabled={first <= 0} onClick={() => onMove(nodeNames[Math.max(0, first - size + 1)] as string)}>
        ‹
      </button>
      <span>{t('topology.nodesShown', { from: first + 1, to: last + 1, n: nodeNames.length })}</span>
      <button type="button" className="ka-btn ka-btn--small" aria-label={t('topology.nextNodes')} disabled={last >= nodeNames.length - 1} onClick={() => onMove(nodeNames[Math.min(nodeNames.length - 1, last + size - 1)] as string)}>
        ›
      </button>
    </div>
  );
}
