import { setup } from 'xstate';

export type EtcdMemberEvent =
  | { type: 'CAMPAIGN' }
  | { type: 'ELECTED' }
  | { type: 'STEP_DOWN' }
  | { type: 'APPLY' }
  | { type: 'APPLIED' }
  | { type: 'STOP' }
  | { type: 'START' };

/**
 * An etcd member, in the roles of etcd 3.4's raft (raft/raft.go StateFollower, StateCandidate,
 * StateLeader; PreVote is off by default in 3.4, so there is no pre-candidate), plus `stopped`
 * for a member whose process is not running.
 *
 * - follower → candidate: its randomized election timeout ran out (MsgHup); a candidate whose
 *   election timed out campaigns again in the next term and stays a candidate;
 * - candidate → leader: a quorum voted for it; a single member elects itself at start;
 * - candidate or leader → follower: it saw a higher term, lost the vote, or (leader) has not
 *   heard from a quorum for an election timeout (CheckQuorum);
 * - the leader is `applying` while it applies entries to its store, `idle` otherwise.
 */
export const etcdMemberMachine = setup({
  types: {} as { events: EtcdMemberEvent },
}).createMachine({
  id: 'etcd-member',
  initial: 'follower',
  states: {
    follower: { on: { CAMPAIGN: 'candidate', ELECTED: 'leader', STOP: 'stopped' } },
    candidate: { on: { CAMPAIGN: { target: 'candidate', reenter: true }, ELECTED: 'leader', STEP_DOWN: 'follower', STOP: 'stopped' } },
    leader: {
      initial: 'idle',
      on: { STEP_DOWN: 'follower', STOP: 'stopped' },
      states: {
        idle: { on: { APPLY: 'applying' } },
        applying: { on: { APPLIED: 'idle' } },
      },
    },
    stopped: { on: { START: 'follower' } },
  },
});
