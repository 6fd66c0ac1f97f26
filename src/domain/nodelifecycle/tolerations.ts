/**
 * When the taint eviction controller deletes a pod from a node with NoExecute taints
 * (pkg/controller/tainteviction/taint_eviction.go processPodOnNode, getMinTolerationTime;
 * core/v1 helper GetMatchingTolerations).
 */
import type { Taint, Toleration } from '../k8s/objects.ts';
import { toleratesTaint } from '../scheduler/plugins/taint-toleration.ts';

/**
 * GetMatchingTolerations: whether every taint is tolerated, and the tolerations that do it
 * (the first matching toleration of each taint).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[]): { allTolerated: boolean; used: Toleration[] } {
  if (taints.length === 0) return { allTolerated: true, used: [] };
  if (tolerations.length === 0) return { allTolerated: false, used: [] };
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return { allTolerated: false, used: [] };
    used.push(t);
  }
  return { allTolerated: true, used };
}

/**
 * getMinTolerationTime in seconds: 0 for no tolerations or a non-positive tolerationSeconds,
 * the smallest tolerationSeconds otherwise, and `Infinity` when none sets one (tolerated forever).
 */
export function minTolerationSeconds(used: readonly Toleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    if (t.tolerationSeconds === undefined) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min;
}

export type EvictionDecision =
  | { kind: 'cancel' }
  | { kind: 'now' }
  | { kind: 'after'; seconds: number };

/**
 * processPodOnNode's decision for a pod on a node with these NoExecute taints: no taints →
 * cancel any scheduled deletion; a taint not tolerated → delete now; tolerated for ever →
 * cancel; otherwise delete after the smallest tolerationSeconds.
 */
export function evictionDecision(taints: readonly Taint[], tolerations: readonly Toleration[]): EvictionDecision {
  if (taints.length === 0) return { kind: 'cancel' };
  const { allTolerated, used } = matchingTolerations(taints, tolerations);
  if (!allTolerated) return { kind: 'now' };
  const min = minTolerationSeconds(used);
  if (min === Infinity) return { kind: 'cancel' };
  if (min === 0) return { kind: 'now' };
  return { kind: 'after', seconds: min };
}
