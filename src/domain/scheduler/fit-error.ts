/**
 * framework.FitError.Error() (framework/types.go): the message of `PodScheduled=False` and of
 * the FailedScheduling event, e.g.
 * `0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`
 */
import type { FilterStatus } from './types.ts';

/** schedule_one.go ErrNoNodesAvailable. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/**
 * Builds the message. Reasons are counted per node and printed as "<count> <reason>", sorted
 * as strings (Go sort.Strings, so "10 x" sorts before "2 y"), joined by ", ", ended by ".".
 * A PreFilter message replaces the histogram; a PostFilter message (the preemption part,
 * already ending in ".") is appended after a space.
 */
export function fitErrorMessage(
  numAllNodes: number,
  reasonsCount: ReadonlyMap<string, number> | Readonly<Record<string, number>>,
  postFilterMessage = '',
  preFilterMessage = '',
): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMessage !== '') {
    msg += ` ${preFilterMessage}.`;
  } else {
    const entries: [string, number][] = reasonsCount instanceof Map ? [...reasonsCount] : Object.entries(reasonsCount);
    const parts = entries.filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${reason}`);
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length > 0) msg += ` ${parts.join(', ')}.`;
  }
  if (postFilterMessage !== '') msg += ` ${postFilterMessage}`;
  return msg;
}

/**
 * Counts each reason once per node that gave it, as FitError.Error() does over NodeToStatus;
 * `absent` covers nodes without an explicit status (AbsentNodesStatus).
 */
export function reasonHistogram(
  statuses: Iterable<FilterStatus>,
  absent?: { count: number; reasons: readonly string[] },
): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) out.set(r, (out.get(r) ?? 0) + 1);
  if (absent && absent.count > 0) for (const r of absent.reasons) out.set(r, (out.get(r) ?? 0) + absent.count);
  return out;
}
