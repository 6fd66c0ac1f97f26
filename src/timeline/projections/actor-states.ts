import type { Micros } from '../../base/time.ts';
import { actorStateKey } from '../keys.ts';
import type { Projection } from '../projection.ts';

/** The current state of one state machine instance. Entries are never mutated once made. */
export interface ActorStateEntry {
  readonly actor: string;
  /** e.g. `pod-worker`, `oci-container`, `apiserver-request`, `controller`. */
  readonly machine: string;
  /** e.g. `default/web-7d4b9c-x2k4q` or a container id; absent for one-per-actor machines. */
  readonly instance?: string;
  /** The dotted state path, e.g. `syncing.pullingImage`. */
  readonly state: string;
  /** When the machine entered this state. */
  readonly since: Micros;
}

/** Machine states by `actor|machine|instance`. */
export type ActorStatesState = Map<string, ActorStateEntry>;

/**
 * Folds `state` events into the latest state of every machine instance that has not finished.
 */
export const actorStatesProjection: Projection<ActorStatesState> = {
  init: () => new Map(),
  apply(s, e) {
    if (e.kind !== 'state') return s;
    const attrs = e.attrs;
    // A state event without attrs.machine (a hand-written or imported trace) stands for the
    // actor's one main machine, named after its component (`kubelet/node-1` → `kubelet`).
    const machine = typeof attrs?.machine === 'string' ? attrs.machine : componentOf(e.actor);
    const instance = typeof attrs?.instance === 'string' ? attrs.instance : undefined;
    const key = actorStateKey(e.actor, machine, instance);
    // A machine that reached a final state (`attrs.final`, e.g. a finished apiserver request)
    // is gone: dropping it keeps the map the size of what is running, not of all history.
    if (attrs?.final === true) {
      s.delete(key);
      return s;
    }
    // A self-transition (same state again) keeps the original `since`: the machine has been
    // in that state all along.
    const prev = s.get(key);
    if (prev && prev.state === e.op) return s;
    const entry: ActorStateEntry =
      instance === undefined
        ? { actor: e.actor, machine, state: e.op, since: e.t }
        : { actor: e.actor, machine, instance, state: e.op, since: e.t };
    s.set(key, entry);
    return s;
  },
  snapshot: (s) => new Map(s),
};

/** `kubelet/node-1` → `kubelet`; `scheduler` → `scheduler`. */
export function componentOf(actor: string): string {
  const slash = actor.indexOf('/');
  return slash < 0 ? actor : actor.slice(0, slash);
}
