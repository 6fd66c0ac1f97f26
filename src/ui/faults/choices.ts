import type { WorldState } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { UserAction } from '../branches/context.ts';

/**
 * Which faults make sense for what is selected, at the playhead: pure, so the menu is a view
 * of it. A Pod on a node: delete it (a real `kubectl delete pod`), kill a container's init
 * (`container-kill`), exhaust its memory (`memory-exhaust`), make its image fail to pull
 * (`image-pull-fail`); a Node: stop its kubelet, power it off; an etcd member of a cluster of
 * several: stop (or start) it, cut it off from the others (`etcd-partition`), and heal the
 * partition while one is on. Field names are those of the scenario's `fault:` steps (docs/scenario-format.md).
 */
export type FaultChoiceKind = 'pod-delete' | 'container-kill' | 'memory-exhaust' | 'image-pull-fail' | 'kubelet-stop' | 'node-down' | 'etcd-member-stop' | 'etcd-member-start' | 'etcd-partition' | 'etcd-heal';

export interface FaultChoice {
  /** Unique in the list. */
  id: string;
  kind: FaultChoiceKind;
  /** What the label names (a pod, container, node, member, image). */
  target: string;
  action: UserAction;
}

/** What the menu acts on, from the session's selection. */
export type FaultTarget = { kind: 'pod'; namespace: string; name: string } | { kind: 'node'; name: string } | { kind: 'etcd'; member: string } | null;

/** The target of a selected object (timeline key) or event (its object, or its actor: kubelet/<node>, etcd/<member>). */
export function targetOf(selection: { type: 'event'; seq: number } | { type: 'object'; key: string } | null, world: WorldState, bySeq: (seq: number) => TraceEvent | undefined): FaultTarget {
  if (!selection) return null;
  if (selection.type === 'object') {
    const entry = world.objects.get(selection.key);
    if (!entry) return null;
    if (entry.ref.kind === 'Pod') return { kind: 'pod', namespace: entry.ref.namespace ?? 'default', name: entry.ref.name };
    if (entry.ref.kind === 'Node') return { kind: 'node', name: entry.ref.name };
    return null;
  }
  const e = bySeq(selection.seq);
  if (!e) return null;
  if (e.ref?.kind === 'Pod') return { kind: 'pod', namespace: e.ref.namespace ?? 'default', name: e.ref.name };
  if (e.ref?.kind === 'Node') return { kind: 'node', name: e.ref.name };
  const [component, instance] = e.actor.split('/');
  if (component === 'etcd' && instance) return { kind: 'etcd', member: instance };
  if (instance && ['kubelet', 'containerd', 'crio', 'runc', 'crun', 'terminal'].includes(component ?? '')) return { kind: 'node', name: instance };
  return null;
}

interface PodLike {
  metadata?: { name?: string; namespace?: string; deletionTimestamp?: string };
  spec?: { nodeName?: string; containers?: { name: string; image?: string }[] };
  status?: { phase?: string; containerStatuses?: { name: string; state?: Record<string, unknown> }[] };
}

const fault = (type: string, fields: Record<string, unknown>): UserAction => ({ type: 'fault', fault: { type, ...fields } });

/**
 * Whether the etcd network is cut at the end of `events` (the trace up to the playhead): the
 * engine's partition makes each member's rafthttp log `peer <id> became inactive (message send
 * to peer failed)` for every cut link, the heal `peer <id> became active`; the later one wins.
 */
export function etcdPartitioned(events: Iterable<TraceEvent>): boolean {
  let cut = false;
  for (const e of events) {
    if (e.kind !== 'log' || e.attrs?.['logger'] !== 'rafthttp' || !e.actor.startsWith('etcd/')) continue;
    const message = String(e.attrs['message'] ?? '');
    if (/^peer \S+ became inactive/.test(message)) cut = true;
    else if (/^peer \S+ became active$/.test(message)) cut = false;
  }
  return cut;
}

/** `partitioned`: whether the etcd network is cut at the playhead (etcdPartitioned); heal is offered only then. */
export function faultChoices(target: FaultTarget, world: WorldState, opts: { partitioned?: boolean } = {}): FaultChoice[] {
  const out: FaultChoice[] = [];
  const members = [...world.etcd.members.values()];
  if (target?.kind === 'pod') {
    const entry = [...world.objects.values()].find((o) => o.ref.kind === 'Pod' && o.ref.name === target.name && (o.ref.namespace ?? 'default') === target.namespace);
    if (!entry) return out;
    const pod = entry.object as PodLike;
    if (pod.metadata?.deletionTimestamp) return out;
    const ns = target.namespace === 'default' ? '' : ` -n ${target.namespace}`;
    out.push({ id: 'pod-delete', kind: 'pod-delete', target: target.name, action: { type: 'command', line: `kubectl delete pod ${target.name}${ns}` } });
    const node = pod.spec?.nodeName;
    if (!node) return out;
    const nsField = target.namespace === 'default' ? {} : { namespace: target.namespace };
    const running = new Set((pod.status?.containerStatuses ?? []).filter((c) => c.state && 'running' in c.state).map((c) => c.name));
    for (const c of pod.spec?.containers ?? []) {
      if (!running.has(c.name)) continue;
      out.push({ id: `container-kill/${c.name}`, kind: 'container-kill', target: c.name, action: fault('container-kill', { node, pod: target.name, container: c.name, ...nsField }) });
      out.push({ id: `memory-exhaust/${c.name}`, kind: 'memory-exhaust', target: c.name, action: fault('memory-exhaust', { node, pod: target.name, container: c.name, ...nsField }) });
    }
    const images = [...new Set((pod.spec?.containers ?? []).map((c) => c.image).filter((i): i is string => Boolean(i)))];
    for (const image of images) out.push({ id: `image-pull-fail/${image}`, kind: 'image-pull-fail', target: image, action: fault('image-pull-fail', { image }) });
    return out;
  }
  if (target?.kind === 'node') {
    // A node whose kubelet is already stopped or that is down: nothing more to stop.
    const kubelet = [...world.actorStates.values()].find((s) => s.actor === `kubelet/${target.name}` && s.machine === 'kubelet');
    const stopped = kubelet !== undefined && /stopped/i.test(String(kubelet.state));
    if (!stopped) out.push({ id: 'kubelet-stop', kind: 'kubelet-stop', target: target.name, action: fault('kubelet-stop', { node: target.name }) });
    if (!stopped) out.push({ id: 'node-down', kind: 'node-down', target: target.name, action: fault('node-down', { node: target.name }) });
    return out;
  }
  if (target?.kind === 'etcd' && members.length > 1) {
    const m = members.find((x) => x.actor === `etcd/${target.member}`);
    const down = m !== undefined && /stopped/.test(m.state);
    out.push(down ? { id: 'etcd-member-start', kind: 'etcd-member-start', target: target.member, action: fault('etcd-member-start', { member: target.member }) } : { id: 'etcd-member-stop', kind: 'etcd-member-stop', target: target.member, action: fault('etcd-member-stop', { member: target.member }) });
    out.push({ id: 'etcd-partition', kind: 'etcd-partition', target: target.member, action: fault('etcd-partition', { isolate: target.member }) });
    if (opts.partitioned) out.push({ id: 'etcd-heal', kind: 'etcd-heal', target: '', action: fault('etcd-heal', {}) });
  }
  return out;
}
