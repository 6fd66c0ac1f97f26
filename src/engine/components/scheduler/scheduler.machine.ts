import { setup } from 'xstate';

/**
 * kube-scheduler's scheduling cycle (pkg/scheduler/schedule_one.go): serial, one pod at a time,
 * through the framework's extension points (DOMAIN.md 4.1).
 */
export const schedulerMachine = setup({
  types: {} as { events: { type: 'INFORMERS_SYNCED' } | { type: 'POP' } | { type: 'FILTERED' } | { type: 'SCORED' } | { type: 'RESERVED' } | { type: 'PERMITTED' } | { type: 'UNSCHEDULABLE' } },
}).createMachine({
  id: 'scheduler',
  initial: 'waitingForCacheSync',
  states: {
    waitingForCacheSync: { on: { INFORMERS_SYNCED: 'idle' } },
    idle: { on: { POP: 'schedulingCycle' } },
    schedulingCycle: {
      initial: 'filter',
      states: {
        filter: { on: { FILTERED: 'score', UNSCHEDULABLE: '#scheduler.idle' } },
        score: { on: { SCORED: 'reserve' } },
        reserve: { on: { RESERVED: 'permit' } },
        permit: { on: { PERMITTED: '#scheduler.idle' } },
      },
    },
  },
});

/** The binding cycle of one pod, which runs on its own while the next pod is scheduled. */
export const bindingCycleMachine = setup({
  types: {} as { events: { type: 'ALLOWED' } | { type: 'PREBOUND' } | { type: 'BOUND' } | { type: 'FAILED' } },
}).createMachine({
  id: 'binding-cycle',
  initial: 'waitOnPermit',
  states: {
    waitOnPermit: { on: { ALLOWED: 'preBind' } },
    preBind: { on: { PREBOUND: 'bind', FAILED: 'unreserved' } },
    bind: { on: { BOUND: 'postBind', FAILED: 'unreserved' } },
    postBind: { type: 'final' },
    unreserved: { type: 'final' },
  },
});
