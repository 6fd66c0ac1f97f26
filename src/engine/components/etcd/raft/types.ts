/**
 * raftpb in miniature (etcd 3.4 raft/raftpb/raft.proto): the message types etcd's raft sends,
 * with their real names, and log entries. Member IDs are the members' IDs in lowercase hex, as
 * raft's log lines print them; NONE is raft.None.
 */

export const NONE = '';

export type MessageType =
  | 'MsgHup'
  | 'MsgBeat'
  | 'MsgProp'
  | 'MsgApp'
  | 'MsgAppResp'
  | 'MsgVote'
  | 'MsgVoteResp'
  | 'MsgHeartbeat'
  | 'MsgHeartbeatResp'
  | 'MsgUnreachable'
  | 'MsgCheckQuorum'
  | 'MsgReadIndex'
  | 'MsgReadIndexResp';

export type EntryType = 'EntryNormal' | 'EntryConfChange';

/** One entry of the log. `data` is what the application proposed (undefined: the leader's empty entry). */
export interface RaftEntry<D = unknown> {
  index: number;
  term: number;
  type: EntryType;
  data: D | undefined;
}

/** pb.Message: the fields the modelled messages use. `term` 0 is a local message. */
export interface RaftMessage<D = unknown> {
  type: MessageType;
  from: string;
  to: string;
  term: number;
  logTerm: number;
  index: number;
  entries: RaftEntry<D>[];
  commit: number;
  reject: boolean;
  rejectHint: number;
  /** MsgHeartbeat(Resp) carry a ReadIndex request's context; MsgReadIndex(Resp) carry it as their one entry's data. */
  context?: string;
}

export type StateType = 'StateFollower' | 'StateCandidate' | 'StateLeader';

/** A message with defaults for the fields it does not set. */
export function message<D>(m: Partial<RaftMessage<D>> & { type: MessageType }): RaftMessage<D> {
  return { from: NONE, to: NONE, term: 0, logTerm: 0, index: 0, entries: [], commit: 0, reject: false, rejectHint: 0, ...m };
}

/** A ReadIndex answer (raft.ReadState): reads with this context may be served once `index` is applied. */
export interface ReadState {
  index: number;
  context: string;
}
