import type { Projection } from '../projection.ts';

/**
 * One key of the etcd keyspace, with the revision fields of mvccpb.KeyValue
 * (etcd api/mvccpb/kv.proto: create_revision, mod_revision, version).
 */
export interface EtcdKeyEntry {
  readonly key: string;
  readonly createRevision: number;
  readonly modRevision: number;
  /** Number of writes since the key was (re)created; deleting resets it, as in etcd. */
  readonly version: number;
}

/** Live etcd keys by key, e.g. `/registry/pods/default/web-7d4b9c-x2k4q`. */
export type EtcdKeysState = Map<string, EtcdKeyEntry>;

/**
 * Folds etcd `Put` and `DeleteRange` spans (actor `etcd/...`) into the keyspace.
 *
 * The span's attrs carry the real revision numbers (`revision`, `createRevision`,
 * `modRevision`, `version`); where an importer left some out, they are derived the way etcd's
 * mvcc store assigns them (server/storage/mvcc/kvstore_txn.go: a put keeps create_revision and
 * bumps version; a delete drops the key). `DeleteRange` with `attrs.rangeEnd` deletes the
 * half-open range [key, rangeEnd), as etcd does for prefix deletes.
 */
export const etcdKeysProjection: Projection<EtcdKeysState> = {
  init: () => new Map(),
  apply(s, e) {
    if (e.kind !== 'span' || !isEtcdActor(e.actor)) return s;
    const attrs = e.attrs;
    const key = attrs?.key;
    if (typeof key !== 'string') return s;
    if (e.op === 'Put') {
      const prev = s.get(key);
      const modRevision = num(attrs?.modRevision) ?? num(attrs?.revision) ?? (prev ? prev.modRevision + 1 : 0);
      s.set(key, {
        key,
        createRevision: num(attrs?.createRevision) ?? prev?.createRevision ?? modRevision,
        modRevision,
        version: num(attrs?.version) ?? (prev ? prev.version + 1 : 1),
      });
    } else if (e.op === 'DeleteRange') {
      const rangeEnd = attrs?.rangeEnd;
      if (typeof rangeEnd === 'string' && rangeEnd !== '') {
        for (const k of [...s.keys()]) if (inRange(k, key, rangeEnd)) s.delete(k);
      } else {
        s.delete(key);
      }
    }
    return s;
  },
  snapshot: (s) => new Map(s),
};

function isEtcdActor(actor: string): boolean {
  return actor === 'etcd' || actor.startsWith('etcd/');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** etcd compares keys as bytes; "\0" as range end means "to the end of the keyspace". */
function inRange(k: string, start: string, end: string): boolean {
  return k >= start && (end === '\0' || k < end);
}
