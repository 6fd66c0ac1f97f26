import { setup } from 'xstate';

/** The kubelet itself: registering its node, then ready. */
export const kubeletMachine = setup({
  types: {} as { events: { type: 'REGISTERED' } | { type: 'REGISTRATION_FAILED' } },
}).createMachine({
  id: 'kubelet',
  initial: 'registeringNode',
  states: {
    registeringNode: { on: { REGISTERED: 'ready', REGISTRATION_FAILED: 'registeringNode' } },
    ready: {},
  },
});
