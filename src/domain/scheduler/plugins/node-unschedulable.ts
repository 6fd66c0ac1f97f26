/**
 * NodeUnschedulable (plugins/nodeunschedulable/node_unschedulable.go): a cordoned node
 * (`spec.unschedulable`) rejects pods that do not tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint, UnschedulableAndUnresolvable.
 */
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
/** v1.TaintNodeUnschedulable. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const REJECTED: FilterStatus = Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze([ERR_REASON_UNSCHEDULABLE]) });

export function nodeUnschedulableFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  if (info.node.spec?.unschedulable !== true) return null;
  return state.toleratesUnschedulable ? null : REJECTED;
}
