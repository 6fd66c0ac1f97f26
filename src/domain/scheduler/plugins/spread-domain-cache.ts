/**
 * Cluster-wide PodTopologySpread counts per topology value, kept across scheduling cycles.
 *
 * PreScore counts matching pods on ALL nodes for every non-hostname constraint (a 5,000-node
 * pass per pod). Between two cycles usually one node changed (the pod just bound), so the
 * totals are cached per (node list, selector, topology key) together with a snapshot of every
 * node's generation; a cycle then only compares generations and recounts the nodes that moved.
 * The result is exactly the full recount's. Used only when every node counts (no node
 * inclusion filtering), i.e. for pods without required node affinity and constraints with
 * nodeTaintsPolicy Ignore; a new node array (or a reordered one) simply rebuilds the entry.
 */
import type { NodeInfo } from '../types.ts';
import { topologyValue } from './topology.ts';

interface DomainCache {
  infos: (NodeInfo | undefined)[];
  generations: number[];
  values: string[];
  contributions: number[];
  totals: Map<string, number>;
}

const caches = new WeakMap<readonly NodeInfo[], Map<string, DomainCache>>();
/** Distinct (selector, key) pairs remembered per node list before the oldest go. */
const MAX_ENTRIES = 64;

function add(totals: Map<string, number>, value: string, n: number): void {
  if (n !== 0) totals.set(value, (totals.get(value) ?? 0) + n);
}

/**
 * Matching pods per topology value over all `nodes` (a node without the key counts under "").
 * `count(info)` must depend only on the node's pods, i.e. change only with its generation.
 */
export function domainTotals(
  nodes: readonly NodeInfo[],
  cacheKey: string,
  topologyKey: string,
  count: (info: NodeInfo) => number,
): ReadonlyMap<string, number> {
  let perArray = caches.get(nodes);
  if (!perArray) {
    perArray = new Map();
    caches.set(nodes, perArray);
  }
  let c = perArray.get(cacheKey);
  if (!c) {
    if (perArray.size >= MAX_ENTRIES) {
      const oldest = perArray.keys().next().value;
      if (oldest !== undefined) perArray.delete(oldest);
    }
    c = { infos: [], generations: [], values: [], contributions: [], totals: new Map() };
    perArray.set(cacheKey, c);
  } else {
    // Re-insert to keep the most recently used entries last.
    perArray.delete(cacheKey);
    perArray.set(cacheKey, c);
  }
  const n = nodes.length;
  for (let i = 0; i < n; i++) {
    const info = nodes[i] as NodeInfo;
    if (c.infos[i] === info && c.generations[i] === info.generation) continue;
    if (c.infos[i] !== undefined) add(c.totals, c.values[i] as string, -(c.contributions[i] as number));
    const value = topologyValue(info, topologyKey) ?? '';
    const contribution = count(info);
    add(c.totals, value, contribution);
    c.infos[i] = info;
    c.generations[i] = info.generation;
    c.values[i] = value;
    c.contributions[i] = contribution;
  }
  // The node list shrank: forget the tail.
  for (let i = c.infos.length - 1; i >= n; i--) {
    if (c.infos[i] !== undefined) add(c.totals, c.values[i] as string, -(c.contributions[i] as number));
  }
  c.infos.length = n;
  c.generations.length = n;
  c.values.length = n;
  c.contributions.length = n;
  return c.totals;
}
