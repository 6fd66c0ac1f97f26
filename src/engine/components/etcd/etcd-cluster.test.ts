import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import type { Etcd } from './etcd.ts';
import { createEtcdMembers, startEtcdMembers } from './etcd-cluster.ts';

/**
 * Three etcd members on the simulated clock, driven directly: election (etcd 3.4 raft/raft.go,
 * etcdserver/server.go adjustTicks), replication and commit on a quorum, a follower catching up
 * (raft/tracker/progress.go probing, raft.go handleAppendEntries rejections), leader loss,
 * proposals and their timeouts (etcdserver/v3_server.go, server.go parseProposeCtxErr), leases
 * with the primary lessor (lease/lessor.go, leasehttp), linearizable reads (ReadIndex).
 */

type Reply = Record<string, unknown> & { error?: string; code?: string };

class Client implements Actor {
  readonly id = 'etcdctl';
  readonly host = 'control-plane';
  readonly replies = new Map<number, Reply>();
  constructor(private readonly sim: Simulation) {}
  receive(msg: Delivery): void {
    if (msg.replyTo !== undefined) this.replies.set(msg.replyTo, msg.payload as Reply);
  }
  /** Sends a request to a member and runs the clock until it is answered (or `within` passes). */
  call(op: string, payload: unknown, opts: { to?: string; within?: number } = {}): Reply | undefined {
    const { id } = this.sim.network.send(this.id, opts.to ?? 'etcd/etcd-0', op, { payload });
    this.sim.runWhile(() => !this.replies.has(id), opts.within ?? 20_000_000);
    return this.replies.get(id);
  }
}

function boot(seed = 7): { sim: Simulation; members: Etcd[]; client: Client } {
  const sim = new Simulation({ seed, timeOrigin: '2026-01-01T09:00:00Z' });
  const members = createEtcdMembers(sim, 'control-plane', { name: 'infra', initialAdvertisePeerURLs: ['http://127.0.0.1:2380'], advertiseClientURLs: ['http://127.0.0.1:2379'], members: 3 });
  const client = new Client(sim);
  for (const m of members) sim.network.register(m);
  sim.network.register(client);
  startEtcdMembers(members);
  sim.runUntil(1_000_000);
  return { sim, members, client };
}

const leaderOf = (members: Etcd[]): Etcd | undefined => members.find((m) => m.server?.isLeader);
const put = (client: Client, key: string, value: string, to?: string): Reply | undefined => client.call('Put', { key, value }, to ? { to } : {});

describe('a three-member cluster starts (raft.go campaign, server.go adjustTicks and publish)', () => {
  it('elects etcd-1 with seed 7 in term 2, and every member has applied the 8 entries of the start', () => {
    const { members } = boot(7);
    expect(leaderOf(members)?.id).toBe('etcd/etcd-1');
    for (const m of members) {
      expect(m.server?.raft.term).toBe(2);
      expect(m.server?.appliedIndex).toBe(8);
      expect(m.status()).toMatchObject({ raftIndex: 8, raftTerm: 2, raftAppliedIndex: 8, leader: (members[1] as Etcd).memberId.toString() });
    }
  });

  it('elects another member with another seed', () => {
    expect(leaderOf(boot(8).members)?.id).toBe('etcd/etcd-2');
    expect(leaderOf(boot(3).members)?.id).toBe('etcd/etcd-0');
  });

  it('names the members <name>-<i> on ports 2380, 12380, 22380 and derives the cluster ID from all three', () => {
    const { members } = boot();
    expect(members.map((m) => [m.config.name, m.config.initialAdvertisePeerURLs[0], m.config.advertiseClientURLs[0]])).toEqual([
      ['infra-0', 'http://127.0.0.1:2380', 'http://127.0.0.1:2379'],
      ['infra-1', 'http://127.0.0.1:12380', 'http://127.0.0.1:12379'],
      ['infra-2', 'http://127.0.0.1:22380', 'http://127.0.0.1:22379'],
    ]);
    expect(new Set(members.map((m) => m.clusterId.toString())).size).toBe(1);
    expect(new Set(members.map((m) => m.memberId.toString())).size).toBe(3);
  });
});

describe('replication (raft.go stepLeader MsgProp/MsgAppResp, maybeCommit)', () => {
  it('forwards a follower\'s write to the leader, commits it at index 9 on a quorum and applies it everywhere', () => {
    const { sim, members, client } = boot();
    const r = put(client, 'a', '1');
    expect(r?.header).toMatchObject({ revision: 2, raftTerm: 2 });
    expect(sim.recorder.events.some((e) => e.kind === 'message' && e.op === 'MsgProp' && e.actor === 'etcd/etcd-0' && e.to === 'etcd/etcd-1')).toBe(true);
    sim.runUntil(sim.now + 200_000);
    for (const m of members) {
      expect(m.server?.committedIndex).toBe(9);
      expect(m.store.get('a')?.value).toBe('1');
    }
  });

  it('commits with one follower stopped (2 of 3), without it', () => {
    const { sim, members, client } = boot();
    (members[2] as Etcd).stop();
    expect(put(client, 'a', '1')?.error).toBeUndefined();
    sim.runUntil(sim.now + 200_000);
    expect((members[0] as Etcd).server?.committedIndex).toBe(9);
    expect((members[1] as Etcd).server?.committedIndex).toBe(9);
    expect((members[2] as Etcd).store.get('a')).toBeUndefined();
  });

  it('answers a read on a follower only after a ReadIndex round through the leader', () => {
    const { sim, client } = boot();
    put(client, 'a', '1');
    const before = sim.recorder.events.length;
    const r = client.call('Range', { key: 'a' });
    expect((r?.kvs as { value: string }[])[0]?.value).toBe('1');
    const ops = sim.recorder.events.slice(before).filter((e) => e.kind === 'message').map((e) => `${e.actor}>${e.to} ${e.op}`);
    expect(ops).toContain('etcd/etcd-0>etcd/etcd-1 MsgReadIndex');
    expect(ops).toContain('etcd/etcd-1>etcd/etcd-0 MsgReadIndexResp');
  });
});

describe('a follower catches up (tracker/progress.go, raft.go handleAppendEntries)', () => {
  it('gets the entries it missed when it starts again', () => {
    const { sim, members, client } = boot();
    const follower = members[2] as Etcd;
    follower.stop();
    for (const v of ['1', '2', '3', '4', '5']) put(client, 'k', v);
    expect(follower.store.currentRevision).toBe(1);
    follower.start();
    sim.runUntil(sim.now + 2_000_000);
    expect(follower.store.get('k')).toMatchObject({ value: '5', version: 5, modRevision: 6 });
    expect(follower.server?.appliedIndex).toBe((members[1] as Etcd).server?.appliedIndex);
  });

  it('makes a new leader probe back (MsgAppResp reject with a hint) to where a lagging follower\'s log ends', () => {
    const { sim, members, client } = boot();
    const [m0, m1, m2] = members as [Etcd, Etcd, Etcd];
    m0.stop();
    for (const v of ['1', '2', '3']) put(client, 'k', v, 'etcd/etcd-2');
    // The leader goes; the member that missed three writes comes back: etcd-2 must lead and repair it.
    m1.stop();
    m0.start();
    sim.runUntil(sim.now + 6_000_000);
    expect(leaderOf(members)?.id).toBe('etcd/etcd-2');
    const rejects = sim.recorder.events.filter((e) => e.kind === 'message' && e.op === 'MsgAppResp' && e.actor === 'etcd/etcd-0' && e.attrs?.reject === true);
    expect(rejects.length).toBeGreaterThan(0);
    // Its log ended at the 8 entries of the start.
    expect(rejects[0]?.attrs?.rejectHint).toBe(8);
    expect(m0.store.get('k')).toMatchObject({ value: '3', version: 3 });
    expect(m0.server?.appliedIndex).toBe(m2.server?.appliedIndex);
  });
});

describe('the leader is lost (raft.go tickElection, CheckQuorum)', () => {
  it('elects a new leader among the other two in term 3, and writes go on', () => {
    const { sim, members, client } = boot();
    (members[1] as Etcd).stop();
    sim.runUntil(sim.now + 3_000_000);
    const leader = leaderOf(members);
    expect(['etcd/etcd-0', 'etcd/etcd-2']).toContain(leader?.id);
    expect(leader?.server?.raft.term).toBe(3);
    expect(put(client, 'a', '1')?.header).toMatchObject({ raftTerm: 3 });
  });

  it('steps a leader down when it is cut off from both followers', () => {
    const { sim, members } = boot(3);
    expect(leaderOf(members)?.id).toBe('etcd/etcd-0');
    (members[1] as Etcd).stop();
    (members[2] as Etcd).stop();
    sim.runUntil(sim.now + 3_000_000);
    expect((members[0] as Etcd).server?.isLeader).toBe(false);
    const log = sim.recorder.events.filter((e) => e.kind === 'log').map((e) => String(e.attrs?.message));
    expect(log.some((l) => l.endsWith('stepped down to follower since quorum is not active'))).toBe(true);
    expect((members[0] as Etcd).status()).toMatchObject({ leader: '0', errors: ['etcdserver: no leader'] });
  });
});

describe('quorum loss (v3_server.go processInternalRaftRequestOnce, server.go parseProposeCtxErr)', () => {
  it('fails a write raft took with "request timed out" after 7 s, and one that waited for a leader with the bare context error', () => {
    const { sim, members, client } = boot(3);
    (members[1] as Etcd).stop();
    (members[2] as Etcd).stop();
    const t0 = sim.now;
    // etcd-0 is still the leader: the entry goes into its log but cannot commit.
    expect(put(client, 'a', '1')).toMatchObject({ error: 'etcdserver: request timed out', code: 'Unavailable' });
    expect(sim.now - t0).toBeGreaterThanOrEqual(7_000_000);
    expect(sim.now - t0).toBeLessThan(7_100_000);
    // Now it knows no leader: raft never takes the proposal.
    expect(put(client, 'b', '2')).toMatchObject({ error: 'rpc error: code = Unknown desc = context deadline exceeded', code: 'Unknown' });
    expect((members[0] as Etcd).store.get('a')).toBeUndefined();
  });

  it('writes again once a second member is back, and applies the entry that had timed out', () => {
    const { sim, members, client } = boot(3);
    (members[1] as Etcd).stop();
    (members[2] as Etcd).stop();
    put(client, 'a', '1');
    (members[1] as Etcd).start();
    sim.runUntil(sim.now + 4_000_000);
    expect(put(client, 'b', '2')?.error).toBeUndefined();
    // "Timed out" does not mean "not written": the new leader committed etcd-0's longer log.
    expect((members[0] as Etcd).store.get('a')?.value).toBe('1');
    expect((members[1] as Etcd).store.get('b')?.value).toBe('2');
  });

  it('fails a lease keep-alive at a member with no leader with "no leader"', () => {
    const { sim, members, client } = boot(3);
    const grant = client.call('LeaseGrant', { ttl: 60 });
    (members[1] as Etcd).stop();
    (members[2] as Etcd).stop();
    sim.runUntil(sim.now + 3_000_000);
    expect(client.call('LeaseKeepAlive', { id: grant?.id })).toMatchObject({ error: 'etcdserver: no leader', code: 'Unavailable' });
  });
});

describe('leases in a cluster (lessor.go, leasehttp)', () => {
  it('forwards a follower\'s time-to-live to the primary lessor over peer HTTP', () => {
    const { sim, client } = boot();
    const grant = client.call('LeaseGrant', { ttl: 60 });
    const before = sim.recorder.events.length;
    const ttl = client.call('LeaseTimeToLive', { id: grant?.id });
    expect(ttl).toMatchObject({ id: grant?.id, grantedTTL: 60 });
    expect(sim.recorder.events.slice(before).some((e) => e.kind === 'message' && e.op === 'POST /leases/internal' && e.to === 'etcd/etcd-1')).toBe(true);
  });

  it('has the leader revoke an expired lease through raft, on every member', () => {
    const { sim, members, client } = boot();
    const grant = client.call('LeaseGrant', { ttl: 2 });
    client.call('Put', { key: 'session', value: 'x', lease: grant?.id });
    sim.runUntil(sim.now + 3_500_000);
    for (const m of members) expect(m.store.get('session')).toBeUndefined();
  });
});

describe('determinism', () => {
  it('gives the same trace for the same seed, event for event', () => {
    const trace = (): TraceEvent[] => {
      const { sim, members, client } = boot(5);
      put(client, 'a', '1');
      (members[1] as Etcd).stop();
      sim.runUntil(sim.now + 3_000_000);
      put(client, 'b', '2');
      return sim.recorder.events;
    };
    expect(JSON.stringify(trace())).toBe(JSON.stringify(trace()));
  });
});
