import type { Timeline } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/**
 * The events that happen on one node: those whose actor or receiver is a component of it
 * (`kubelet/<node>`, `containerd/<node>`, `runc/<node>`, …), in trace order. Built once per
 * timeline length and shared by every frame, so a playhead move only replays one node.
 */
export interface NodeEventIndex {
  /** Node names in the order the trace header lists them, then any other seen in actors. */
  readonly nodes: readonly string[];
  readonly byNode: ReadonlyMap<string, readonly TraceEvent[]>;
  /** The timeline length it was built at. */
  readonly length: number;
}

const cache = new WeakMap<Timeline, NodeEventIndex>();

/** The node of a `component/<node>` actor, when it is one of the known per-node components. */
export function nodeOfActor(actor: string | undefined, nodes: ReadonlySet<string>): string | undefined {
  if (!actor) return undefined;
  const slash = actor.indexOf('/');
  if (slash < 0) return undefined;
  const instance = actor.slice(slash + 1);
  return nodes.has(instance) ? instance : undefined;
}

/** Indexes (or re-reads from the cache) the per-node events of a timeline. */
export function nodeEventIndex(timeline: Timeline): NodeEventIndex {
  const cached = cache.get(timeline);
  if (cached && cached.length === timeline.length) return cached;
  const names = (timeline.header.cluster?.nodes ?? []).map((n) => n.name);
  const known = new Set(names);
  const byNode = new Map<string, TraceEvent[]>();
  for (const n of names) byNode.set(n, []);
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline.at(i);
    // A kubelet names its node: nodes that joined later appear here without a header entry.
    if (e.actor.startsWith('kubelet/') && !known.has(e.actor.slice('kubelet/'.length))) {
      const n = e.actor.slice('kubelet/'.length);
      known.add(n);
      names.push(n);
      byNode.set(n, []);
    }
    const node = nodeOfActor(e.actor, known) ?? nodeOfActor(e.to, known);
    if (node) byNode.get(node)?.push(e);
  }
  const index: NodeEventIndex = { nodes: names, byNode, length: timeline.length };
  cache.set(timeline, index);
  return index;
}

/** How many of a node's events have happened at `t` (events are in `(t, seq)` order). */
export function countUpTo(events: readonly TraceEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((events[mid] as TraceEvent).t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
