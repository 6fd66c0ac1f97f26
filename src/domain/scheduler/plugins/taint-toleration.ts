/**
 * TaintToleration (plugins/tainttoleration/taint_toleration.go, core/v1 helper ToleratesTaint).
 * Filter: the first NoSchedule/NoExecute taint no toleration matches rejects the node,
 * UnschedulableAndUnresolvable. Score: the number of PreferNoSchedule taints the pod does not
 * tolerate, normalized reversed (fewest → 100).
 */
import type { Taint, Toleration } from '../../k8s/objects.ts';
import { defaultNormalizeScore, MAX_NODE_SCORE } from '../normalize.ts';
import type { CycleState } from '../cycle-state.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';

export const TAINT_TOLERATION = 'TaintToleration';

/**
 * v1.Toleration.ToleratesTaint: an empty effect matches every effect, an empty key (only valid
 * with Exists) matches every key, Exists ignores the value, Equal (or no operator) compares it.
 */
export function toleratesTaint(t: Toleration, taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** v1helper.TolerationsTolerateTaint: any toleration matches. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Pick<Taint, 'key' | 'value' | 'effect'>): boolean {
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The Filter's reason, formatted as upstream does (an empty value prints as `{key: }`). */
export function untoleratedTaintReason(taint: Taint): string {
  return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
}

/** Filter: the first untolerated NoSchedule / NoExecute taint (FindMatchingUntoleratedTaint). */
export function taintTolerationFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  for (const taint of info.internal.noScheduleTaints) {
    if (!tolerationsTolerateTaint(state.tolerations, taint)) {
      return { code: 'UnschedulableAndUnresolvable', reasons: [untoleratedTaintReason(taint)] };
    }
  }
  return null;
}

/** Tolerations that can tolerate a PreferNoSchedule taint: effect empty or PreferNoSchedule (getAllTolerationPreferNoSchedule). */
export function tolerationsPreferNoSchedule(tolerations: readonly Toleration[]): Toleration[] {
  return tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** Score (raw): how many PreferNoSchedule taints the pod does not tolerate. */
export function taintTolerationScore(state: CycleState, info: NodeInfo): number {
  let n = 0;
  for (const taint of info.internal.preferNoScheduleTaints) {
    if (!tolerationsTolerateTaint(state.tolerationsPreferNoSchedule, taint)) n++;
  }
  return n;
}

/** NormalizeScore: DefaultNormalizeScore reversed, so the node with the fewest such taints gets 100. */
export function taintTolerationNormalize(scores: number[]): void {
  defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function taintTolerationScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = taintTolerationScore(state, nodes[j] as NodeInfo);
}
