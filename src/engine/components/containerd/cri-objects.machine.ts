import { setup } from 'xstate';

/** A pod sandbox as the CRI reports it (PodSandboxState), with containerd's creation phase. */
export const sandboxMachine = setup({
  types: {} as { events: { type: 'READY' } | { type: 'STOP' } | { type: 'REMOVE' } | { type: 'FAILED' } },
}).createMachine({
  id: 'cri-sandbox',
  initial: 'creating',
  states: {
    creating: { on: { READY: 'SANDBOX_READY', FAILED: 'SANDBOX_NOTREADY' } },
    SANDBOX_READY: { on: { STOP: 'SANDBOX_NOTREADY' } },
    SANDBOX_NOTREADY: { on: { REMOVE: 'removed' } },
    removed: { type: 'final' },
  },
});

/** A container as the CRI reports it (ContainerState). */
export const criContainerMachine = setup({
  types: {} as { events: { type: 'CREATED' } | { type: 'STARTED' } | { type: 'EXITED' } | { type: 'REMOVE' } | { type: 'FAILED' } },
}).createMachine({
  id: 'cri-container',
  initial: 'creating',
  states: {
    creating: { on: { CREATED: 'CONTAINER_CREATED', FAILED: 'removed' } },
    CONTAINER_CREATED: { on: { STARTED: 'CONTAINER_RUNNING', EXITED: 'CONTAINER_EXITED' } },
    CONTAINER_RUNNING: { on: { EXITED: 'CONTAINER_EXITED' } },
    CONTAINER_EXITED: { on: { REMOVE: 'removed' } },
    removed: { type: 'final' },
  },
});
