import type { Micros } from '../base/time.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { ActorStateEntry } from './projections/actor-states.ts';
import type { EtcdChange, EtcdKeyEntry } from './projections/etcd-keys.ts';
import type { EtcdMemberEntry } from './projections/etcd-members.ts';
import type { SharedList } from './projections/kube-log.ts';
import { toArray } from './projections/kube-log.ts';
import type { ObjectEntry } from './projections/objects.ts';
import type { SchedulingLog } from './projections/scheduling.ts';
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
  /** The etcd store around the keys: revision, compaction, history of changes, members. */
  readonly etcd: EtcdStoreView;
  /** kube-scheduler's per-Pod spans and Events; read a Pod's attempts with `schedulingAttempts`. */
  readonly scheduling: SchedulingLog;
  /** Kubernetes Events (kind `event`) up to `t`, oldest first. */
  readonly kubeEvents: readonly TraceEvent[];
  /** User commands (kind `command`, start and exit) up to `t`, oldest first. */
  readonly commands: readonly TraceEvent[];
}

/** The etcd store at a playhead, besides its keys (`WorldState.etcdKeys`). */
export interface EtcdStoreView {
  /** The store's current revision; 0 before etcd reported any. */
  readonly revision: number;
  /** The compaction revision: revisions below it are gone. 0 when never compacted. */
  readonly compactRevision: number;
  /** Every PUT and DELETE so far, oldest first (read with `lastChanges`). */
  readonly changes: SharedList<EtcdChange>;
  /** etcd members by actor, from their `etcd-member` machines. */
  readonly members: ReadonlyMap<string, EtcdMemberEntry>;
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
    etcd: Object.freeze({ revision: p.etcd.revision, compactRevision: p.etcd.compactRevision, changes: p.etcd.changes, members: p.etcdMembers.members }),
    scheduling: p.scheduling,
    kubeEvents: toArray(p.log.kubeEvents),
    commands: toArray(p.log.commands),
  });
}
