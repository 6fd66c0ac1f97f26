import { compareKeys, inRange } from '../../../domain/etcd/keys.ts';
import { EtcdError } from '../../../domain/etcd/errors.ts';

/**
 * etcd's MVCC store (DOMAIN.md 1), following etcd 3.4 mvcc/kvstore.go, kvstore_txn.go,
 * kvstore_compaction.go and etcdserver/apply.go:
 * - one main revision per write transaction, a sub-revision per change inside it; a
 *   transaction that changes nothing (reads, a delete of nothing) keeps the revision;
 * - per key: create_revision, mod_revision, version (reset by delete), lease;
 * - the history of every key since the last compaction, so reads at an old revision and
 *   watches from an old revision work, and ErrCompacted / ErrFutureRev where they must;
 * - compaction keeps, per key, the newest entry at or below the compact revision, and drops it
 *   too when that entry is a tombstone;
 * - compares on VERSION, CREATE, MOD, VALUE and LEASE over one key or a range.
 */
export interface KeyValue {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /**
   * The stored value: a string for values written with etcdctl, the object itself for what
   * kube-apiserver writes (the real one stores protobuf; `valueBytes` shows it as JSON, as with
   * --storage-media-type=application/json).
   */
  value: unknown;
  /** Lease ID in lowercase hex without padding; "0" for none (a 63-bit ID is no JS number). */
  lease: string;
}

export const NO_LEASE = '0';

export type CompareTarget = 'MOD' | 'CREATE' | 'VERSION' | 'VALUE' | 'LEASE';
export type CompareResult = 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';
export interface Compare {
  key: string;
  /** Compare every key of [key, rangeEnd); absent for one key. */
  rangeEnd?: string;
  target: CompareTarget;
  result: CompareResult;
  /** A revision or version for MOD/CREATE/VERSION, the bytes for VALUE, a hex ID for LEASE. */
  value: number | string;
}

export interface RangeRequest {
  key: string;
  rangeEnd?: string;
  /** 0 or absent: the current revision. */
  revision?: number;
  limit?: number;
  keysOnly?: boolean;
  countOnly?: boolean;
  sortOrder?: 'NONE' | 'ASCEND' | 'DESCEND';
  sortTarget?: 'KEY' | 'VERSION' | 'CREATE' | 'MOD' | 'VALUE';
}
export interface PutRequest {
  key: string;
  value: unknown;
  lease?: string;
  prevKv?: boolean;
}
export interface DeleteRangeRequest {
  key: string;
  rangeEnd?: string;
  prevKv?: boolean;
}

export type TxnOp = { requestPut: PutRequest } | { requestDeleteRange: DeleteRangeRequest } | { requestRange: RangeRequest };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
}

export interface RangeResponse {
  header: { revision: number };
  kvs: KeyValue[];
  more: boolean;
  count: number;
}
export interface PutResponse {
  header: { revision: number };
  prevKv?: KeyValue;
}
export interface DeleteRangeResponse {
  header: { revision: number };
  deleted: number;
  prevKvs?: KeyValue[];
}

export type TxnOpResponse = { responsePut: PutResponse } | { responseDeleteRange: DeleteRangeResponse } | { responseRange: RangeResponse };

export interface TxnResponse {
  header: { revision: number };
  succeeded: boolean;
  responses: TxnOpResponse[];
}

export interface MvccEvent {
  type: 'PUT' | 'DELETE';
  kv: KeyValue;
  prevKv?: KeyValue;
}

/** What the store asks of the lessor: leases must exist to be attached. */
export interface LeaseHooks {
  exists(lease: string): boolean;
  attach(lease: string, key: string): void;
  detach(lease: string, key: string): void;
}

/** etcd's limit on operations per branch and compares (embed.DefaultMaxTxnOps). */
export const MAX_TXN_OPS = 128;

/** One entry of a key's history: a version of the key, or a tombstone (kv undefined). */
interface HistoryEntry {
  main: number;
  sub: number;
  kv?: KeyValue;
}

/** Bytes of a value as etcd holds them: strings as they are, objects as JSON. */
export function valueText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export class MvccStore {
  /** A new store is at revision 1; the first write makes revision 2. */
  private revision = 1;
  private compactRevision = -1;
  private readonly history = new Map<string, HistoryEntry[]>();
  /** Keys in byte order, rebuilt when a key is added or dropped. */
  private sortedKeys: string[] | undefined = [];

  constructor(private readonly leases?: LeaseHooks) {}

  get currentRevision(): number {
    return this.revision;
  }

  /** The revision of the last compaction; -1 before the first. */
  get compactedRevision(): number {
    return this.compactRevision;
  }

  /** The current version of a key. */
  get(key: string): KeyValue | undefined {
    const h = this.history.get(key);
    return h?.[h.length - 1]?.kv;
  }

  /** Current keys with a prefix, in key order. */
  range(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const key of this.keys()) {
      if (!key.startsWith(prefix)) continue;
      const kv = this.get(key);
      if (kv) out.push(kv);
    }
    return out;
  }

  /** Number of keys that exist now. */
  get size(): number {
    let n = 0;
    for (const h of this.history.values()) if (h[h.length - 1]?.kv) n++;
    return n;
  }

  /** A Range: the keys of [key, rangeEnd) as they were at `revision`. */
  rangeRequest(req: RangeRequest): RangeResponse {
    return this.rangeAt(req, this.revision, this.revision);
  }

  /** A Put outside a transaction: one revision. */
  put(req: PutRequest): { response: PutResponse; events: MvccEvent[] } {
    const { response, events } = this.txn({ compare: [], success: [{ requestPut: req }], failure: [] });
    const r = response.responses[0] as { responsePut: PutResponse };
    return { response: { ...r.responsePut, header: response.header }, events };
  }

  /** A DeleteRange outside a transaction: one revision if anything was deleted. */
  deleteRange(req: DeleteRangeRequest): { response: DeleteRangeResponse; events: MvccEvent[] } {
    const { response, events } = this.txn({ compare: [], success: [{ requestDeleteRange: req }], failure: [] });
    const r = response.responses[0] as { responseDeleteRange: DeleteRangeResponse };
    return { response: { ...r.responseDeleteRange, header: response.header }, events };
  }

  /**
   * Applies a transaction. The request is checked first as etcd's gRPC layer does
   * (v3rpc/key.go checkTxnRequest): too many operations, or a branch that puts a key twice or
   * puts a key it also deletes, fails the whole request with "duplicate key given in txn
   * request", whichever branch would run.
   */
  txn(req: TxnRequest): { response: TxnResponse; events: MvccEvent[] } {
    checkTxnRequest(req);
    const succeeded = req.compare.every((c) => this.compare(c));
    const ops = succeeded ? req.success : req.failure;
    // Ranges inside the transaction are checked before anything is written (apply.go checkRequestRange),
    // and so are the leases of puts (checkRequestPut).
    for (const op of ops) {
      if ('requestRange' in op) this.checkRangeRevision(op.requestRange.revision ?? 0);
      if ('requestPut' in op) {
        const lease = op.requestPut.lease ?? NO_LEASE;
        if (lease !== NO_LEASE && this.leases && !this.leases.exists(lease)) throw new EtcdError('leaseNotFound');
      }
    }
    const begin = this.revision;
    const next = begin + 1;
    let sub = 0;
    const events: MvccEvent[] = [];
    const responses: TxnOpResponse[] = [];
    for (const op of ops) {
      if ('requestPut' in op) {
        const p = op.requestPut;
        const prev = this.get(p.key);
        const kv: KeyValue = {
          key: p.key,
          createRevision: prev ? prev.createRevision : next,
          modRevision: next,
          version: prev ? prev.version + 1 : 1,
          value: p.value,
          lease: p.lease ?? NO_LEASE,
        };
        this.append(p.key, { main: next, sub: sub++, kv });
        if (prev && prev.lease !== NO_LEASE && prev.lease !== kv.lease) this.leases?.detach(prev.lease, p.key);
        if (kv.lease !== NO_LEASE) this.leases?.attach(kv.lease, p.key);
        events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
        responses.push({ responsePut: { header: { revision: next }, ...(p.prevKv && prev ? { prevKv: prev } : {}) } });
      } else if ('requestDeleteRange' in op) {
        const d = op.requestDeleteRange;
        const victims = this.currentIn(d.key, d.rangeEnd);
        for (const prev of victims) {
          this.append(prev.key, { main: next, sub: sub++ });
          if (prev.lease !== NO_LEASE) this.leases?.detach(prev.lease, prev.key);
          // A DELETE event's kv holds only the key and the deletion revision.
          events.push({ type: 'DELETE', kv: tombstone(prev.key, next), prevKv: prev });
        }
        const rev = sub > 0 ? next : begin;
        responses.push({ responseDeleteRange: { header: { revision: rev }, deleted: victims.length, ...(d.prevKv && victims.length > 0 ? { prevKvs: victims } : {}) } });
      } else {
        // A read inside a write transaction sees the transaction's own earlier changes.
        const cur = sub > 0 ? next : begin;
        responses.push({ responseRange: this.rangeAt(op.requestRange, cur, cur) });
      }
    }
    if (sub > 0) this.revision = next;
    return { response: { header: { revision: this.revision }, succeeded, responses }, events };
  }

  /**
   * Compact(rev) (kvstore.go compact + kvindex compaction): history at or below `rev` is
   * reduced to the newest entry of each key, and that entry goes too when it is a tombstone.
   */
  compact(rev: number): void {
    if (rev <= this.compactRevision) throw new EtcdError('compacted');
    if (rev > this.revision) throw new EtcdError('futureRev');
    for (const [key, h] of this.history) {
      let keep = -1;
      for (let i = h.length - 1; i >= 0; i--) {
        if ((h[i] as HistoryEntry).main <= rev) {
          keep = i;
          break;
        }
      }
      if (keep < 0) continue;
      const drop = (h[keep] as HistoryEntry).kv ? keep : keep + 1;
      if (drop > 0) h.splice(0, drop);
      if (h.length === 0) {
        this.history.delete(key);
        this.sortedKeys = undefined;
      }
    }
    this.compactRevision = rev;
  }

  /**
   * The events a watch from `startRev` replays (watchable_store.go syncWatchers): every change
   * at or after startRev still in the history, for keys of [key, rangeEnd), in revision order.
   * Fails with ErrCompacted when startRev is below the compact revision.
   */
  eventsSince(startRev: number, key: string, rangeEnd: string | undefined, uptoRev = this.revision): MvccEvent[] {
    if (startRev < this.compactRevision) throw new EtcdError('compacted');
    const found: { main: number; sub: number; ev: MvccEvent }[] = [];
    for (const k of this.keys()) {
      if (!inRange(k, key, rangeEnd)) continue;
      const h = this.history.get(k) as HistoryEntry[];
      for (let i = 0; i < h.length; i++) {
        const e = h[i] as HistoryEntry;
        if (e.main < startRev || e.main > uptoRev) continue;
        const prev = i > 0 ? (h[i - 1] as HistoryEntry).kv : undefined;
        const ev: MvccEvent = e.kv ? { type: 'PUT', kv: e.kv } : { type: 'DELETE', kv: tombstone(k, e.main) };
        if (prev) ev.prevKv = prev;
        found.push({ main: e.main, sub: e.sub, ev });
      }
    }
    found.sort((a, b) => a.main - b.main || a.sub - b.sub);
    return found.map((f) => f.ev);
  }

  /** Keys attached to nothing: used by lease revoke to delete several keys in one revision. */
  deleteKeys(keys: string[]): { revision: number; events: MvccEvent[] } {
    const sorted = [...keys].sort(compareKeys);
    const ops: TxnOp[] = sorted.filter((k) => this.get(k)).map((k) => ({ requestDeleteRange: { key: k } }));
    if (ops.length === 0) return { revision: this.revision, events: [] };
    const { response, events } = this.txn({ compare: [], success: ops, failure: [] });
    return { revision: response.header.revision, events };
  }

  // ---------------------------------------------------------------- internals

  private keys(): string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.history.keys()].sort(compareKeys);
    return this.sortedKeys;
  }

  private append(key: string, entry: HistoryEntry): void {
    let h = this.history.get(key);
    if (!h) {
      h = [];
      this.history.set(key, h);
      this.sortedKeys = undefined;
    }
    h.push(entry);
  }

  private checkRangeRevision(rev: number): void {
    if (rev > this.revision) throw new EtcdError('futureRev');
    if (rev > 0 && rev < this.compactRevision) throw new EtcdError('compacted');
  }

  /** The value of each key of the range at a revision (kvstore_txn.go rangeKeys). */
  private rangeAt(req: RangeRequest, headerRev: number, curRev: number): RangeResponse {
    const rev = req.revision && req.revision > 0 ? req.revision : curRev;
    if (rev > curRev) throw new EtcdError('futureRev');
    if (rev < this.compactRevision) throw new EtcdError('compacted');
    const all = sortKvs(this.valuesAt(req.key, req.rangeEnd, rev), req);
    const limit = req.limit && req.limit > 0 ? req.limit : all.length;
    const kvs = req.countOnly ? [] : all.slice(0, limit).map((kv) => (req.keysOnly ? { ...kv, value: '' } : kv));
    return { header: { revision: headerRev }, kvs, more: all.length > limit, count: all.length };
  }

  private valuesAt(key: string, rangeEnd: string | undefined, rev: number): KeyValue[] {
    const out: KeyValue[] = [];
    const visit = (k: string): void => {
      const h = this.history.get(k);
      if (!h) return;
      for (let i = h.length - 1; i >= 0; i--) {
        const e = h[i] as HistoryEntry;
        if (e.main > rev) continue;
        if (e.kv) out.push(e.kv);
        return;
      }
    };
    if (rangeEnd === undefined || rangeEnd === '') visit(key);
    else for (const k of this.keys()) if (inRange(k, key, rangeEnd)) visit(k);
    return out;
  }

  private currentIn(key: string, rangeEnd: string | undefined): KeyValue[] {
    if (rangeEnd === undefined || rangeEnd === '') {
      const kv = this.get(key);
      return kv ? [kv] : [];
    }
    const out: KeyValue[] = [];
    for (const k of this.keys()) {
      if (!inRange(k, key, rangeEnd)) continue;
      const kv = this.get(k);
      if (kv) out.push(kv);
    }
    return out;
  }

  /** applyCompare (etcdserver/apply.go): every key of the range must satisfy the compare. */
  private compare(c: Compare): boolean {
    const kvs = this.currentIn(c.key, c.rangeEnd);
    if (kvs.length === 0) {
      // A missing key compares as zero, except that a VALUE compare is always false.
      if (c.target === 'VALUE') return false;
      return compareKV(c, undefined);
    }
    return kvs.every((kv) => compareKV(c, kv));
  }
}

/**
 * v3_server.go Range: results come in key order; a sort on another target with no order
 * given sorts ascending. The server sorts everything before it applies the limit.
 */
function sortKvs(kvs: KeyValue[], req: RangeRequest): KeyValue[] {
  const target = req.sortTarget ?? 'KEY';
  let order = req.sortOrder ?? 'NONE';
  if (order === 'NONE' && target !== 'KEY') order = 'ASCEND';
  if (order === 'NONE' || (order === 'ASCEND' && target === 'KEY')) return kvs;
  const by = (kv: KeyValue): number | string =>
    target === 'KEY' ? kv.key : target === 'VERSION' ? kv.version : target === 'CREATE' ? kv.createRevision : target === 'MOD' ? kv.modRevision : valueText(kv.value);
  // Go's sort.Sort is not stable; ties keep key order here, which is what etcd shows for small ranges.
  const sorted = [...kvs].sort((a, b) => {
    const x = by(a);
    const y = by(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return order === 'DESCEND' ? sorted.reverse() : sorted;
}

function tombstone(key: string, rev: number): KeyValue {
  return { key, createRevision: 0, modRevision: rev, version: 0, value: '', lease: NO_LEASE };
}

function compareKV(c: Compare, kv: KeyValue | undefined): boolean {
  let order: number;
  if (c.target === 'VALUE') {
    order = compareKeys(valueText(kv?.value), String(c.value));
  } else if (c.target === 'LEASE') {
    const actual = BigInt(`0x${kv?.lease ?? NO_LEASE}`);
    const want = BigInt(`0x${String(c.value)}`);
    order = actual < want ? -1 : actual > want ? 1 : 0;
  } else {
    const actual = !kv ? 0 : c.target === 'MOD' ? kv.modRevision : c.target === 'CREATE' ? kv.createRevision : kv.version;
    order = Math.sign(actual - Number(c.value));
  }
  switch (c.result) {
    case 'EQUAL':
      return order === 0;
    case 'NOT_EQUAL':
      return order !== 0;
    case 'GREATER':
      return order > 0;
    case 'LESS':
      return order < 0;
  }
}

/** v3rpc/key.go checkTxnRequest: limits, keys, and no key written twice in one branch. */
export function checkTxnRequest(req: TxnRequest): void {
  if (req.compare.length > MAX_TXN_OPS || req.success.length > MAX_TXN_OPS || req.failure.length > MAX_TXN_OPS) throw new EtcdError('tooManyOps');
  for (const op of [...req.success, ...req.failure]) {
    const key = 'requestPut' in op ? op.requestPut.key : 'requestRange' in op ? op.requestRange.key : op.requestDeleteRange.key;
    if (key === '') throw new EtcdError('emptyKey');
  }
  checkIntervals(req.success);
  checkIntervals(req.failure);
}

/**
 * v3rpc/key.go checkIntervals: in one branch, a key may be put once, and not inside a range
 * the same branch deletes. Overlapping deletes are allowed.
 */
function checkIntervals(ops: TxnOp[]): void {
  const dels: { key: string; rangeEnd: string | undefined }[] = [];
  for (const op of ops) if ('requestDeleteRange' in op) dels.push({ key: op.requestDeleteRange.key, rangeEnd: op.requestDeleteRange.rangeEnd });
  const puts = new Set<string>();
  for (const op of ops) {
    if (!('requestPut' in op)) continue;
    const k = op.requestPut.key;
    if (puts.has(k) || dels.some((d) => inRange(k, d.key, d.rangeEnd))) throw new EtcdError('duplicateKey');
    puts.add(k);
  }
}
