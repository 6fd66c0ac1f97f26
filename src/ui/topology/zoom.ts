/**
 * The topology's semantic zoom: not a magnifier but three levels of detail. `cluster` (only
 * for clusters of more than CLUSTER_SCALE_NODES nodes): the control plane and a heatmap cell
 * per node; `nodes`: node frames with their runtime stack and Pod cards (all nodes of a small
 * cluster, a window of three around the chosen node of a large one); `pod`: one Pod, its
 * containers and status. Pure state transitions; Topology.tsx maps wheel, pinch, the + / −
 * buttons and double-clicks onto them with d3-zoom.
 */
export type ZoomLevel = 'cluster' | 'nodes' | 'pod';

export interface ZoomState {
  level: ZoomLevel;
  /** The node the `nodes` window is centred on (cluster scale). */
  node?: string;
  /** The object key of the Pod the `pod` level shows. */
  pod?: string;
}

export interface ZoomContext {
  clusterScale: boolean;
  /** The node under the pointer or focused (a heatmap cell), if any. */
  node?: string;
  /** The Pod under the pointer, focused or selected, if any. */
  pod?: string;
}

export function initialZoom(clusterScale: boolean): ZoomState {
  return { level: clusterScale ? 'cluster' : 'nodes' };
}

export function levelsOf(clusterScale: boolean): ZoomLevel[] {
  return clusterScale ? ['cluster', 'nodes', 'pod'] : ['nodes', 'pod'];
}

export function canZoomIn(s: ZoomState, ctx: ZoomContext): boolean {
  return zoomIn(s, ctx) !== s;
}

export function canZoomOut(s: ZoomState, ctx: ZoomContext): boolean {
  return zoomOut(s, ctx) !== s;
}

/** One level deeper, towards what the context points at; the same object when there is nothing deeper. */
export function zoomIn(s: ZoomState, ctx: ZoomContext): ZoomState {
  if (s.level === 'cluster') return { level: 'nodes', ...(ctx.node ?? s.node ? { node: ctx.node ?? s.node } : {}) };
  if (s.level === 'nodes' && ctx.pod) return { ...s, level: 'pod', pod: ctx.pod };
  return s;
}

/** One level up; the same object at the top. */
export function zoomOut(s: ZoomState, ctx: ZoomContext): ZoomState {
  if (s.level === 'pod') return { level: 'nodes', ...(s.node ? { node: s.node } : {}) };
  if (s.level === 'nodes' && ctx.clusterScale) return { level: 'cluster', ...(s.node ? { node: s.node } : {}) };
  return s;
}

/** A level that the cluster's size does not have falls back to its nearest (a trace swapped under the view). */
export function normalizeZoom(s: ZoomState, clusterScale: boolean): ZoomState {
  if (s.level === 'cluster' && !clusterScale) return { level: 'nodes' };
  return s;
}

/**
 * The wheel/pinch scale at which the level changes: d3-zoom's k grows past ZOOM_IN_AT (or
 * falls under ZOOM_OUT_AT) and the view steps one level, then k starts again at 1.
 */
export const ZOOM_IN_AT = 1.6;
export const ZOOM_OUT_AT = 0.65;

export function levelStep(k: number): 1 | -1 | 0 {
  return k >= ZOOM_IN_AT ? 1 : k <= ZOOM_OUT_AT ? -1 : 0;
}
