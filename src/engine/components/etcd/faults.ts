import type { Etcd } from './etcd.ts';

/** The fault steps this release runs: an etcd member's process stops, or starts again. */
export const ETCD_FAULTS: readonly string[] = ['etcd-member-stop', 'etcd-member-start'];

/**
 * Runs `{type: etcd-member-stop|etcd-member-start, member: etcd-<i>}` on the cluster whose first
 * member is `etcd`. Stopping a member that is stopped, or starting one that runs, does nothing,
 * as `systemctl stop` / `start` would not.
 */
export function runEtcdFault(etcd: Etcd, fault: Record<string, unknown>): void {
  const target = [etcd, ...etcd.peers].find((m) => m.id === `etcd/${String(fault['member'])}`);
  if (!target) throw new Error(`etcd fault: no member ${String(fault['member'])}`);
  if (fault['type'] === 'etcd-member-stop') target.stop();
  else target.start();
}
