import { familyOf, type Lane } from './lanes.ts';

/**
 * Grouping of swimlane lanes: the client, the control plane, then one group per node (its
 * kubelet, its container runtime's actors, runc…), then anything else. A group can be collapsed
 * to a single summary lane that shows how dense its members' events are.
 */

export type GroupKind = 'client' | 'control-plane' | 'node' | 'other';

export interface LaneGroup {
  /** `client`, `control-plane`, `node:<name>`, `other`. */
  id: string;
  kind: GroupKind;
  /** The node's name for a node group. */
  node?: string;
  actors: string[];
}

/** The node an actor runs on: the instance part of a node-side actor (`kubelet/node-1` → `node-1`). */
export function nodeOf(actor: string): string | undefined {
  const family = familyOf(actor);
  if (family !== 'node' && family !== 'runtime') return undefined;
  const parts = actor.split('/');
  return parts.length >= 2 ? parts[1] : undefined;
}

/** Groups actors (already in canonical order), keeping that order inside each group. */
export function groupActors(actors: readonly string[]): LaneGroup[] {
  const client: LaneGroup = { id: 'client', kind: 'client', actors: [] };
  const cp: LaneGroup = { id: 'control-plane', kind: 'control-plane', actors: [] };
  const other: LaneGroup = { id: 'other', kind: 'other', actors: [] };
  const nodes = new Map<string, LaneGroup>();
  for (const a of actors) {
    const family = familyOf(a);
    if (family === 'client') client.actors.push(a);
    else if (family === 'control-plane') cp.actors.push(a);
    else {
      const node = nodeOf(a);
      if (node === undefined) {
        other.actors.push(a);
        continue;
      }
      let g = nodes.get(node);
      if (!g) {
        g = { id: `node:${node}`, kind: 'node', node, actors: [] };
        nodes.set(node, g);
      }
      g.actors.push(a);
    }
  }
  const byNode = [...nodes.values()].sort((x, y) => compareNatural(x.node ?? '', y.node ?? ''));
  return [client, cp, ...byNode, other].filter((g) => g.actors.length > 0);
}

/** `node-2` before `node-10`. */
export function compareNatural(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** One row of the lane area: a group's header, one actor's lane, or a collapsed group's summary. */
export interface Row extends Lane {
  type: 'header' | 'lane' | 'summary';
  group: LaneGroup;
}

export interface RowLayout {
  rows: Row[];
  /** The lane (or summary row) each actor is drawn in. */
  laneOf: Map<string, Row>;
  /** Height of everything, to scroll when it does not fit. */
  contentH: number;
}

/**
 * Lays out groups top to bottom from `top`, shifted up by `scrollY`. An expanded group is a
 * header row and its lanes; a collapsed one is one summary row. Lane heights share the space
 * between a floor and a ceiling; headers have a fixed height. With a single group no header is
 * drawn (nothing to fold).
 */
export function layoutRows(
  groups: readonly LaneGroup[],
  isCollapsed: (g: LaneGroup) => boolean,
  top: number,
  height: number,
  opts: { minLane: number; maxLane: number; headerH: number; scrollY?: number },
): RowLayout {
  const headers = groups.length > 1;
  let laneRows = 0;
  let headerRows = 0;
  for (const g of groups) {
    if (isCollapsed(g)) laneRows += 1;
    else {
      laneRows += g.actors.length;
      if (headers) headerRows += 1;
    }
  }
  const free = height - headerRows * opts.headerH;
  const h = laneRows === 0 ? 0 : Math.max(opts.minLane, Math.min(opts.maxLane, free / laneRows));
  const rows: Row[] = [];
  const laneOf = new Map<string, Row>();
  let y = top - (opts.scrollY ?? 0);
  for (const g of groups) {
    const family = familyOf(g.actors[0] ?? '');
    if (isCollapsed(g)) {
      const row: Row = { type: 'summary', group: g, actor: g.id, y, h, family };
      rows.push(row);
      for (const a of g.actors) laneOf.set(a, row);
      y += h;
      continue;
    }
    if (headers) {
      rows.push({ type: 'header', group: g, actor: g.id, y, h: opts.headerH, family });
      y += opts.headerH;
    }
    for (const a of g.actors) {
      const row: Row = { type: 'lane', group: g, actor: a, y, h, family: familyOf(a) };
      rows.push(row);
      laneOf.set(a, row);
      y += h;
    }
  }
  return { rows, laneOf, contentH: y + (opts.scrollY ?? 0) - top };
}

/**
 * Which groups start collapsed: none when every lane fits at its minimum height; otherwise every
 * node group (the control plane and the client stay open), so a big cluster opens readable.
 */
export function defaultCollapsed(groups: readonly LaneGroup[], height: number, minLane: number, headerH: number): Set<string> {
  const lanes = groups.reduce((n, g) => n + g.actors.length, 0);
  const need = lanes * minLane + (groups.length > 1 ? groups.length * headerH : 0);
  if (need <= height) return new Set();
  return new Set(groups.filter((g) => g.kind === 'node').map((g) => g.id));
}
