import { setup } from 'xstate';

/**
 * A controller's worker: it waits on its workqueue, then runs one sync (which may issue API
 * requests and wait for their answers) before taking the next key. The simulated controllers
 * run one worker each (--concurrent-deployment-syncs=1), which keeps the story easy to follow.
 */
export const controllerMachine = setup({
  types: {} as { events: { type: 'SYNC' } | { type: 'SYNCED' } | { type: 'INFORMERS_SYNCED' } },
}).createMachine({
  id: 'controller',
  initial: 'waitingForCacheSync',
  states: {
    waitingForCacheSync: { on: { INFORMERS_SYNCED: 'idle' } },
    idle: { on: { SYNC: 'syncing' } },
    syncing: { on: { SYNCED: 'idle' } },
  },
});
