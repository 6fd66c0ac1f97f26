import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import { emptyPodStatus, fromCriState, type RuntimePodStatus } from '../../../domain/pod/runtime-status.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { ScheduledItem } from '../../runtime/event-queue.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { CriClient } from './cri-client.ts';
import { getPodStatus } from './pod-status-reader.ts';

/** genericPlegRelistPeriod (kubelet.go). */
export const RELIST_PERIOD: Micros = 1 * MICROS_PER_SECOND;

export type PlegEventType = 'ContainerStarted' | 'ContainerDied' | 'ContainerRemoved' | 'ContainerChanged';

export interface PlegEvent {
  type: PlegEventType;
  containerId: string;
}

type PlegState = 'running' | 'exited' | 'unknown' | 'non-existent';

/**
 * The generic PLEG (pkg/kubelet/pleg/generic.go) and the pod cache it fills
 * (pkg/kubelet/container/cache.go): every second a relist lists every sandbox and container
 * (ListPodSandbox, ListContainers), compares their states with the last relist, and for each pod
 * with a change reads its status again (GetPodStatus) into the cache and sends its events
 * (ContainerStarted, ContainerDied, ContainerRemoved, ContainerChanged) to the sync loop.
 *
 * A relist that finds no change changes nothing, so the simulator runs only the relists that
 * will find one: the runtime tells the PLEG that something changed (Containerd.onRuntimeChange),
 * and the PLEG runs its relist at the next 1 s tick, exactly when a polling relist would have
 * seen it. Idle relists are neither simulated nor traced. A relist that finds a change is pending
 * work: `until: settled` waits for the kubelet to see what the runtime did.
 */
export class GenericPleg {
  /** Each sandbox's and container's state at the last relist, with its pod. */
  private records = new Map<string, { uid: string; state: PlegState }>();
  private readonly cache = new Map<string, { status: RuntimePodStatus; modified: Micros }>();
  /** The end of the last relist (the cache's global timestamp). */
  private timestamp: Micros = -1;
  private scheduled?: ScheduledItem;
  /** The first change the scheduled relist will see (its cause in the trace). */
  private wokenBy = 0;
  private relisting = false;
  private changedDuringRelist = false;
  private waiters: { minTime: Micros; uid: string; then: (cause?: number) => void }[] = [];
  private idleTick?: ScheduledItem;
  private stopped = false;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly cri: CriClient,
    private readonly startedAt: Micros,
    private readonly handlers: { onEvents: (uid: string, events: PlegEvent[], cause: number) => void; refOf: (uid: string) => ObjectRef | undefined },
  ) {}

  /** The runtime changed something (the state change `cause`): the next relist will see it. */
  wake(cause = 0): void {
    if (this.stopped) return;
    if (this.relisting) {
      this.changedDuringRelist = true;
      if (!this.wokenBy) this.wokenBy = cause;
      return;
    }
    if (this.scheduled) return;
    this.wokenBy = cause;
    const at = this.nextTick(this.sim.now);
    this.scheduled = this.sim.after(at - this.sim.now, () => {
      this.scheduled = undefined;
      this.relist();
    }, { label: `${this.actorId} PLEG relist` });
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) this.sim.cancel(this.scheduled);
    if (this.idleTick) this.sim.cancel(this.idleTick);
  }

  /** The pod's status in the cache (an empty one before the runtime has anything of it). */
  status(uid: string): RuntimePodStatus {
    return this.cache.get(uid)?.status ?? emptyPodStatus(uid);
  }

  forget(uid: string): void {
    this.cache.delete(uid);
  }

  /**
   * Cache.GetNewerThan: `then` runs once the cache holds something of the pod newer than
   * `minTime` (the pod's last sync): at once if a relist has run since, else after the next one
   * (with that relist's last seq, the sync's most direct cause).
   */
  whenNewerThan(uid: string, minTime: Micros, then: (cause?: number) => void): void {
    const entry = this.cache.get(uid);
    if (this.timestamp > minTime || (entry && entry.modified > minTime) || minTime < 0) {
      then();
      return;
    }
    this.waiters.push({ minTime, uid, then });
    if (!this.scheduled && !this.relisting && !this.idleTick) {
      // The next relist finds nothing new but moves the cache's timestamp on.
      const at = this.nextTick(this.sim.now);
      this.idleTick = this.sim.after(Math.max(at - this.sim.now, 1), () => {
        this.idleTick = undefined;
        this.timestamp = this.sim.now;
        this.releaseWaiters();
      }, { label: `${this.actorId} PLEG relist` });
    }
  }

  /** The relists run at start + k × 1 s; the first tick after `t`. */
  private nextTick(t: Micros): Micros {
    const k = Math.floor((t - this.startedAt) / RELIST_PERIOD) + 1;
    return this.startedAt + k * RELIST_PERIOD;
  }

  private relist(): void {
    if (this.stopped) return;
    this.relisting = true;
    this.changedDuringRelist = false;
    const cause = this.wokenBy;
    this.wokenBy = 0;
    const spanSeq = this.sim.recorder.record({ kind: 'span', actor: this.actorId, op: 'relist', dur: 0, ...(cause ? { cause } : {}), attrs: { pleg: 'generic', period: '1s' } });
    this.cri.call('ListPodSandbox', { filter: {} }, spanSeq, undefined, (sbList, d1) => {
      this.cri.call('ListContainers', { filter: {} }, d1.seq, undefined, (cList, d2) => {
        const next = new Map<string, { uid: string; state: PlegState }>();
        for (const sb of (sbList.items ?? []) as { id: string; state: string; metadata?: { uid?: string } }[]) {
          next.set(sb.id, { uid: sb.metadata?.uid ?? '', state: sb.state === 'SANDBOX_READY' ? 'running' : 'exited' });
        }
        for (const c of (cList.containers ?? []) as { id: string; state: string; labels?: Record<string, string> }[]) {
          const s = fromCriState(c.state);
          // convertState: the kubelet does not use "created" yet and takes it as unknown.
          next.set(c.id, { uid: c.labels?.['io.kubernetes.pod.uid'] ?? '', state: s === 'created' ? 'unknown' : s });
        }
        const events = new Map<string, PlegEvent[]>();
        const add = (uid: string, e: PlegEvent): void => {
          const list = events.get(uid) ?? [];
          list.push(e);
          events.set(uid, list);
        };
        for (const [id, now] of next) {
          const before = this.records.get(id)?.state ?? 'non-existent';
          for (const type of generateEvents(before, now.state)) add(now.uid, { type, containerId: id });
        }
        for (const [id, old] of this.records) {
          if (next.has(id)) continue;
          for (const type of generateEvents(old.state, 'non-existent')) add(old.uid, { type, containerId: id });
        }
        this.records = next;
        const uids = [...events.keys()];
        const update = (i: number, seq: number): void => {
          const uid = uids[i];
          if (uid === undefined) {
            this.timestamp = this.sim.now;
            this.relisting = false;
            // ContainerChanged is not reliable enough to act on: the pod's status is read again, the event not sent.
            for (const u of uids) {
              const sent = (events.get(u) ?? []).filter((e) => e.type !== 'ContainerChanged');
              if (sent.length) this.handlers.onEvents(u, sent, seq);
            }
            this.releaseWaiters(seq);
            if (this.changedDuringRelist) this.wake(this.wokenBy);
            return;
          }
          getPodStatus(this.cri, uid, seq, this.handlers.refOf(uid), (status, s2) => {
            this.cache.set(uid, { status, modified: this.sim.now });
            update(i + 1, s2);
          });
        };
        update(0, d2.seq);
      });
    });
  }

  /** Runs the syncs that waited for the cache; `cause`: the relist's last step, when a relist released them. */
  private releaseWaiters(cause?: number): void {
    const ready = this.waiters.filter((w) => this.timestamp > w.minTime || (this.cache.get(w.uid)?.modified ?? -1) > w.minTime);
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.then(cause);
  }
}

/** generateEvents (generic.go): what a state change of one container means. */
export function generateEvents(oldState: PlegState, newState: PlegState): PlegEventType[] {
  if (oldState === newState) return [];
  switch (newState) {
    case 'running':
      return ['ContainerStarted'];
    case 'exited':
      return ['ContainerDied'];
    case 'unknown':
      return ['ContainerChanged'];
    default:
      return oldState === 'exited' ? ['ContainerRemoved'] : ['ContainerDied', 'ContainerRemoved'];
  }
}
