/**
 * The scheduling queue's timing rules (backend/queue/scheduling_queue.go, backoff_queue.go),
 * in simulated microseconds.
 *
 * - Backoff: podInitialBackoffSeconds (1 s) doubled per failed attempt, capped at
 *   podMaxBackoffSeconds (10 s): 1 s, 2 s, 4 s, 8 s, 10 s, 10 s, …
 * - SchedulerPopFromBackoffQ (beta, on since 1.33, KEP-5142): backoff expirations are truncated
 *   to a 1 s ordering window, a pod still counts as backing off while its window is the current
 *   one, and backoffQ is flushed at every whole second.
 * - Pods that stay in unschedulablePods longer than 5 min are flushed back; the check runs
 *   every 30 s.
 */
import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';

/** DefaultPodInitialBackoffDuration. */
export const POD_INITIAL_BACKOFF: Micros = 1 * MICROS_PER_SECOND;
/** DefaultPodMaxBackoffDuration. */
export const POD_MAX_BACKOFF: Micros = 10 * MICROS_PER_SECOND;
/** backoffQOrderingWindowDuration, also the period of flushBackoffQCompleted. */
export const BACKOFF_ORDERING_WINDOW: Micros = 1 * MICROS_PER_SECOND;
/** DefaultPodMaxInUnschedulablePodsDuration. */
export const POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION: Micros = 5 * 60 * MICROS_PER_SECOND;
/** The period of flushUnschedulablePodsLeftover (wait.Until 30 s in PriorityQueue.Run). */
export const UNSCHEDULABLE_PODS_FLUSH_INTERVAL: Micros = 30 * MICROS_PER_SECOND;

/**
 * calculateBackoffDuration: initial << (count − 1), or max once that would exceed it; 0 for a
 * pod that has not failed yet. The comparison is done on max >> shift, as upstream does, so a
 * large count never overflows.
 */
export function calculateBackoffDuration(count: number, initial: Micros = POD_INITIAL_BACKOFF, max: Micros = POD_MAX_BACKOFF): Micros {
  if (count <= 0) return 0;
  const shift = count - 1;
  if (shift >= 31 || initial > Math.floor(max / 2 ** shift)) return max;
  return initial * 2 ** shift;
}

/** alignToWindow: the start of the ordering window that contains t (time.Truncate). */
export function alignToWindow(t: Micros): Micros {
  return t - (((t % BACKOFF_ORDERING_WINDOW) + BACKOFF_ORDERING_WINDOW) % BACKOFF_ORDERING_WINDOW);
}

/**
 * isPodBackingoff: true while the (window-aligned) expiration is not before the current
 * window, so a pod whose window is the current one still waits for the next flush.
 */
export function isBackingOff(backoffExpiration: Micros | undefined, now: Micros): boolean {
  if (backoffExpiration === undefined) return false;
  return !(backoffExpiration < alignToWindow(now));
}

/** The first flush time after `now` (waitUntilAlignedWithOrderingWindow, then a 1 s ticker). */
export function nextWindowStart(now: Micros): Micros {
  return alignToWindow(now) + BACKOFF_ORDERING_WINDOW;
}
