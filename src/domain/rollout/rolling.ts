import type { Deployment, DeploymentStatus, ReplicaSet } from '../k8s/objects.ts';
import { desiredReplicas, maxUnavailable } from './fenceposts.ts';
import {
  actualReplicaCount,
  availableReplicaCount,
  filterActiveReplicaSets,
  newRSNewReplicas,
  readyReplicaCount,
  replicaCount,
  sortReplicaSetsByCreation,
} from './replicasets.ts';

/**
 * One sync of a RollingUpdate Deployment (pkg/controller/deployment/rolling.go rolloutRolling),
 * as a plan: which ReplicaSets to scale, to what, and why. The caller applies it.
 *
 * 1. reconcileNewReplicaSet: scale the new RS down to replicas if above, else to NewRSNewReplicas.
 *    If that changed anything the sync ends here (scaledUp).
 * 2. reconcileOldReplicaSets: maxScaledDown = Σ all spec − (replicas − maxUnavailable) −
 *    (new.spec − new.available); when positive, first shed unavailable replicas of old RSs
 *    (cleanupUnhealthyReplicas, oldest first), then scale old RSs down by
 *    available − minAvailable (scaleDownOldReplicaSetsForRollingUpdate, oldest first).
 *
 * The new RS must already exist: on the sync that creates it, create it with
 * newRSNewReplicas first (buildNewReplicaSet does) and then plan, as the controller does, so
 * old RSs can shrink in that same sync.
 */
export interface ReplicaSetScale {
  name: string;
  from: number;
  to: number;
  step: 'reconcileNewReplicaSet' | 'cleanupUnhealthyReplicas' | 'scaleDownOldReplicaSetsForRollingUpdate';
}

export interface RollingSyncPlan {
  scales: ReplicaSetScale[];
  /** The new RS was scaled: the sync ends after updating status. */
  scaledUp: boolean;
  scaledDown: boolean;
}

function nameOf(rs: ReplicaSet): string {
  return rs.metadata.name ?? '';
}

/** reconcileNewReplicaSet: the new RS's target size, or undefined when it is already right. */
export function reconcileNewReplicaSet(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number | undefined {
  const replicas = desiredReplicas(d);
  const current = newRS.spec.replicas ?? 0;
  if (current === replicas) return undefined;
  if (current > replicas) return replicas;
  const target = newRSNewReplicas(d, allRSs, newRS);
  return target === current ? undefined : target;
}

/** reconcileOldReplicaSets: the scale-downs of old ReplicaSets allowed now. */
export function reconcileOldReplicaSets(d: Deployment, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): ReplicaSetScale[] {
  const active = filterActiveReplicaSets(oldRSs);
  if (replicaCount(active) === 0) return [];
  const allPodsCount = replicaCount(allRSs);
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newRSUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return [];

  const scales: ReplicaSetScale[] = [];
  // cleanupUnhealthyReplicas: unavailable old replicas go first, so they can't block the rollout.
  const afterCleanup: ReplicaSet[] = [];
  let cleaned = 0;
  for (const rs of sortReplicaSetsByCreation(active)) {
    const spec = rs.spec.replicas ?? 0;
    const available = rs.status?.availableReplicas ?? 0;
    if (cleaned >= maxScaledDown || spec === 0 || spec === available) {
      afterCleanup.push(rs);
      continue;
    }
    const down = Math.min(maxScaledDown - cleaned, spec - available);
    // More available than wanted (a scale-down the ReplicaSet controller has not finished):
    // upstream refuses this "invalid request to scale down" and reconcileOldReplicaSets then
    // does nothing in this sync (rolling.go: `if err != nil { return false, nil }`).
    if (down < 0) return [];
    scales.push({ name: nameOf(rs), from: spec, to: spec - down, step: 'cleanupUnhealthyReplicas' });
    cleaned += down;
    afterCleanup.push({ ...rs, spec: { ...rs.spec, replicas: spec - down } });
  }

  // scaleDownOldReplicaSetsForRollingUpdate: keep at least minAvailable available pods.
  const all = [...afterCleanup, newRS];
  const availablePodCount = availableReplicaCount(all);
  if (availablePodCount > minAvailable) {
    const totalScaleDown = availablePodCount - minAvailable;
    let scaledDown = 0;
    for (const rs of sortReplicaSetsByCreation(afterCleanup)) {
      if (scaledDown >= totalScaleDown) break;
      const spec = rs.spec.replicas ?? 0;
      if (spec === 0) continue;
      const down = Math.min(spec, totalScaleDown - scaledDown);
      const prior = scales.find((s) => s.name === nameOf(rs));
      scales.push({ name: nameOf(rs), from: prior ? prior.to : spec, to: spec - down, step: 'scaleDownOldReplicaSetsForRollingUpdate' });
      scaledDown += down;
    }
  }
  return scales;
}

/** The plan of one rolloutRolling sync (see the interface above). */
export function planRollingSync(d: Deployment, newRS: ReplicaSet, oldRSs: ReplicaSet[]): RollingSyncPlan {
  const allRSs = [...oldRSs, newRS];
  const target = reconcileNewReplicaSet(d, allRSs, newRS);
  if (target !== undefined) {
    return { scales: [{ name: nameOf(newRS), from: newRS.spec.replicas ?? 0, to: target, step: 'reconcileNewReplicaSet' }], scaledUp: true, scaledDown: false };
  }
  const scales = reconcileOldReplicaSets(d, allRSs, oldRSs, newRS);
  return { scales, scaledUp: false, scaledDown: scales.length > 0 };
}

/**
 * calculateStatus (sync.go), without conditions: counts over all ReplicaSets, updatedReplicas
 * from the new one, unavailableReplicas never negative.
 */
export function calculateDeploymentStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  // unavailableReplicas counts against the desired sizes (GetReplicaCountForReplicaSets, spec),
  // status.replicas against the actual ones (GetActualReplicaCountForReplicaSets).
  const desired = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 0,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: newRS ? actualReplicaCount([newRS]) : 0,
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, desired - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  return status;
}

/** Whether the Available condition is True: available ≥ replicas − maxUnavailable. */
export function hasMinimumAvailability(d: Deployment, availableReplicas: number): boolean {
  return availableReplicas >= desiredReplicas(d) - maxUnavailable(d);
}

/** DeploymentComplete: updated = replicas = available = spec.replicas, and the generation was observed. */
export function deploymentComplete(d: Deployment, status: DeploymentStatus): boolean {
  const replicas = desiredReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === replicas &&
    (status.replicas ?? 0) === replicas &&
    (status.availableReplicas ?? 0) === replicas &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}
