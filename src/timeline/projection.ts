import type { TraceEvent } from '../trace/schema.ts';

/**
 * A fold of the event stream into one piece of world state (architecture-models 4.7).
 *
 * `apply` is a reducer that owns its accumulator: it may update `s` in place and return it, so
 * replaying a million events costs one small write each instead of a copy of the whole state
 * (an immutable Map copy per event is O(size) and makes a 1M-event load quadratic; see
 * README.md, "Measurements"). The rule that keeps this safe: whoever passes `s` to `apply`
 * never reads `s` again, and any state that escapes (a checkpoint, a result handed to a view)
 * is first copied with `snapshot`, after which nothing mutates it.
 *
 * Besides that, projections are pure: no clock, no I/O, the same events give the same state.
 */
export interface Projection<S> {
  init(): S;
  apply(s: S, e: TraceEvent): S;
  /** An independent copy that later `apply` calls on `s` cannot change. */
  snapshot(s: S): S;
}

/** Folds `events` from the projection's initial state. Handy in tests and one-off queries. */
export function fold<S>(projection: Projection<S>, events: Iterable<TraceEvent>): S {
  let s = projection.init();
  for (const e of events) s = projection.apply(s, e);
  return s;
}
