import type { Micros } from '../base/time.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { sortActors } from './actors.ts';
import { CheckpointStore, DEFAULT_CHECKPOINT_POLICY, type CheckpointPolicy } from './checkpoints.ts';
import { EventLog } from './event-log.ts';
import { objectKey } from './keys.ts';
import { worldProjection, type ProjectedState } from './projections/world.ts';
import { worldStateAt, type WorldState } from './world-state.ts';

export interface TimelineOptions {
  /** Overrides the checkpoint policy (tests and measurements). */
  checkpoints?: Partial<CheckpointPolicy>;
}

/**
 * The read-model every view uses (DESIGN.md 1.1): the event log of one trace plus projections,
 * checkpoints and queries, answering "what does the world look like at t?".
 *
 * Events are appended in `(t, seq)` order (all at once or as a stream); `stateAt(t)` starts from
 * the nearest checkpoint at or before `t` and replays forward, like RaftScope's state.js.
 */
export class Timeline {
  readonly header: TraceHeader;
  private readonly log = new EventLog();
  private readonly checkpoints: CheckpointStore;
  /** The live state after all appended events; owned here and mutated by appends only. */
  private readonly head: ProjectedState = worldProjection.init();
  private readonly actorIds = new Set<string>();
  private sortedActors: string[] | undefined;
  private readonly histories = new Map<string, TraceEvent[]>();
  private readonly subscribers = new Set<() => void>();
  /** The last projected state handed out; immutable. */
  private cachedProjection: { index: number; state: ProjectedState } | undefined;
  private cachedWorld: WorldState | undefined;
  /**
   * How many events the last seek had to replay from its checkpoint: the work a seek costs,
   * which tests bound (timings are measured by `npm run bench`, not asserted).
   */
  replayed = 0;

  constructor(header: TraceHeader, options: TimelineOptions = {}) {
    this.header = header;
    this.checkpoints = new CheckpointStore({ ...DEFAULT_CHECKPOINT_POLICY, ...options.checkpoints });
  }

  /**
   * Appends events that come after everything appended so far, in `(t, seq)` order, then
   * notifies subscribers. Throws a RangeError on the first event out of order or with a seq
   * already seen; the events before it stay appended.
   */
  append(events: readonly TraceEvent[]): void {
    if (events.length === 0) return;
    const actorsBefore = this.actorIds.size;
    try {
      for (const e of events) {
        this.log.push(e);
        worldProjection.apply(this.head, e);
        this.actorIds.add(e.actor);
        if (e.to !== undefined) this.actorIds.add(e.to);
        if (e.kind === 'object' && e.ref) {
          const key = objectKey(e.ref);
          const h = this.histories.get(key);
          if (h) h.push(e);
          else this.histories.set(key, [e]);
        }
        this.checkpoints.maybeTake(this.log.length, this.head);
      }
    } finally {
      if (this.actorIds.size !== actorsBefore) this.sortedActors = undefined;
      // The world at a cached t may now hold more events (ties at t); the projection cache is
      // keyed by event index and stays valid.
      this.cachedWorld = undefined;
      for (const fn of [...this.subscribers]) fn();
    }
  }

  get length(): number {
    return this.log.length;
  }

  /** The event at a log index (0-based, in `(t, seq)` order). Throws a RangeError out of range. */
  at(index: number): TraceEvent {
    return this.log.at(index);
  }

  bySeq(seq: number): TraceEvent | undefined {
    return this.log.bySeq(seq);
  }

  /** `t` of the first event, or 0 for an empty timeline. */
  get startTime(): Micros {
    return this.log.timeAt(0) ?? 0;
  }

  /** The latest `t + (dur ?? 0)` over all events, or 0 for an empty timeline. */
  get endTime(): Micros {
    return this.log.endTime;
  }

  /** The longest `dur` of any event: `eventsIn(t0 - maxDuration, t1)` holds every interval overlapping [t0, t1]. */
  get maxDuration(): Micros {
    return this.log.maxDuration;
  }

  /** Number of events with `e.t <= t`. */
  indexAfter(t: Micros): number {
    return this.log.indexAfter(t);
  }

  /** Events that start in `[t0, t1]`. Intervals already open at t0 are `stateAt(t0).inFlight` and `.activeSpans`. */
  eventsIn(t0: Micros, t1: Micros): readonly TraceEvent[] {
    if (t1 < t0) return [];
    return this.log.slice(this.log.indexBefore(t0), this.log.indexAfter(t1));
  }

  /** The first event time strictly after `t` (step forward). */
  nextEventTime(t: Micros): Micros | undefined {
    return this.log.timeAt(this.log.indexAfter(t));
  }

  /** The last event time strictly before `t` (step back). */
  prevEventTime(t: Micros): Micros | undefined {
    return this.log.timeAt(this.log.indexBefore(t) - 1);
  }

  /**
   * The world at `t`: all events with `e.t <= t` applied. Calling again with the same `t` (and
   * no append in between) returns the same object, so it can feed `useSyncExternalStore`.
   */
  stateAt(t: Micros): WorldState {
    const index = this.log.indexAfter(t);
    const cached = this.cachedWorld;
    if (cached && cached.t === t && cached.eventIndex === index) return cached;
    const world = worldStateAt(t, index, this.projectedAt(index));
    this.cachedWorld = world;
    return world;
  }

  /** The projected state after the first `index` events, from the closest known state before it. */
  private projectedAt(index: number): ProjectedState {
    const cached = this.cachedProjection;
    if (cached && cached.index === index) return cached.state;
    let state: ProjectedState;
    if (index === this.log.length) {
      state = worldProjection.snapshot(this.head);
    } else {
      let base: { index: number; state: ProjectedState } = this.checkpoints.nearest(index);
      if (cached && cached.index <= index && cached.index > base.index) base = cached;
      state = worldProjection.snapshot(base.state);
      for (let i = base.index; i < index; i++) worldProjection.apply(state, this.log.at(i));
      this.replayed = index - base.index;
    }
    this.cachedProjection = { index, state };
    return state;
  }

  /**
   * The chain of causes of an event, root first and the event itself last, following `cause`
   * links. Empty when `seq` is unknown; stops at a cause missing from the trace.
   */
  causalChain(seq: number): TraceEvent[] {
    const chain: TraceEvent[] = [];
    const seen = new Set<number>();
    for (let e = this.log.bySeq(seq); e && !seen.has(e.seq); e = e.cause === undefined ? undefined : this.log.bySeq(e.cause)) {
      seen.add(e.seq);
      chain.push(e);
    }
    return chain.reverse();
  }

  /**
   * Every actor that sent, received or recorded an event, in the stable lane order of
   * actors.ts (user, kubectl, kube-apiserver, etcd/*, kube-controller-manager/*, scheduler, then
   * per node kubelet, containerd, runc; nodes in the header's order).
   */
  actors(): string[] {
    this.sortedActors ??= sortActors(this.actorIds, this.header.cluster?.nodes.map((n) => n.name) ?? []);
    return [...this.sortedActors];
  }

  /** The `object` events of one object key, in order (its versions, including deletions). */
  objectHistory(key: string): readonly TraceEvent[] {
    return this.histories.get(key) ?? [];
  }

  /** How many checkpoints are stored (diagnostics and tests). */
  get checkpointCount(): number {
    return this.checkpoints.count;
  }

  /** Calls `fn` after every append. Returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.subscribers.add(fn);
    return () => {
      this.subscribers.delete(fn);
    };
  }
}
