/**
 * Node health as the node lifecycle controller judges it
 * (pkg/controller/nodelifecycle/node_lifecycle_controller.go, tryUpdateNodeHealth,
 * ComputeZoneState; defaults from config/v1alpha1/defaults.go and kube-controller-manager's
 * flags). Pure: times come in as µs of simulated time or RFC 3339 strings.
 */
import type { Node, NodeStatus } from '../k8s/objects.ts';

const SECOND = 1_000_000;

/** --node-monitor-period: how often monitorNodeHealth runs. */
export const NODE_MONITOR_PERIOD = 5 * SECOND;
/** --node-monitor-grace-period: 50 s since 1.32 (kubernetes#126287; it was 40 s before). */
export const NODE_MONITOR_GRACE_PERIOD = 50 * SECOND;
/** --node-startup-grace-period: for a node that never posted a Ready condition. */
export const NODE_STARTUP_GRACE_PERIOD = 60 * SECOND;
/** --node-eviction-rate: nodes tainted per second in a healthy zone (token bucket, burst 1). */
export const EVICTION_LIMITER_QPS = 0.1;
/** --secondary-node-eviction-rate: in a partially disrupted zone of a large cluster. */
export const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
/** --large-cluster-size-threshold. */
export const LARGE_CLUSTER_THRESHOLD = 50;
/** --unhealthy-zone-threshold. */
export const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** scheduler.NodeEvictionPeriod: how often doNoExecuteTaintingPass runs. */
export const NODE_EVICTION_PERIOD = 100_000;

/** The conditions set to Unknown when the kubelet stops posting; NetworkUnavailable is the control plane's. */
export const HEALTH_CONDITION_TYPES = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

export type NodeCondition = NonNullable<NodeStatus['conditions']>[number];

export function nodeCondition(node: Node, type: string): NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === type);
}

/**
 * The status tryUpdateNodeHealth writes once the grace period has passed: each health
 * condition goes to Unknown ("NodeStatusUnknown", keeping its last heartbeat), or is added as
 * Unknown ("NodeStatusNeverUpdated") when the kubelet never posted it. Conditions already
 * Unknown are left as they are.
 */
export function unknownNodeConditions(node: Node, nowIso: string): NodeCondition[] {
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  for (const type of HEALTH_CONDITION_TYPES) {
    const current = conditions.find((c) => c.type === type);
    if (!current) {
      conditions.push({
        type,
        status: 'Unknown',
        lastHeartbeatTime: node.metadata.creationTimestamp ?? nowIso,
        lastTransitionTime: nowIso,
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
      });
    } else if (current.status !== 'Unknown') {
      current.status = 'Unknown';
      current.reason = 'NodeStatusUnknown';
      current.message = 'Kubelet stopped posting node status.';
      current.lastTransitionTime = nowIso;
    }
  }
  return conditions;
}

export type ZoneState = 'Initial' | 'Normal' | 'FullDisruption' | 'PartialDisruption';

/**
 * ComputeZoneState: a zone with no Ready node is fully disrupted; one where more than two
 * nodes, and at least the threshold share, are not Ready is partially disrupted.
 * Returns the number of not-Ready nodes and the state.
 */
export function computeZoneState(readyStatuses: readonly (string | undefined)[], threshold = UNHEALTHY_ZONE_THRESHOLD): { notReady: number; state: ZoneState } {
  let ready = 0;
  let notReady = 0;
  for (const s of readyStatuses) {
    if (s === 'True') ready++;
    else notReady++;
  }
  if (ready === 0 && notReady > 0) return { notReady, state: 'FullDisruption' };
  if (notReady > 2 && notReady / (notReady + ready) >= threshold) return { notReady, state: 'PartialDisruption' };
  return { notReady, state: 'Normal' };
}

/** The tainting rate of a zone in a state (setLimiterInZone, ReducedQPSFunc, HealthyQPSFunc). */
export function zoneEvictionQps(state: ZoneState, zoneSize: number): number {
  if (state === 'PartialDisruption') return zoneSize > LARGE_CLUSTER_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0;
  return EVICTION_LIMITER_QPS;
}

/**
 * component-helpers node/topology GetZoneKey: region and zone from the topology labels (or
 * their failure-domain.beta predecessors), joined with ":\0:"; "" when the node has neither.
 */
export function zoneKey(node: Node): string {
  const l = node.metadata.labels ?? {};
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\u0000:${zone}`;
}

/** labelNodeDisruptionExclusion: such nodes do not count towards their zone's state. */
export function excludedFromDisruptionChecks(node: Node): boolean {
  return 'node.kubernetes.io/exclude-disruption' in (node.metadata.labels ?? {});
}
