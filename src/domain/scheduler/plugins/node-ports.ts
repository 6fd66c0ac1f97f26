/**
 * NodePorts (plugins/nodeports/node_ports.go, framework HostPortInfo.CheckConflict).
 * A wanted host port conflicts with a used one on the same protocol and port when the host IPs
 * are equal or either of them is 0.0.0.0. Unschedulable (a pod leaving could free the port).
 */
import type { CycleState } from '../cycle-state.ts';
import type { HostPort } from '../pod-facts.ts';
import type { FilterStatus, NodeInfo, UsedPorts } from '../types.ts';

export const NODE_PORTS = 'NodePorts';
export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const WILDCARD = '0.0.0.0';

const REJECTED: FilterStatus = Object.freeze({ code: 'Unschedulable', reasons: Object.freeze([ERR_REASON_NODE_PORTS]) });

/** HostPortInfo.CheckConflict for one wanted port. */
export function portConflicts(used: UsedPorts, want: HostPort): boolean {
  const byIP = used.get(`${want.protocol}/${want.hostPort}`);
  if (!byIP || byIP.size === 0) return false;
  if (want.hostIP === WILDCARD) return true;
  return byIP.has(WILDCARD) || byIP.has(want.hostIP);
}

export function nodePortsFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  for (const want of state.facts.hostPorts) if (portConflicts(info.usedPorts, want)) return REJECTED;
  return null;
}
