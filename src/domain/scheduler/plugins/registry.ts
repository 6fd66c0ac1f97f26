/**
 * The default plugins in kube-scheduler's order (apis/config/v1/default_plugins.go, MultiPoint)
 * with their weights, behind one shape so schedulePod can run and record them uniformly.
 * Not modelled: SchedulingGates / PrioritySort (the engine's queue), the volume plugins,
 * InterPodAffinity, DynamicResources.
 */
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';
import { balancedAllocationPreScore, balancedAllocationScore, balancedAllocationScoreAll, NODE_RESOURCES_BALANCED_ALLOCATION } from './balanced-allocation.ts';
import { IMAGE_LOCALITY, imageLocalityScore, imageLocalityScoreAll } from './image-locality.ts';
import { NODE_AFFINITY, nodeAffinityFilter, nodeAffinityNormalize, nodeAffinityPreFilter, nodeAffinityScore, nodeAffinityScoreAll } from './node-affinity.ts';
import { NODE_NAME, nodeNameFilter } from './node-name.ts';
import { NODE_PORTS, nodePortsFilter } from './node-ports.ts';
import { NODE_RESOURCES_FIT, nodeResourcesFitFilter, nodeResourcesFitScore, nodeResourcesFitScoreAll } from './node-resources-fit.ts';
import { NODE_UNSCHEDULABLE, nodeUnschedulableFilter } from './node-unschedulable.ts';
import {
  POD_TOPOLOGY_SPREAD,
  podTopologySpreadFilter,
  podTopologySpreadNormalize,
  podTopologySpreadPreFilter,
  podTopologySpreadPreScore,
  podTopologySpreadScore,
  podTopologySpreadScoreAll,
} from './pod-topology-spread.ts';
import { TAINT_TOLERATION, taintTolerationFilter, taintTolerationNormalize, taintTolerationScore, taintTolerationScoreAll } from './taint-toleration.ts';

/** What a PreFilter returned. */
export interface PreFilterOutcome {
  /** Skip: this plugin's Filter does not run for the pod. */
  skip: boolean;
  /** PreFilterResult.NodeNames: only these nodes can fit; null means all. */
  nodeNames: Set<string> | null;
  /** A rejection of the pod as a whole. */
  status: FilterStatus | null;
}

export interface FilterPlugin {
  name: string;
  /** Whether upstream's plugin implements PreFilter (the others only Filter). */
  hasPreFilter: boolean;
  preFilter(state: CycleState): PreFilterOutcome;
  filter(state: CycleState, info: NodeInfo): FilterStatus | null;
}

export interface ScorePlugin {
  name: string;
  weight: number;
  /** PreScore; false means Skip (the plugin gives no score this cycle). */
  preScore(state: CycleState, feasible: readonly NodeInfo[]): boolean;
  score(state: CycleState, info: NodeInfo): number;
  /** Score for every node into `out`, the same as calling score per node. */
  scoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void;
  /** NormalizeScore, in place; null for plugins that score 0..100 directly. */
  normalize: ((state: CycleState, scores: number[], feasible: readonly NodeInfo[]) => void) | null;
}

const RUN: PreFilterOutcome = Object.freeze({ skip: false, nodeNames: null, status: null });
const SKIP: PreFilterOutcome = Object.freeze({ skip: true, nodeNames: null, status: null });

/** Filter plugins in the order kube-scheduler runs them (the first rejection stops a node). */
export const FILTER_PLUGIN_LIST: readonly FilterPlugin[] = [
  { name: NODE_UNSCHEDULABLE, hasPreFilter: false, preFilter: () => RUN, filter: nodeUnschedulableFilter },
  { name: NODE_NAME, hasPreFilter: false, preFilter: () => RUN, filter: nodeNameFilter },
  { name: TAINT_TOLERATION, hasPreFilter: false, preFilter: () => RUN, filter: taintTolerationFilter },
  { name: NODE_AFFINITY, hasPreFilter: true, preFilter: (s) => nodeAffinityPreFilter(s.pod), filter: nodeAffinityFilter },
  { name: NODE_PORTS, hasPreFilter: true, preFilter: (s) => (s.facts.hostPorts.length === 0 ? SKIP : RUN), filter: nodePortsFilter },
  { name: NODE_RESOURCES_FIT, hasPreFilter: true, preFilter: () => RUN, filter: nodeResourcesFitFilter },
  {
    name: POD_TOPOLOGY_SPREAD,
    hasPreFilter: true,
    preFilter: (s) => {
      s.spreadFilter = podTopologySpreadPreFilter(s);
      return s.spreadFilter ? RUN : SKIP;
    },
    filter: podTopologySpreadFilter,
  },
];

/** Score plugins in MultiPoint order, with the default weights (DOMAIN 4.2). */
export const SCORE_PLUGIN_LIST: readonly ScorePlugin[] = [
  { name: TAINT_TOLERATION, weight: 3, preScore: () => true, score: taintTolerationScore, scoreAll: taintTolerationScoreAll, normalize: (_s, scores) => taintTolerationNormalize(scores) },
  { name: NODE_AFFINITY, weight: 2, preScore: (s) => s.preferredAffinity !== null, score: nodeAffinityScore, scoreAll: nodeAffinityScoreAll, normalize: (_s, scores) => nodeAffinityNormalize(scores) },
  { name: NODE_RESOURCES_FIT, weight: 1, preScore: () => true, score: nodeResourcesFitScore, scoreAll: nodeResourcesFitScoreAll, normalize: null },
  {
    name: POD_TOPOLOGY_SPREAD,
    weight: 2,
    preScore: (s, feasible) => {
      s.spreadScore = podTopologySpreadPreScore(s, feasible);
      return s.spreadScore !== null;
    },
    score: podTopologySpreadScore,
    scoreAll: podTopologySpreadScoreAll,
    normalize: podTopologySpreadNormalize,
  },
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1, preScore: balancedAllocationPreScore, score: balancedAllocationScore, scoreAll: balancedAllocationScoreAll, normalize: null },
  { name: IMAGE_LOCALITY, weight: 1, preScore: () => true, score: imageLocalityScore, scoreAll: imageLocalityScoreAll, normalize: null },
];

/** Names of the Filter plugins, in order. */
export const FILTER_PLUGINS: readonly string[] = FILTER_PLUGIN_LIST.map((p) => p.name);

/** Names and weights of the Score plugins, in order. */
export const SCORE_PLUGINS: readonly { name: string; weight: number }[] = SCORE_PLUGIN_LIST.map((p) => ({ name: p.name, weight: p.weight }));
