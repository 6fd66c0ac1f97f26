import type { Node, Pod } from '../../domain/k8s/objects.ts';
import { createNodeInfo } from '../../domain/scheduler/node-info.ts';
import { computePodFacts } from '../../domain/scheduler/pod-facts.ts';
import type { WorldState } from '../../timeline/index.ts';
import { nodeHealth } from './nodeStatus.ts';
import type { Rect } from './layout.ts';

/**
 * The cluster-scale level of the topology: one cell per worker node, coloured by a measure,
 * with the nodes that are not Ready or carry taints marked. Pure: the figures come from the
 * Node and Pod objects at the playhead, read the way the scheduler's cache reads them
 * (NodeInfo: allocatable from status.allocatable, requests summed by PodRequests).
 */

/** More worker nodes than this and the topology starts at the heatmap. */
export const CLUSTER_SCALE_NODES = 12;

export type HeatMeasure = 'pods' | 'cpu' | 'memory';
export const HEAT_MEASURES: readonly HeatMeasure[] = ['pods', 'cpu', 'memory'];

export interface NodeFigures {
  name: string;
  /** Pods bound to the node that are not finished (Succeeded/Failed leave the scheduler's cache). */
  pods: number;
  /** status.allocatable pods (0 when the Node does not say). */
  podsAllocatable: number;
  milliCPURequested: number;
  milliCPUAllocatable: number;
  memoryRequested: number;
  memoryAllocatable: number;
  /** `kubectl get nodes` STATUS; '' before the Node registered. */
  status: string;
  notReady: boolean;
  taints: string[];
  /** Messages in flight to or from this node's agents at the playhead. */
  inFlight: number;
}

export function isClusterScale(nodeCount: number): boolean {
  return nodeCount > CLUSTER_SCALE_NODES;
}

/** The node an actor runs on (`kubelet/node-7` → node-7), if the instance is one of `nodes`. */
function nodeOfActor(actor: string, nodes: ReadonlySet<string>): string | undefined {
  const slash = actor.indexOf('/');
  if (slash < 0) return undefined;
  const instance = actor.slice(slash + 1);
  return nodes.has(instance) ? instance : undefined;
}

/** What one Node object version gives the heatmap: allocatable (NodeInfo.SetNode) and health. */
interface NodeFacts {
  podsAllocatable: number;
  milliCPUAllocatable: number;
  memoryAllocatable: number;
  health: ReturnType<typeof nodeHealth>;
}

/** What one Pod object version adds to its node's NodeInfo: its key (AddPod replaces the same key) and resource.PodRequests. */
interface PodRequest {
  key: string;
  milliCPU: number;
  memory: number;
}

/*
 * Per object version caches. World objects are immutable records (a new object per change,
 * src/timeline/README.md), so a Node or Pod that did not change between two frames is the same
 * object and its NodeInfo figures need not be computed again. Profiles of the 1,000-node and
 * million-event replays showed createNodeInfo + addPodToNodeInfo (PodRequests over every Pod,
 * quantity parsing included) as the heatmap's per-frame cost: that is now paid once per object
 * version, and a frame only sums cached numbers.
 */
const nodeFactsCache = new WeakMap<object, NodeFacts>();
const podRequestCache = new WeakMap<object, PodRequest>();

function nodeFactsOf(node: Node): NodeFacts {
  let f = nodeFactsCache.get(node);
  if (!f) {
    const info = createNodeInfo(node);
    f = { podsAllocatable: info.allocatable.pods, milliCPUAllocatable: info.allocatable.milliCPU, memoryAllocatable: info.allocatable.memory, health: nodeHealth(node) };
    nodeFactsCache.set(node, f);
  }
  return f;
}

function podRequestOf(pod: Pod): PodRequest {
  let r = podRequestCache.get(pod);
  if (!r) {
    const facts = computePodFacts({ ...pod, spec: { ...pod.spec, containers: pod.spec.containers ?? [] } });
    r = { key: facts.key, milliCPU: facts.requests.milliCPU, memory: facts.requests.memory };
    podRequestCache.set(pod, r);
  }
  return r;
}

/**
 * Each node's figures at the playhead, in the order of `nodeNames` (the trace header's order).
 * The sums are NodeInfo's (addPodToNodeInfo): a Pod whose key is already on the node replaces
 * the earlier one.
 */
export function nodeFigures(world: WorldState, nodeNames: readonly string[]): NodeFigures[] {
  const names = new Set(nodeNames);
  const nodes = new Map<string, NodeFacts>();
  const pods: Pod[] = [];
  for (const entry of world.objects.values()) {
    const o = entry.object;
    if (o.kind === 'Node' && o.metadata.name && names.has(o.metadata.name)) nodes.set(o.metadata.name, nodeFactsOf(o as Node));
    else if (o.kind === 'Pod') pods.push(o as Pod);
  }
  const podCount = new Map<string, number>();
  /** Per registered node: its pods by key, as NodeInfo holds them. */
  const onNode = new Map<string, Map<string, PodRequest>>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (!node || !names.has(node)) continue;
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    podCount.set(node, (podCount.get(node) ?? 0) + 1);
    if (!nodes.has(node)) continue;
    const r = podRequestOf(pod);
    let held = onNode.get(node);
    if (!held) onNode.set(node, (held = new Map()));
    held.set(r.key, r);
  }
  const traffic = new Map<string, number>();
  for (const { event } of world.inFlight) {
    const a = nodeOfActor(event.actor, names);
    const b = event.to ? nodeOfActor(event.to, names) : undefined;
    if (a) traffic.set(a, (traffic.get(a) ?? 0) + 1);
    if (b && b !== a) traffic.set(b, (traffic.get(b) ?? 0) + 1);
  }
  return nodeNames.map((name) => {
    const info = nodes.get(name);
    const h = info?.health;
    let milliCPU = 0;
    let memory = 0;
    for (const r of onNode.get(name)?.values() ?? []) {
      milliCPU += r.milliCPU;
      memory += r.memory;
    }
    return {
      name,
      pods: podCount.get(name) ?? 0,
      podsAllocatable: info?.podsAllocatable ?? 0,
      milliCPURequested: info ? milliCPU : 0,
      milliCPUAllocatable: info?.milliCPUAllocatable ?? 0,
      memoryRequested: info ? memory : 0,
      memoryAllocatable: info?.memoryAllocatable ?? 0,
      status: h?.status ?? '',
      notReady: h ? h.unhealthy : false,
      taints: h?.taints ?? [],
      inFlight: traffic.get(name) ?? 0,
    };
  });
}

/**
 * The measure as a fraction 0..1 of what the node can hold (requested / allocatable, pods /
 * allocatable pods); undefined when the node does not report that capacity.
 */
export function measureOf(f: NodeFigures, measure: HeatMeasure): number | undefined {
  const [used, cap] = measure === 'pods' ? [f.pods, f.podsAllocatable] : measure === 'cpu' ? [f.milliCPURequested, f.milliCPUAllocatable] : [f.memoryRequested, f.memoryAllocatable];
  if (cap <= 0) return undefined;
  return Math.min(1, used / cap);
}

/** Colour bins of the legend: 0–20 %, …, 80–100 %. The CSS gives each bin its colour per theme. */
export const HEAT_BINS = 5;
export function binOf(fraction: number | undefined): number | undefined {
  if (fraction === undefined) return undefined;
  return Math.min(HEAT_BINS - 1, Math.floor(fraction * HEAT_BINS));
}

export interface HeatmapGrid {
  /** The grid's area in viewBox units. */
  area: Rect;
  cols: number;
  rows: number;
  cell: number;
  gap: number;
}

/** Lays `count` square cells out in `area`, as large as fit (deterministic). */
export function heatmapGrid(area: Rect, count: number): HeatmapGrid {
  const n = Math.max(1, count);
  let best = { cols: n, rows: 1, cell: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const cell = Math.min(area.w / cols, area.h / rows);
    if (cell > best.cell) best = { cols, rows, cell };
  }
  const gap = best.cell >= 14 ? 2 : best.cell >= 6 ? 1 : 0;
  return { area, cols: best.cols, rows: best.rows, cell: best.cell, gap };
}

export function cellRect(grid: HeatmapGrid, index: number): Rect {
  const col = index % grid.cols;
  const row = Math.floor(index / grid.cols);
  const s = grid.cell;
  return { x: grid.area.x + col * s, y: grid.area.y + row * s, w: Math.max(0.5, s - grid.gap), h: Math.max(0.5, s - grid.gap) };
}

/** The index of the cell under a point, or undefined between or outside cells. */
export function cellAt(grid: HeatmapGrid, count: number, x: number, y: number): number | undefined {
  const col = Math.floor((x - grid.area.x) / grid.cell);
  const row = Math.floor((y - grid.area.y) / grid.cell);
  if (col < 0 || row < 0 || col >= grid.cols || row >= grid.rows) return undefined;
  const i = row * grid.cols + col;
  return i < count ? i : undefined;
}

/** Arrow-key moves in the grid (for the keyboard: the grid is one focus stop). */
export function moveCell(grid: HeatmapGrid, count: number, index: number, key: string): number {
  const last = Math.max(0, count - 1);
  switch (key) {
    case 'ArrowRight':
      return Math.min(last, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return index + grid.cols <= last ? index + grid.cols : index;
    case 'ArrowUp':
      return index - grid.cols >= 0 ? index - grid.cols : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return index;
  }
}

/** Totals for the heatmap's header and the one aggregated wire to the control plane. */
export interface ClusterTotals {
  nodes: number;
  notReady: number;
  tainted: number;
  pods: number;
  /** Messages in flight between node agents and the control plane (drawn as one count, not dots). */
  inFlight: number;
}

export function clusterTotals(figures: readonly NodeFigures[]): ClusterTotals {
  let notReady = 0;
  let tainted = 0;
  let pods = 0;
  let inFlight = 0;
  for (const f of figures) {
    if (f.notReady) notReady++;
    if (f.taints.length > 0) tainted++;
    pods += f.pods;
    inFlight += f.inFlight;
  }
  return { nodes: figures.length, notReady, tainted, pods, inFlight };
}

/** The window of node cards shown when zooming into node `name` from the heatmap. */
export function nodeWindow(nodeNames: readonly string[], name: string, size = 3): string[] {
  const i = Math.max(0, nodeNames.indexOf(name));
  const start = Math.max(0, Math.min(i - Math.floor((size - 1) / 2), nodeNames.length - size));
  return nodeNames.slice(start, start + size);
}
