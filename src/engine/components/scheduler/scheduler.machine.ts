import { setup } from 'xstate';

/**
 * kube-scheduler's scheduling cycle (pkg/scheduler/schedule_one.go): serial, one pod at a time,
 * through the framework's extension points (DOMAIN.md 4.1). The finer extension points
 * (QueueSort, PreFilter, PreScore, NormalizeScore) are spans inside these states.
 */
export const schedulerMachine = setup({
  types: {} as {
    events:
      | { type: 'INFORMERS_SYNCED' }
      | { type: 'POP' }
      | { type: 'FILTERED' }
      | { type: 'SELECTED' }
      | { type: 'POSTFILTER' }
      | { type: 'SCORED' }
      | { type: 'RESERVED' }
      | { type: 'PERMITTED' }
      | { type: 'UNSCHEDULABLE' };
  },
}).createMachine({
  id: 'scheduler',
  initial: 'waitingForCacheSync',
  states: {
    waitingForCacheSync: { on: { INFORMERS_SYNCED: 'idle' } },
    idle: { on: { POP: 'schedulingCycle' } },
    schedulingCycle: {
      initial: 'filter',
      states: {
        // SELECTED: exactly one node passed Filter, which is taken without scoring.
        filter: { on: { FILTERED: 'score', SELECTED: 'reserve', POSTFILTER: 'postFilter', UNSCHEDULABLE: '#scheduler.idle' } },
        postFilter: { on: { UNSCHEDULABLE: '#scheduler.idle' } },
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
