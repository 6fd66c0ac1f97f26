import type { ETCD_ERRORS } from './errors.ts';

/**
 * The arithmetic of etcd 3.4's raft and etcdserver that does not need a running member: quorum
 * sizes, the commit index a quorum has reached, the "at least as up to date" rule of votes,
 * tick counts, the server's request timeout, and which timeout error a proposal gets.
 * Times are integer microseconds, as everywhere in the engine.
 */

/** A majority of `voters` (raft/quorum/majority.go). */
export function quorum(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/**
 * The highest index that a majority of voters has in its log (raft/quorum/majority.go
 * MajorityConfig.CommittedIndex): sort the match indexes, largest first, and take the one at
 * position quorum - 1.
 */
export function committedIndex(matches: readonly number[]): number {
  if (matches.length === 0) return 0;
  const sorted = [...matches].sort((a, b) => b - a);
  return sorted[quorum(matches.length) - 1] as number;
}

/**
 * raft/log.go isUpToDate: a candidate's log (its last index and the term of that entry) is at
 * least as up to date as ours if its last term is higher, or equal with an index at least ours.
 */
export function isUpToDate(ourLastIndex: number, ourLastTerm: number, candIndex: number, candTerm: number): boolean {
  return candTerm > ourLastTerm || (candTerm === ourLastTerm && candIndex >= ourLastIndex);
}

/** Election ticks: etcd ticks raft once per heartbeat interval (etcdmain/config.go ElectionMs / TickMs). */
export function electionTicks(heartbeatMs: number, electionMs: number): number {
  return Math.floor(electionMs / heartbeatMs);
}

/** etcdserver/config.go ReqTimeout: 5 s plus two election timeouts; 7 s with the defaults. */
export function requestTimeoutMicros(heartbeatMs: number, electionMs: number): number {
  return (5_000 + 2 * electionTicks(heartbeatMs, electionMs) * heartbeatMs) * 1_000;
}

/** What parseProposeCtxErr needs to know about the member when a proposal's deadline passes. */
export interface ProposalTimeoutFacts {
  /** When the proposal was handed to raft. */
  start: number;
  /** When this member last became leader (etcdserver's leadElectedTime); undefined if never. */
  leadElectedAt: number | undefined;
  /** --election-timeout in µs (ElectionTicks × TickMs). */
  electionTimeout: number;
  /** The leader this member knows now; undefined for none. */
  lead: string | undefined;
  self: string;
  /** All members of the cluster, self included. */
  members: readonly string[];
  /** rafthttp's ActiveSince: when the stream to a peer became active; undefined when it is not. */
  activeSince(member: string): number | undefined;
}

/**
 * etcdserver/server.go parseProposeCtxErr for a proposal that raft accepted but that was not
 * applied before its deadline:
 * - it started within two election timeouts before this member became leader: the previous
 *   leader probably failed;
 * - this member is the leader and has not been connected to a quorum since the start, or it
 *   follows a leader it has not been connected to since then: the connection was lost;
 * - otherwise (no leader at all, or connected all along): a plain timeout.
 */
export function proposalTimeoutError(f: ProposalTimeoutFacts): keyof typeof ETCD_ERRORS {
  if (f.leadElectedAt !== undefined) {
    const prevLeadLost = f.leadElectedAt - 2 * f.electionTimeout;
    if (f.start > prevLeadLost && f.start < f.leadElectedAt) return 'requestTimedOutLeaderFail';
  }
  const connectedSince = (m: string): boolean => {
    const t = f.activeSince(m);
    return t !== undefined && t < f.start;
  };
  if (f.lead === undefined) return 'requestTimedOut';
  if (f.lead === f.self) {
    // etcdserver/util.go isConnectedToQuorumSince: self counts as connected.
    const connected = f.members.filter((m) => m === f.self || connectedSince(m)).length;
    if (connected < quorum(f.members.length)) return 'requestTimedOutConnectionLost';
    return 'requestTimedOut';
  }
  if (!connectedSince(f.lead)) return 'requestTimedOutConnectionLost';
  return 'requestTimedOut';
}
