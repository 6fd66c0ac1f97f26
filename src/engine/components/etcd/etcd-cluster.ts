import { clusterId, hexId, memberId } from '../../../domain/etcd/ids.ts';
import { memberName, memberURLs } from '../../../domain/etcd/members.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { defaultEtcdConfig, Etcd, type EtcdConfig } from './etcd.ts';
import { PeerTransport } from './peer-transport.ts';
import type { PeerInfo } from './raft-server.ts';

/** The flags a scenario gives (cluster.etcd), with how many members --initial-cluster lists. */
export type EtcdClusterFlags = Partial<EtcdConfig> & { members?: number };

/** The actor id of member i: etcd/etcd-<i>. */
export function etcdActorId(index: number): string {
  return `etcd/etcd-${index}`;
}

/**
 * The etcd members of a scenario, etcd/etcd-0 first. One member (the default) is the
 * single-member etcd exactly as before: its own leader, no raft traffic. Several members share
 * one host (each on its own ports, member i named `<name>-<i>`), get their member IDs from their
 * own peer URLs and the token, and the cluster ID from all of them, as etcd derives them; they
 * talk over a PeerTransport, elect a leader and replicate through raft.
 */
export function createEtcdMembers(sim: Simulation, host: string, flags: EtcdClusterFlags | undefined): Etcd[] {
  const { members: count = 1, ...config } = flags ?? {};
  if (count <= 1) return [new Etcd(sim, etcdActorId(0), host, config)];
  const base = { ...defaultEtcdConfig(host), ...config };
  const configs: EtcdConfig[] = [];
  for (let i = 0; i < count; i++) {
    const urls = memberURLs(base.initialAdvertisePeerURLs, base.advertiseClientURLs, i);
    configs.push({ ...base, name: memberName(base.name, i), initialAdvertisePeerURLs: urls.peerURLs, advertiseClientURLs: urls.clientURLs });
  }
  const ids = configs.map((c) => memberId(c.initialAdvertisePeerURLs, c.initialClusterToken));
  const cid = clusterId(ids);
  const infos: PeerInfo[] = ids.map((id, i) => ({ actor: etcdActorId(i), hex: hexId(id) }));
  const transport = new PeerTransport(sim);
  const byActor = new Map<string, Etcd>();
  const members = configs.map((c, i) => {
    const member = new Etcd(sim, etcdActorId(i), host, c, {
      clusterId: cid,
      self: infos[i] as PeerInfo,
      members: infos,
      rng: sim.rng.fork(`etcd-raft/${etcdActorId(i)}`),
      transport,
      peer: (actor) => byActor.get(actor)?.server,
    });
    byActor.set(member.id, member);
    return member;
  });
  for (const m of members) m.peers = members.filter((p) => p !== m);
  return members;
}

/** Starts the members' processes (after they are registered on the network). */
export function startEtcdMembers(members: readonly Etcd[]): void {
  for (const m of members) m.server?.start();
}
