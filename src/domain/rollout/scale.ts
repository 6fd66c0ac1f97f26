import type { Deployment, ReplicaSet } from '../k8s/objects.ts';
import { desiredReplicas, isRollingUpdate, maxSurge } from './fenceposts.ts';
import { DESIRED_REPLICAS_ANNOTATION, filterActiveReplicaSets, MAX_REPLICAS_ANNOTATION, replicaCount, sortReplicaSetsByCreation } from './replicasets.ts';

/**
 * Scaling a Deployment while a rollout may be under way (pkg/controller/deployment/sync.go
 * isScalingEvent and scale, util/deployment_util.go GetProportion, getReplicaSetFraction,
 * IsSaturated, FindActiveOrLatest): the replicas added or removed are shared between the active
 * ReplicaSets in proportion to their size, the leftover going to the largest.
 */

const annotationInt = (rs: ReplicaSet, key: string): number | undefined => {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

/** isScalingEvent: an active ReplicaSet was sized for a different spec.replicas. */
export function isScalingEvent(d: Deployment, allRSs: ReplicaSet[]): boolean {
  for (const rs of filterActiveReplicaSets(allRSs)) {
    const desired = annotationInt(rs, DESIRED_REPLICAS_ANNOTATION);
    if (desired !== undefined && desired !== desiredReplicas(d)) return true;
  }
  return false;
}

/** FindActiveOrLatest: the only active ReplicaSet, or with none active the newest (or the new one). */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const byNewest = sortReplicaSetsByCreation(oldRSs).reverse();
  const all = newRS ? [newRS, ...byNewest] : byNewest;
  const active = filterActiveReplicaSets(all);
  if (active.length === 0) return newRS ?? byNewest[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** IsSaturated: the new ReplicaSet has all replicas, sized for this spec, all available. */
export function isSaturated(d: Deployment, newRS: ReplicaSet | undefined): boolean {
  if (!newRS) return false;
  const desired = annotationInt(newRS, DESIRED_REPLICAS_ANNOTATION);
  const replicas = desiredReplicas(d);
  return (newRS.spec.replicas ?? 0) === replicas && desired === replicas && (newRS.status?.availableReplicas ?? 0) === replicas;
}

/** getReplicaSetFraction: this ReplicaSet's share of the change in the Deployment's maximum size. */
function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  const replicas = desiredReplicas(d);
  const size = rs.spec.replicas ?? 0;
  if (replicas === 0) return -size;
  const deploymentMax = replicas + maxSurge(d);
  let before = annotationInt(rs, MAX_REPLICAS_ANNOTATION);
  // Without the annotation the current size stands in for it (and a proportion of 0 follows).
  if (before === undefined || before === 0) before = d.status?.replicas ?? 0;
  if (before === 0) return 0;
  // integer.RoundToInt32: half away from zero.
  const scaled = (size * deploymentMax) / before;
  return Math.sign(scaled) * Math.floor(Math.abs(scaled) + 0.5) - size;
}

/** GetProportion: how much of the remaining change this ReplicaSet takes. */
function proportion(rs: ReplicaSet, d: Deployment, toAdd: number, added: number): number {
  if ((rs.spec.replicas ?? 0) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** ReplicaSetsBySizeNewer / BySizeOlder: largest first, ties by creation (newer or older first). */
function bySize(rss: ReplicaSet[], newerFirst: boolean): ReplicaSet[] {
  const byCreation = sortReplicaSetsByCreation(rss);
  const order = new Map(byCreation.map((rs, i) => [rs, i]));
  return [...rss].sort((a, b) => {
    const d = (b.spec.replicas ?? 0) - (a.spec.replicas ?? 0);
    if (d !== 0) return d;
    const ia = order.get(a) as number;
    const ib = order.get(b) as number;
    return newerFirst ? ib - ia : ia - ib;
  });
}

export interface ScaleStep {
  rs: ReplicaSet;
  to: number;
}

/**
 * scale(): the ReplicaSet sizes after a change of spec.replicas. Every active ReplicaSet is
 * listed (its annotations get refreshed even when its size stays), in the order the controller
 * updates them.
 */
export function planScale(d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ScaleStep[] {
  const replicas = desiredReplicas(d);
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) return (single.spec.replicas ?? 0) === replicas ? [] : [{ rs: single, to: replicas }];
  if (isSaturated(d, newRS)) return filterActiveReplicaSets(oldRSs).map((rs) => ({ rs, to: 0 }));
  if (!isRollingUpdate(d)) return [];
  const all = filterActiveReplicaSets(newRS ? [...oldRSs, newRS] : oldRSs);
  const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
  const toAdd = allowed - replicaCount(all);
  const ordered = toAdd > 0 ? bySize(all, true) : toAdd < 0 ? bySize(all, false) : all;
  const sizes = new Map<ReplicaSet, number>();
  let added = 0;
  for (const rs of ordered) {
    if (toAdd !== 0) {
      const p = proportion(rs, d, toAdd, added);
      sizes.set(rs, (rs.spec.replicas ?? 0) + p);
      added += p;
    } else sizes.set(rs, rs.spec.replicas ?? 0);
  }
  return ordered.map((rs, i) => {
    let to = sizes.get(rs) as number;
    // The leftover goes to the first (largest) ReplicaSet.
    if (i === 0 && toAdd !== 0) to = Math.max(0, to + toAdd - added);
    return { rs, to };
  });
}
