import type { TraceEvent } from '../../trace/schema.ts';
import type { Projection } from '../projection.ts';

/**
 * An immutable list that shares one growing array between all its versions, as a Go slice
 * shares its backing array: a version is `(items, length)` and sees only `items[0..length)`.
 * Appending to the newest version pushes in place (O(1), no copy); replaying the same events
 * from an older version (what `stateAt` does from a checkpoint) finds each event already in
 * place and only moves `length`. Only a different event appended to an older version copies.
 * Every checkpoint can thus hold the whole history of Events without copying it.
 */
export interface SharedList<T> {
  readonly items: T[];
  readonly length: number;
}

/** Kubernetes Events and user commands seen so far. */
export interface KubeLogState {
  readonly kubeEvents: SharedList<TraceEvent>;
  readonly commands: SharedList<TraceEvent>;
}

/**
 * Collects `event` (Kubernetes Events) and `command` events. The state is immutable, so
 * `snapshot` is the identity.
 */
export const kubeLogProjection: Projection<KubeLogState> = {
  init: () => ({ kubeEvents: emptyList(), commands: emptyList() }),
  apply(s, e) {
    if (e.kind === 'event') return { kubeEvents: append(s.kubeEvents, e), commands: s.commands };
    if (e.kind === 'command') return { kubeEvents: s.kubeEvents, commands: append(s.commands, e) };
    return s;
  },
  snapshot: (s) => s,
};

export function emptyList<T>(): SharedList<T> {
  return { items: [], length: 0 };
}

export function append<T>(list: SharedList<T>, item: T): SharedList<T> {
  const { items, length } = list;
  if (items.length === length) {
    items.push(item);
    return { items, length: length + 1 };
  }
  if (items[length] === item) return { items, length: length + 1 };
  const copy = items.slice(0, length);
  copy.push(item);
  return { items: copy, length: length + 1 };
}

const materialized = new WeakMap<SharedList<unknown>, readonly unknown[]>();

/**
 * The list as a frozen array, oldest first. Memoized per version: the same state always gives
 * the same array, which keeps React selectors stable.
 */
export function toArray<T>(list: SharedList<T>): readonly T[] {
  const memo = materialized.get(list);
  if (memo) return memo as readonly T[];
  const out = Object.freeze(list.items.slice(0, list.length));
  materialized.set(list, out);
  return out;
}
