import type { Simulation } from '../../runtime/simulation.ts';
import type { Etcd } from './etcd.ts';

/**
 * The etcd faults:
 * - `etcd-member-stop` / `etcd-member-start`: a member's process stops, or starts again;
 * - `etcd-partition`: the network between groups of members drops every packet
 *   (`{members: [etcd-0, etcd-1]}` puts those on one side and the others on the other;
 *   `{isolate: etcd-1}` cuts one member off); raft does the rest: a leader that cannot hear a
 *   quorum steps down after an election timeout (CheckQuorum), the side with a quorum elects a
 *   new leader, the other side campaigns in vain (3.4 has no PreVote, so its term climbs);
 * - `etcd-heal`: the network is whole again.
 */
export const ETCD_FAULTS: readonly string[] = ['etcd-member-stop', 'etcd-member-start', 'etcd-partition', 'etcd-heal'];

/**
 * Runs an etcd fault on the cluster whose first member is `etcd`. Stopping a member that is
 * stopped, or starting one that runs, does nothing, as `systemctl stop` / `start` would not.
 */
export function runEtcdFault(sim: Simulation, etcd: Etcd, fault: Record<string, unknown>): void {
  const all = [etcd, ...etcd.peers];
  const member = (name: unknown): Etcd => {
    const m = all.find((x) => x.id === `etcd/${String(name)}`);
    if (!m) throw new Error(`etcd fault: no member ${String(name)} (members: ${all.map((x) => x.id.slice(5)).join(', ')})`);
    return m;
  };
  if (fault['type'] === 'etcd-member-stop') member(fault['member']).stop();
  else if (fault['type'] === 'etcd-member-start') member(fault['member']).start();
  else if (fault['type'] === 'etcd-partition') partition(sim, all, partitionGroup(fault).map((n) => member(n)));
  else if (fault['type'] === 'etcd-heal') heal(sim, all);
}

/** The members on one side of the cut: `members: [...]`, or `isolate: <member>` alone. */
export function partitionGroup(fault: Record<string, unknown>): string[] {
  if (typeof fault['isolate'] === 'string') return [fault['isolate']];
  if (Array.isArray(fault['members'])) return fault['members'].map(String);
  throw new Error('etcd-partition needs "members" (a list like [etcd-0, etcd-1]) or "isolate" (a member like etcd-1)');
}

function transportOf(all: readonly Etcd[]): NonNullable<Etcd['server']>['transport'] {
  const t = all[0]?.server?.transport;
  if (!t) throw new Error('etcd-partition needs a cluster of several members (cluster.etcd.members: 3)');
  return t;
}

function partition(sim: Simulation, all: readonly Etcd[], side: readonly Etcd[]): void {
  const t = transportOf(all);
  const inside = side.map((m) => m.id);
  const outside = all.filter((m) => !inside.includes(m.id)).map((m) => m.id);
  const cut = t.partition([inside, outside]);
  // rafthttp (peer_status.go) on each end of a cut link: the next send fails and the peer goes inactive.
  logLinks(sim, all, cut, (hex) => `peer ${hex} became inactive (message send to peer failed)`, { inside, outside });
}

function heal(sim: Simulation, all: readonly Etcd[]): void {
  const healed = transportOf(all).heal();
  logLinks(sim, all, healed, (hex) => `peer ${hex} became active`, {});
}

function logLinks(sim: Simulation, all: readonly Etcd[], links: readonly [string, string][], line: (hex: string) => string, groups: { inside?: string[]; outside?: string[] }): void {
  const hexOf = (id: string): string => all.find((m) => m.id === id)?.server?.hexId ?? id;
  for (const [a, b] of links) {
    for (const [self, peer] of [[a, b], [b, a]] as const) {
      if (!sim.network.actor(self) || !all.find((m) => m.id === self)?.isRunning) continue;
      sim.recorder.record({ kind: 'log', actor: self, op: 'log', attrs: { logger: 'rafthttp', message: line(hexOf(peer)), peer, ...(groups.inside ? { partition: groups } : {}) } });
    }
  }
}
