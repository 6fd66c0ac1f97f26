/**
 * The scheduler kernel's public types (kube-scheduler's framework vocabulary: Status codes,
 * NodeInfo, the outcome of one scheduling cycle). The functions the engine calls are
 * re-exported at the bottom so that `types.ts` alone gives the whole surface; index.ts does too.
 */
import type { Node, Pod } from '../k8s/objects.ts';
import type { PodFacts } from './pod-facts.ts';

/** framework.Code, as the plugins return it (Wait / Pending are not modelled). */
export type StatusCode = 'Success' | 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Skip' | 'Error';

/** A rejected Filter: the code and the reasons that end up in the FitError message. */
export interface FilterStatus {
  code: 'Unschedulable' | 'UnschedulableAndUnresolvable' | 'Error';
  reasons: readonly string[];
}

/** Node-level amounts in scheduler units: millicores for cpu, bytes for memory. */
export interface NodeResources {
  milliCPU: number;
  memory: number;
  /** requested: the number of pods on the node; allocatable: the node's allowed pod number. */
  pods: number;
  ephemeralStorage: number;
  /** Extended resources and hugepages (`nvidia.com/gpu`). */
  scalar: Map<string, number>;
}

/**
 * Host ports in use on a node: `"<protocol>/<port>"` → host IP → how many pods hold it.
 * One map per (protocol, port) makes the 0.0.0.0 wildcard check a single lookup.
 */
export type UsedPorts = Map<string, Map<string, number>>;

/** Pods on a node that share a namespace and the exact same labels (for PodTopologySpread counts). */
export interface LabelGroup {
  namespace: string;
  labels: Readonly<Record<string, string>>;
  count: number;
}

/** Bookkeeping behind a NodeInfo; read it in tests and views, change it only through the functions. */
export interface NodeInfoInternal {
  /** Facts of `pods[i]` at `podFacts[i]`, captured when the pod was added. */
  podFacts: PodFacts[];
  /** Pod key → index in `pods`. */
  podIndex: Map<string, number>;
  /** Non-terminating pods grouped by namespace + labels. */
  labelGroups: Map<string, LabelGroup>;
  /** `namespace \0 key=value` → the groups carrying that label: finds matchLabels matches without a scan. */
  labelPairIndex: Map<string, Set<LabelGroup>>;
  /** PodTopologySpread counts asked of this node (selector key → count), valid while `generation` is unchanged. */
  spreadMemo: Map<string, { generation: number; count: number }>;
  /** Single-entry memo in front of spreadMemo (the same workload is usually scheduled pod after pod). */
  lastSpreadKey: string;
  lastSpreadGeneration: number;
  lastSpreadCount: number;
  /** The well-known topology labels, read once per Node change (kubernetes.io/hostname, topology.kubernetes.io/zone). */
  hostnameLabel: string | undefined;
  zoneLabel: string | undefined;
  /** spec.taints split by effect, so Filter and Score look only at the ones they care about. */
  noScheduleTaints: NonNullable<Node['spec']['taints']>;
  preferNoScheduleTaints: NonNullable<Node['spec']['taints']>;
  labels: Readonly<Record<string, string>>;
}

/**
 * framework.NodeInfo: a node and the pods the scheduler believes run on it, with aggregates
 * kept up to date incrementally (createNodeInfo / addPodToNodeInfo / removePodFromNodeInfo /
 * setNodeInfoNode).
 */
export interface NodeInfo {
  name: string;
  node: Node;
  pods: Pod[];
  /** Σ resource.PodRequests of the pods (what NodeResourcesFit's Filter compares). */
  requested: NodeResources;
  /** Σ requests with 100m / 200Mi for containers that request nothing (LeastAllocated scoring). */
  nonZeroRequested: { milliCPU: number; memory: number };
  /** status.allocatable (capacity when a node reports no allocatable). */
  allocatable: NodeResources;
  usedPorts: UsedPorts;
  /** Every name of every image in status.images. */
  imageNames: Set<string>;
  /** Image name → sizeBytes. */
  imageSizes: Map<string, number>;
  /** Bumped on every change; lets callers and caches notice that a NodeInfo moved. */
  generation: number;
  internal: NodeInfoInternal;
}

/** One Filter plugin's verdict on one node. */
export interface FilterResult {
  plugin: string;
  node: string;
  code: StatusCode;
  reasons: string[];
}

/** One Score plugin's score for one node. */
export interface ScoreResult {
  plugin: string;
  node: string;
  /** What Score returned, before NormalizeScore. */
  raw: number;
  /** After NormalizeScore, 0..100. */
  score: number;
  weight: number;
}

/** Outcome of DefaultPreemption when the pod fitted nowhere. */
export interface PreemptionPlan {
  /** The node the pod gets nominated to (status.nominatedNodeName), when preemption can help. */
  nominatedNode?: string;
  /** Pods to delete on that node, highest priority first. */
  victims: Pod[];
  /** Nodes that were candidates (preemption would make the pod fit there). */
  candidates: string[];
}

/** One PreFilter call (framework.go RunPreFilterPlugins), for the trace. */
export interface PreFilterResultRecord {
  plugin: string;
  code: StatusCode;
  reasons: string[];
  /** PreFilterResult.NodeNames when the plugin narrowed the candidate nodes. */
  nodeNames?: string[];
}

/** What the PostFilter extension point (DefaultPreemption) returned. */
export interface PostFilterRecord {
  plugin: 'DefaultPreemption';
  code: 'Success' | 'Unschedulable' | 'Error';
  /** The status message ("preemption: …"); '' on Success. */
  message: string;
  /** PostFilterResult.NominatingInfo; undefined for a nil result (the pod's nomination is left alone). */
  nominatingInfo?: { mode: 'Override'; nominatedNodeName: string };
}

/** Everything one scheduling cycle decided, for the engine to act on and for the trace to show. */
export interface SchedulePlan {
  /** Each PreFilter that ran, in order (Skip included). */
  preFilterResults: PreFilterResultRecord[];
  /** Set when PreFilter rejected the pod (no node was filtered). */
  preFilterStatus?: FilterStatus;
  /** numFeasibleNodesToFind for this cycle's candidate nodes. */
  numNodesToFind: number;
  /**
   * Diagnosis.UnschedulablePlugins: the plugins that rejected the pod (PreFilter, or Filter on
   * some node), plus the PreFilters that narrowed the nodes. The queue asks their QueueingHints.
   */
  unschedulablePlugins: string[];
  /** Set when PostFilter ran (nothing fitted). */
  postFilter?: PostFilterRecord;
  /** Score plugins that have a NormalizeScore and ran it, in order. */
  normalizedScorePlugins: string[];
  /** Nodes Filter looked at (feasible + rejected), as kube-scheduler's EvaluatedNodes. */
  evaluatedNodes: number;
  /** Feasible nodes, in evaluation order. */
  feasibleNodes: string[];
  /**
   * With recordDetails: every (plugin, node) Filter call, Success included, in evaluation order.
   * Without: only rejections, at most 100.
   */
  filterResults: FilterResult[];
  /** Every (plugin, node) Score, only with recordDetails. */
  scoreResults: ScoreResult[];
  /** Weighted sums for the feasible nodes; empty when 0 or 1 node was feasible (no scoring then). */
  totals: { node: string; score: number }[];
  selected?: string;
  /**
   * kube-scheduler's FitError message when nothing fits:
   * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
   */
  message?: string;
  /** Where the next cycle starts its node scan (schedule_one.go nextStartNodeIndex). */
  nextStartNodeIndex: number;
  /** Filter plugins whose PreFilter returned Skip (their Filter did not run). */
  skippedFilterPlugins: string[];
  /** Score plugins whose PreScore returned Skip (they gave no score). */
  skippedScorePlugins: string[];
  /** Set when nothing fit: each rejected node's Filter status (the FitError's NodeToStatus). */
  nodeStatuses?: Map<string, FilterStatus>;
  /** DefaultPreemption's outcome, when nothing fitted and preemption ran. */
  preemption?: PreemptionPlan;
}

/** Options of one scheduling cycle. */
export interface ScheduleOptions {
  /** Index in `nodes` where the Filter scan starts (the previous plan's nextStartNodeIndex). */
  startNodeIndex: number;
  /** KubeSchedulerConfiguration percentageOfNodesToScore; unset or 0 means adaptive. */
  percentageOfNodesToScore?: number;
  /** Record every Filter / Score result (for the trace's spans); costs allocation per node. */
  recordDetails: boolean;
  /** Returns an integer in [0, n). Called only with n > 1: to break score ties and to pick the preemption dry-run offset. */
  tieBreak: (n: number) => number;
  /** Run DefaultPreemption when nothing fits (default true). */
  preemption?: boolean;
  /**
   * NominatedPodsForNode: pods nominated to a node by an earlier preemption. Filter treats the
   * ones of equal or higher priority as already running there (RunFilterPluginsWithNominatedPods).
   */
  nominatedPodsForNode?: (node: string) => readonly Pod[];
}

export { createNodeInfo, addPodToNodeInfo, removePodFromNodeInfo, setNodeInfoNode, cloneNodeInfo } from './node-info.ts';
export { numFeasibleNodesToFind } from './num-feasible-nodes.ts';
export { schedulePod } from './schedule-pod.ts';
export { FILTER_PLUGINS, SCORE_PLUGINS } from './plugins/registry.ts';
export { fitErrorMessage } from './fit-error.ts';
