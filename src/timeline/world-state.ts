import type { Micros } from '../base/time.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { ActorStateEntry } from './projections/actor-states.ts';
import type { EtcdKeyEntry } from './projections/etcd-keys.ts';
import { toArray } from './projections/kube-log.ts';
import type { ObjectEntry } from './projections/objects.ts';
import type { ProjectedState } from './projections/world.ts';
import { activeSpansAt, inFlightAt, type InFlightMessage } from './queries.ts';

/** The world as every view sees it at a playhead `t`. Immutable; the same (t, trace) gives an equal value. */
export interface WorldState {
  readonly t: Micros;
  /** Number of events applied: those with `e.t <= t`. */
  readonly eventIndex: number;
  /** Live API objects by `objectKey` (`apiVersion/kind/namespace/name`). */
  readonly objects: ReadonlyMap<string, ObjectEntry>;
  /** Machine states by `actor|machine|instance`. */
  readonly actorStates: ReadonlyMap<string, ActorStateEntry>;
  /** Messages with `t <= now < t + dur`, with how far they have travelled. */
  readonly inFlight: readonly InFlightMessage[];
  /** Spans with `t <= now < t + dur`. */
  readonly activeSpans: readonly TraceEvent[];
  /** The etcd keyspace, from etcd `Put`/`DeleteRange` spans. */
  readonly etcdKeys: ReadonlyMap<string, EtcdKeyEntry>;
  /** Kubernetes Events (kind `event`) up to `t`, oldest first. */
  readonly kubeEvents: readonly TraceEvent[];
  /** User commands (kind `command`, start and exit) up to `t`, oldest first. */
  readonly commands: readonly TraceEvent[];
}

/** Turns a projected state (events up to `eventIndex`) into the world at `t`. */
export function worldStateAt(t: Micros, eventIndex: number, p: ProjectedState): WorldState {
  return Object.freeze({
    t,
    eventIndex,
    objects: p.objects,
    actorStates: p.actorStates,
    inFlight: inFlightAt(p.open.open, t),
    activeSpans: activeSpansAt(p.open.open, t),
    etcdKeys: p.etcdKeys,
    kubeEvents: toArray(p.log.kubeEvents),
    commands: toArray(p.log.commands),
  });
}
