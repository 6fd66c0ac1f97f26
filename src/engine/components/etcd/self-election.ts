/**
 * What a single-member etcd's raft logs when the member starts and elects itself: the lines the
 * raft path (raft-server.ts) records from raft/raft.go and raft/node.go for every member of a
 * cluster, here for the fast path, which runs no raft. They carry the term and the leader to the
 * trace the same way (`log` events, logger `raft`), so that views show the term of a lone member.
 *
 * raft.go: newRaft ends in becomeFollower(term) ("became follower at term %d"); etcdserver's
 * adjustTicks lets a lone voter campaign at once: MsgHup ("is starting a new election at term
 * %d"), becomeCandidate at term+1, its own vote ("received MsgVoteResp from %x at term %d"),
 * which is a quorum of one, becomeLeader; node.go then reports "raft.node: %x elected leader %x
 * at term %d". Checked against etcd 3.4.23's log on loopback (see self-election.test.ts).
 */
export interface SelfElectionLog {
  /** Logged while the member is still a follower (raft's own lines, before the Ready). */
  readonly campaign: readonly string[];
  /** Logged once the member is leader (node.go, on the Ready that carries the new leader). */
  readonly elected: string;
  /** The term it leads in. */
  readonly term: number;
}

/**
 * The lines of a lone member `hex` (its ID as raft prints it, `%x`) that starts in `term` (1 for
 * a new cluster, the stored term after a restart) and wins the next one.
 */
export function selfElectionLog(hex: string, term: number): SelfElectionLog {
  const next = term + 1;
  return {
    campaign: [
      `${hex} became follower at term ${term}`,
      `${hex} is starting a new election at term ${term}`,
      `${hex} became candidate at term ${next}`,
      `${hex} received MsgVoteResp from ${hex} at term ${next}`,
      `${hex} became leader at term ${next}`,
    ],
    elected: `raft.node: ${hex} elected leader ${hex} at term ${next}`,
    term: next,
  };
}
