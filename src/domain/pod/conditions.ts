import type { Pod, PodCondition } from '../k8s/objects.ts';
import { isoToMicros } from '../k8s/duration.ts';

/** Helpers of pkg/api/v1/pod/util.go (IsPodReady, IsPodAvailable, GetPodCondition) and controller_utils.go (IsPodActive). */

/** GetPodCondition: the condition of that type, if any. */
export function getPodCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** IsPodReady: the Ready condition is True. */
export function podIsReady(pod: Pod): boolean {
  return getPodCondition(pod, 'Ready')?.status === 'True';
}

/**
 * IsPodAvailable: ready, and ready for at least minReadySeconds before `nowIso` (strictly: the
 * Ready transition + minReadySeconds must be before now). With minReadySeconds 0, ready is enough.
 */
export function podIsAvailable(pod: Pod, minReadySeconds: number, nowIso: string): boolean {
  if (!podIsReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = getPodCondition(pod, 'Ready')?.lastTransitionTime;
  if (!since) return false;
  return isoToMicros(since) + minReadySeconds * 1_000_000 < isoToMicros(nowIso);
}

/** IsPodTerminal: phase Succeeded or Failed. */
export function podIsTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** IsPodActive (controller_utils.go): not terminal and not being deleted. Controllers count only these. */
export function podIsActive(pod: Pod): boolean {
  return !podIsTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** The Ready condition's lastTransitionTime (podReadyTime in controller_utils.go). */
export function podReadyTime(pod: Pod): string | undefined {
  const c = getPodCondition(pod, 'Ready');
  return c?.status === 'True' ? c.lastTransitionTime : undefined;
}
