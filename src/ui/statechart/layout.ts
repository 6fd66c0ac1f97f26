import { path as d3path } from 'd3';
import type { MachineGraph, StateGraphNode, TransitionEdge } from '../../source/machine-graphs.ts';

/** Sizes of the drawing, in SVG user units (the view scales the whole drawing to fit). */
export const METRICS = {
  charW: 7.8, // average width of a 13px character
  atomicH: 30,
  padX: 14,
  header: 24,
  pad: 12,
  colGap: 64, // room for a transition label between columns
  rowGap: 30, // room for an entry label above a state
  maxRows: 4, // states in one column before the layer wraps
  labelCharW: 6.8, // average width of an 11px monospace character (transition labels)
  track: 18, // distance between two arcs that share a span, room for one label line
} as const;

export interface StateBox {
  path: string;
  key: string;
  type: StateGraphNode['type'];
  depth: number;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Whether this state is its parent's initial state (drawn with the initial dot). */
  initial: boolean;
}

/**
 * How an edge is drawn: between two states in the columns of their nearest common container
 * (`sibling`), back to the same state (`self`), or from a container to one of its own states
 * (`entry`, an `on` at the container's level: a short arrow onto the target with the event).
 */
export type EdgeKind = 'sibling' | 'self' | 'entry';

export interface EdgeLayout {
  id: string;
  edge: TransitionEdge;
  target: string;
  kind: EdgeKind;
  d: string;
  labelX: number;
  labelY: number;
  label: string;
}

export interface ChartLayout {
  width: number;
  /** The highest point drawn (arcs above the first row go above 0), ≤ 0. */
  top: number;
  height: number;
  boxes: StateBox[];
  byPath: ReadonlyMap<string, StateBox>;
  edges: EdgeLayout[];
}

const isWithin = (p: string, ancestor: string) => ancestor === '' || p === ancestor || p.startsWith(`${ancestor}.`);

/** The child of `container` that is `p` or holds it. */
function childHolding(container: StateGraphNode, p: string): StateGraphNode | undefined {
  return container.children.find((c) => isWithin(p, c.path));
}

/** The deepest state that strictly contains both paths. */
function commonContainer(root: StateGraphNode, a: string, b: string): StateGraphNode {
  let n = root;
  for (;;) {
    const ca = childHolding(n, a);
    const cb = childHolding(n, b);
    if (!ca || ca !== cb || ca.path === a || ca.path === b) return n;
    n = ca;
  }
}

export function edgeLabel(e: TransitionEdge): string {
  let s = e.delay !== undefined ? `after ${e.delay}${typeof e.delay === 'number' ? 'ms' : ''}` : e.event === '' ? 'always' : e.event;
  if (e.guard) s += ` [${e.guard}]`;
  return s;
}

function edgeKind(e: TransitionEdge, target: string): EdgeKind {
  if (target === e.source) return 'self';
  if (e.source === '' || target.startsWith(`${e.source}.`)) return 'entry';
  return 'sibling';
}

interface Sized {
  node: StateGraphNode;
  w: number;
  h: number;
  /** Child offsets relative to this node's top-left. */
  place: Map<string, { x: number; y: number }>;
  kids: Sized[];
}

/**
 * Columns for the children of one container: a longest-path layering over the transitions
 * between them, from the initial child, with back edges (found by a depth-first walk in
 * definition order) left out. Deterministic: ties keep the definition order.
 */
export function layerChildren(container: StateGraphNode, edges: readonly { from: string; to: string }[]): Map<string, number> {
  const keys = container.children.map((c) => c.path);
  const out = new Map<string, string[]>(keys.map((k) => [k, []]));
  for (const { from, to } of edges) if (from !== to && !out.get(from)!.includes(to)) out.get(from)!.push(to);
  // Depth-first from the initial child, then from any child not reached, to find back edges.
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<string>();
  const dfs = (v: string) => {
    state.set(v, 'open');
    for (const w of out.get(v)!) {
      if (state.get(w) === 'open') back.add(`${v}>${w}`);
      else if (!state.has(w)) dfs(w);
    }
    state.set(v, 'done');
    order.push(v);
  };
  const initial = container.children.find((c) => c.key === container.initial)?.path;
  if (initial) dfs(initial);
  for (const k of keys) if (!state.has(k)) dfs(k);
  const layer = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const v of order.reverse()) {
    for (const w of out.get(v)!) if (!back.has(`${v}>${w}`)) layer.set(w, Math.max(layer.get(w)!, layer.get(v)! + 1));
  }
  return layer;
}

/** Lays out a machine graph: states as nested boxes in layered columns, transitions as paths. */
export function layoutChart(g: MachineGraph): ChartLayout {
  const M = METRICS;
  // Transitions between siblings, lifted to the children of their common container.
  const lifted = new Map<string, { from: string; to: string }[]>();
  for (const e of g.transitions) {
    for (const target of e.targets) {
      if (edgeKind(e, target) !== 'sibling') continue;
      const c = commonContainer(g.root, e.source, target);
      const from = childHolding(c, e.source);
      const to = childHolding(c, target);
      if (!from || !to) continue;
      const list = lifted.get(c.path) ?? [];
      list.push({ from: from.path, to: to.path });
      lifted.set(c.path, list);
    }
  }

  const size = (n: StateGraphNode): Sized => {
    const labelW = n.key.length * M.charW + 2 * M.padX + (n.type === 'final' ? 8 : 0);
    if (n.children.length === 0) return { node: n, w: Math.max(88, labelW), h: M.atomicH, place: new Map(), kids: [] };
    const kids = n.children.map(size);
    const layer = layerChildren(n, lifted.get(n.path) ?? []);
    const layers: Sized[][] = [];
    for (const k of kids) (layers[layer.get(k.node.path)!] ??= []).push(k);
    // A layer of many states with no transitions between them (a pod worker's steps, all entered
    // from their container) wraps into several columns, so the chart stays wide rather than tall.
    const cols: Sized[][] = [];
    for (const l of layers) {
      if (!l) continue;
      for (let i = 0; i < l.length; i += M.maxRows) cols.push(l.slice(i, i + M.maxRows));
    }
    const place = new Map<string, { x: number; y: number }>();
    let x = M.pad;
    let bottom = 0;
    for (const col of cols) {
      const colW = Math.max(...col.map((k) => k.w));
      let y = M.header + M.rowGap - 8;
      for (const k of col) {
        place.set(k.node.path, { x: x + (colW - k.w) / 2, y });
        y += k.h + M.rowGap;
      }
      bottom = Math.max(bottom, y - M.rowGap);
      x += colW + M.colGap;
    }
    const w = Math.max(labelW, x - M.colGap + M.pad);
    return { node: n, w, h: bottom + M.pad + 10, place, kids };
  };

  const root = size(g.root);
  const boxes: StateBox[] = [];
  const byPath = new Map<string, StateBox>();
  const emit = (s: Sized, x: number, y: number, depth: number, initial: boolean) => {
    const b: StateBox = { path: s.node.path, key: s.node.key, type: s.node.type, depth, x, y, w: s.w, h: s.h, initial };
    if (depth > 0) boxes.push(b); // the root is the whole drawing, not a box
    byPath.set(b.path, b);
    for (const k of s.kids) {
      const p = s.place.get(k.node.path)!;
      emit(k, x + p.x, y + p.y, depth + 1, s.node.initial === k.node.key);
    }
  };
  // The root has no header of its own: shift up by it.
  emit(root, 0, -M.header, 0, false);

  const edges: EdgeLayout[] = [];
  let maxY = root.h - M.header;
  let minY = 0;
  // Arcs (forward over columns, above; backward, below) are given tracks: arcs of one container
  // and side whose spans (with their labels) overlap get different heights, shorter spans inside,
  // so long arrows sharing a span never draw their labels on top of each other.
  interface Arc {
    e: TransitionEdge;
    i: number;
    j: number;
    target: string;
    side: 'over' | 'under';
    group: string;
    x0: number;
    y0: number;
    x1: number;
    y1: number;
    base: number;
    lo: number;
    hi: number;
    track: number;
  }
  const arcs: Arc[] = [];
  const direct = new Map<EdgeLayout, { x0: number; y0: number; x1: number; y1: number; mx: number }>();
  const labelHalf = (e: TransitionEdge) => (edgeLabel(e).length * M.labelCharW) / 2 + 4;
  g.transitions.forEach((e, i) => {
    e.targets.forEach((target, j) => {
      const a = byPath.get(e.source);
      const b = byPath.get(target);
      if (!a || !b) return;
      const kind = edgeKind(e, target);
      const p = d3path();
      let lx: number;
      let ly: number;
      if (kind === 'self') {
        const x0 = a.x + a.w - 18;
        p.moveTo(x0 - 10, a.y);
        p.bezierCurveTo(x0 - 14, a.y - 22, x0 + 14, a.y - 22, x0 + 10, a.y);
        lx = x0;
        ly = a.y - 20;
      } else if (kind === 'entry') {
        const x0 = b.x + 14;
        p.moveTo(x0, b.y - 16);
        p.lineTo(x0, b.y);
        lx = x0 + 4;
        ly = b.y - 8;
      } else if (b.x >= a.x + a.w && b.x - (a.x + a.w) <= M.colGap + 4) {
        // forward to the next column: right side to left side
        const x0 = a.x + a.w;
        const y0 = a.y + Math.min(a.h / 2, 15);
        const x1 = b.x;
        const y1 = b.y + Math.min(b.h / 2, 15);
        const mx = (x0 + x1) / 2;
        p.moveTo(x0, y0);
        p.bezierCurveTo(mx, y0, mx, y1, x1, y1);
        lx = mx;
        ly = (y0 + y1) / 2 - 4;
        const edge: EdgeLayout = { id: `${i}.${j}`, edge: e, target, kind, d: p.toString(), labelX: lx, labelY: ly, label: edgeLabel(e) };
        direct.set(edge, { x0, y0, x1, y1, mx });
        edges.push(edge);
        return;
      } else {
        // Over other columns (above both states, not through what lies between) or backward
        // (below both). The arc clears the siblings that hold the two ends in their common
        // container, so a back arrow out of a nested state runs under that state's container
        // rather than through it.
        const c = commonContainer(g.root, e.source, target);
        const ca = byPath.get(childHolding(c, e.source)?.path ?? '') ?? a;
        const cb = byPath.get(childHolding(c, target)?.path ?? '') ?? b;
        const side = b.x > a.x + a.w ? 'over' : 'under';
        const x0 = side === 'over' ? a.x + a.w - 12 : a.x + a.w / 2 + 8;
        const x1 = side === 'over' ? b.x + 12 : b.x + b.w / 2 - 8;
        const y0 = side === 'over' ? a.y : a.y + a.h;
        const y1 = side === 'over' ? b.y : b.y + b.h;
        const base = side === 'over' ? Math.min(ca.y, cb.y) : Math.max(ca.y + ca.h, cb.y + cb.h);
        const mid = (x0 + x1) / 2;
        const half = labelHalf(e);
        arcs.push({ e, i, j, target, side, group: `${c.path}|${side}`, x0, y0, x1, y1, base, lo: Math.min(x0, x1, mid - half), hi: Math.max(x0, x1, mid + half), track: 0 });
        return;
      }
      edges.push({ id: `${i}.${j}`, edge: e, target, kind, d: p.toString(), labelX: lx, labelY: ly, label: edgeLabel(e) });
    });
  });
  const byGroup = new Map<string, Arc[]>();
  for (const a of arcs) byGroup.set(a.group, [...(byGroup.get(a.group) ?? []), a]);
  for (const list of byGroup.values()) {
    const placed: Arc[] = [];
    for (const a of [...list].sort((p, q) => p.hi - p.lo - (q.hi - q.lo) || p.i - q.i || p.j - q.j)) {
      let k = 0;
      while (placed.some((o) => o.track === k && Math.abs(o.base - a.base) < M.track && o.lo < a.hi && a.lo < o.hi)) k++;
      a.track = k;
      placed.push(a);
    }
  }
  for (const a of arcs) {
    const p = d3path();
    const mid = (a.x0 + a.x1) / 2;
    let ly: number;
    if (a.side === 'over') {
      const over = a.base - 14 - a.track * M.track;
      // A bezier's apex is 3/4 of the way to its control points: put the label on the apex.
      const top = Math.min(a.y0, a.y1) + ((over - Math.min(a.y0, a.y1)) * 4) / 3;
      p.moveTo(a.x0, a.y0);
      p.bezierCurveTo(a.x0, top, a.x1, top, a.x1, a.y1);
      ly = over - 3;
      minY = Math.min(minY, over - 14);
    } else {
      const under = a.base + 18 + a.track * M.track;
      const bottom = Math.max(a.y0, a.y1) + ((under - Math.max(a.y0, a.y1)) * 4) / 3;
      p.moveTo(a.x0, a.y0);
      p.bezierCurveTo(a.x0, bottom, a.x1, bottom, a.x1, a.y1);
      ly = under + 12;
      maxY = Math.max(maxY, under + 16);
    }
    edges.push({ id: `${a.i}.${a.j}`, edge: a.e, target: a.target, kind: 'sibling', d: p.toString(), labelX: mid, labelY: ly, label: edgeLabel(a.e) });
  }
  // Labels of arrows between neighbouring columns sit at the middle of their curve; where two
  // would meet (two arrows into one state from different rows), the later one moves along its
  // curve towards an end, and if that is taken too, up a line. Arc labels hold their tracks.
  const taken: { x: number; y: number; w: number; h: number }[] = [];
  const boxOf = (x: number, y: number, label: string) => {
    const w = label.length * M.labelCharW + 4;
    return { x: x - w / 2, y: y - 10, w, h: 13 };
  };
  const hits = (r: { x: number; y: number; w: number; h: number }) => taken.some((o) => r.x < o.x + o.w && o.x < r.x + r.w && r.y < o.y + o.h && o.y < r.y + r.h);
  for (const e of edges) if (e.kind === 'sibling' && !direct.has(e)) taken.push(boxOf(e.labelX, e.labelY, e.label));
  for (const e of edges) {
    const c = direct.get(e);
    if (!c) continue;
    const at = (t: number) => {
      const u = 1 - t;
      return { x: u * u * u * c.x0 + 3 * u * u * t * c.mx + 3 * u * t * t * c.mx + t * t * t * c.x1, y: u * u * u * c.y0 + 3 * u * u * t * c.y0 + 3 * u * t * t * c.y1 + t * t * t * c.y1 - 4 };
    };
    const candidates = [at(0.5), at(0.25), at(0.75), ...[1, 2, 3].map((k) => ({ x: at(0.5).x, y: at(0.5).y - k * 13 }))];
    const spot = candidates.find((q) => !hits(boxOf(q.x, q.y, e.label))) ?? candidates[0]!;
    e.labelX = spot.x;
    e.labelY = spot.y;
    taken.push(boxOf(spot.x, spot.y, e.label));
  }
  // Keep the order of the definition (stable ids, deterministic output).
  const order = (id: string) => id.split('.').map(Number) as [number, number];
  edges.sort((p, q) => order(p.id)[0] - order(q.id)[0] || order(p.id)[1] - order(q.id)[1]);
  return { width: root.w, top: minY, height: maxY + M.pad, boxes, byPath, edges };
}

/**
 * The transition that most likely took the machine from `from` to `to` (the trace records the
 * states, not the event): an edge whose source holds `from` and whose target holds `to`, the
 * most specific source first.
 */
export function takenEdge(layout: ChartLayout, from: string | undefined, to: string): EdgeLayout | undefined {
  if (from === undefined) return undefined;
  let best: EdgeLayout | undefined;
  for (const e of layout.edges) {
    if (!isWithin(from, e.edge.source) || !isWithin(to, e.target)) continue;
    if (!best || e.edge.source.length > best.edge.source.length || (e.edge.source.length === best.edge.source.length && e.target.length > best.target.length)) best = e;
  }
  return best;
}

/** The state and its ancestors (`a.b.c` → `a.b.c`, `a.b`, `a`). */
export function activePaths(state: string): string[] {
  const parts = state.split('.');
  return parts.map((_, i) => parts.slice(0, parts.length - i).join('.'));
}
