import { describe, expect, it } from 'vitest';
import { RaftLog } from './raft/log.ts';
import { Raft } from './raft/raft.ts';
import { message, NONE, type RaftEntry } from './raft/types.ts';
import { selfElectionLog } from './self-election.ts';

// raft/raft.go (newRaft, becomeFollower, Step MsgHup, campaign, poll, becomeLeader) and
// raft/node.go ("raft.node: %x elected leader %x at term %d"), for a lone voter.

const HEX = '2e1259d415f2a040';

describe('selfElectionLog (raft/raft.go, raft/node.go)', () => {
  it('is what etcd 3.4.23 logged when a new single-member cluster elected itself', () => {
    // From `etcd --name k8ssim-etcd-0 --initial-advertise-peer-urls http://127.0.0.1:23800 …`,
    // the raft lines after "became follower at term 1" (the bootstrap's term 0 lines come before).
    const log = selfElectionLog(HEX, 1);
    expect(log.campaign).toEqual([
      '2e1259d415f2a040 became follower at term 1',
      '2e1259d415f2a040 is starting a new election at term 1',
      '2e1259d415f2a040 became candidate at term 2',
      '2e1259d415f2a040 received MsgVoteResp from 2e1259d415f2a040 at term 2',
      '2e1259d415f2a040 became leader at term 2',
    ]);
    expect(log.elected).toBe('raft.node: 2e1259d415f2a040 elected leader 2e1259d415f2a040 at term 2');
    expect(log.term).toBe(2);
  });

  it('has the same words as the raft the cluster path runs, for one voter, in any term', () => {
    for (const term of [1, 2, 7]) {
      const log = new RaftLog<string>();
      log.append([{ index: 1, term: 1, type: 'EntryConfChange', data: undefined } as RaftEntry<string>]);
      log.commitTo(1);
      log.appliedTo(1);
      const raft = new Raft<string>({ id: HEX, voters: [HEX], electionTick: 10, heartbeatTick: 1, checkQuorum: true, randInt: () => 0 }, { term, vote: NONE, log });
      raft.step(message({ type: 'MsgHup' }));
      expect(raft.state).toBe('StateLeader');
      expect(raft.logs).toEqual(selfElectionLog(HEX, term).campaign);
      expect(raft.term).toBe(selfElectionLog(HEX, term).term);
    }
  });
});
