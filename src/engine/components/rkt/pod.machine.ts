import { setup } from 'xstate';
import { TRANSITIONS, type PodEvent } from '../../../domain/rkt/lifecycle.ts';

/**
 * A rkt pod's state on disk (domain/rkt/lifecycle.ts, pkg/pod/pods.go), as an xstate machine so
 * every move is a `state` event in the trace. The state names are rkt's own ("exited garbage").
 */
const states = Object.fromEntries(
  Object.entries(TRANSITIONS).map(([state, on]) => [state, state === 'deleted' ? { type: 'final' as const } : { on: Object.fromEntries(Object.entries(on).map(([ev, to]) => [ev, to])) }]),
);

export const rktPodMachine = setup({
  types: {} as { events: { type: PodEvent } },
}).createMachine({
  id: 'rkt-pod',
  initial: 'embryo',
  states,
});

/**
 * An app inside a pod, as stage1 and lib/app.go see it: created (stage0 rendered it; in a
 * mutable pod its `created` file), running (`started`), exited (its status file). `rkt app
 * start` starts an exited app again; `rkt app rm` removes it.
 */
export const rktAppMachine = setup({
  types: {} as { events: { type: 'START' } | { type: 'EXIT' } | { type: 'REMOVE' } },
}).createMachine({
  id: 'rkt-app',
  initial: 'created',
  states: {
    created: { on: { START: 'running', REMOVE: 'removed' } },
    running: { on: { EXIT: 'exited', REMOVE: 'removed' } },
    exited: { on: { START: 'running', REMOVE: 'removed' } },
    removed: { type: 'final' },
  },
});
