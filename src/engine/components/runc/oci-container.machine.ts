import { setup } from 'xstate';

/**
 * A container as an OCI runtime sees it (runtime-spec runtime.md): creating → created →
 * running → stopped, then deleted. `start` is only accepted in `created`, as runc enforces.
 */
export const ociContainerMachine = setup({
  types: {} as { events: { type: 'CREATED' } | { type: 'START' } | { type: 'EXITED' } | { type: 'DELETE' } | { type: 'FAILED' } },
}).createMachine({
  id: 'oci-container',
  initial: 'creating',
  states: {
    creating: { on: { CREATED: 'created', FAILED: 'stopped' } },
    created: { on: { START: 'running', EXITED: 'stopped' } },
    running: { on: { EXITED: 'stopped' } },
    stopped: { on: { DELETE: 'deleted' } },
    deleted: { type: 'final' },
  },
});
