import { useMemo } from 'react';
import type { TraceEvent } from '../../trace/schema.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { NodeFolder, type NodeInfo, type NodeModel } from './model.ts';
import { countUpTo, nodeEventIndex } from './nodeEvents.ts';
import type { NodeEntry } from './nodeList.ts';

// The node list lives apart (nodeList.ts): the dock's header needs it before this file's folders load.
export { runtimeOf, useNodes, type NodeEntry } from './nodeList.ts';

/** The node internals at the session's playhead, recomputed only when one of its events passes. */
export function useNodeModel(node: NodeEntry | undefined): NodeModel | undefined {
  const { timeline, version } = useTrace();
  const t = useSession((s) => s.t);
  const world = useWorld();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const events = useMemo(() => (node ? (nodeEventIndex(timeline).byNode.get(node.name) ?? []) : []), [timeline, version, node?.name]);
  const count = countUpTo(events, t);
  const info = nodeInfoOf(node ? world.objects.get(`v1/Node//${node.name}`)?.object : undefined);
  const infoKey = info ? `${info.kernelVersion}|${info.osImage}|${info.containerRuntimeVersion}` : '';
  return useMemo(
    () => (node ? folderFor(events, node, count).view(info) : undefined),
    // The Node object is a new value at every update; its nodeInfo rarely changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [node?.name, node?.runtime, events, count, infoKey],
  );
}

/** Folders kept per node event list: playback only applies the new events to the one behind it. */
const folders = new WeakMap<readonly TraceEvent[], NodeFolder[]>();
/** A few, so two views of one trace at different playheads (side by side, two embeds) do not undo each other. */
const FOLDERS_PER_LIST = 3;

/**
 * The folder to read `count` events of `events` from: the furthest one not past `count`, advanced
 * to it, or a new one (a seek backwards). `events` is the per-node list of one timeline length
 * (nodeEventIndex), so it only ever means the same events.
 */
export function folderFor(events: readonly TraceEvent[], node: NodeEntry, count: number): NodeFolder {
  const list = folders.get(events) ?? [];
  let best: NodeFolder | undefined;
  for (const f of list) if (f.node === node.name && f.runtime.choice === node.runtime && f.applied <= count && (!best || f.applied > best.applied)) best = f;
  if (!best) {
    if (list.length >= FOLDERS_PER_LIST) list.splice(list.indexOf(list.reduce((a, b) => (a.applied <= b.applied ? a : b))), 1);
    best = new NodeFolder(node.name, node.runtime);
    list.push(best);
    folders.set(events, list);
  }
  best.advance(events, count);
  return best;
}

function nodeInfoOf(node: unknown): NodeInfo | undefined {
  const info = (node as { status?: { nodeInfo?: Record<string, unknown> } } | undefined)?.status?.nodeInfo;
  if (!info) return undefined;
  const str = (k: string) => (typeof info[k] === 'string' && info[k] !== '' ? { [k]: info[k] } : {});
  return { ...str('kernelVersion'), ...str('osImage'), ...str('containerRuntimeVersion'), ...str('kubeletVersion') } as NodeInfo;
}
