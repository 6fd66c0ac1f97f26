/**
 * EnqueueExtensions of the default plugins with QueueingHints (SchedulerQueueingHints is GA in
 * 1.34, so the queue always uses them): which cluster events each plugin registers, and the
 * hint that decides whether such an event may make a pod the plugin rejected schedulable.
 * Read from each plugin's EventsToRegister / isSchedulableAfter* (plugins/noderesources/fit.go,
 * tainttoleration/taint_toleration.go, nodeunschedulable/node_unschedulable.go,
 * nodeaffinity/node_affinity.go, nodename/node_name.go, nodeports/node_ports.go,
 * podtopologyspread/plugin.go, schedulinggates/scheduling_gates.go,
 * defaultpreemption/default_preemption.go). A registration without a hint means Queue.
 */
import type { Node, Pod } from '../../k8s/objects.ts';
import { compileRequiredNodeAffinity, matchesRequiredNodeAffinity } from '../plugins/node-affinity.ts';
import { NODE_AFFINITY } from '../plugins/node-affinity.ts';
import { NODE_NAME } from '../plugins/node-name.ts';
import { NODE_PORTS, portConflicts } from '../plugins/node-ports.ts';
import { NODE_RESOURCES_FIT } from '../plugins/node-resources-fit.ts';
import { NODE_UNSCHEDULABLE, TAINT_NODE_UNSCHEDULABLE } from '../plugins/node-unschedulable.ts';
import { buildSpreadConstraints, POD_TOPOLOGY_SPREAD } from '../plugins/pod-topology-spread.ts';
import { TAINT_TOLERATION, tolerationsTolerateTaint } from '../plugins/taint-toleration.ts';
import { createNodeInfo } from '../node-info.ts';
import { computePodFacts, podHostPorts } from '../pod-facts.ts';
import type { UsedPorts } from '../types.ts';
import { ActionType, type ClusterEvent } from './cluster-events.ts';

export type QueueingHint = 'Queue' | 'QueueSkip';

/** QueueingHintFn(pod, oldObj, newObj): oldObj is undefined for an add, newObj for a delete. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface HintRegistration {
  plugin: string;
  event: ClusterEvent;
  hint?: QueueingHintFn;
}

export const SCHEDULING_GATES = 'SchedulingGates';
export const DEFAULT_PREEMPTION = 'DefaultPreemption';

const node = (a: number): ClusterEvent => ({ resource: 'Node', actionType: a });
const pod = (a: number): ClusterEvent => ({ resource: 'Pod', actionType: a });

function asNode(o: unknown): Node | undefined {
  return o && typeof o === 'object' && (o as { kind?: string }).kind === 'Node' ? (o as Node) : undefined;
}
function asPod(o: unknown): Pod | undefined {
  return o && typeof o === 'object' && (o as { kind?: string }).kind === 'Pod' ? (o as Pod) : undefined;
}

/** fit.go isFit: the pod fits the node when the node holds nothing else. */
function fitsEmptyNode(p: Pod, n: Node): boolean {
  const info = createNodeInfo(n);
  const req = computePodFacts(p).requests;
  const a = info.allocatable;
  if (1 > a.pods) return false;
  if (req.milliCPU > 0 && req.milliCPU > a.milliCPU) return false;
  if (req.memory > 0 && req.memory > a.memory) return false;
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > a.ephemeralStorage) return false;
  if (req.scalar) for (const [r, q] of req.scalar) if (q > 0 && q > (a.scalar.get(r) ?? 0)) return false;
  return true;
}

/** fit.go haveAnyRequestedResourcesIncreased. */
function requestedResourcesIncreased(p: Pod, oldNode: Node, newNode: Node): boolean {
  const req = computePodFacts(p).requests;
  const before = createNodeInfo(oldNode).allocatable;
  const after = createNodeInfo(newNode).allocatable;
  if (after.pods > before.pods) return true;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar === null) return false;
  if (req.milliCPU > 0 && after.milliCPU > before.milliCPU) return true;
  if (req.memory > 0 && after.memory > before.memory) return true;
  if (req.ephemeralStorage > 0 && after.ephemeralStorage > before.ephemeralStorage) return true;
  if (req.scalar) for (const [r, q] of req.scalar) if (q !== 0 && (after.scalar.get(r) ?? 0) > (before.scalar.get(r) ?? 0)) return true;
  return false;
}

/** NodeResourcesFit isSchedulableAfterNodeChange. */
export const fitAfterNodeChange: QueueingHintFn = (p, oldObj, newObj) => {
  const modified = asNode(newObj);
  if (!modified || !fitsEmptyNode(p, modified)) return 'QueueSkip';
  const original = asNode(oldObj);
  if (!original) return 'Queue';
  return requestedResourcesIncreased(p, original, modified) ? 'Queue' : 'QueueSkip';
};

/**
 * NodeResourcesFit isSchedulableAfterPodEvent: a deleted pod that was bound or nominated may
 * free room. Scale-down updates are not simulated (no in-place resize), so an update only
 * queues the pod itself.
 */
export const fitAfterPodEvent: QueueingHintFn = (p, oldObj, newObj) => {
  const modified = asPod(newObj);
  const original = asPod(oldObj);
  if (!modified) {
    if (original && !original.spec.nodeName && !original.status?.nominatedNodeName) return 'QueueSkip';
    return 'Queue';
  }
  return modified.metadata.uid === p.metadata.uid ? 'Queue' : 'QueueSkip';
};

/** v1helper.FindMatchingUntoleratedTaint with DoNotScheduleTaintsFilterFunc. */
function hasUntoleratedTaint(n: Node, p: Pod): boolean {
  const tolerations = p.spec.tolerations ?? [];
  for (const t of n.spec?.taints ?? []) {
    if (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') continue;
    if (!tolerationsTolerateTaint(tolerations, t)) return true;
  }
  return false;
}

/** TaintToleration isSchedulableAfterNodeChange: queue when the node went from untolerated to tolerated. */
export const taintAfterNodeChange: QueueingHintFn = (p, oldObj, newObj) => {
  const modified = asNode(newObj);
  if (!modified) return 'QueueSkip';
  const original = asNode(oldObj);
  const wasUntolerated = original ? hasUntoleratedTaint(original, p) : true;
  return wasUntolerated && !hasUntoleratedTaint(modified, p) ? 'Queue' : 'QueueSkip';
};

/** The target pod's own tolerations changed (TaintToleration isSchedulableAfterPodTolerationChange). */
export const taintAfterPodTolerationChange: QueueingHintFn = (p, _oldObj, newObj) => {
  const modified = asPod(newObj);
  return modified && modified.metadata.uid === p.metadata.uid ? 'Queue' : 'QueueSkip';
};

/** NodeUnschedulable isSchedulableAfterNodeChange: a schedulable node was added, or a node was uncordoned. */
export const unschedulableAfterNodeChange: QueueingHintFn = (_p, oldObj, newObj) => {
  const modified = asNode(newObj);
  if (!modified) return 'QueueSkip';
  const original = asNode(oldObj);
  const nowSchedulable = modified.spec?.unschedulable !== true;
  if (original && original.spec?.unschedulable === true && nowSchedulable) return 'Queue';
  if (!original && nowSchedulable) return 'Queue';
  return 'QueueSkip';
};

function toleratesUnschedulable(p: Pod | undefined): boolean {
  return tolerationsTolerateTaint(p?.spec.tolerations ?? [], { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' });
}

/** NodeUnschedulable isSchedulableAfterPodTolerationChange. */
export const unschedulableAfterPodTolerationChange: QueueingHintFn = (p, oldObj, newObj) => {
  const modified = asPod(newObj);
  if (!modified || modified.metadata.uid !== p.metadata.uid) return 'QueueSkip';
  return !toleratesUnschedulable(asPod(oldObj)) && toleratesUnschedulable(modified) ? 'Queue' : 'QueueSkip';
};

/** NodeAffinity isSchedulableAfterNodeChange: the node matches now and did not before (or is new). */
export const nodeAffinityAfterNodeChange: QueueingHintFn = (p, oldObj, newObj) => {
  const modified = asNode(newObj);
  if (!modified) return 'QueueSkip';
  const required = compileRequiredNodeAffinity(p);
  if (!matchesRequiredNodeAffinity(required, modified)) return 'QueueSkip';
  const original = asNode(oldObj);
  if (!original) return 'Queue';
  return matchesRequiredNodeAffinity(required, original) ? 'QueueSkip' : 'Queue';
};

/** NodePorts isSchedulableAfterPodDeleted: a bound pod that held one of the wanted host ports went away. */
export const nodePortsAfterPodDeleted: QueueingHintFn = (p, oldObj) => {
  const deleted = asPod(oldObj);
  if (!deleted || !deleted.spec.nodeName) return 'QueueSkip';
  const used: UsedPorts = new Map();
  for (const hp of podHostPorts(deleted)) {
    const k = `${hp.protocol}/${hp.hostPort}`;
    const m = used.get(k) ?? new Map<string, number>();
    m.set(hp.hostIP, 1);
    used.set(k, m);
  }
  for (const want of podHostPorts(p)) if (portConflicts(used, want)) return 'Queue';
  return 'QueueSkip';
};

/**
 * PodTopologySpread isSchedulableAfterPodChange / isSchedulableAfterNodeChange.
 * SIMPLIFICATION: upstream compares the constraint domains and selectors in detail; here a
 * pod event queues when the changed pod is in the namespace and matches a DoNotSchedule
 * constraint's selector, and a node event queues when the node carries a constraint's
 * topology key.
 */
export const spreadAfterPodChange: QueueingHintFn = (p, oldObj, newObj) => {
  const changed = asPod(newObj) ?? asPod(oldObj);
  if (!changed || (changed.metadata.namespace ?? 'default') !== (p.metadata.namespace ?? 'default')) return 'QueueSkip';
  for (const c of buildSpreadConstraints(p, 'DoNotSchedule')) if (c.selector.matches(changed.metadata.labels)) return 'Queue';
  return 'QueueSkip';
};

export const spreadAfterNodeChange: QueueingHintFn = (p, oldObj, newObj) => {
  const constraints = buildSpreadConstraints(p, 'DoNotSchedule');
  for (const n of [asNode(newObj), asNode(oldObj)]) {
    if (!n) continue;
    for (const c of constraints) if (typeof n.metadata.labels?.[c.topologyKey] === 'string') return 'Queue';
  }
  return 'QueueSkip';
};

/** SchedulingGates isSchedulableAfterUpdatePodSchedulingGatesEliminated: only the pod's own update counts. */
export const gatesEliminated: QueueingHintFn = (p, _oldObj, newObj) => {
  const modified = asPod(newObj);
  return modified && modified.metadata.uid === p.metadata.uid ? 'Queue' : 'QueueSkip';
};

/**
 * DefaultPreemption isPodSchedulableAfterPodDeletion: always Skip; the registration only lets
 * a pod gated while its preemption runs be looked at again when a victim goes, and the other
 * plugins' hints decide.
 */
export const preemptionAfterPodDeletion: QueueingHintFn = () => 'QueueSkip';

/** The default profile's registrations with QueueingHints enabled. */
export const QUEUEING_HINTS: readonly HintRegistration[] = [
  { plugin: SCHEDULING_GATES, event: pod(ActionType.UpdatePodSchedulingGatesEliminated), hint: gatesEliminated },
  { plugin: NODE_UNSCHEDULABLE, event: node(ActionType.Add | ActionType.UpdateNodeTaint), hint: unschedulableAfterNodeChange },
  { plugin: NODE_UNSCHEDULABLE, event: pod(ActionType.UpdatePodToleration), hint: unschedulableAfterPodTolerationChange },
  { plugin: NODE_NAME, event: node(ActionType.Add) },
  { plugin: TAINT_TOLERATION, event: node(ActionType.Add | ActionType.UpdateNodeTaint), hint: taintAfterNodeChange },
  { plugin: TAINT_TOLERATION, event: pod(ActionType.UpdatePodToleration), hint: taintAfterPodTolerationChange },
  { plugin: NODE_AFFINITY, event: node(ActionType.Add | ActionType.UpdateNodeLabel), hint: nodeAffinityAfterNodeChange },
  { plugin: NODE_PORTS, event: pod(ActionType.Delete), hint: nodePortsAfterPodDeleted },
  { plugin: NODE_PORTS, event: node(ActionType.Add) },
  { plugin: NODE_RESOURCES_FIT, event: pod(ActionType.Delete | ActionType.UpdatePodScaleDown), hint: fitAfterPodEvent },
  { plugin: NODE_RESOURCES_FIT, event: node(ActionType.Add | ActionType.UpdateNodeAllocatable), hint: fitAfterNodeChange },
  { plugin: POD_TOPOLOGY_SPREAD, event: pod(ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete), hint: spreadAfterPodChange },
  {
    plugin: POD_TOPOLOGY_SPREAD,
    event: node(ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint),
    hint: spreadAfterNodeChange,
  },
  { plugin: DEFAULT_PREEMPTION, event: pod(ActionType.Delete), hint: preemptionAfterPodDeletion },
];
