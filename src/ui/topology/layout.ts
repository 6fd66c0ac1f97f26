import { interpolateObject } from 'd3';

/**
 * Where each component of the cluster sits in the topology view, laid out like the classic
 * Kubernetes architecture diagram: the control plane on top (kube-controller-manager, scheduler
 * and etcd around kube-apiserver, the hub every component talks to), the worker nodes below
 * (kubelet → containerd → runc, and the Pods on the node), the user and kubectl on the left.
 *
 * Pure geometry in a fixed coordinate system (the SVG viewBox); the SVG scales to its box.
 */

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Point {
  x: number;
  y: number;
}

/** Colour family: one accent each, so the eye groups components at a glance. */
export type Family = 'client' | 'control-plane' | 'node' | 'runtime';

export interface ComponentBox {
  actor: string;
  /** The component's real name, e.g. `kube-apiserver`, `containerd`. */
  label: string;
  /** A shorter real name for when the label does not fit (the controller's name in `--controllers`). */
  shortLabel?: string;
  family: Family;
  rect: Rect;
}

export interface NodeFrame {
  name: string;
  runtime: string;
  rect: Rect;
  /** Where the node's Pod cards go. */
  podArea: Rect;
}

export interface TopologyLayout {
  width: number;
  height: number;
  controlPlane: Rect;
  controllerManager: Rect;
  components: ComponentBox[];
  nodes: NodeFrame[];
  /** Pods not yet bound to a node wait here. */
  unscheduled: Rect;
  /** Size of one Pod card. */
  podCard: { w: number; h: number };
}

export interface ClusterShape {
  nodes: readonly { name: string; runtime: string }[];
  /** Most Pods any node holds at once (sets the node height). */
  maxPodsPerNode?: number;
}

const WIDTH = 1200;
const PAD = 12;
const LEFT_W = 190;
const CP_X = PAD + LEFT_W + 18;
const CP_Y = 8;
const CP_H = 214;
const NODE_Y = CP_Y + CP_H + 20;
const NODE_GAP = 18;
const CARD_H = 52;
const CARD_GAP = 10;
const MIN_CARD_W = 150;
/** Height of the title strip of the node frames and the tray. */
const FRAME_HEAD = 38;

/** Splits a runtime choice like `containerd+runc` into the high- and low-level runtime names. */
export function runtimeNames(runtime: string): { high: string; low: string } {
  const [high, low] = runtime.split('+');
  // rkt's stage1 flavour (`rkt-coreos`, `rkt(stage1-fly)`) is one actor, rkt/<node>.
  return { high: high || 'containerd', low: low?.startsWith('rkt') ? 'rkt' : low || 'runc' };
}

/** One box of a node's runtime stack: the actor kind (`crio` for crio/<node>) and its label. */
export interface StackBox {
  kind: string;
  label: string;
  family: 'node' | 'runtime';
}

/**
 * The daemons a node's runtime choice runs, from the kubelet down to the low-level runtime, named
 * as the engine's actors are (src/engine/cluster.ts): CRI-O is crio/<node> with conmon/<node>;
 * dockershim runs in the kubelet and calls dockerd, which hands containers to containerd; a
 * Docker host (`docker`, no Kubernetes) has no kubelet.
 */
export function nodeStack(runtime: string): StackBox[] {
  const kubelet: StackBox = { kind: 'kubelet', label: 'kubelet', family: 'node' };
  const rt = (kind: string, label = kind): StackBox => ({ kind, label, family: 'runtime' });
  if (runtime === 'docker') return [rt('dockerd'), rt('containerd'), rt('runc')];
  if (runtime === 'dockershim') return [kubelet, rt('dockershim'), rt('dockerd'), rt('containerd'), rt('runc')];
  const { high, low } = runtimeNames(runtime);
  if (high === 'cri-o') return [kubelet, rt('crio', 'cri-o'), rt('conmon'), rt(low)];
  return [kubelet, rt(high), rt(low)];
}

/** Columns of Pod cards that fit in a node's width. */
export function podColumns(areaWidth: number): number {
  return Math.max(1, Math.floor((areaWidth + CARD_GAP) / (MIN_CARD_W + CARD_GAP)));
}

/** Lays out the cluster; deterministic for the same shape. */
export function layoutTopology(shape: ClusterShape): TopologyLayout {
  const nodes = shape.nodes.length > 0 ? shape.nodes : [{ name: 'node-1', runtime: 'containerd+runc' }];
  const cpW = WIDTH - PAD - CP_X;
  const controlPlane: Rect = { x: CP_X, y: CP_Y, w: cpW, h: CP_H };
  const components: ComponentBox[] = [];

  // Left column: the user's terminal and the client it runs.
  components.push({ actor: 'user', label: 'user', family: 'client', rect: { x: PAD, y: CP_Y, w: LEFT_W, h: 124 } });
  components.push({ actor: 'kubectl', label: 'kubectl', family: 'client', rect: { x: PAD, y: CP_Y + 150, w: LEFT_W, h: 52 } });

  // Top row of the control plane: controller-manager (its controllers), scheduler, etcd.
  const rowY = CP_Y + 36;
  const controllerManager: Rect = { x: CP_X + 14, y: rowY, w: 520, h: 90 };
  const ctrlY = rowY + 32;
  const ctrlH = controllerManager.h - 32 - 10;
  const controllers: [string, string, string][] = [
    ['kube-controller-manager/deployment-controller', 'deployment controller', 'deploy'],
    ['kube-controller-manager/replicaset-controller', 'replicaset controller', 'rs'],
    ['kube-controller-manager/garbage-collector', 'garbage collector', 'gc'],
    ['kube-controller-manager/node-lifecycle-controller', 'node lifecycle controller', 'node'],
    ['kube-controller-manager/taint-eviction-controller', 'taint eviction controller', 'taint'],
  ];
  const ctrlW = (controllerManager.w - (controllers.length + 1) * 10) / controllers.length;
  controllers.forEach(([actor, label, shortLabel], i) => {
    components.push({ actor, label, shortLabel, family: 'control-plane', rect: { x: controllerManager.x + 10 + i * (ctrlW + 10), y: ctrlY, w: ctrlW, h: ctrlH } });
  });
  const topBoxY = rowY + 14;
  const topBoxH = controllerManager.y + controllerManager.h - topBoxY;
  const schedX = controllerManager.x + controllerManager.w + 28;
  components.push({ actor: 'scheduler', label: 'kube-scheduler', family: 'control-plane', rect: { x: schedX, y: topBoxY, w: 170, h: topBoxH } });
  const etcdX = schedX + 170 + 28;
  components.push({ actor: 'etcd/etcd-0', label: 'etcd', family: 'control-plane', rect: { x: etcdX, y: topBoxY, w: CP_X + cpW - 14 - etcdX, h: topBoxH } });
  // kube-apiserver: the hub, a wide bar below, nearest to the nodes.
  components.push({ actor: 'kube-apiserver', label: 'kube-apiserver', family: 'control-plane', rect: { x: CP_X + 120, y: CP_Y + CP_H - 62, w: cpW - 240, h: 52 } });

  // Worker nodes side by side.
  const n = nodes.length;
  const nodeW = (cpW - NODE_GAP * (n - 1)) / n;
  const innerPad = 12;
  const cols = podColumns(nodeW - 2 * innerPad);
  const rows = Math.max(1, Math.ceil((shape.maxPodsPerNode ?? 3) / cols));
  const boxH = 52;
  const nodeH = FRAME_HEAD + boxH + 14 + rows * (CARD_H + CARD_GAP) - CARD_GAP + innerPad;
  const cardW = (nodeW - 2 * innerPad - (cols - 1) * CARD_GAP) / cols;
  const frames: NodeFrame[] = nodes.map((node, i) => {
    const rect: Rect = { x: CP_X + i * (nodeW + NODE_GAP), y: NODE_Y, w: nodeW, h: nodeH };
    const stack = nodeStack(node.runtime);
    const boxY = rect.y + FRAME_HEAD;
    const boxGap = stack.length > 3 ? 12 : 20;
    const boxW = (nodeW - 2 * innerPad - (stack.length - 1) * boxGap) / stack.length;
    stack.forEach((b, j) => components.push({ actor: `${b.kind}/${node.name}`, label: b.label, family: b.family, rect: { x: rect.x + innerPad + j * (boxW + boxGap), y: boxY, w: boxW, h: boxH } }));
    const podArea: Rect = { x: rect.x + innerPad, y: boxY + boxH + 14, w: nodeW - 2 * innerPad, h: rows * (CARD_H + CARD_GAP) - CARD_GAP };
    return { name: node.name, runtime: node.runtime, rect, podArea };
  });

  const height = NODE_Y + nodeH + PAD;
  const unscheduled: Rect = { x: PAD, y: NODE_Y, w: LEFT_W, h: nodeH };
  return { width: WIDTH, height, controlPlane, controllerManager, components, nodes: frames, unscheduled, podCard: { w: cardW, h: CARD_H } };
}

/** The i-th card slot in an area, filling rows left to right. */
export function podSlot(area: Rect, card: { w: number; h: number }, index: number): Rect {
  const cols = Math.max(1, Math.floor((area.w + CARD_GAP) / (card.w + CARD_GAP)));
  const col = index % cols;
  const row = Math.floor(index / cols);
  return { x: area.x + col * (card.w + CARD_GAP), y: area.y + row * (card.h + CARD_GAP), w: card.w, h: card.h };
}

/**
 * Slots in the narrow unscheduled tray: one column of cards as wide as the tray, shrinking so
 * that `count` cards fit (down to a one-line card of 22 units).
 */
export function traySlot(area: Rect, maxCardH: number, index: number, count: number): Rect {
  const gap = 6;
  const room = area.h - FRAME_HEAD - 8;
  const h = Math.max(22, Math.min(maxCardH, (room - (count - 1) * gap) / Math.max(1, count)));
  return { x: area.x + 8, y: area.y + FRAME_HEAD + index * (h + gap), w: area.w - 16, h };
}

/**
 * The box that stands for an actor. Unknown actors fall back to their component's box
 * (an unknown `kube-controller-manager/<controller>` → the first controller box would be wrong,
 * so it gets none) or to a node's kubelet when the instance names a node; otherwise undefined.
 */
export function boxFor(layout: TopologyLayout, actor: string): ComponentBox | undefined {
  const exact = layout.components.find((c) => c.actor === actor);
  if (exact) return exact;
  const slash = actor.indexOf('/');
  const component = slash < 0 ? actor : actor.slice(0, slash);
  const instance = slash < 0 ? '' : actor.slice(slash + 1);
  if (component === 'etcd') return layout.components.find((c) => c.actor.startsWith('etcd/'));
  if (component === 'kube-scheduler') return layout.components.find((c) => c.actor === 'scheduler');
  if (layout.nodes.some((nd) => nd.name === instance)) return layout.components.find((c) => c.actor === `kubelet/${instance}`);
  return undefined;
}

export function center(r: Rect): Point {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

/** Where the ray from the centre of `r` towards `p` leaves `r`. */
export function exitPoint(r: Rect, p: Point): Point {
  const c = center(r);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  if (dx === 0 && dy === 0) return c;
  const sx = dx === 0 ? Infinity : r.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : r.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: c.x + dx * s, y: c.y + dy * s };
}

/** A straight edge between two boxes. */
export interface Edge {
  from: Point;
  to: Point;
}

/**
 * The path a message from box `a` to box `b` travels: a straight line between their borders,
 * shifted sideways by `offset` so that requests (a→b) and responses (b→a) run on two parallel
 * tracks instead of one on top of the other.
 */
export function edgeBetween(a: Rect, b: Rect, offset = 0): Edge {
  const from0 = exitPoint(a, center(b));
  const to0 = exitPoint(b, center(a));
  const dx = to0.x - from0.x;
  const dy = to0.y - from0.y;
  const len = Math.hypot(dx, dy) || 1;
  // Perpendicular to the right of the direction of travel.
  const nx = -dy / len;
  const ny = dx / len;
  return { from: { x: from0.x + nx * offset, y: from0.y + ny * offset }, to: { x: to0.x + nx * offset, y: to0.y + ny * offset } };
}

/** The point at `progress` (0..1) along an edge (d3's object interpolator; the playhead sets progress). */
export function pointAlong(edge: Edge, progress: number): Point {
  return interpolateObject(edge.from, edge.to)(Math.min(1, Math.max(0, progress)));
}

/** Every pair of boxes that talk in a Kubernetes cluster, drawn as faint wires even when idle. */
export function staticWires(layout: TopologyLayout): [string, string][] {
  const wires: [string, string][] = [
    ['user', 'kubectl'],
    ['kubectl', 'kube-apiserver'],
    ['kube-apiserver', 'etcd/etcd-0'],
    ['kube-controller-manager/deployment-controller', 'kube-apiserver'],
    ['kube-controller-manager/replicaset-controller', 'kube-apiserver'],
    ['kube-controller-manager/garbage-collector', 'kube-apiserver'],
    ['kube-controller-manager/node-lifecycle-controller', 'kube-apiserver'],
    ['kube-controller-manager/taint-eviction-controller', 'kube-apiserver'],
    ['scheduler', 'kube-apiserver'],
  ];
  for (const node of layout.nodes) {
    const stack = nodeStack(node.runtime).map((b) => `${b.kind}/${node.name}`);
    if (stack[0] === `kubelet/${node.name}`) wires.push([stack[0], 'kube-apiserver']);
    stack.slice(1).forEach((actor, i) => wires.push([stack[i] as string, actor]));
  }
  return wires;
}

/** The cluster-scale layout: the control plane and client as in layoutTopology, the heatmap below. */
export interface ClusterScaleLayout extends TopologyLayout {
  /** Where the heatmap's cells go (its header strip sits above it). */
  heatArea: Rect;
  /** The header strip above the cells (title, summary). */
  heatHead: Rect;
}

const HEAT_H = 420;

export function layoutClusterScale(): ClusterScaleLayout {
  const base = layoutTopology({ nodes: [] });
  const cpW = WIDTH - PAD - CP_X;
  // Keep only the control plane and the client: the node stacks become cells.
  const nodeName = base.nodes[0]?.name ?? 'node-1';
  const components = base.components.filter((c) => !c.actor.endsWith(`/${nodeName}`));
  const heatHead: Rect = { x: CP_X, y: NODE_Y, w: cpW, h: FRAME_HEAD };
  const heatArea: Rect = { x: CP_X + 12, y: NODE_Y + FRAME_HEAD, w: cpW - 24, h: HEAT_H - FRAME_HEAD - 12 };
  const unscheduled: Rect = { x: PAD, y: NODE_Y, w: LEFT_W, h: HEAT_H };
  return { ...base, components, nodes: [], unscheduled, heatArea, heatHead, height: NODE_Y + HEAT_H + PAD };
}
