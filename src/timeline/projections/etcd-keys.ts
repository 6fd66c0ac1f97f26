import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { objectKey } from '../keys.ts';
import type { Projection } from '../projection.ts';
import { append, emptyList, type SharedList } from './kube-log.ts';

/**
 * One key of the etcd keyspace, with the fields of mvccpb.KeyValue
 * (etcd api/mvccpb/kv.proto: create_revision, mod_revision, version, lease).
 */
export interface EtcdKeyEntry {
  readonly key: string;
  readonly createRevision: number;
  readonly modRevision: number;
  /** Number of writes since the key was (re)created; deleting resets it, as in etcd. */
  readonly version: number;
  /** The lease the key is attached to (hex id, as etcdctl prints it); absent for lease 0. */
  readonly lease?: string;
  /** The value, when the trace carries it: values written with etcdctl (strings). */
  readonly value?: string;
  /**
   * The API object kube-apiserver stored under this key (`objectKey`), when the write came
   * from kube-apiserver. Its body is in that object's `object` events, not duplicated here.
   */
  readonly objectKey?: string;
}

/** Live etcd keys by key, e.g. `/registry/pods/default/web-7d4b9c-x2k4q`. */
export type EtcdKeysState = Map<string, EtcdKeyEntry>;

/** One change of the keyspace: a PUT or a DELETE of one key at one store revision. */
export interface EtcdChange {
  readonly revision: number;
  readonly type: 'PUT' | 'DELETE';
  readonly key: string;
  /** A range delete recorded as one span: [key, rangeEnd). */
  readonly rangeEnd?: string;
  readonly objectKey?: string;
  /** The span that recorded it. */
  readonly seq: number;
  readonly t: Micros;
}

/**
 * The etcd store as the trace shows it: the live keys, the store's current revision, the
 * compaction revision and the history of changes (one entry per changed key per revision).
 */
export interface EtcdKeyspaceState {
  keys: EtcdKeysState;
  /** The store revision (kvstore.go currentRev): the highest revision etcd reported; 1 from the first etcd event, 0 before. */
  revision: number;
  /** The last compaction revision (kvstore.go compactMainRev); 0 when never compacted. */
  compactRevision: number;
  /** Every change, oldest first; shared between versions (see kube-log.ts SharedList). */
  changes: SharedList<EtcdChange>;
  /**
   * Requests to etcd that name the API object they store (kube-apiserver's `Txn` messages
   * carry `ref`), and the Txn spans they caused, by seq: how a Put span finds its object.
   * Bounded: a request's Put follows it within a few events.
   */
  pendingRefs: Map<number, string>;
}

/** How many unresolved etcd requests are remembered; older ones cannot have a Put still to come. */
const PENDING_REFS_MAX = 64;

/**
 * Folds what etcd members record into the keyspace: `Put` and `DeleteRange` spans (actor
 * `etcd/...`) change keys; `Compact` spans move the compaction revision; the revision of any
 * etcd span or response raises the store revision.
 *
 * The span's attrs carry the real revision numbers (`revision`, `createRevision`,
 * `modRevision`, `version`); where an importer left some out, they are derived the way etcd's
 * mvcc store assigns them (server/storage/mvcc/kvstore_txn.go: a put keeps create_revision and
 * bumps version; a delete drops the key). `DeleteRange` with `attrs.rangeEnd` deletes the
 * half-open range [key, rangeEnd), as etcd does for prefix deletes; one with `deleted: 0`
 * changed nothing and did not bump the revision (DOMAIN.md 1).
 *
 * Several members applying the same entry record the same change: a change already in the
 * history at that revision is not added twice.
 */
export const etcdKeysProjection: Projection<EtcdKeyspaceState> = {
  init: () => ({ keys: new Map(), revision: 0, compactRevision: 0, changes: emptyList(), pendingRefs: new Map() }),
  apply(s, e) {
    // Any sign of an etcd member means a store, and a new store is at revision 1 (kvstore.go).
    if (s.revision === 0 && isEtcdActor(e.actor)) s.revision = 1;
    if (e.kind === 'message') {
      if (e.to !== undefined && isEtcdActor(e.to) && e.ref) remember(s.pendingRefs, e.seq, objectKey(e.ref));
      else if (isEtcdActor(e.actor)) raiseRevision(s, headerRevision(e.attrs));
      return s;
    }
    if (e.kind !== 'span' || !isEtcdActor(e.actor)) return s;
    const attrs = e.attrs;
    if (e.op === 'Compact') {
      const rev = num(attrs?.revision);
      if (rev !== undefined && attrs?.error === undefined) s.compactRevision = Math.max(s.compactRevision, rev);
      return s;
    }
    raiseRevision(s, num(attrs?.revision));
    const viaCause = e.cause === undefined ? undefined : s.pendingRefs.get(e.cause);
    if (e.op === 'Txn') {
      if (viaCause !== undefined) remember(s.pendingRefs, e.seq, viaCause);
      return s;
    }
    const key = attrs?.key;
    if (typeof key !== 'string') return s;
    const refKey = e.ref ? objectKey(e.ref) : viaCause;
    if (e.op === 'Put') applyPut(s, e, key, refKey);
    else if (e.op === 'DeleteRange' && attrs?.deleted !== 0) applyDelete(s, e, key, refKey);
    return s;
  },
  snapshot: (s) => ({ keys: new Map(s.keys), revision: s.revision, compactRevision: s.compactRevision, changes: s.changes, pendingRefs: new Map(s.pendingRefs) }),
};

function applyPut(s: EtcdKeyspaceState, e: TraceEvent, key: string, refKey: string | undefined): void {
  const attrs = e.attrs;
  const prev = s.keys.get(key);
  const modRevision = num(attrs?.modRevision) ?? num(attrs?.revision) ?? (prev ? prev.modRevision + 1 : s.revision + 1);
  // Another member's record of a write already applied, or an older one: the key is newer.
  if (prev && prev.modRevision > modRevision) return;
  const lease = leaseOf(attrs?.lease);
  const value = typeof attrs?.value === 'string' ? attrs.value : undefined;
  // The same key always holds the same object, so an entry keeps its object across writes.
  const objKey = refKey ?? prev?.objectKey;
  const entry: EtcdKeyEntry = {
    key,
    createRevision: num(attrs?.createRevision) ?? prev?.createRevision ?? modRevision,
    modRevision,
    version: num(attrs?.version) ?? (prev ? prev.version + 1 : 1),
    ...(lease !== undefined ? { lease } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(objKey !== undefined ? { objectKey: objKey } : {}),
  };
  s.keys.set(key, entry);
  raiseRevision(s, modRevision);
  addChange(s, { revision: modRevision, type: 'PUT', key, ...(objKey !== undefined ? { objectKey: objKey } : {}), seq: e.seq, t: e.t });
}

function applyDelete(s: EtcdKeyspaceState, e: TraceEvent, key: string, refKey: string | undefined): void {
  const attrs = e.attrs;
  const rangeEnd = attrs?.rangeEnd;
  const revision = num(attrs?.revision) ?? s.revision + 1;
  const objKey = refKey ?? s.keys.get(key)?.objectKey;
  if (typeof rangeEnd === 'string' && rangeEnd !== '') {
    for (const k of [...s.keys.keys()]) if (inRange(k, key, rangeEnd)) s.keys.delete(k);
    addChange(s, { revision, type: 'DELETE', key, rangeEnd, seq: e.seq, t: e.t });
  } else {
    s.keys.delete(key);
    addChange(s, { revision, type: 'DELETE', key, ...(objKey !== undefined ? { objectKey: objKey } : {}), seq: e.seq, t: e.t });
  }
  raiseRevision(s, revision);
}

/** Appends a change unless the history already holds it (the same write seen from another member). */
function addChange(s: EtcdKeyspaceState, change: EtcdChange): void {
  const { items, length } = s.changes;
  for (let i = length - 1; i >= 0; i--) {
    const c = items[i];
    if (!c || c.revision < change.revision) break;
    if (c.revision === change.revision && c.key === change.key && c.type === change.type) return;
  }
  s.changes = append(s.changes, change);
}

function raiseRevision(s: EtcdKeyspaceState, rev: number | undefined): void {
  if (rev !== undefined && rev > s.revision) s.revision = rev;
}

/** `header.revision` of an etcd response (0 in a canceled watch's response, which says nothing). */
function headerRevision(attrs: Record<string, unknown> | undefined): number | undefined {
  const header = attrs?.header;
  if (typeof header !== 'object' || header === null) return undefined;
  const rev = num((header as Record<string, unknown>).revision);
  return rev !== undefined && rev > 0 ? rev : undefined;
}

function remember(pending: Map<number, string>, seq: number, key: string): void {
  pending.set(seq, key);
  if (pending.size > PENDING_REFS_MAX) {
    const oldest = pending.keys().next();
    if (!oldest.done) pending.delete(oldest.value);
  }
}

function isEtcdActor(actor: string): boolean {
  return actor === 'etcd' || actor.startsWith('etcd/');
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Lease ids are uint64s: hex strings in the simulator's trace, decimal strings from importers. 0 means none. */
function leaseOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v === '' || v === '0' ? undefined : v;
  if (typeof v === 'number' && v !== 0) return v.toString(16);
  return undefined;
}

/** etcd compares keys as bytes; "\0" as range end means "to the end of the keyspace". */
function inRange(k: string, start: string, end: string): boolean {
  return k >= start && (end === '\0' || k < end);
}

/** The newest `n` changes, oldest first, without copying the whole history. */
export function lastChanges(changes: SharedList<EtcdChange>, n: number): EtcdChange[] {
  const from = Math.max(0, changes.length - n);
  return changes.items.slice(from, changes.length);
}

/** The changes made by the newest revision (several keys when one txn wrote them), or none. */
export function latestRevisionChanges(changes: SharedList<EtcdChange>): EtcdChange[] {
  const last = changes.items[changes.length - 1];
  if (changes.length === 0 || !last) return [];
  let from = changes.length - 1;
  while (from > 0 && changes.items[from - 1]?.revision === last.revision) from--;
  return changes.items.slice(from, changes.length);
}
