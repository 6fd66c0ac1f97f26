import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { etcdMemberMachine } from './etcd.machine.ts';
import { MvccStore, type KeyValue, type MvccEvent, type TxnRequest } from './mvcc.ts';

/** Durations of etcd work (µs): a write waits for the WAL fsync, a read does not. */
export const ETCD_TIMING = { writeApply: 1_200, readApply: 80 };

export interface WatchCreateRequest {
  key: string;
  rangeEnd: string;
  startRevision: number;
  prevKv: boolean;
}

/** What a WatchResponse carries in the trace: keys and revisions, not the values. */
function kvSummary(kv: KeyValue): Record<string, unknown> {
  return { key: kv.key, createRevision: kv.createRevision, modRevision: kv.modRevision, version: kv.version };
}

/**
 * etcd/etcd-0: serves kube-apiserver's transactions and watches. Every write is one `Txn`
 * span with a `Put` or `DeleteRange` span per key (carrying the revisions), then a
 * `TxnResponse` back and a `WatchResponse` to each watcher of the key.
 */
export class Etcd implements Actor {
  readonly store = new MvccStore();
  private readonly member: MachineInstance<typeof etcdMemberMachine>;
  private readonly watchers: { to: string; watchId: number; prefix: string; requestId: number }[] = [];
  private busyUntil = 0;

  constructor(
    private readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
  ) {
    this.member = sim.startMachine(etcdMemberMachine, { actor: id, machine: 'etcd-member' });
    this.member.send({ type: 'ELECTED' });
  }

  receive(msg: Delivery): void {
    if (msg.op === 'Txn') this.onTxn(msg as Delivery<TxnRequest>);
    else if (msg.op === 'Watch') this.onWatch(msg as Delivery<WatchCreateRequest>);
  }

  /** Preloads objects at t = 0 (a cluster that already exists), in one revision each. */
  bootstrapPut(key: string, value: unknown): KeyValue {
    const { response } = this.store.txn({ compare: [], success: [{ requestPut: { key, value } }], failure: [] });
    const kv = this.store.get(key) as KeyValue;
    this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Put', dur: 0, attrs: { ...kvSummary(kv), revision: response.header.revision, bootstrap: true } });
    return kv;
  }

  private onWatch(msg: Delivery<WatchCreateRequest>): void {
    const watchId = this.watchers.length;
    const prefix = msg.payload.key;
    this.watchers.push({ to: msg.from, watchId, prefix, requestId: msg.id });
    this.sim.network.send(this.id, msg.from, 'WatchResponse', {
      replyTo: msg.id,
      cause: msg.seq,
      payload: { watchId, created: true, events: [] },
      attrs: { watchId, created: true, header: { revision: this.store.currentRevision } },
    });
  }

  private onTxn(msg: Delivery<TxnRequest>): void {
    // The raft leader applies entries one after another: a transaction that arrives while
    // another is being applied waits for it.
    const start = Math.max(this.sim.now, this.busyUntil);
    const delay = start - this.sim.now;
    if (delay > 0) {
      this.sim.after(delay, () => this.applyTxn(msg));
      return;
    }
    this.applyTxn(msg);
  }

  private applyTxn(msg: Delivery<TxnRequest>): void {
    const req = msg.payload;
    const isWrite = req.success.some((op) => !('requestRange' in op)) || req.failure.some((op) => !('requestRange' in op));
    const dur = isWrite ? ETCD_TIMING.writeApply : ETCD_TIMING.readApply;
    this.busyUntil = this.sim.now + dur;
    this.member.send({ type: 'APPLY' }, msg.seq);
    let result: ReturnType<MvccStore['txn']>;
    try {
      result = this.store.txn(req);
    } catch (err) {
      this.sim.after(dur, () => {
        this.member.send({ type: 'APPLIED' });
        this.sim.network.send(this.id, msg.from, 'TxnResponse', { replyTo: msg.id, cause: msg.seq, payload: { error: (err as Error).message }, attrs: { error: (err as Error).message } });
      });
      return;
    }
    const { response, events } = result;
    const txnSeq = this.sim.recorder.record({
      kind: 'span',
      actor: this.id,
      op: 'Txn',
      dur,
      cause: msg.seq,
      attrs: {
        compare: req.compare.map((c) => ({ key: c.key, target: c.target, result: c.result, value: c.value })),
        succeeded: response.succeeded,
        revision: response.header.revision,
      },
    });
    let lastOpSeq = txnSeq;
    for (const ev of events) {
      lastOpSeq = this.sim.recorder.record({
        kind: 'span',
        actor: this.id,
        op: ev.type === 'PUT' ? 'Put' : 'DeleteRange',
        dur: dur - 100,
        cause: txnSeq,
        attrs: { ...kvSummary(ev.kv), revision: response.header.revision, ...(ev.type === 'DELETE' ? { deleted: 1 } : {}) },
      });
    }
    this.sim.after(dur, () => {
      this.member.send({ type: 'APPLIED' });
      this.sim.network.send(this.id, msg.from, 'TxnResponse', {
        replyTo: msg.id,
        cause: lastOpSeq,
        payload: response,
        attrs: { header: response.header, succeeded: response.succeeded },
      });
      if (events.length > 0) this.notifyWatchers(events, response.header.revision, lastOpSeq);
    });
  }

  private notifyWatchers(events: MvccEvent[], revision: number, cause: number): void {
    for (const w of this.watchers) {
      const matching = events.filter((e) => e.kv.key.startsWith(w.prefix));
      if (matching.length === 0) continue;
      this.sim.network.send(this.id, w.to, 'WatchResponse', {
        replyTo: w.requestId,
        cause,
        payload: { watchId: w.watchId, events: matching, header: { revision } },
        attrs: {
          watchId: w.watchId,
          header: { revision },
          events: matching.map((e) => ({ type: e.type, kv: kvSummary(e.kv) })),
        },
      });
    }
  }
}
