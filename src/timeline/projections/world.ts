import type { TraceEvent } from '../../trace/schema.ts';
import type { Projection } from '../projection.ts';
import { actorStatesProjection, type ActorStatesState } from './actor-states.ts';
import { etcdKeysProjection, type EtcdKeysState } from './etcd-keys.ts';
import { kubeLogProjection, type KubeLogState } from './kube-log.ts';
import { objectsProjection, type ObjectsState } from './objects.ts';
import { openIntervalsProjection, type OpenIntervalsState } from './open-intervals.ts';

/** Everything the timeline folds from the events; the WorldState is derived from it at a `t`. */
export interface ProjectedState {
  objects: ObjectsState;
  actorStates: ActorStatesState;
  etcdKeys: EtcdKeysState;
  log: KubeLogState;
  open: OpenIntervalsState;
}

/** All projections side by side, each seeing every event. */
export const worldProjection: Projection<ProjectedState> = {
  init: () => ({
    objects: objectsProjection.init(),
    actorStates: actorStatesProjection.init(),
    etcdKeys: etcdKeysProjection.init(),
    log: kubeLogProjection.init(),
    open: openIntervalsProjection.init(),
  }),
  apply(s, e: TraceEvent) {
    s.objects = objectsProjection.apply(s.objects, e);
    s.actorStates = actorStatesProjection.apply(s.actorStates, e);
    s.etcdKeys = etcdKeysProjection.apply(s.etcdKeys, e);
    s.log = kubeLogProjection.apply(s.log, e);
    s.open = openIntervalsProjection.apply(s.open, e);
    return s;
  },
  snapshot: (s) => ({
    objects: objectsProjection.snapshot(s.objects),
    actorStates: actorStatesProjection.snapshot(s.actorStates),
    etcdKeys: etcdKeysProjection.snapshot(s.etcdKeys),
    log: kubeLogProjection.snapshot(s.log),
    open: openIntervalsProjection.snapshot(s.open),
  }),
};

/** How many entries a snapshot copies: the cost of one checkpoint. */
export function snapshotSize(s: ProjectedState): number {
  return s.objects.size + s.actorStates.size + s.etcdKeys.size + s.open.open.length;
}
