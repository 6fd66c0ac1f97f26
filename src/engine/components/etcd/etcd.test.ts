import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { createEtcdMembers } from './etcd-cluster.ts';
import { Etcd } from './etcd.ts';

/**
 * The member actor: a single member's raft lines around its self-election (raft/raft.go,
 * raft/node.go, as a real 3.4.23 logs them), and Cluster.MemberList as a member answers it
 * (etcdserver/api/v3rpc/member.go, membership/cluster.go Members).
 */

const FLAGS = { name: 'k8ssim-etcd-0', initialAdvertisePeerURLs: ['http://127.0.0.1:23800'], advertiseClientURLs: ['http://127.0.0.1:23790'] };
const HEX = '2e1259d415f2a040';

const newSim = (): Simulation => new Simulation({ seed: 7, timeOrigin: '2026-01-01T09:00:00Z' });

/** The etcd-member states and raft log lines of the trace, in order. */
function raftTrace(events: readonly TraceEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.kind === 'state' && e.attrs?.machine === 'etcd-member') return [`state ${e.op}`];
    if (e.kind === 'log' && e.attrs?.logger === 'raft') return [`log ${String(e.attrs.message)}`];
    return [];
  });
}

describe('a single member elects itself (raft/raft.go, raft/node.go)', () => {
  it('records raft\'s lines with the term and the leader, around the ELECTED step, as the raft path does', () => {
    const sim = newSim();
    new Etcd(sim, 'etcd/etcd-0', 'control-plane', FLAGS);
    expect(raftTrace(sim.recorder.events)).toEqual([
      'state follower',
      `log ${HEX} became follower at term 1`,
      `log ${HEX} is starting a new election at term 1`,
      `log ${HEX} became candidate at term 2`,
      `log ${HEX} received MsgVoteResp from ${HEX} at term 2`,
      `log ${HEX} became leader at term 2`,
      'state leader.idle',
      `log raft.node: ${HEX} elected leader ${HEX} at term 2`,
    ]);
    // node.go's line follows from the state the member entered.
    const leaderState = sim.recorder.events.find((e) => e.kind === 'state' && e.op === 'leader.idle');
    const elected = sim.recorder.events.find((e) => e.kind === 'log' && String(e.attrs?.message).startsWith('raft.node:'));
    expect(elected?.cause).toBe(leaderState?.seq);
  });

  it('campaigns again from its stored term when restarted, and leads term 3 with the same words', () => {
    const sim = newSim();
    const etcd = new Etcd(sim, 'etcd/etcd-0', 'control-plane', FLAGS);
    etcd.stop();
    const before = sim.recorder.events.length;
    etcd.start();
    expect(raftTrace(sim.recorder.events.slice(before))).toEqual([
      'state follower',
      `log ${HEX} became follower at term 2`,
      `log ${HEX} is starting a new election at term 2`,
      `log ${HEX} became candidate at term 3`,
      `log ${HEX} received MsgVoteResp from ${HEX} at term 3`,
      `log ${HEX} became leader at term 3`,
      'state leader.idle',
      `log raft.node: ${HEX} elected leader ${HEX} at term 3`,
    ]);
    expect(etcd.header().raftTerm).toBe(3);
  });
});

describe('Cluster.MemberList (v3rpc/member.go, membership/cluster.go)', () => {
  it('lists a single member with the ID of its peer URLs, its flags, and a header without a revision', () => {
    const etcd = new Etcd(newSim(), 'etcd/etcd-0', 'control-plane', FLAGS);
    expect(etcd.memberList()).toEqual({
      header: { clusterId: '324952591200643719', memberId: '3319814642761637952', revision: 0, raftTerm: 2 },
      members: [{ id: '3319814642761637952', name: 'k8ssim-etcd-0', peerURLs: ['http://127.0.0.1:23800'], clientURLs: ['http://127.0.0.1:23790'], isLearner: false }],
    });
  });

  it('sorts a cluster\'s members by ID, and gives client URLs only to members whose publish it applied', () => {
    // A real 3.4.23 with infra-0 and infra-1 started and infra-2 never started listed infra-2
    // by its --initial-cluster name and peer URL, with no client URLs.
    const sim = newSim();
    const members = createEtcdMembers(sim, 'control-plane', { name: 'infra', initialAdvertisePeerURLs: ['http://127.0.0.1:23800'], advertiseClientURLs: ['http://127.0.0.1:23790'], members: 3 });
    const client: Actor = { id: 'etcdctl', host: 'control-plane', receive: (_: Delivery) => undefined };
    for (const m of members) sim.network.register(m);
    sim.network.register(client);
    members[0]?.server?.start();
    members[1]?.server?.start();
    sim.runUntil(5_000_000);
    const list = (members[0] as Etcd).memberList();
    expect(list.members.map((m) => [BigInt(m.id).toString(16), m.name, m.peerURLs.join(','), m.clientURLs.join(',')])).toEqual([
      [HEX, 'infra-0', 'http://127.0.0.1:23800', 'http://127.0.0.1:23790'],
      ['80961833613b81b4', 'infra-1', 'http://127.0.0.1:33800', 'http://127.0.0.1:33790'],
      ['c3b4a3c9c599c3f3', 'infra-2', 'http://127.0.0.1:43800', ''],
    ]);
    expect(list.header).toEqual({ clusterId: '17182159442797675885', memberId: '3319814642761637952', revision: 0, raftTerm: 2 });
  });
});
