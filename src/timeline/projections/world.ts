import type { TraceEvent } from '../../trace/schema.ts';
import type { Projection } from '../projection.ts';
import { actorStatesProjection, type ActorStatesState } from './actor-states.ts';
import { etcdKeysProjection, type EtcdKeysState, type EtcdKeyspaceState } from './etcd-keys.ts';
import { etcdMembersProjection, type EtcdMembersState } from './etcd-members.ts';
import { kubeLogProjection, type KubeLogState } from './kube-log.ts';
import { objectsProjection, type ObjectsState } from './objects.ts';
import { openIntervalsProjection, type OpenIntervalsState } from './open-intervals.ts';
import { schedulingProjection, type SchedulingLog } from './scheduling.ts';

/** Everything the timeline folds from the events; the WorldState is derived from it at a `t`. */
export interface ProjectedState {
  objects: ObjectsState;
  actorStates: ActorStatesState;
  /** The etcd store: keys, revisions, compaction, history of changes. */
  etcd: EtcdKeyspaceState;
  /** `etcd.keys`, under the name the first views and tests use. */
  etcdKeys: EtcdKeysState;
  etcdMembers: EtcdMembersState;
  scheduling: SchedulingLog;
  log: KubeLogState;
  open: OpenIntervalsState;
}

/** All projections side by side, each seeing every event. */
export const worldProjection: Projection<ProjectedState> = {
  init: () => {
    const etcd = etcdKeysProjection.init();
    return {
      objects: objectsProjection.init(),
      actorStates: actorStatesProjection.init(),
      etcd,
      etcdKeys: etcd.keys,
      etcdMembers: etcdMembersProjection.init(),
      scheduling: schedulingProjection.init(),
      log: kubeLogProjection.init(),
      open: openIntervalsProjection.init(),
    };
  },
  apply(s, e: TraceEvent) {
    s.objects = objectsProjection.apply(s.objects, e);
    s.actorStates = actorStatesProjection.apply(s.actorStates, e);
    s.etcd = etcdKeysProjection.apply(s.etcd, e);
    s.etcdKeys = s.etcd.keys;
    s.etcdMembers = etcdMembersProjection.apply(s.etcdMembers, e);
    s.scheduling = schedulingProjection.apply(s.scheduling, e);
    s.log = kubeLogProjection.apply(s.log, e);
    s.open = openIntervalsProjection.apply(s.open, e);
    return s;
  },
  snapshot: (s) => {
    const etcd = etcdKeysProjection.snapshot(s.etcd);
    return {
      objects: objectsProjection.snapshot(s.objects),
      actorStates: actorStatesProjection.snapshot(s.actorStates),
      etcd,
      etcdKeys: etcd.keys,
      etcdMembers: etcdMembersProjection.snapshot(s.etcdMembers),
      scheduling: schedulingProjection.snapshot(s.scheduling),
      log: kubeLogProjection.snapshot(s.log),
      open: openIntervalsProjection.snapshot(s.open),
    };
  },
};

/** How many entries a snapshot copies: the cost of one checkpoint. */
export function snapshotSize(s: ProjectedState): number {
  return s.objects.size + s.actorStates.size + s.etcdKeys.size + s.open.open.length;
}
