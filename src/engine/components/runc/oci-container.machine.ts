import { setup } from 'xstate';

/**
 * A container as an OCI runtime sees it (runtime-spec runtime.md): creating → created →
 * running → stopped, then deleted; paused while its cgroup is frozen (runc and crun `pause`).
 * Which operation is accepted in which state is domain/oci/lifecycle.ts; this machine only
 * records the moves. A create whose init fails before exec goes from creating to stopped.
 */
export const ociContainerMachine = setup({
  types: {} as { events: { type: 'CREATED' } | { type: 'START' } | { type: 'EXITED' } | { type: 'DELETE' } | { type: 'FAILED' } | { type: 'PAUSE' } | { type: 'RESUME' } },
}).createMachine({
  id: 'oci-container',
  initial: 'creating',
  states: {
    creating: { on: { CREATED: 'created', FAILED: 'stopped', EXITED: 'stopped' } },
    created: { on: { START: 'running', EXITED: 'stopped', PAUSE: 'paused' } },
    running: { on: { EXITED: 'stopped', PAUSE: 'paused' } },
    paused: { on: { RESUME: 'running', EXITED: 'stopped' } },
    stopped: { on: { DELETE: 'deleted' } },
    deleted: { type: 'final' },
  },
});
