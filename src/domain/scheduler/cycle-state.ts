/**
 * framework.CycleState for one pod: everything PreFilter / PreScore work out once, so the
 * per-node Filter and Score calls only read. Built by newCycleState; the spreading states are
 * filled in by the PreFilter and PreScore steps of schedulePod.
 */
import type { Pod, Toleration } from '../k8s/objects.ts';
import { computePodFacts, nonZeroPodRequests, type PodFacts } from './pod-facts.ts';
import { compilePreferredTerms, compileRequiredNodeAffinity, type PreferredTerm, type RequiredNodeAffinity } from './plugins/node-affinity.ts';
import { TAINT_NODE_UNSCHEDULABLE } from './plugins/node-unschedulable.ts';
import type { SpreadFilterState, SpreadScoreState } from './plugins/pod-topology-spread.ts';
import { tolerationsPreferNoSchedule, tolerationsTolerateTaint } from './plugins/taint-toleration.ts';
import type { NodeInfo } from './types.ts';

export interface CycleState {
  pod: Pod;
  facts: PodFacts;
  /** Every node of the snapshot (PodTopologySpread and ImageLocality look beyond the feasible ones). */
  allNodes: readonly NodeInfo[];
  /** spec.nodeName, '' when unset. */
  nodeName: string;
  tolerations: readonly Toleration[];
  tolerationsPreferNoSchedule: readonly Toleration[];
  toleratesUnschedulable: boolean;
  requiredAffinity: RequiredNodeAffinity;
  /** null: no preferred terms, NodeAffinity's PreScore returns Skip. */
  preferredAffinity: PreferredTerm[] | null;
  /** The pod's requests with 100m / 200Mi defaults (LeastAllocated). */
  podNonZero: { milliCPU: number; memory: number };
  spreadFilter: SpreadFilterState | null;
  spreadScore: SpreadScoreState | null;
  /** ImageLocality: image → number of nodes holding it, filled lazily. */
  imageNodeCounts: Map<string, number>;
  /** Per FILTER_PLUGIN_LIST entry: false when its PreFilter returned Skip. */
  filterEnabled: boolean[];
  /** The plugin that rejected the node in the last runFilterPlugins call. */
  failedPlugin: string;
}

export function newCycleState(pod: Pod, allNodes: readonly NodeInfo[]): CycleState {
  const tolerations = pod.spec.tolerations ?? [];
  return {
    pod,
    facts: computePodFacts(pod),
    allNodes,
    nodeName: pod.spec.nodeName ?? '',
    tolerations,
    tolerationsPreferNoSchedule: tolerationsPreferNoSchedule(tolerations),
    toleratesUnschedulable: tolerationsTolerateTaint(tolerations, { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' }),
    requiredAffinity: compileRequiredNodeAffinity(pod),
    preferredAffinity: compilePreferredTerms(pod),
    podNonZero: nonZeroPodRequests(pod),
    spreadFilter: null,
    spreadScore: null,
    imageNodeCounts: new Map(),
    filterEnabled: [],
    failedPlugin: '',
  };
}
