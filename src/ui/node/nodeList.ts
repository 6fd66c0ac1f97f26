import { useMemo } from 'react';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { useTrace } from '../shell/TraceContext.tsx';
import { nodeEventIndex } from './nodeEvents.ts';

/*
 * The nodes a trace knows and their runtimes: what the node panel's header shows even while the
 * panel is folded. Kept apart from useNodeModel.ts, whose folders (the kernel, mounts, cgroups…
 * models) are loaded with the panel's body only when it is opened.
 */

/** The nodes of the trace, with their runtime choice. */
export interface NodeEntry {
  readonly name: string;
  readonly runtime: string;
}

/** Every node the trace knows (header first, then nodes that joined), with its runtime. */
export function useNodes(): readonly NodeEntry[] {
  const { timeline, version } = useTrace();
  return useMemo(() => {
    const index = nodeEventIndex(timeline);
    return index.nodes.map((name) => ({ name, runtime: runtimeOf(timeline.header, name, index.byNode.get(name) ?? []) }));
    // `version` bumps as a streaming trace grows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeline, version]);
}

/**
 * A node's runtime choice: the trace header's, else read from the actors of its events (the
 * kubelet's CRI messages go to the high-level runtime; the other runtime actor is the low one).
 */
export function runtimeOf(header: TraceHeader, node: string, events: readonly TraceEvent[]): string {
  const fromHeader = header.cluster?.nodes.find((n) => n.name === node)?.runtime;
  if (fromHeader) return fromHeader;
  let high: string | undefined;
  let low: string | undefined;
  for (const e of events) {
    const a = e.attrs ?? {};
    if (!high && e.actor === `kubelet/${node}` && typeof a['service'] === 'string' && a['service'].startsWith('runtime.v1.') && e.to) high = e.to.split('/')[0];
    const component = e.actor.split('/')[0];
    if (high && !low && e.kind === 'span' && component !== 'kubelet' && component !== high) low = component;
    if (high && low) break;
  }
  return high ? `${high}+${low ?? ''}` : '';
}
