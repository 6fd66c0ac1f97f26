import { describe, expect, it } from 'vitest';
import { committedIndex, electionTicks, isUpToDate, proposalTimeoutError, quorum, requestTimeoutMicros, type ProposalTimeoutFacts } from './raft-rules.ts';

// raft/quorum/majority.go, raft/log.go isUpToDate, etcdserver/config.go ReqTimeout.
describe('raft quorum arithmetic', () => {
  it('needs a majority: 1 of 1, 2 of 3, 3 of 5', () => {
    expect([1, 2, 3, 4, 5].map(quorum)).toEqual([1, 2, 2, 3, 3]);
  });

  it('commits what a majority has: the quorum-th largest match index', () => {
    expect(committedIndex([12, 9, 10])).toBe(10);
    expect(committedIndex([12, 0, 0])).toBe(0);
    expect(committedIndex([7])).toBe(7);
    expect(committedIndex([5, 5, 9, 9, 1])).toBe(5);
  });

  it('votes only for a log at least as up to date: a later last term, or the same term and no shorter', () => {
    expect(isUpToDate(11, 3, 10, 4)).toBe(true);
    expect(isUpToDate(11, 3, 11, 3)).toBe(true);
    expect(isUpToDate(11, 3, 10, 3)).toBe(false);
    expect(isUpToDate(11, 3, 20, 2)).toBe(false);
  });

  it('ticks once per heartbeat and times requests out after 5 s plus two election timeouts', () => {
    expect(electionTicks(100, 1000)).toBe(10);
    expect(requestTimeoutMicros(100, 1000)).toBe(7_000_000);
    expect(requestTimeoutMicros(10, 100)).toBe(5_200_000);
  });
});

// etcdserver/server.go parseProposeCtxErr, etcdserver/util.go isConnectedToQuorumSince.
describe('parseProposeCtxErr', () => {
  const members = ['a', 'b', 'c'];
  const base: ProposalTimeoutFacts = { start: 10_000_000, leadElectedAt: undefined, electionTimeout: 1_000_000, lead: undefined, self: 'a', members, activeSince: () => 0 };

  it('says "request timed out" when the member has no leader at the deadline', () => {
    expect(proposalTimeoutError(base)).toBe('requestTimedOut');
  });

  it('blames the previous leader when this member became leader shortly after the request came', () => {
    expect(proposalTimeoutError({ ...base, lead: 'a', leadElectedAt: 11_000_000 })).toBe('requestTimedOutLeaderFail');
    // Elected more than two election timeouts after the start: not the previous leader's fault.
    expect(proposalTimeoutError({ ...base, lead: 'a', leadElectedAt: 12_500_000 })).toBe('requestTimedOut');
  });

  it('says "connection lost" for a leader cut off from its quorum since the request started', () => {
    const lost = (m: string): number | undefined => (m === 'b' ? 0 : undefined);
    expect(proposalTimeoutError({ ...base, lead: 'a', activeSince: () => undefined })).toBe('requestTimedOutConnectionLost');
    expect(proposalTimeoutError({ ...base, lead: 'a', activeSince: lost })).toBe('requestTimedOut');
    // A peer that came back after the start does not count.
    expect(proposalTimeoutError({ ...base, lead: 'a', activeSince: (m) => (m === 'b' ? 10_500_000 : undefined) })).toBe('requestTimedOutConnectionLost');
  });

  it('says "connection lost" for a follower not connected to its leader since the start', () => {
    expect(proposalTimeoutError({ ...base, lead: 'b', activeSince: () => undefined })).toBe('requestTimedOutConnectionLost');
    expect(proposalTimeoutError({ ...base, lead: 'b' })).toBe('requestTimedOut');
  });
});
