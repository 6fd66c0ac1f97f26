import type { Pod } from '../k8s/objects.ts';
import { isoToMicros } from '../k8s/duration.ts';
import { podIsActive, podIsReady, podReadyTime } from '../pod/conditions.ts';
import { isRestartableInitContainer } from '../pod/resources.ts';

/**
 * Which pods a ReplicaSet deletes first when it scales down (replica_set.go getPodsToDelete,
 * getPodsRankedByRelatedPodsOnSameNode; controller_utils.go ActivePodsWithRanks.Less, with
 * PodDeletionCost and LogarithmicScaleDown on, as they are by default). Earlier in the order
 * means deleted first:
 * 1. unassigned before assigned
 * 2. Pending, then Unknown, then Running
 * 3. not ready before ready
 * 4. lower controller.kubernetes.io/pod-deletion-cost first
 * 5. more active pods of the same controller on its node (higher rank) first
 * 6. ready for less time first (compared in floor(log2(age)) buckets, then by uid)
 * 7. more container restarts first
 * 8. newer first (log2 buckets, then by uid)
 */

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** GetDeletionCostFromPodAnnotations: an int32, 0 when absent or invalid. */
export function podDeletionCost(pod: Pod): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number.parseInt(v, 10);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Pod): { regular: number; sidecar: number } {
  let regular = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount);
  const sidecars = new Set((pod.spec.initContainers ?? []).filter(isRestartableInitContainer).map((c) => c.name));
  let sidecar = 0;
  for (const c of pod.status?.initContainerStatuses ?? []) if (sidecars.has(c.name)) sidecar = Math.max(sidecar, c.restartCount);
  return { regular, sidecar };
}

/** floor(log2(age in ns)), -1 for a zero or future age (logarithmicRankDiff). */
function logRank(tMicros: number, nowMicros: number): number {
  const ns = (nowMicros - tMicros) * 1000;
  return ns > 0 ? Math.floor(Math.log2(ns)) : -1;
}

function uidLess(a: Pod, b: Pod): number {
  const ua = a.metadata.uid ?? '';
  const ub = b.metadata.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/**
 * "afterOrZero" with log buckets: the newer timestamp (or a missing one) sorts first. Returns a
 * comparator result, or 0 when the two are equal.
 */
function compareTimes(a: Pod, b: Pod, ta: string | undefined, tb: string | undefined, nowMicros: number | undefined): number {
  if (ta === tb) return 0;
  if (!ta || !tb) return !ta ? -1 : 1;
  const ma = isoToMicros(ta);
  const mb = isoToMicros(tb);
  if (ma === mb) return 0;
  if (nowMicros === undefined) return ma > mb ? -1 : 1;
  const diff = logRank(ma, nowMicros) - logRank(mb, nowMicros);
  if (diff === 0) return uidLess(a, b);
  return diff < 0 ? -1 : 1;
}

/** ActivePodsWithRanks.Less as a comparator over (pod, rank) pairs. */
export function comparePodsForDeletion(
  a: { pod: Pod; rank: number },
  b: { pod: Pod; rank: number },
  nowIso?: string,
): number {
  const pa = a.pod;
  const pb = b.pod;
  const na = pa.spec.nodeName ?? '';
  const nb = pb.spec.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '' ? -1 : 1;
  const oa = PHASE_ORDINAL[pa.status?.phase ?? ''] ?? 0;
  const ob = PHASE_ORDINAL[pb.status?.phase ?? ''] ?? 0;
  if (oa !== ob) return oa - ob;
  const ra = podIsReady(pa);
  const rb = podIsReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = podDeletionCost(pa);
  const cb = podDeletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  const now = nowIso === undefined ? undefined : isoToMicros(nowIso);
  if (ra && rb) {
    const c = compareTimes(pa, pb, podReadyTime(pa), podReadyTime(pb), now);
    if (c !== 0) return c;
  }
  const xa = maxRestarts(pa);
  const xb = maxRestarts(pb);
  if (xa.regular !== xb.regular) return xb.regular - xa.regular;
  if (xa.sidecar !== xb.sidecar) return xb.sidecar - xa.sidecar;
  return compareTimes(pa, pb, pa.metadata.creationTimestamp, pb.metadata.creationTimestamp, now);
}

/**
 * getPodsToDelete: the `diff` pods of this ReplicaSet to delete. `relatedPods` are the pods of
 * every ReplicaSet of the same Deployment (they give each node's rank); only active ones count.
 * When all pods go, no ranking is needed and the order is kept.
 */
export function podsToDelete(filteredPods: Pod[], relatedPods: Pod[], diff: number, nowIso?: string): Pod[] {
  if (diff >= filteredPods.length) return [...filteredPods];
  const onNode = new Map<string, number>();
  for (const p of relatedPods) {
    if (!podIsActive(p)) continue;
    const node = p.spec.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = filteredPods.map((pod) => ({ pod, rank: onNode.get(pod.spec.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => comparePodsForDeletion(a, b, nowIso));
  return ranked.slice(0, Math.max(0, diff)).map((x) => x.pod);
}
