/**
 * NodeAffinity (plugins/nodeaffinity/node_affinity.go, component-helpers nodeaffinity).
 * PreFilter: Skip when the pod has neither nodeSelector nor required node affinity; narrows the
 * candidate nodes when every required term names nodes with `matchFields metadata.name In`.
 * Filter: nodeSelector AND (required terms ORed, expressions ANDed), UnschedulableAndUnresolvable.
 * Score: Σ weights of matching preferred terms, normalized so the best node gets 100.
 */
import type { Node, Pod } from '../../k8s/objects.ts';
import { compileNodeSelectorTerm, compileNodeSelectorTerms, matchesLabelSet, type CompiledTerm, type Labels } from '../internal/selectors.ts';
import { defaultNormalizeScore, MAX_NODE_SCORE } from '../normalize.ts';
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';

export const NODE_AFFINITY = 'NodeAffinity';
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** PreFilter rejection when the metadata.name terms exclude every node. */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const REJECTED: FilterStatus = Object.freeze({ code: 'UnschedulableAndUnresolvable', reasons: Object.freeze([ERR_REASON_POD]) });

/** nodeaffinity.RequiredNodeAffinity: spec.nodeSelector AND required terms. */
export interface RequiredNodeAffinity {
  nodeSelector: Labels | null;
  terms: CompiledTerm | null;
}

export function compileRequiredNodeAffinity(pod: Pod): RequiredNodeAffinity {
  const sel = pod.spec.nodeSelector;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return {
    nodeSelector: sel && Object.keys(sel).length > 0 ? sel : null,
    terms: required ? compileNodeSelectorTerms(required.nodeSelectorTerms ?? []) : null,
  };
}

export function matchesRequiredNodeAffinity(req: RequiredNodeAffinity, node: Node): boolean {
  if (req.nodeSelector && !matchesLabelSet(req.nodeSelector, node.metadata.labels)) return false;
  return req.terms === null || req.terms.matches(node);
}

/** What NodeAffinity's PreFilter decided. */
export interface NodeAffinityPreFilter {
  skip: boolean;
  /** Only these nodes are worth filtering (PreFilterResult.NodeNames); null means all. */
  nodeNames: Set<string> | null;
  /** Set when PreFilter rejects the pod outright. */
  status: FilterStatus | null;
}

function intersect(a: Set<string> | null, b: Set<string>): Set<string> {
  if (a === null) return b;
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}

export function nodeAffinityPreFilter(pod: Pod): NodeAffinityPreFilter {
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required && pod.spec.nodeSelector === undefined) return { skip: true, nodeNames: null, status: null };
  const terms = required?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return { skip: false, nodeNames: null, status: null };
  let names: Set<string> | null = null;
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      termNames = intersect(termNames, new Set<string>(r.values ?? []));
    }
    // A term without a node-name field admits any node: the terms are ORed.
    if (termNames === null) return { skip: false, nodeNames: null, status: null };
    names = names === null ? new Set(termNames) : new Set([...names, ...termNames]);
  }
  if (names !== null && names.size === 0) {
    return { skip: false, nodeNames: null, status: { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_CONFLICT] } };
  }
  return { skip: false, nodeNames: names, status: null };
}

export function nodeAffinityFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  return matchesRequiredNodeAffinity(state.requiredAffinity, info.node) ? null : REJECTED;
}

/** A preferred term with its weight. */
export interface PreferredTerm {
  weight: number;
  term: CompiledTerm;
}

/**
 * nodeaffinity.NewPreferredSchedulingTerms; null when the pod has no preferred terms (PreScore
 * then returns Skip). Terms with weight 0 or an empty preference are dropped, as upstream does;
 * invalid ones are dropped too (upstream fails the cycle with an error instead).
 */
export function compilePreferredTerms(pod: Pod): PreferredTerm[] | null {
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (!preferred) return null;
  const out: PreferredTerm[] = [];
  for (const p of preferred) {
    if (!p.weight) continue;
    const term = compileNodeSelectorTerm(p.preference ?? {});
    if (term) out.push({ weight: p.weight, term });
  }
  return out;
}

/** Score (raw): the sum of the weights of the preferred terms the node matches. */
export function nodeAffinityScore(state: CycleState, info: NodeInfo): number {
  let sum = 0;
  for (const p of state.preferredAffinity ?? []) if (p.term.matches(info.node)) sum += p.weight;
  return sum;
}

export function nodeAffinityNormalize(scores: number[]): void {
  defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function nodeAffinityScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = nodeAffinityScore(state, nodes[j] as NodeInfo);
}
