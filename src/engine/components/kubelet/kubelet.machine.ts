import { setup } from 'xstate';

/** The kubelet itself: registering its node, then ready, until its process stops. */
export const kubeletMachine = setup({
  types: {} as { events: { type: 'REGISTERED' } | { type: 'REGISTRATION_FAILED' } | { type: 'STOPPED' } },
}).createMachine({
  id: 'kubelet',
  initial: 'registeringNode',
  states: {
    registeringNode: { on: { REGISTERED: 'ready', REGISTRATION_FAILED: 'registeringNode', STOPPED: 'stopped' } },
    ready: { on: { STOPPED: 'stopped' } },
    stopped: {},
  },
});
