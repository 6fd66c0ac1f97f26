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
  PostFilterRecord,
  PreFilterResultRecord,
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
export { podStatusPatch, truncateMessage, updatePodCondition, NOTE_LENGTH_LIMIT } from './status-patch.ts';
export { PREEMPTION_NOT_HELPFUL, NO_PREEMPTION_VICTIMS } from './preemption.ts';
export {
  SchedulingQueue,
  defaultPreemptionPlugin,
  podQueueKey,
  prioritySortLess,
  schedulingGatesPlugin,
  type NominatingInfo,
  type PreEnqueuePlugin,
  type QueueMove,
  type QueueOp,
  type QueuedPodInfo,
  type QueueingStrategy,
} from './queue/scheduling-queue.ts';
export {
  ActionType,
  EventAssignedPodAdd,
  EventAssignedPodDelete,
  EventNodeAdd,
  EventNodeDelete,
  EventUnscheduledPodDelete,
  eventLabel,
  nodeSchedulingPropertiesChange,
  podSchedulingPropertiesChange,
  type ClusterEvent,
} from './queue/cluster-events.ts';
export {
  BACKOFF_ORDERING_WINDOW,
  POD_INITIAL_BACKOFF,
  POD_MAX_BACKOFF,
  POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION,
  UNSCHEDULABLE_PODS_FLUSH_INTERVAL,
  calculateBackoffDuration,
  nextWindowStart,
} from './queue/backoff.ts';
export { QUEUEING_HINTS, DEFAULT_PREEMPTION, SCHEDULING_GATES } from './queue/queueing-hints.ts';
