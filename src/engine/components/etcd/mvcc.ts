/**
 * etcd's MVCC store, reduced to what the control plane uses (DOMAIN.md 1; etcd
 * server/storage/mvcc/kvstore_txn.go): one main revision per write transaction, per-key
 * create_revision / mod_revision / version, and compare-and-swap transactions.
 *
 * Only the newest version of each key is kept here; history for watches from old revisions
 * and compaction come with the full etcd model.
 */
export interface KeyValue {
  key: string;
  createRevision: number;
  modRevision: number;
  version: number;
  /** The stored object. Real kube-apiserver stores protobuf; the simulator keeps the object. */
  value: unknown;
  lease: number;
}

export type CompareTarget = 'MOD' | 'CREATE' | 'VERSION';
export interface Compare {
  key: string;
  target: CompareTarget;
  result: 'EQUAL' | 'NOT_EQUAL' | 'GREATER' | 'LESS';
  value: number;
}

export type TxnOp =
  | { requestPut: { key: string; value: unknown; lease?: number } }
  | { requestDeleteRange: { key: string } }
  | { requestRange: { key: string } };

export interface TxnRequest {
  compare: Compare[];
  success: TxnOp[];
  failure: TxnOp[];
}

export type TxnOpResponse =
  | { responsePut: { header: { revision: number }; prevKv?: KeyValue } }
  | { responseDeleteRange: { header: { revision: number }; deleted: number; prevKvs?: KeyValue[] } }
  | { responseRange: { header: { revision: number }; kvs: KeyValue[]; count: number } };

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

export class MvccError extends Error {}

export class MvccStore {
  /** A new store is at revision 1; the first write makes revision 2. */
  private revision = 1;
  private readonly kvs = new Map<string, KeyValue>();

  get currentRevision(): number {
    return this.revision;
  }

  get(key: string): KeyValue | undefined {
    return this.kvs.get(key);
  }

  /** Keys with a prefix, in key order, as a Range with range_end = prefix+1 returns them. */
  range(prefix: string): KeyValue[] {
    const out: KeyValue[] = [];
    for (const kv of this.kvs.values()) if (kv.key.startsWith(prefix)) out.push(kv);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /**
   * Applies a transaction. A transaction with at least one change adds exactly one to the
   * store revision; one with no change (reads only, a delete of a missing key) does not.
   */
  txn(req: TxnRequest): { response: TxnResponse; events: MvccEvent[] } {
    const succeeded = req.compare.every((c) => this.compare(c));
    const ops = succeeded ? req.success : req.failure;
    const seen = new Set<string>();
    for (const op of ops) {
      const key = 'requestPut' in op ? op.requestPut.key : 'requestDeleteRange' in op ? op.requestDeleteRange.key : undefined;
      if (key === undefined) continue;
      if (seen.has(key)) throw new MvccError('etcdserver: duplicate key given in txn request');
      seen.add(key);
    }
    const writes = ops.some((op) => 'requestPut' in op || ('requestDeleteRange' in op && this.kvs.has(op.requestDeleteRange.key)));
    const rev = writes ? this.revision + 1 : this.revision;
    const events: MvccEvent[] = [];
    const responses: TxnOpResponse[] = [];
    for (const op of ops) {
      if ('requestPut' in op) {
        const prev = this.kvs.get(op.requestPut.key);
        const kv: KeyValue = {
          key: op.requestPut.key,
          createRevision: prev ? prev.createRevision : rev,
          modRevision: rev,
          version: prev ? prev.version + 1 : 1,
          value: op.requestPut.value,
          lease: op.requestPut.lease ?? 0,
        };
        this.kvs.set(kv.key, kv);
        events.push(prev ? { type: 'PUT', kv, prevKv: prev } : { type: 'PUT', kv });
        responses.push({ responsePut: { header: { revision: rev } } });
      } else if ('requestDeleteRange' in op) {
        const prev = this.kvs.get(op.requestDeleteRange.key);
        if (prev) {
          this.kvs.delete(prev.key);
          // A DELETE event's kv holds only the key and the deletion revision.
          events.push({ type: 'DELETE', kv: { key: prev.key, createRevision: 0, modRevision: rev, version: 0, value: undefined, lease: 0 }, prevKv: prev });
        }
        responses.push({ responseDeleteRange: { header: { revision: rev }, deleted: prev ? 1 : 0 } });
      } else {
        const kv = this.kvs.get(op.requestRange.key);
        responses.push({ responseRange: { header: { revision: rev }, kvs: kv ? [kv] : [], count: kv ? 1 : 0 } });
      }
    }
    this.revision = rev;
    return { response: { header: { revision: rev }, succeeded, responses }, events };
  }

  private compare(c: Compare): boolean {
    const kv = this.kvs.get(c.key);
    // On a missing key, create/mod/version compare as 0 (etcd txn.go compareKV).
    const actual = !kv ? 0 : c.target === 'MOD' ? kv.modRevision : c.target === 'CREATE' ? kv.createRevision : kv.version;
    switch (c.result) {
      case 'EQUAL':
        return actual === c.value;
      case 'NOT_EQUAL':
        return actual !== c.value;
      case 'GREATER':
        return actual > c.value;
      case 'LESS':
        return actual < c.value;
    }
  }
}
