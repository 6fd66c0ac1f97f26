import { canonicalJson } from '../../../domain/k8s/hash.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { KeyValue, TxnRequest, TxnResponse } from '../etcd/mvcc.ts';
import { withoutResourceVersion, withResourceVersion } from './object-meta.ts';

/**
 * kube-apiserver's etcd3 storage (staging/src/k8s.io/apiserver/pkg/storage/etcd3/store.go) on
 * top of the simulated etcd: Get, GuaranteedUpdate and the conditional Delete, with their
 * compare-and-swap transactions. The first guess is the watch cache's copy (the cacher passes it
 * as cachedExistingObject); a guess that fails a precondition, the update function or the
 * compare is refreshed from etcd before the request gives up, exactly as upstream loops.
 */

/** What the store needs of the apiserver: etcd transactions and reads, traced as messages. */
export interface EtcdOps {
  txn(txn: TxnRequest, cause: number, ref: ObjectRef | undefined, onResponse: (res: TxnResponse, delivery: Delivery) => void): void;
  range(key: string, cause: number, ref: ObjectRef | undefined, onResponse: (kv: KeyValue | undefined, delivery: Delivery) => void): void;
}

/** An object as read from storage: resourceVersion = the key's mod_revision. */
export interface StoreState {
  obj: KubeObject;
  rev: number;
}

/** storage.Preconditions */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

/**
 * Preconditions.Check; the message is the StorageError's (an InvalidObj, code 4) that the
 * registry reports as a Conflict.
 */
export function checkPreconditions(key: string, obj: KubeObject, p: Preconditions | undefined): string | undefined {
  if (!p) return undefined;
  let msg: string | undefined;
  if (p.uid !== undefined && p.uid !== (obj.metadata.uid ?? '')) msg = `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`;
  else if (p.resourceVersion !== undefined && p.resourceVersion !== (obj.metadata.resourceVersion ?? '')) {
    msg = `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`;
  }
  return msg === undefined ? undefined : `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${msg}`;
}

export function stateOf(kv: KeyValue): StoreState {
  return { obj: withResourceVersion(kv.value as KubeObject, kv.modRevision), rev: kv.modRevision };
}

function freshFromTxn(res: TxnResponse): KeyValue | undefined {
  const r = res.responses[0];
  return r && 'responseRange' in r ? r.responseRange.kvs[0] : undefined;
}

/** Upstream loops until it wins; the simulation stops a runaway loop here. */
const MAX_ATTEMPTS = 16;

export type UpdateResult<A> =
  | { kind: 'updated'; state: StoreState; seq: number }
  /** The update changed nothing: no write, the object keeps its resourceVersion. */
  | { kind: 'unchanged'; state: StoreState; seq: number }
  | { kind: 'notFound'; seq: number }
  | { kind: 'precondition'; message: string; seq: number }
  | { kind: 'aborted'; reason: A; state: StoreState; seq: number };

export type TryUpdate<A> = (current: StoreState) => { object: KubeObject } | { abort: A };

/**
 * GuaranteedUpdate: try the update on the guess; on a precondition failure, an abort or a lost
 * compare, read the current object and try again; an update that serializes to the same bytes
 * is a no-op (no write, same resourceVersion) once the state is known to be current.
 */
export function guaranteedUpdate<A>(
  ops: EtcdOps,
  key: string,
  guess: StoreState | undefined,
  preconditions: Preconditions | undefined,
  tryUpdate: TryUpdate<A>,
  cause: number,
  ref: ObjectRef | undefined,
  done: (r: UpdateResult<A>) => void,
): void {
  let attempts = 0;
  const refresh = (seq: number): void => {
    ops.range(key, seq, ref, (kv, d) => {
      if (!kv) done({ kind: 'notFound', seq: d.seq });
      else attempt(stateOf(kv), true, d.seq);
    });
  };
  const attempt = (state: StoreState, current: boolean, seq: number): void => {
    if (++attempts > MAX_ATTEMPTS) {
      done({ kind: 'precondition', message: 'too many conflicts', seq });
      return;
    }
    const failed = checkPreconditions(key, state.obj, preconditions);
    if (failed) {
      if (current) done({ kind: 'precondition', message: failed, seq });
      else refresh(seq);
      return;
    }
    const r = tryUpdate(state);
    if ('abort' in r) {
      if (current) done({ kind: 'aborted', reason: r.abort, state, seq });
      else refresh(seq);
      return;
    }
    const value = withoutResourceVersion(r.object);
    if (canonicalJson(value) === canonicalJson(withoutResourceVersion(state.obj))) {
      if (current) done({ kind: 'unchanged', state, seq });
      else refresh(seq);
      return;
    }
    ops.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: state.rev }], success: [{ requestPut: { key, value } }], failure: [{ requestRange: { key } }] }, seq, ref, (res, d) => {
      if (res.succeeded) {
        done({ kind: 'updated', state: { obj: withResourceVersion(value, res.header.revision), rev: res.header.revision }, seq: d.seq });
        return;
      }
      const fresh = freshFromTxn(res);
      if (!fresh) done({ kind: 'notFound', seq: d.seq });
      else attempt(stateOf(fresh), true, d.seq);
    });
  };
  if (guess) attempt(guess, false, cause);
  else refresh(cause);
}

export type DeleteResult =
  /** `state` is the object as it was when deleted (its last resourceVersion); `rev` the deletion's. */
  | { kind: 'deleted'; state: StoreState; rev: number; seq: number }
  | { kind: 'notFound'; seq: number }
  | { kind: 'precondition'; message: string; seq: number };

/**
 * The conditional Delete: a txn `mod(key) = rev ? delete : get`, starting from the cached guess;
 * a lost compare returns the current object, which is checked against the preconditions again.
 */
export function conditionalDelete(ops: EtcdOps, key: string, guess: StoreState | undefined, preconditions: Preconditions | undefined, cause: number, ref: ObjectRef | undefined, done: (r: DeleteResult) => void): void {
  let attempts = 0;
  const attempt = (state: StoreState, current: boolean, seq: number): void => {
    if (++attempts > MAX_ATTEMPTS) {
      done({ kind: 'precondition', message: 'too many conflicts', seq });
      return;
    }
    const failed = checkPreconditions(key, state.obj, preconditions);
    if (failed) {
      if (current) done({ kind: 'precondition', message: failed, seq });
      else
        ops.range(key, seq, ref, (kv, d) => {
          if (!kv) done({ kind: 'notFound', seq: d.seq });
          else attempt(stateOf(kv), true, d.seq);
        });
      return;
    }
    ops.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: state.rev }], success: [{ requestDeleteRange: { key } }], failure: [{ requestRange: { key } }] }, seq, ref, (res, d) => {
      if (res.succeeded) {
        done({ kind: 'deleted', state, rev: res.header.revision, seq: d.seq });
        return;
      }
      const fresh = freshFromTxn(res);
      if (!fresh) done({ kind: 'notFound', seq: d.seq });
      else attempt(stateOf(fresh), true, d.seq);
    });
  };
  if (guess) attempt(guess, false, cause);
  else
    ops.range(key, cause, ref, (kv, d) => {
      if (!kv) done({ kind: 'notFound', seq: d.seq });
      else attempt(stateOf(kv), true, d.seq);
    });
}
