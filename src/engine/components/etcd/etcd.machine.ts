import { setup } from 'xstate';

/**
 * An etcd member. The simulated cluster has one member, which elects itself leader at start
 * (raft with a single voter); the multi-member raft states come with the full etcd model.
 */
export const etcdMemberMachine = setup({
  types: {} as { events: { type: 'ELECTED' } | { type: 'APPLY' } | { type: 'APPLIED' } },
}).createMachine({
  id: 'etcd-member',
  initial: 'follower',
  states: {
    follower: { on: { ELECTED: 'leader' } },
    leader: {
      initial: 'idle',
      states: {
        idle: { on: { APPLY: 'applying' } },
        applying: { on: { APPLIED: 'idle' } },
      },
    },
  },
});
