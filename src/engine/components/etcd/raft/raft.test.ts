import { describe, expect, it } from 'vitest';
import { RaftLog } from './log.ts';
import { Raft } from './raft.ts';
import { message, NONE, type RaftEntry, type RaftMessage } from './types.ts';

/**
 * The raft state machine on its own (etcd 3.4 raft/raft.go, log.go, tracker/progress.go,
 * read_only.go; the scenarios follow raft_test.go and raft_paper_test.go): three members
 * wired by a synchronous in-memory network that can cut members off.
 */

type Data = string;
const IDS = ['1', '2', '3'];

function bootstrapLog(): RaftLog<Data> {
  // raft.StartNode with three peers: three ConfChange entries of term 1, committed.
  const log = new RaftLog<Data>();
  log.append(IDS.map((_, i) => ({ index: i + 1, term: 1, type: 'EntryConfChange', data: undefined }) as RaftEntry<Data>));
  log.commitTo(3);
  log.appliedTo(3);
  return log;
}

class Net {
  readonly nodes = new Map<string, Raft<Data>>();
  readonly down = new Set<string>();
  readonly sent: RaftMessage<Data>[] = [];

  constructor(timeouts: Record<string, number>) {
    for (const id of IDS) {
      // randInt returns the extra ticks each reset draws; a fixed value per member makes the election order known.
      const extra = timeouts[id] ?? 9;
      this.nodes.set(id, new Raft<Data>({ id, voters: IDS, electionTick: 10, heartbeatTick: 1, checkQuorum: true, randInt: () => extra }, { term: 1, vote: NONE, log: bootstrapLog() }));
    }
  }

  node(id: string): Raft<Data> {
    return this.nodes.get(id) as Raft<Data>;
  }

  /** Delivers every message until none is left; messages to or from a member that is down are lost. */
  flush(): void {
    for (let guard = 0; guard < 10_000; guard++) {
      const batch: RaftMessage<Data>[] = [];
      for (const [id, n] of this.nodes) {
        for (const m of n.msgs) if (!this.down.has(id)) batch.push(m);
        n.msgs = [];
      }
      if (batch.length === 0) return;
      for (const m of batch) {
        this.sent.push(m);
        if (!this.down.has(m.to)) this.node(m.to).step(m);
      }
    }
    throw new Error('messages never stopped');
  }

  tick(times: number, who: readonly string[] = IDS): void {
    for (let i = 0; i < times; i++) {
      for (const id of who) if (!this.down.has(id)) this.node(id).tick();
      this.flush();
    }
  }

  propose(id: string, data: Data): void {
    this.node(id).step(message({ type: 'MsgProp', from: id, entries: [{ index: 0, term: 0, type: 'EntryNormal', data }] }));
    this.flush();
  }

  leader(): Raft<Data> | undefined {
    return [...this.nodes.values()].find((n) => n.state === 'StateLeader' && !this.down.has(n.id));
  }
}

describe('raft election (raft.go campaign, poll, Step MsgVote)', () => {
  it('elects the member whose randomized timeout runs out first, in term 2, with the votes of both others', () => {
    const net = new Net({ '1': 7, '2': 3, '3': 5 });
    net.tick(13);
    expect(net.node('2').state).toBe('StateLeader');
    expect(net.node('2').term).toBe(2);
    expect(net.node('1').lead).toBe('2');
    expect(net.node('3').lead).toBe('2');
    expect(net.node('2').logs).toContain('2 has received 2 MsgVoteResp votes and 0 vote rejections');
    expect(net.node('1').logs).toContain('1 [logterm: 1, index: 3, vote: 0] cast MsgVote for 2 [logterm: 1, index: 3] at term 2');
  });

  it('draws the timeout in [electionTick, 2·electionTick): no campaign before 10 ticks, nor after 19', () => {
    const early = new Net({ '1': 0, '2': 9, '3': 9 });
    early.tick(9);
    expect(early.leader()).toBeUndefined();
    early.tick(1);
    expect(early.node('1').state).toBe('StateLeader');
    const late = new Net({ '1': 9, '2': 9, '3': 9 });
    late.tick(18);
    expect(late.leader()).toBeUndefined();
  });

  it('commits the new leader\'s empty entry (index 4, term 2) on every member', () => {
    const net = new Net({ '1': 7, '2': 3, '3': 5 });
    net.tick(13);
    net.tick(1);
    for (const id of IDS) {
      expect(net.node(id).log.lastIndex()).toBe(4);
      expect(net.node(id).log.term(4)).toBe(2);
      expect(net.node(id).log.committed).toBe(4);
    }
  });

  it('refuses a vote to a candidate whose log is behind', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 2 });
    net.tick(10);
    net.down.add('3');
    net.propose('1', 'put a');
    net.down.add('1');
    net.down.delete('3');
    // 3 missed entry 5; 2 has it. 3 times out first and asks 2, whose leader lease has run out.
    net.tick(14, ['2', '3']);
    expect(net.node('2').logs).toContain('2 [logterm: 2, index: 5, vote: 0] rejected MsgVote from 3 [logterm: 2, index: 4] at term 3');
    expect(net.node('3').state).not.toBe('StateLeader');
  });
});

describe('raft replication (stepLeader MsgProp/MsgAppResp, log.go maybeAppend/maybeCommit)', () => {
  function elected(): Net {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.tick(11);
    return net;
  }

  it('replicates a proposal to every log and commits it once a quorum has it', () => {
    const net = elected();
    net.propose('1', 'put a');
    for (const id of IDS) expect(net.node(id).log.entry(5)?.data).toBe('put a');
    expect(net.node('1').log.committed).toBe(5);
    // Followers learn the new commit index from the next MsgApp or heartbeat.
    net.tick(1);
    expect(net.node('2').log.committed).toBe(5);
  });

  it('commits with one follower down (2 of 3), and not with two down', () => {
    const net = elected();
    net.down.add('3');
    net.propose('1', 'put a');
    expect(net.node('1').log.committed).toBe(5);
    net.down.add('2');
    net.propose('1', 'put b');
    expect(net.node('1').log.lastIndex()).toBe(6);
    expect(net.node('1').log.committed).toBe(5);
  });

  it('forwards a follower\'s proposal to the leader as MsgProp', () => {
    const net = elected();
    net.propose('3', 'put c');
    expect(net.sent.some((m) => m.type === 'MsgProp' && m.from === '3' && m.to === '1')).toBe(true);
    expect(net.node('1').log.entry(5)?.data).toBe('put c');
  });

  it('catches a follower up after it was away: MsgApp is rejected, next goes back, the missing entries follow', () => {
    const net = elected();
    net.down.add('3');
    for (const v of ['a', 'b', 'c', 'd']) net.propose('1', `put ${v}`);
    net.tick(3, ['1', '2']);
    net.down.delete('3');
    net.propose('1', 'put e');
    net.tick(2);
    const rejects = net.sent.filter((m) => m.type === 'MsgAppResp' && m.from === '3' && m.reject);
    expect(rejects.length).toBeGreaterThan(0);
    expect(rejects[0]?.rejectHint).toBe(4);
    expect(net.node('3').log.lastIndex()).toBe(9);
    expect(net.node('3').log.slice(5, 10).map((e) => e.data)).toEqual(['put a', 'put b', 'put c', 'put d', 'put e']);
    expect(net.node('3').log.committed).toBe(9);
  });

  it('overwrites entries a deposed leader could not commit (log.go findConflict)', () => {
    const net = new Net({ '1': 0, '2': 4, '3': 6 });
    net.tick(11);
    net.down.add('2');
    net.down.add('3');
    net.propose('1', 'lost');
    expect(net.node('1').log.entry(5)?.data).toBe('lost');
    net.down.delete('2');
    net.down.delete('3');
    net.down.add('1');
    net.node('2').becomeFollower(net.node('2').term, NONE);
    net.node('3').becomeFollower(net.node('3').term, NONE);
    net.tick(20, ['2', '3']);
    const leader = net.leader() as Raft<Data>;
    expect(leader.id).not.toBe('1');
    expect(leader.term).toBe(3);
    net.down.delete('1');
    net.tick(2);
    expect(net.node('1').state).toBe('StateFollower');
    expect(net.node('1').log.entry(5)?.term).toBe(3);
    expect(net.node('1').log.entry(5)?.data).toBeUndefined();
  });
});

describe('raft leader loss (tickElection, CheckQuorum, the leader lease)', () => {
  it('elects a new leader in term 3 after the leader of term 2 stops', () => {
    const net = new Net({ '1': 0, '2': 4, '3': 6 });
    net.tick(11);
    expect(net.node('1').term).toBe(2);
    net.down.add('1');
    net.tick(20, ['2', '3']);
    const leader = net.leader() as Raft<Data>;
    expect(leader.id).toBe('2');
    expect(leader.term).toBe(3);
  });

  it('steps a leader down when it has not heard from a quorum for an election timeout', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.tick(11);
    net.down.add('2');
    net.down.add('3');
    net.tick(25, ['1']);
    expect(net.node('1').state).not.toBe('StateLeader');
    expect(net.node('1').logs).toContain('1 stepped down to follower since quorum is not active');
  });

  it('keeps campaigning, one term after another, while no quorum answers', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.tick(11);
    net.down.add('2');
    net.down.add('3');
    net.tick(60, ['1']);
    expect(net.node('1').state).toBe('StateCandidate');
    expect(net.node('1').term).toBeGreaterThan(3);
  });

  it('ignores a vote request with a higher term while it hears from its leader', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.tick(11);
    net.node('2').step(message({ type: 'MsgVote', from: '3', to: '2', term: 9, index: 99, logTerm: 9 }));
    expect(net.node('2').term).toBe(2);
    expect(net.node('2').logs.some((l) => l.includes('ignored MsgVote from 3') && l.includes('lease is not expired'))).toBe(true);
  });
});

describe('raft ReadIndex (ReadOnlySafe)', () => {
  it('answers a follower\'s read with the leader\'s commit index after a quorum acknowledged a heartbeat', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.tick(12);
    net.propose('1', 'put a');
    net.node('3').step(message({ type: 'MsgReadIndex', from: '3', entries: [{ index: 0, term: 0, type: 'EntryNormal', data: 'ctx-1' }] }));
    net.flush();
    expect(net.sent.some((m) => m.type === 'MsgHeartbeat' && m.context === 'ctx-1')).toBe(true);
    expect(net.node('3').readStates).toEqual([{ index: 5, context: 'ctx-1' }]);
  });

  it('drops a read at a member that knows no leader', () => {
    const net = new Net({ '1': 0, '2': 9, '3': 9 });
    net.node('2').step(message({ type: 'MsgReadIndex', from: '2', entries: [{ index: 0, term: 0, type: 'EntryNormal', data: 'ctx-2' }] }));
    net.flush();
    expect(net.node('2').readStates).toEqual([]);
    expect(net.node('2').logs).toContain('2 no leader at term 1; dropping index reading msg');
  });
});
