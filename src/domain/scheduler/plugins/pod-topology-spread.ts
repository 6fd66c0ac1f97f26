/**
 * PodTopologySpread (plugins/podtopologyspread/{common,filtering,scoring}.go).
 *
 * Without `spec.topologySpreadConstraints` the pod gets the SYSTEM DEFAULT constraints
 * (kubernetes.io/hostname maxSkew 3 and topology.kubernetes.io/zone maxSkew 5, both
 * ScheduleAnyway), which only Score. Upstream selects the pods to count with the selectors of
 * the Services, ReplicationControllers, ReplicaSets and StatefulSets that select the incoming
 * pod (helper.DefaultSelector). SIMPLIFICATION: the kernel sees no such objects, so it counts the
 * pods of the same namespace whose labels contain all of the incoming pod's labels. For a
 * Deployment's pods (labels = template labels + pod-template-hash) that is the ReplicaSet's
 * selector; a bare pod with labels is spread too, where upstream would spread it only if a
 * Service selects it. A pod without labels gets no default constraints (Skip), as upstream.
 *
 * Explicit constraints are honoured: DoNotSchedule ones in Filter (skew check, minDomains,
 * nodeAffinityPolicy / nodeTaintsPolicy, matchLabelKeys), ScheduleAnyway ones in Score.
 * Not modelled: the PreFilter extensions that update counts while preemption removes victims.
 */
import type { LabelSelector, Pod } from '../../k8s/objects.ts';
import { compileLabelSelector, type CompiledLabelSelector } from '../internal/selectors.ts';
import { labelGroupKey, labelPairKey } from '../node-info.ts';
import { MAX_NODE_SCORE } from '../normalize.ts';
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, LabelGroup, NodeInfo } from '../types.ts';
import { matchesRequiredNodeAffinity } from './node-affinity.ts';
import { domainTotals } from './spread-domain-cache.ts';
import { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE, topologyValue } from './topology.ts';
import { tolerationsTolerateTaint } from './taint-toleration.ts';

export const POD_TOPOLOGY_SPREAD = 'PodTopologySpread';
export { LABEL_HOSTNAME, LABEL_TOPOLOGY_ZONE };
export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/** podtopologyspread systemDefaultConstraints. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly { topologyKey: string; maxSkew: number }[] = [
  { topologyKey: LABEL_HOSTNAME, maxSkew: 3 },
  { topologyKey: LABEL_TOPOLOGY_ZONE, maxSkew: 5 },
];

/** v1.TopologySpreadConstraint as it may appear in a pod spec. */
interface TopologySpreadConstraintSpec {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

/** A constraint ready to count with. */
export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  selector: CompiledLabelSelector;
  /** Identifies (namespace, selector) for the per-node count memo. */
  selectorKey: string;
  /** Pair-index keys of the selector's matchLabels: candidates are found without a scan; null when it has none. */
  pairKeys: string[] | null;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

const MATCH_NOTHING: CompiledLabelSelector = { empty: false, matches: () => false };

function pairKeysOf(namespace: string, required: Readonly<Record<string, string>>): string[] | null {
  const keys = Object.keys(required);
  return keys.length === 0 ? null : keys.map((k) => labelPairKey(namespace, k, required[k] as string));
}

/** The pod's constraints of one kind (filterTopologySpreadConstraints / buildDefaultConstraints). */
export function buildSpreadConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): SpreadConstraint[] {
  const namespace = pod.metadata.namespace ?? 'default';
  const podLabels = pod.metadata.labels ?? {};
  const explicit = (pod.spec['topologySpreadConstraints'] as TopologySpreadConstraintSpec[] | undefined) ?? [];
  if (explicit.length > 0) {
    const out: SpreadConstraint[] = [];
    for (const c of explicit) {
      if (c.whenUnsatisfiable !== action) continue;
      let selectorSpec = c.labelSelector;
      // matchLabelKeys: the pod's own values of those keys join the selector.
      if (selectorSpec && c.matchLabelKeys?.length) {
        const extra = c.matchLabelKeys
          .filter((k) => typeof podLabels[k] === 'string')
          .map((k) => ({ key: k, operator: 'In' as const, values: [podLabels[k] as string] }));
        selectorSpec = { ...selectorSpec, matchExpressions: [...(selectorSpec.matchExpressions ?? []), ...extra] };
      }
      const required = { ...(selectorSpec?.matchLabels ?? {}) };
      for (const k of c.matchLabelKeys ?? []) if (selectorSpec && typeof podLabels[k] === 'string') required[k] = podLabels[k] as string;
      out.push({
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        pairKeys: pairKeysOf(namespace, required),
        // A constraint without labelSelector selects nothing (LabelSelectorAsSelector(nil)).
        selector: selectorSpec ? compileLabelSelector(selectorSpec) : MATCH_NOTHING,
        selectorKey: `${namespace}\u0001${JSON.stringify(selectorSpec ?? null)}`,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: c.nodeAffinityPolicy ?? 'Honor',
        nodeTaintsPolicy: c.nodeTaintsPolicy ?? 'Ignore',
      });
    }
    return out;
  }
  if (action !== 'ScheduleAnyway' || Object.keys(podLabels).length === 0) return [];
  // The simplification described at the top: the pod's own labels stand for its owners' selectors.
  const selector = compileLabelSelector({ matchLabels: { ...podLabels } });
  const selectorKey = `L${labelGroupKey(namespace, podLabels)}`;
  const pairKeys = pairKeysOf(namespace, podLabels);
  return SYSTEM_DEFAULT_CONSTRAINTS.map((d) => ({
    maxSkew: d.maxSkew,
    topologyKey: d.topologyKey,
    pairKeys,
    selector,
    selectorKey,
    minDomains: 1,
    nodeAffinityPolicy: 'Honor' as const,
    nodeTaintsPolicy: 'Ignore' as const,
  }));
}

const MEMO_LIMIT = 16;

/**
 * countPodsMatchSelector on one node: non-terminating pods of `namespace` the selector matches;
 * 0 for an empty selector. Memoized on the NodeInfo until its generation changes.
 */
export function countMatchingPods(info: NodeInfo, namespace: string, c: SpreadConstraint): number {
  if (c.selector.empty) return 0;
  const internal = info.internal;
  if (internal.lastSpreadGeneration === info.generation && internal.lastSpreadKey === c.selectorKey) return internal.lastSpreadCount;
  const n = countWithMemo(info, namespace, c);
  internal.lastSpreadKey = c.selectorKey;
  internal.lastSpreadGeneration = info.generation;
  internal.lastSpreadCount = n;
  return n;
}

function countWithMemo(info: NodeInfo, namespace: string, c: SpreadConstraint): number {
  if (c.pairKeys !== null) return countByPairIndex(info, c, c.pairKeys);
  const memo = info.internal.spreadMemo;
  const hit = memo.get(c.selectorKey);
  if (hit && hit.generation === info.generation) return hit.count;
  let n = 0;
  for (const g of info.internal.labelGroups.values()) {
    if (g.namespace === namespace && c.selector.matches(g.labels)) n += g.count;
  }
  if (hit) {
    hit.generation = info.generation;
    hit.count = n;
  } else {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(c.selectorKey, { generation: info.generation, count: n });
  }
  return n;
}

/**
 * Pods whose labels contain every matchLabels pair are in the groups listed under each pair:
 * take the smallest such list and check the full selector on it. Same result as a scan.
 */
function countByPairIndex(info: NodeInfo, c: SpreadConstraint, pairKeys: readonly string[]): number {
  const index = info.internal.labelPairIndex;
  let smallest: Set<LabelGroup> | undefined;
  for (const key of pairKeys) {
    const set = index.get(key);
    if (set === undefined) return 0;
    if (smallest === undefined || set.size < smallest.size) smallest = set;
  }
  let n = 0;
  if (smallest) for (const g of smallest) if (c.selector.matches(g.labels)) n += g.count;
  return n;
}

function hasAllKeys(info: NodeInfo, constraints: readonly SpreadConstraint[]): boolean {
  for (const c of constraints) if (topologyValue(info, c.topologyKey) === undefined) return false;
  return true;
}

/** topologySpreadConstraint.matchNodeInclusionPolicies. */
function includesNode(state: CycleState, c: SpreadConstraint, info: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(state.requiredAffinity, info.node)) return false;
  if (c.nodeTaintsPolicy === 'Honor') {
    for (const t of info.internal.noScheduleTaints) if (!tolerationsTolerateTaint(state.tolerations, t)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- Filter (DoNotSchedule)

/** PreFilter state: per constraint, matching pods per topology value and the minimum. */
export interface SpreadFilterState {
  constraints: SpreadConstraint[];
  counts: Map<string, number>[];
  minMatch: number[];
  selfMatch: number[];
}

/** PreFilter: null (Skip) without DoNotSchedule constraints. Counts over all nodes (calPreFilterState). */
export function podTopologySpreadPreFilter(state: CycleState): SpreadFilterState | null {
  const constraints = buildSpreadConstraints(state.pod, 'DoNotSchedule');
  if (constraints.length === 0) return null;
  const counts = constraints.map(() => new Map<string, number>());
  for (const info of state.allNodes) {
    if (!hasAllKeys(info, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      if (!includesNode(state, c, info)) continue;
      const value = topologyValue(info, c.topologyKey) as string;
      const m = counts[i] as Map<string, number>;
      m.set(value, (m.get(value) ?? 0) + countMatchingPods(info, state.facts.namespace, c));
    }
  }
  const minMatch = constraints.map((c, i) => {
    const m = counts[i] as Map<string, number>;
    // Fewer domains than minDomains: the global minimum is taken as 0.
    if (m.size < c.minDomains) return 0;
    let min = Number.POSITIVE_INFINITY;
    for (const v of m.values()) if (v < min) min = v;
    return min;
  });
  const selfMatch = constraints.map((c) => (c.selector.matches(state.facts.labels) ? 1 : 0));
  return { constraints, counts, minMatch, selfMatch };
}

export function podTopologySpreadFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  const s = state.spreadFilter;
  if (!s) return null;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as SpreadConstraint;
    const value = topologyValue(info, c.topologyKey);
    if (value === undefined) {
      return { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_NODE_LABEL_NOT_MATCH] };
    }
    const matchNum = (s.counts[i] as Map<string, number>).get(value) ?? 0;
    const skew = matchNum + (s.selfMatch[i] as number) - (s.minMatch[i] as number);
    if (skew > c.maxSkew) return { code: 'Unschedulable', reasons: [ERR_REASON_CONSTRAINTS_NOT_MATCH] };
  }
  return null;
}

// ---------------------------------------------------------------- Score (ScheduleAnyway)

/** PreScore state (scoring.go preScoreState). */
export interface SpreadScoreState {
  constraints: SpreadConstraint[];
  /** Nodes missing a topology key when all keys are required (explicit constraints). */
  ignored: Set<string>;
  /** Per constraint (not hostname): topology value → matching pods over all nodes. */
  counts: Map<string, number>[];
  /** ln(number of topology values + 2) per constraint. */
  weights: number[];
}

/** topologyNormalizingWeight. */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** scoreForCount: cnt·weight + (maxSkew − 1). */
export function scoreForCount(cnt: number, maxSkew: number, weight: number): number {
  return cnt * weight + (maxSkew - 1);
}

/** PreScore: null (Skip) when the pod has no ScheduleAnyway constraints (or no labels, for the defaults). */
export function podTopologySpreadPreScore(state: CycleState, feasible: readonly NodeInfo[]): SpreadScoreState | null {
  if (state.allNodes.length === 0) return null;
  const constraints = buildSpreadConstraints(state.pod, 'ScheduleAnyway');
  if (constraints.length === 0) return null;
  // Only explicit constraints require nodes to carry every key; with the system defaults a
  // node without a zone label still gets hostname spreading.
  const explicit = ((state.pod.spec['topologySpreadConstraints'] as unknown[] | undefined) ?? []).length > 0;
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  const topoSize = constraints.map(() => 0);
  // Values that some scored node will read back (only nodes that carry the key read them).
  const read = constraints.map(() => false);
  for (const info of feasible) {
    if (explicit && !hasAllKeys(info, constraints)) {
      ignored.add(info.name);
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      if (c.topologyKey === LABEL_HOSTNAME) continue;
      const label = topologyValue(info, c.topologyKey);
      const has = label !== undefined;
      const value = has ? label : '';
      const m = counts[i] as Map<string, number>;
      if (!m.has(value)) {
        m.set(value, 0);
        topoSize[i] = (topoSize[i] as number) + 1;
      }
      if (has) read[i] = true;
    }
  }
  const weights = constraints.map((c, i) =>
    topologyNormalizingWeight(c.topologyKey === LABEL_HOSTNAME ? feasible.length - ignored.size : (topoSize[i] as number)),
  );
  // Counting over ALL nodes is the expensive part; skip it for constraints whose counts no
  // scored node reads (e.g. no node has a zone label).
  const needsCounts = (): boolean => read.some((r, i) => r && (constraints[i] as SpreadConstraint).topologyKey !== LABEL_HOSTNAME);
  if (needsCounts()) {
    const simpleAffinity = state.requiredAffinity.nodeSelector === null && state.requiredAffinity.terms === null;
    if (!explicit && simpleAffinity) {
      // Every node counts: use the incrementally kept cluster-wide totals.
      for (let i = 0; i < constraints.length; i++) {
        const c = constraints[i] as SpreadConstraint;
        if (c.topologyKey === LABEL_HOSTNAME || !read[i] || c.nodeTaintsPolicy !== 'Ignore') continue;
        const totals = domainTotals(state.allNodes, `${c.selectorKey}\u0000${c.topologyKey}`, c.topologyKey, (info) =>
          countMatchingPods(info, state.facts.namespace, c),
        );
        const m = counts[i] as Map<string, number>;
        for (const value of m.keys()) m.set(value, totals.get(value) ?? 0);
        read[i] = false;
      }
    }
    if (needsCounts()) countOverAllNodes(state, constraints, counts, read, explicit, simpleAffinity);
  }
  return { constraints, ignored, counts, weights };
}

/** The plain all-nodes pass of PreScore, for the cases the cache does not cover. */
function countOverAllNodes(
  state: CycleState,
  constraints: readonly SpreadConstraint[],
  counts: Map<string, number>[],
  read: readonly boolean[],
  explicit: boolean,
  simpleAffinity: boolean,
): void {
  for (const info of state.allNodes) {
    if (explicit && !hasAllKeys(info, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i] as SpreadConstraint;
      if (c.topologyKey === LABEL_HOSTNAME || !read[i]) continue;
      const m = counts[i] as Map<string, number>;
      const value = topologyValue(info, c.topologyKey) ?? '';
      const current = m.get(value);
      if (current === undefined) continue;
      if (!(simpleAffinity && c.nodeTaintsPolicy === 'Ignore') && !includesNode(state, c, info)) continue;
      m.set(value, current + countMatchingPods(info, state.facts.namespace, c));
    }
  }
}

/** Score (raw): Σ over the constraints whose key the node carries of scoreForCount, rounded. */
export function podTopologySpreadScore(state: CycleState, info: NodeInfo): number {
  const s = state.spreadScore;
  if (!s || (s.ignored.size > 0 && s.ignored.has(info.name))) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i] as SpreadConstraint;
    const value = topologyValue(info, c.topologyKey);
    if (value === undefined) continue;
    const cnt = c.topologyKey === LABEL_HOSTNAME
      ? countMatchingPods(info, state.facts.namespace, c)
      : ((s.counts[i] as Map<string, number>).get(value) ?? 0);
    score += scoreForCount(cnt, c.maxSkew, s.weights[i] as number);
  }
  return Math.round(score);
}

/** NormalizeScore: 100·(max + min − s)/max (fewest matching pods → 100); ignored nodes get 0. */
export function podTopologySpreadNormalize(state: CycleState, scores: number[], feasible: readonly NodeInfo[]): void {
  const s = state.spreadScore;
  if (!s) return;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  const anyIgnored = s.ignored.size > 0;
  for (let i = 0; i < scores.length; i++) {
    if (anyIgnored && s.ignored.has((feasible[i] as NodeInfo).name)) continue;
    const v = scores[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  for (let i = 0; i < scores.length; i++) {
    if (anyIgnored && s.ignored.has((feasible[i] as NodeInfo).name)) {
      scores[i] = 0;
    } else if (max === 0) {
      scores[i] = MAX_NODE_SCORE;
    } else {
      scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - (scores[i] as number))) / max);
    }
  }
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function podTopologySpreadScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = podTopologySpreadScore(state, nodes[j] as NodeInfo);
}
