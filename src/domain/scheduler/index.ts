/**
 * kube-scheduler's pure kernels: NodeInfo bookkeeping, the default Filter and Score plugins,
 * one scheduling cycle (schedulePod), the FitError message and DefaultPreemption.
 * Start reading at schedule-pod.ts.
 */
export type {
  FilterResult,
  FilterStatus,
  LabelGroup,
  NodeInfo,
  NodeInfoInternal,
  NodeResources,
  PreemptionPlan,
  SchedulePlan,
  ScheduleOptions,
  ScoreResult,
  StatusCode,
  UsedPorts,
} from './types.ts';
export { addPodToNodeInfo, cloneNodeInfo, createNodeInfo, removePodFromNodeInfo, setNodeInfoNode } from './node-info.ts';
export { computePodFacts, normalizedImageName, podHostPorts, podRequests, type HostPort, type PodFacts, type ResourceRequest } from './pod-facts.ts';
export { numFeasibleNodesToFind } from './num-feasible-nodes.ts';
export { schedulePod } from './schedule-pod.ts';
export { ERR_NO_NODES_AVAILABLE, fitErrorMessage, reasonHistogram } from './fit-error.ts';
export { FILTER_PLUGINS, SCORE_PLUGINS } from './plugins/registry.ts';
export { pickOneNodeForPreemption, selectVictimsOnNode, runPreemption } from './preemption.ts';
export { toleratesTaint, tolerationsTolerateTaint } from './plugins/taint-toleration.ts';
export { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE } from './plugins/pod-topology-spread.ts';
