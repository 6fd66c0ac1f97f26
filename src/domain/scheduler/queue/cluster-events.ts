/**
 * Cluster events, the scheduling queue's vocabulary for "something changed that may make a
 * pod schedulable" (kube-scheduler framework/types.go ActionType / EventResource / ClusterEvent,
 * framework/events.go NodeSchedulingPropertiesChange / PodSchedulingPropertiesChange,
 * MatchClusterEvents).
 */
import type { Node, Pod } from '../../k8s/objects.ts';
import { semanticEqual } from '../../k8s/equality.ts';

/** ActionType bits, in upstream's order (framework/types.go). */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodToleration: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  UpdatePodGeneratedResourceClaim: 1 << 11,
  updatePodOther: 1 << 12,
} as const;

/** Every update bit: a plain "Update" that no more specific kind describes. */
export const UPDATE = (1 << 13) - 1 - ActionType.Add - ActionType.Delete;
export const ALL = (1 << 13) - 1;

const ACTION_NAMES: readonly [number, string][] = [
  [ActionType.Add, 'Add'],
  [ActionType.Delete, 'Delete'],
  [ActionType.UpdateNodeAllocatable, 'UpdateNodeAllocatable'],
  [ActionType.UpdateNodeLabel, 'UpdateNodeLabel'],
  [ActionType.UpdateNodeTaint, 'UpdateNodeTaint'],
  [ActionType.UpdateNodeCondition, 'UpdateNodeCondition'],
  [ActionType.UpdateNodeAnnotation, 'UpdateNodeAnnotation'],
  [ActionType.UpdatePodLabel, 'UpdatePodLabel'],
  [ActionType.UpdatePodScaleDown, 'UpdatePodScaleDown'],
  [ActionType.UpdatePodToleration, 'UpdatePodToleration'],
  [ActionType.UpdatePodSchedulingGatesEliminated, 'UpdatePodSchedulingGatesEliminated'],
  [ActionType.UpdatePodGeneratedResourceClaim, 'UpdatePodGeneratedResourceClaim'],
  [ActionType.updatePodOther, 'Update'],
];

/**
 * EventResource. "AssignedPod" and "UnschedulablePod" are the queue's own refinements of
 * "Pod" for incoming events; plugins register "Pod", which matches both.
 */
export type EventResource = 'Pod' | 'AssignedPod' | 'UnschedulablePod' | 'Node' | '*';

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** CustomLabel (UnschedulableTimeout, ForceActivate). */
  customLabel?: string;
}

/** ActionType.String(). */
export function actionTypeName(a: number): string {
  if (a === ALL) return 'All';
  if (a === UPDATE) return 'Update';
  for (const [bit, name] of ACTION_NAMES) if (a === bit) return name;
  return ACTION_NAMES.filter(([bit]) => (a & bit) !== 0).map(([, n]) => n).join('|');
}

/** ClusterEvent.Label(): the custom label, or resource + action ("NodeAdd", "AssignedPodDelete"). */
export function eventLabel(e: ClusterEvent): string {
  return e.customLabel ?? `${e.resource}${actionTypeName(e.actionType)}`;
}

export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === ALL;
}

function matchEventResources(registered: EventResource, incoming: EventResource): boolean {
  return registered === '*' || registered === incoming || (registered === 'Pod' && (incoming === 'AssignedPod' || incoming === 'UnschedulablePod'));
}

/**
 * MatchClusterEvents(registered, incoming): the incoming event must be the same as or more
 * specific than the registered one (Node/UpdateNodeLabel matches a registration of
 * Node/Update, not the other way round).
 */
export function matchClusterEvents(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  return (
    isWildCard(registered) ||
    (matchEventResources(registered.resource, incoming.resource) &&
      (registered.actionType & incoming.actionType) !== 0 &&
      incoming.actionType <= registered.actionType)
  );
}

/** MatchAnyClusterEvent: does the incoming event match any of the registered ones. */
export function matchAnyClusterEvent(incoming: ClusterEvent, registered: readonly ClusterEvent[]): boolean {
  for (const r of registered) if (matchClusterEvents(r, incoming)) return true;
  return false;
}

// The queue's named events (framework/events.go).
export const EventNodeAdd: ClusterEvent = { resource: 'Node', actionType: ActionType.Add };
export const EventNodeDelete: ClusterEvent = { resource: 'Node', actionType: ActionType.Delete };
export const EventAssignedPodAdd: ClusterEvent = { resource: 'AssignedPod', actionType: ActionType.Add };
export const EventAssignedPodDelete: ClusterEvent = { resource: 'AssignedPod', actionType: ActionType.Delete };
export const EventUnscheduledPodAdd: ClusterEvent = { resource: 'UnschedulablePod', actionType: ActionType.Add };
export const EventUnscheduledPodUpdate: ClusterEvent = { resource: 'UnschedulablePod', actionType: UPDATE };
export const EventUnscheduledPodDelete: ClusterEvent = { resource: 'UnschedulablePod', actionType: ActionType.Delete };
export const EventUnschedulableTimeout: ClusterEvent = { resource: '*', actionType: ALL, customLabel: 'UnschedulableTimeout' };
export const EventForceActivate: ClusterEvent = { resource: '*', actionType: ALL, customLabel: 'ForceActivate' };

/** Labels of the queue's own moves (framework/events.go). */
export const ScheduleAttemptFailure = 'ScheduleAttemptFailure';
export const BackoffComplete = 'BackoffComplete';
export const PopFromBackoffQ = 'PopFromBackoffQ';
export const ForceActivate = 'ForceActivate';

/**
 * NodeSchedulingPropertiesChange: the specific Node update events one update carries, in
 * upstream's extractor order. spec.unschedulable turning false counts as UpdateNodeTaint
 * (the node.kubernetes.io/unschedulable taint is lifted).
 */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const push = (a: number): void => {
    events.push({ resource: 'Node', actionType: a });
  };
  const newUnsched = newNode.spec?.unschedulable === true;
  if (newUnsched !== (oldNode.spec?.unschedulable === true) && !newUnsched) push(ActionType.UpdateNodeTaint);
  if (!semanticEqual(oldNode.status?.allocatable, newNode.status?.allocatable)) push(ActionType.UpdateNodeAllocatable);
  if (!semanticEqual(oldNode.metadata.labels ?? {}, newNode.metadata.labels ?? {})) push(ActionType.UpdateNodeLabel);
  if (!semanticEqual(oldNode.spec?.taints ?? [], newNode.spec?.taints ?? [])) push(ActionType.UpdateNodeTaint);
  if (!semanticEqual(conditionStatuses(oldNode), conditionStatuses(newNode))) push(ActionType.UpdateNodeCondition);
  if (!semanticEqual(oldNode.metadata.annotations ?? {}, newNode.metadata.annotations ?? {})) push(ActionType.UpdateNodeAnnotation);
  return events;
}

/** Only condition types and statuses count (heartbeat times change every 10 s). */
function conditionStatuses(n: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of (n.status?.conditions ?? []) as { type: string; status: string }[]) out[c.type] = c.status;
  return out;
}

/**
 * PodSchedulingPropertiesChange: the specific Pod update events, for the assigned or the
 * unscheduled pod resource; an update none of them describes is the generic updatePodOther.
 * Scale-down (in-place resize lowering requests) is not simulated and never reported.
 */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod): ClusterEvent[] {
  const resource: EventResource = newPod.spec.nodeName ? 'AssignedPod' : 'UnschedulablePod';
  const events: ClusterEvent[] = [];
  if (!semanticEqual(newPod.metadata.labels ?? {}, oldPod.metadata.labels ?? {})) events.push({ resource, actionType: ActionType.UpdatePodLabel });
  if ((newPod.spec.schedulingGates ?? []).length === 0 && (oldPod.spec.schedulingGates ?? []).length !== 0) {
    events.push({ resource, actionType: ActionType.UpdatePodSchedulingGatesEliminated });
  }
  if ((newPod.spec.tolerations ?? []).length !== (oldPod.spec.tolerations ?? []).length) events.push({ resource, actionType: ActionType.UpdatePodToleration });
  if (events.length === 0) events.push({ resource, actionType: ActionType.updatePodOther });
  return events;
}
