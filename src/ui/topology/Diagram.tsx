import { memo, useMemo } from 'react';
import './layers.css';
import type { ThemeName } from '../theme/themes.ts';
import type { ReactNode } from 'react';
import type { TraceEvent } from '../../trace/schema.ts';
import { useT } from '../i18n/useT.ts';
import { useSession, useSessionStore } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { boxFor, edgeBetween, layoutTopology, staticWires, type ComponentBox, type Rect, type TopologyLayout } from './layout.ts';
import { APISERVER_STAGES, labelWidth, maxPodsPerNode, topologyModel, wrapText, type ComponentActivity, type PodCard, type TerminalView, type TopologyModel } from './model.ts';
import type { NodeHealthView } from './nodeStatus.ts';
import { sameNodeHealth, samePodCards, sameTerminal } from './layers.ts';
import { useReducedMotion } from '../theme/motion.ts';
import { fitMono, middleEllipsis } from './opLabel.ts';
import { statusTone } from './podStatus.ts';

/** Label size of message tags in viewBox units, per theme (projector themes read from afar). */
export const LABEL_SIZE: Record<ThemeName, number> = { light: 12, dark: 12, 'projector-light': 14, 'projector-dark': 14 };
/** Component title size in viewBox units; must match --topo-label in styles.css. */
export const TITLE_SIZE: Record<ThemeName, number> = { light: 13, dark: 13, 'projector-light': 15.5, 'projector-dark': 15.5 };
export const DETAIL_SIZE: Record<ThemeName, number> = { light: 12.5, dark: 12.5, 'projector-light': 14.5, 'projector-dark': 14.5 };
const POD_SIZE: Record<ThemeName, number> = { light: 13, dark: 13, 'projector-light': 15, 'projector-dark': 15 };
const TERMINAL_SIZE: Record<ThemeName, number> = { light: 12, dark: 12, 'projector-light': 13, 'projector-dark': 13 };

/**
 * The cluster as a diagram: control plane, worker nodes with their runtimes and Pods, and the
 * messages in flight as dots on the wires. Everything drawn is a function of the playhead.
 */
export function NodesDiagram({ nodes, allNodes, onZoomPod }: { nodes: readonly { name: string; runtime: string }[]; allNodes?: ReadonlySet<string>; onZoomPod?: (key: string) => void }) {
  const { timeline, version } = useTrace();
  const world = useWorld();
  const theme = useSession((s) => s.theme);
  const reducedMotion = useReducedMotion();
  const layout = useMemo(() => {
    // Read in place: a replay may hold millions of events, so no copy of the log.
    return layoutTopology({ nodes, maxPodsPerNode: Math.max(2, maxPodsPerNode(eventsOf(timeline))) });
    // version: re-layout when a streaming trace grows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline, version, nodes]);
  const model = useMemo(() => topologyModel(layout, world, LABEL_SIZE[theme], { reducedMotion, ...(allNodes ? { allNodes } : {}) }), [layout, world, theme, reducedMotion, allNodes]);
  return <DiagramSvg layout={layout} model={model} {...(onZoomPod ? { onZoomPod } : {})} />;
}

/**
 * The control plane, the client and the node frames of `layout` (node and cluster levels), as
 * two stacked SVGs with the same viewBox. Why two: profiles of playback showed most of a frame
 * was the browser's style, layout and paint of this SVG, because the dots moving in it dirtied
 * the whole document tree of one SVG root. So what changes at every frame (message dots and
 * trails, their labels, busy outlines, the boxes' live detail, the apiserver's active stages,
 * etcd's revision, the object counts; `overlay`) is drawn on the live layer, its own composited
 * layer, and the rest (frames, wires, component boxes, Pod cards, the terminal; `children`) on
 * a base layer that is memoized and re-rendered only when what it shows changed (layers.ts).
 * `children` must keep its identity across frames for that (Heatmap memoizes its part).
 */
export function DiagramSvg({ layout, model, onZoomPod, children, overlay }: { layout: TopologyLayout; model: TopologyModel; onZoomPod?: (key: string) => void; children?: ReactNode; overlay?: ReactNode }) {
  const t = useT();
  const theme = useSession((s) => s.theme);
  const selection = useSession((s) => s.selection);
  const selectedKey = selection?.type === 'object' ? selection.key : undefined;
  return (
    <div className="ka-topology ka-topology-layers" role="group" aria-label={t('topology.title')}>
      <BaseLayer layout={layout} pods={model.pods} nodeHealth={model.nodeHealth} terminal={model.terminal} selectedKey={selectedKey} theme={theme} {...(onZoomPod ? { onZoomPod } : {})}>
        {children}
      </BaseLayer>
      <LiveLayer layout={layout} model={model} theme={theme}>
        {overlay}
      </LiveLayer>
    </div>
  );
}

interface BaseProps {
  layout: TopologyLayout;
  pods: readonly PodCard[];
  nodeHealth: ReadonlyMap<string, NodeHealthView>;
  terminal: TerminalView;
  selectedKey: string | undefined;
  theme: ThemeName;
  onZoomPod?: (key: string) => void;
  children?: ReactNode;
}

/** Props equal by value where topologyModel rebuilds them at every frame, by identity elsewhere. */
function sameBase(a: BaseProps, b: BaseProps): boolean {
  return (
    a.layout === b.layout &&
    a.selectedKey === b.selectedKey &&
    a.theme === b.theme &&
    a.onZoomPod === b.onZoomPod &&
    a.children === b.children &&
    samePodCards(a.pods, b.pods) &&
    sameNodeHealth(a.nodeHealth, b.nodeHealth) &&
    sameTerminal(a.terminal, b.terminal)
  );
}

/**
 * The static layer: frames, wires, component boxes, Pod cards and the terminal. Its SVG keeps the
 * class `ka-topology`: the exports (src/ui/export) find the diagram as `svg.ka-topology`.
 */
const BaseLayer = memo(function BaseLayer({ layout, pods, nodeHealth, terminal, selectedKey, theme, onZoomPod, children }: BaseProps) {
  const t = useT();
  const store = useSessionStore();
  const withPods = new Set(pods.map((p) => p.summary.nodeName));
  return (
    <svg className="ka-topology ka-topology-base" data-layer="base" viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMidYMid meet">
      {/* Frames */}
      <rect className="ka-frame ka-frame--cp" x={layout.controlPlane.x} y={layout.controlPlane.y} width={layout.controlPlane.w} height={layout.controlPlane.h} rx={14} />
      <text className="ka-frame-title" x={layout.controlPlane.x + 16} y={layout.controlPlane.y + 26}>
        {t('topology.controlPlane')}
      </text>
      <rect className="ka-frame ka-frame--cm" x={layout.controllerManager.x} y={layout.controllerManager.y} width={layout.controllerManager.w} height={layout.controllerManager.h} rx={10} />
      <text className="ka-box-title" x={layout.controllerManager.x + 12} y={layout.controllerManager.y + 24}>
        kube-controller-manager
      </text>
      {layout.nodes.map((n) => {
        const health = nodeHealth.get(n.name);
        const flagged = health !== undefined && health.status !== 'Ready';
        return (
          <g key={n.name} className={health?.unhealthy ? 'ka-node is-unhealthy' : 'ka-node'} data-testid="node-frame" data-node={n.name} data-status={health?.status ?? ''}>
            <rect className="ka-frame ka-frame--node" x={n.rect.x} y={n.rect.y} width={n.rect.w} height={n.rect.h} rx={14} />
            {health && health.taints.length > 0 && <title>{`${t('topology.taints')}: ${health.taints.join(', ')}`}</title>}
            <text className="ka-frame-title" x={n.rect.x + 16} y={n.rect.y + 28}>
              {n.name}
              {flagged && <tspan className="ka-node-status" dx={10}>{health.status}</tspan>}
            </text>
            <text className="ka-frame-note" x={n.rect.x + n.rect.w - 16} y={n.rect.y + 28} textAnchor="end">
              {health && health.taints.length > 0 ? t('topology.taintCount', { n: health.taints.length }) : t(n.runtime === 'docker' ? 'topology.dockerHost' : 'topology.workerNode')} · {n.runtime}
            </text>
            {!withPods.has(n.name) && (
              <text className="ka-empty" x={n.podArea.x + n.podArea.w / 2} y={n.podArea.y + layout.podCard.h / 2 + 5} textAnchor="middle">
                {t('topology.noPods')}
              </text>
            )}
          </g>
        );
      })}
      <rect className="ka-frame ka-frame--tray" x={layout.unscheduled.x} y={layout.unscheduled.y} width={layout.unscheduled.w} height={layout.unscheduled.h} rx={14} />
      <text className="ka-frame-title ka-frame-title--small" x={layout.unscheduled.x + 12} y={layout.unscheduled.y + 26}>
        {t('topology.unscheduled')}
      </text>

      {/* Wires between components that talk */}
      {staticWires(layout).map(([a, b]) => {
        const ra = boxFor(layout, a);
        const rb = boxFor(layout, b);
        if (!ra || !rb) return null;
        const e = edgeBetween(ra.rect, rb.rect);
        return <line key={`${a}|${b}`} className="ka-wire" x1={e.from.x} y1={e.from.y} x2={e.to.x} y2={e.to.y} />;
      })}

      {/* Components (their live detail and busy outline are on the live layer) */}
      {layout.components.map((c) => (
        <Component key={c.actor} box={c} titleSize={TITLE_SIZE[theme]}>
          {c.actor === 'kube-apiserver' && <ApiserverStages rect={c.rect} />}
          {c.actor === 'user' && <Terminal rect={c.rect} terminal={terminal} fontSize={TERMINAL_SIZE[theme]} onSelect={() => terminal.seq !== undefined && store.getState().select({ type: 'event', seq: terminal.seq })} />}
        </Component>
      ))}

      {/* Pods */}
      {pods.map((p) => (
        <PodCardView key={p.key} card={p} selected={p.key === selectedKey} nameSize={POD_SIZE[theme]} onSelect={() => store.getState().select({ type: 'object', key: p.key })} {...(onZoomPod ? { onZoom: () => onZoomPod(p.key) } : {})} />
      ))}
      {children}
    </svg>
  );
}, sameBase);

/** The live layer: everything that changes from frame to frame, drawn over the base layer. */
function LiveLayer({ layout, model, theme, children }: { layout: TopologyLayout; model: TopologyModel; theme: ThemeName; children?: ReactNode }) {
  const t = useT();
  const { timeline } = useTrace();
  const detailSize = DETAIL_SIZE[theme];
  return (
    <svg className="ka-topology-live" data-layer="live" viewBox={`0 0 ${layout.width} ${layout.height}`} preserveAspectRatio="xMidYMid meet">
      <text className="ka-frame-note" x={layout.controlPlane.x + layout.controlPlane.w - 16} y={layout.controlPlane.y + 26} textAnchor="end">
        {model.objectCounts.map((o) => `${o.kind} ${o.count}`).join('  ·  ')}
      </text>
      {layout.components.map((c) => (
        <ComponentLive key={c.actor} box={c} activity={model.activity.get(c.actor)} detailSize={detailSize}>
          {c.actor === 'kube-apiserver' && <ApiserverStagesLive rect={c.rect} active={model.apiserverStages} />}
          {c.actor.startsWith('etcd/') && (
            <text className="ka-box-detail" x={c.rect.x + 14} y={c.rect.y + 52}>
              {t('topology.etcdKeys', { n: model.etcd.keys, rev: model.etcd.revision })}
            </text>
          )}
        </ComponentLive>
      ))}

      {/* Messages in flight: a dot each; one label per busy wire (count, full list on hover) */}
      <g className="ka-dots">
        {model.dots.map((d) => {
          const fam = boxFor(layout, d.sender)?.family ?? 'client';
          // A message the importer filled in (not in the recording): dashed trail, open head.
          const inferred = timeline.bySeq(d.seq)?.inferred === true;
          return (
            <g key={d.seq} className={`ka-dot ka-fam-${fam}${inferred ? ' is-inferred' : ''}`} data-testid="message-dot" {...(inferred ? { 'data-inferred': 'true' } : {})}>
              <title>{`${d.sender} → ${d.op}`}</title>
              <line className="ka-dot-trail" x1={d.from.x} y1={d.from.y} x2={d.at.x} y2={d.at.y} />
              <circle className="ka-dot-head" cx={d.at.x} cy={d.at.y} r={7} />
            </g>
          );
        })}
        {model.labels.map((l) => {
          const fam = boxFor(layout, l.sender)?.family ?? 'client';
          const size = LABEL_SIZE[theme];
          const w = labelWidth(l.text, size);
          const h = size + 6;
          const inferred = timeline.bySeq(l.seq)?.inferred === true;
          return (
            <g key={l.key} className={`ka-dot ka-dot-tag ka-fam-${fam}${inferred ? ' is-inferred' : ''}`} data-testid="message-label" data-count={l.count}>
              <title>{l.ops.join('\n')}</title>
              <line className="ka-dot-leader" x1={l.at.x} y1={l.at.y} x2={l.labelAt.x} y2={l.labelAt.y} />
              <rect className="ka-dot-label-bg" x={l.labelAt.x} y={l.labelAt.y - h / 2} width={w} height={h} rx={h / 2} />
              <text className="ka-dot-label" x={l.labelAt.x + 5} y={l.labelAt.y} dominantBaseline="central" style={{ fontSize: size }}>
                {l.text}
              </text>
            </g>
          );
        })}
      </g>
      {model.unlabelled > 0 && (
        <text className="ka-frame-note" data-testid="unlabelled" x={layout.controlPlane.x + 16} y={layout.controlPlane.y + layout.controlPlane.h - 10}>
          {t('topology.moreLabels', { n: model.unlabelled })}
        </text>
      )}
      {children}
    </svg>
  );
}

/** The timeline's events in order, read in place. */
function* eventsOf(timeline: { length: number; at(i: number): TraceEvent }): Generator<TraceEvent> {
  for (let i = 0; i < timeline.length; i++) yield timeline.at(i);
}

/** The box's label, or its short form when the long one would not fit at this title size. */
function labelFor(box: ComponentBox, titleSize: number): string {
  // Bold proportional type averages about 0.56 em per character for these names.
  return box.shortLabel && box.label.length * titleSize * 0.56 > box.rect.w - 28 ? box.shortLabel : box.label;
}

/** A component's box and title (base layer). */
function Component({ box, titleSize, children }: { box: ComponentBox; titleSize: number; children?: ReactNode }) {
  const t = useT();
  const { rect } = box;
  return (
    <g className={`ka-box ka-fam-${box.family}`} data-actor={box.actor}>
      <rect className="ka-box-rect" x={rect.x} y={rect.y} width={rect.w} height={rect.h} rx={10} />
      <text className="ka-box-title" x={rect.x + 14} y={rect.y + 22}>
        {box.actor === 'user' ? t('topology.user') : labelFor(box, titleSize)}
      </text>
      {children}
    </g>
  );
}

/** A component's busy outline and its spans or state now (live layer). */
function ComponentLive({ box, activity, detailSize, children }: { box: ComponentBox; activity: ComponentActivity | undefined; detailSize: number; children?: ReactNode }) {
  const { rect } = box;
  const busy = activity?.busy ?? false;
  const detail = activity?.spans.length ? activity.spans.join(' · ') : activity?.state ? stateText(activity) : undefined;
  const showDetail = box.actor !== 'kube-apiserver' && !box.actor.startsWith('etcd/') && box.actor !== 'user';
  const fitted = showDetail && detail ? fitMono(detail, detailSize, rect.w - 26) : undefined;
  if (!busy && !fitted && !children) return null;
  return (
    <g className={`ka-box ka-box-live ka-fam-${box.family}${busy ? ' is-busy' : ''}`} data-actor={box.actor}>
      {busy && <rect className="ka-box-rect ka-box-busy-ring" x={rect.x} y={rect.y} width={rect.w} height={rect.h} rx={10} />}
      {detail && fitted && (
        <text className="ka-box-detail ka-mono" x={rect.x + 14} y={rect.y + 42} {...(fitted.textLength ? { textLength: fitted.textLength, lengthAdjust: 'spacingAndGlyphs' } : {})}>
          <title>{activity?.instance ? `${detail} (${activity.instance})` : detail}</title>
          {fitted.text}
        </text>
      )}
      {children}
    </g>
  );
}

/** `syncing.pullingImage` of `default/web-…` → `pullingImage`; the instance is in the tooltip. */
function stateText(a: ComponentActivity): string {
  const last = a.state?.split('.').pop() ?? '';
  return last;
}

/** Where the pipeline's stage pills go inside the apiserver's box. */
function stageGeometry(rect: Rect): { left: number; gap: number; w: number } {
  const left = rect.x + 190;
  const gap = 6;
  const w = (rect.x + rect.w - 14 - left - gap * (APISERVER_STAGES.length - 1)) / APISERVER_STAGES.length;
  return { left, gap, w };
}

/** The pipeline's stages as idle pills (base layer; the active ones are lit on the live layer). */
function ApiserverStages({ rect }: { rect: Rect }) {
  const { left, gap, w } = stageGeometry(rect);
  return (
    <g className="ka-stages">
      {APISERVER_STAGES.map((stage, i) => (
        <g key={stage} className="ka-stage">
          <rect x={left + i * (w + gap)} y={rect.y + 12} width={w} height={9} rx={4.5}>
            <title>{stage}</title>
          </rect>
        </g>
      ))}
    </g>
  );
}

/** The stages some request is in now, lit over the idle pills, and their names. */
function ApiserverStagesLive({ rect, active }: { rect: Rect; active: ReadonlySet<number> }) {
  const { left, gap, w } = stageGeometry(rect);
  const current = APISERVER_STAGES.filter((_, i) => active.has(i));
  return (
    <g className="ka-stages">
      {APISERVER_STAGES.map((stage, i) =>
        active.has(i) ? (
          <g key={stage} className="ka-stage is-active">
            <rect x={left + i * (w + gap)} y={rect.y + 12} width={w} height={9} rx={4.5} />
          </g>
        ) : null,
      )}
      {current.length > 0 && (
        <text className="ka-box-detail ka-mono" x={left} y={rect.y + 40}>
          {current.join(' · ')}
        </text>
      )}
    </g>
  );
}

function PodCardView({ card, selected, nameSize, onSelect, onZoom }: { card: PodCard; selected: boolean; nameSize: number; onSelect: () => void; onZoom?: () => void }) {
  const { rect, summary } = card;
  const tone = statusTone(summary.status);
  const compact = rect.h < 44;
  const maxChars = Math.floor((rect.w - (compact ? 34 : 22)) / (nameSize * 0.61));
  return (
    <g
      className={`ka-pod ka-tone-${tone}${selected ? ' is-selected' : ''}`}
      data-testid="pod-card"
      data-phase={summary.phase}
      data-pod={summary.name}
      data-status={summary.status}
      data-pod-key={card.key}
      onClick={onSelect}
      {...(onZoom ? { onDoubleClick: onZoom } : {})}
      role="button"
      tabIndex={0}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') onSelect();
      }}
    >
      <title>{`${summary.namespace}/${summary.name}  ${summary.status}  ${summary.ready}`}</title>
      <rect className="ka-pod-rect" x={rect.x} y={rect.y} width={rect.w} height={rect.h} rx={8} />
      {compact ? (
        <>
          <circle className="ka-pod-dot" cx={rect.x + 14} cy={rect.y + rect.h / 2} r={5} />
          <text className="ka-pod-name ka-mono" x={rect.x + 26} y={rect.y + rect.h / 2} dominantBaseline="central">
            {middleEllipsis(summary.name, maxChars)}
          </text>
        </>
      ) : (
        <>
          <text className="ka-pod-name ka-mono" x={rect.x + 11} y={rect.y + 20}>
            {middleEllipsis(summary.name, maxChars)}
          </text>
          <circle className="ka-pod-dot" cx={rect.x + 16} cy={rect.y + rect.h - 15} r={5} />
          <text className="ka-pod-status" x={rect.x + 27} y={rect.y + rect.h - 15} dominantBaseline="central">
            {summary.status}
          </text>
          <text className="ka-pod-ready ka-mono" x={rect.x + rect.w - 11} y={rect.y + rect.h - 15} textAnchor="end" dominantBaseline="central">
            {summary.ready}
          </text>
        </>
      )}
    </g>
  );
}


/** The user's terminal: the last command as typed and, once it exited, what it printed. Click for the full output. */
function Terminal({ rect, terminal, fontSize, onSelect }: { rect: Rect; terminal: TerminalView; fontSize: number; onSelect: () => void }) {
  const inner = { x: rect.x + 8, y: rect.y + 32, w: rect.w - 16, h: rect.h - 40 };
  const perLine = Math.floor((inner.w - 14) / (fontSize * 0.6));
  const lineH = fontSize * 1.3;
  const maxLines = Math.floor((inner.h - 8) / lineH);
  const lines: { text: string; kind: 'cmd' | 'out' | 'err' }[] = [];
  if (terminal.command) for (const l of wrapText(`$ ${terminal.command}`, perLine)) lines.push({ text: l, kind: 'cmd' });
  // Output is often a table (kubectl get): cut long lines rather than wrap them, as a narrow terminal would.
  for (const o of terminal.output) lines.push({ text: o.length > perLine ? `${o.slice(0, perLine - 1)}…` : o, kind: terminal.exitCode ? 'err' : 'out' });
  const shown = lines.slice(0, maxLines);
  const cursor = terminal.command !== undefined && terminal.exitCode === undefined ? null : lines.length < maxLines ? '$ ' : null;
  const clickable = terminal.seq !== undefined;
  return (
    <g
      className={clickable ? 'ka-terminal is-clickable' : 'ka-terminal'}
      data-testid="terminal"
      {...(clickable ? { role: 'button', tabIndex: 0, onClick: onSelect, onKeyDown: (e: React.KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && onSelect() } : {})}
    >
      {terminal.command && <title>{[`$ ${terminal.command}`, ...terminal.output].join('\n')}</title>}
      <rect x={inner.x} y={inner.y} width={inner.w} height={inner.h} rx={6} />
      {shown.map((l, i) => (
        <text key={i} className={`ka-terminal-${l.kind}`} x={inner.x + 7} y={inner.y + 6 + lineH * (i + 0.5)} dominantBaseline="central" style={{ fontSize }}>
          {l.text}
        </text>
      ))}
      {cursor !== null && (
        <text className="ka-terminal-cmd" x={inner.x + 7} y={inner.y + 6 + lineH * (shown.length + 0.5)} dominantBaseline="central" style={{ fontSize }}>
          {cursor}
          <tspan className="ka-terminal-cursor">▍</tspan>
        </text>
      )}
    </g>
  );
}
