import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import type { RuntimeContainerStatus, RuntimePodStatus } from '../../../domain/pod/runtime-status.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { CriClient } from './cri-client.ts';

/** ContainerGCPeriod (kubelet.go). */
export const CONTAINER_GC_PERIOD: Micros = 60 * MICROS_PER_SECOND;
/** The kubelet's default GC policy (MaxPerPodContainer 1, MinAge 0). */
const MAX_PER_POD_CONTAINER = 1;

/**
 * The dead containers to remove (kuberuntime_gc.go evictContainers with the default policy):
 * per pod and container name, every instance that is not running, newest first, beyond the
 * newest MaxPerPodContainer (1). So a restarted container keeps its previous instance (the
 * `lastState` of its status), and a crash-looping one its last.
 */
export function evictableContainers(status: RuntimePodStatus): RuntimeContainerStatus[] {
  const byName = new Map<string, RuntimeContainerStatus[]>();
  for (const c of status.containers) {
    if (c.state === 'running') continue;
    const list = byName.get(c.name) ?? [];
    list.push(c);
    byName.set(c.name, list);
  }
  const out: RuntimeContainerStatus[] = [];
  for (const list of byName.values()) {
    list.sort((a, b) => b.createdAt - a.createdAt);
    // removeOldestN: from the oldest.
    out.push(...list.slice(MAX_PER_POD_CONTAINER).reverse());
  }
  return out;
}

/**
 * The kubelet's container garbage collector: every minute (StartGarbageCollection), the dead
 * containers of live pods beyond the policy are removed (RemoveContainer). A background timer.
 */
export class ContainerGC {
  private stopped = false;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cri: CriClient,
    private readonly pods: () => { status: RuntimePodStatus; ref: ObjectRef }[],
  ) {}

  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.collect();
      this.sim.after(CONTAINER_GC_PERIOD, tick, { background: true, label: `${this.actorId} container GC` });
    };
    this.sim.after(CONTAINER_GC_PERIOD, tick, { background: true, label: `${this.actorId} container GC` });
  }

  stop(): void {
    this.stopped = true;
  }

  private collect(): void {
    const work = this.pods().flatMap(({ status, ref }) => evictableContainers(status).map((c) => ({ c, ref })));
    if (work.length === 0) return;
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'GarbageCollect', dur: 0, attrs: { containers: work.map((w) => w.c.id) } });
    const next = (i: number, cause: number): void => {
      const item = work[i];
      if (!item) return;
      this.cri.call('RemoveContainer', { containerId: item.c.id }, cause, item.ref, (_r, d) => next(i + 1, d.seq));
    };
    next(0, seq);
  }
}
