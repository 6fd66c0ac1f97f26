import type { Micros } from '../../../base/time.ts';
import { EtcdError, ETCD_ERRORS } from '../../../domain/etcd/errors.ts';
import { inRange } from '../../../domain/etcd/keys.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { ResponseHeader } from './etcd.ts';
import type { KeyValue, MvccEvent, MvccStore } from './mvcc.ts';

export interface WatchCreateRequest {
  key: string;
  /** Absent or "" for one key; "\0" for every key from `key` on. */
  rangeEnd?: string;
  /** 0: from the next revision on. */
  startRevision: number;
  prevKv: boolean;
  progressNotify?: boolean;
}

/** A WatchResponse as the simulated network carries it (field names of etcdserverpb). */
export interface WatchResponsePayload {
  header: ResponseHeader | { revision: number; clusterId: string; memberId: string; raftTerm: number };
  watchId: number;
  created?: boolean;
  canceled?: boolean;
  compactRevision?: number;
  cancelReason?: string;
  events: MvccEvent[];
}

interface Watcher {
  id: number;
  to: string;
  requestId: number;
  key: string;
  rangeEnd: string | undefined;
  prevKv: boolean;
  progressNotify: boolean;
  /** The next revision this watcher has to see. */
  minRev: number;
  synced: boolean;
}

/**
 * How often the unsynced watchers are caught up (watchable_store.go syncWatchersLoop).
 * A watcher from an old revision gets the whole backlog in one response.
 */
const SYNC_INTERVAL: Micros = 100_000;
/** --experimental-watch-progress-notify-interval, default 10 minutes. */
const PROGRESS_NOTIFY_INTERVAL: Micros = 10 * 60 * 1_000_000;

/**
 * etcd's watchable store (DOMAIN.md 1, mvcc/watchable_store.go): watchers from revision 0 or
 * from the future are synced at once and see each later transaction as one response;
 * watchers from an old revision start unsynced and are caught up by the sync loop in one
 * batched response; a watcher whose revision has been compacted away gets one response with
 * `compactRevision` and `canceled`, and is removed. Watchers that asked for it get an empty
 * progress notification every ten minutes.
 */
export class WatchHub {
  private readonly watchers = new Map<number, Watcher>();
  private nextId = 0;
  private syncTimer: ReturnType<Simulation['after']> | undefined;
  private progressTimer: ReturnType<Simulation['after']> | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly store: MvccStore,
    private readonly header: () => ResponseHeader,
  ) {}

  get count(): number {
    return this.watchers.size;
  }

  create(msg: Delivery<WatchCreateRequest>): void {
    const req = msg.payload;
    const current = this.store.currentRevision;
    const id = this.nextId++;
    const synced = req.startRevision === 0 || req.startRevision > current;
    const w: Watcher = {
      id,
      to: msg.from,
      requestId: msg.id,
      key: req.key,
      rangeEnd: req.rangeEnd || undefined,
      prevKv: req.prevKv,
      progressNotify: req.progressNotify ?? false,
      minRev: synced ? (req.startRevision === 0 ? current + 1 : req.startRevision) : req.startRevision,
      synced,
    };
    this.watchers.set(id, w);
    this.send(w, { header: this.header(), watchId: id, created: true, events: [] }, msg.seq, { created: true });
    if (!synced) this.scheduleSync();
    if (w.progressNotify) this.scheduleProgress();
  }

  /** The member's process stopped: every watch stream is gone, and so are the loops. */
  clear(): void {
    this.watchers.clear();
    if (this.syncTimer) this.sim.cancel(this.syncTimer);
    if (this.progressTimer) this.sim.cancel(this.progressTimer);
    this.syncTimer = undefined;
    this.progressTimer = undefined;
  }

  cancel(msg: Delivery<{ watchId: number }>): void {
    const w = this.watchers.get(msg.payload.watchId);
    if (!w) return;
    this.watchers.delete(w.id);
    this.send(w, { header: this.header(), watchId: w.id, canceled: true, events: [] }, msg.seq, { canceled: true });
  }

  /** A transaction was applied: each synced watcher of its keys gets one response. */
  notify(events: MvccEvent[], revision: number, cause: number): void {
    for (const w of this.watchers.values()) {
      if (!w.synced) continue;
      const matching = events.filter((e) => inRange(e.kv.key, w.key, w.rangeEnd) && e.kv.modRevision >= w.minRev);
      // A watch from a future revision keeps waiting for it (minRev never goes down).
      w.minRev = Math.max(w.minRev, revision + 1);
      if (matching.length === 0) continue;
      this.send(w, { header: { ...this.header(), revision }, watchId: w.id, events: matching.map((e) => this.shape(w, e)) }, cause, {});
    }
  }

  private scheduleSync(): void {
    if (this.syncTimer) return;
    this.syncTimer = this.sim.after(SYNC_INTERVAL, () => {
      this.syncTimer = undefined;
      this.syncWatchers();
    }, { label: 'etcd syncWatchers' });
  }

  /** syncWatchers: catch every unsynced watcher up in one response, or cancel it if compacted. */
  private syncWatchers(): void {
    const current = this.store.currentRevision;
    for (const w of [...this.watchers.values()]) {
      if (w.synced) continue;
      if (w.minRev < this.store.compactedRevision) {
        this.watchers.delete(w.id);
        // The cancel carries an empty header, revision 0, as etcd 3.4 sends it.
        const header = { ...this.header(), revision: 0 };
        this.send(w, { header, watchId: w.id, canceled: true, compactRevision: this.store.compactedRevision, cancelReason: ETCD_ERRORS.compacted, events: [] }, undefined, { canceled: true, compactRevision: this.store.compactedRevision });
        continue;
      }
      let events: MvccEvent[];
      try {
        events = this.store.eventsSince(w.minRev, w.key, w.rangeEnd, current);
      } catch (err) {
        if (err instanceof EtcdError) continue;
        throw err;
      }
      w.minRev = current + 1;
      w.synced = true;
      if (events.length > 0) this.send(w, { header: this.header(), watchId: w.id, events: events.map((e) => this.shape(w, e)) }, undefined, {});
    }
  }

  private scheduleProgress(): void {
    if (this.progressTimer) return;
    this.progressTimer = this.sim.after(PROGRESS_NOTIFY_INTERVAL, () => {
      this.progressTimer = undefined;
      let any = false;
      for (const w of this.watchers.values()) {
        if (!w.progressNotify) continue;
        any = true;
        if (w.synced) this.send(w, { header: this.header(), watchId: w.id, events: [] }, undefined, { progressNotify: true });
      }
      if (any) this.scheduleProgress();
    }, { background: true, label: 'etcd progress notify' });
  }

  private shape(w: Watcher, e: MvccEvent): MvccEvent {
    if (w.prevKv && e.prevKv) return e;
    return { type: e.type, kv: e.kv };
  }

  private send(w: Watcher, payload: WatchResponsePayload, cause: number | undefined, extra: Record<string, unknown>): void {
    this.sim.network.send(this.actorId, w.to, 'WatchResponse', {
      replyTo: w.requestId,
      ...(cause !== undefined ? { cause } : {}),
      payload,
      attrs: {
        watchId: w.id,
        header: { revision: payload.header.revision },
        ...extra,
        ...(payload.events.length > 0 ? { events: payload.events.map((e) => ({ type: e.type, kv: summary(e.kv) })) } : {}),
      },
    });
  }
}

function summary(kv: KeyValue): Record<string, unknown> {
  return { key: kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version };
}
