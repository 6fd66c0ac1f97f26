/**
 * NodeName (plugins/nodename/node_name.go): a pod with `spec.nodeName` fits only that node.
 * (kube-scheduler never queues such pods, so this matters for preemption dry runs and tests.)
 */
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';

export const NODE_NAME = 'NodeName';
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

const REJECTED: FilterStatus = Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze([ERR_REASON_NODE_NAME]) });

export function nodeNameFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  return state.nodeName === '' || state.nodeName === info.name ? null : REJECTED;
}
