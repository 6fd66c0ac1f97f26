import {
  beforeDelete,
  defaultGarbageCollectionPolicy,
  deletionFinalizers,
  markAsDeleting,
  podGracePeriod,
  validateDeleteOptions,
  type DeleteOptions,
} from '../../../domain/k8s/deletion.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import { statusError, type HttpRequest, type HttpResponse } from '../../api/http.ts';
import { badRequest, conflict, invalid, notFound } from './errors.ts';
import { conditionalDelete, guaranteedUpdate, stateOf, type EtcdOps, type Preconditions, type StoreState } from './etcd3-store.ts';
import { refOf } from './object-meta.ts';
import type { FieldError } from './validation.ts';

/**
 * DELETE on one object: the REST handler (endpoints/handlers/delete.go: DeleteOptions from the
 * body, else from the query) and the generic registry's Store.Delete
 * (registry/generic/registry/store.go): a consistent Get, rest.BeforeDelete, then either an
 * update that sets the deletionTimestamp, the grace period and the garbage collector's
 * finalizers (the object stays until its finalizers are gone, or a pod until its kubelet has
 * killed it), or the conditional delete in etcd.
 */

export interface RegistryOps extends EtcdOps {
  /** The watch cache's copy, the cacher's first guess for updates and deletes. */
  cached(key: string): StoreState | undefined;
  nowIso(): string;
  recordObject(op: 'MODIFIED' | 'DELETED', obj: KubeObject, cause: number): number;
}

export type RegistryOutcome = { ok: true; body: unknown; code: number; ref: ObjectRef; cause: number } | { ok: false; response: HttpResponse; cause: number };

/** Reads DeleteOptions as the handler decodes them; a malformed field is a 400. */
export function decodeDeleteOptions(req: HttpRequest): DeleteOptions | { error: HttpResponse } {
  const body = req.body;
  if (body !== undefined && body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const out: DeleteOptions = {};
    if (b.gracePeriodSeconds !== undefined && b.gracePeriodSeconds !== null) {
      if (typeof b.gracePeriodSeconds !== 'number' || !Number.isInteger(b.gracePeriodSeconds)) {
        return { error: badRequest(`json: cannot unmarshal ${typeof b.gracePeriodSeconds} into Go struct field DeleteOptions.gracePeriodSeconds of type int64`) };
      }
      out.gracePeriodSeconds = b.gracePeriodSeconds;
    }
    if (typeof b.propagationPolicy === 'string') out.propagationPolicy = b.propagationPolicy;
    if (typeof b.orphanDependents === 'boolean') out.orphanDependents = b.orphanDependents;
    if (Array.isArray(b.dryRun)) out.dryRun = b.dryRun.map(String);
    const pre = b.preconditions as { uid?: unknown; resourceVersion?: unknown } | undefined;
    if (pre && typeof pre === 'object') {
      out.preconditions = {};
      if (typeof pre.uid === 'string') out.preconditions.uid = pre.uid;
      if (typeof pre.resourceVersion === 'string') out.preconditions.resourceVersion = pre.resourceVersion;
    }
    return out;
  }
  const q = req.query ?? {};
  const out: DeleteOptions = {};
  if (q.gracePeriodSeconds !== undefined) {
    if (!/^-?\d+$/.test(q.gracePeriodSeconds)) return { error: badRequest(`strconv.ParseInt: parsing "${q.gracePeriodSeconds}": invalid syntax`) };
    out.gracePeriodSeconds = Number(q.gracePeriodSeconds);
  }
  if (q.propagationPolicy !== undefined) out.propagationPolicy = q.propagationPolicy;
  if (q.orphanDependents !== undefined) out.orphanDependents = q.orphanDependents === 'true';
  if (q.dryRun !== undefined) out.dryRun = [q.dryRun];
  return out;
}

function successStatus(info: ResourceInfo, obj: KubeObject): KubeObject {
  // finalizeDelete: "Yes we set Kind field to resource."
  return {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Success',
    details: { name: obj.metadata.name ?? '', ...(info.group ? { group: info.group } : {}), kind: info.resource, uid: obj.metadata.uid ?? '' },
  };
}

/** Stores that return the deleted object instead of a Status (ReturnDeletedObject: pods). */
function returnsDeletedObject(info: ResourceInfo): boolean {
  return info.group === '' && info.resource === 'pods';
}

/** finalizeDelete: the object itself for pods, a Success Status for the rest. */
function finalized(info: ResourceInfo, obj: KubeObject): unknown {
  return returnsDeletedObject(info) ? obj : successStatus(info, obj);
}

type Abort = { kind: 'error'; response: HttpResponse } | { kind: 'alreadyDeleting' } | { kind: 'deleteNow' };

export function deleteResource(ops: RegistryOps, info: ResourceInfo, key: string, name: string, req: HttpRequest, cause: number, done: (o: RegistryOutcome) => void): void {
  const decoded = decodeDeleteOptions(req);
  if ('error' in decoded) {
    done({ ok: false, response: decoded.error, cause });
    return;
  }
  const optionErrors = validateDeleteOptions(decoded);
  if (optionErrors.length > 0) {
    done({ ok: false, response: invalid('DeleteOptions', 'meta.k8s.io', '', optionErrors as FieldError[]), cause });
    return;
  }
  const graceFn = returnsDeletedObject(info) ? podGracePeriod : undefined;
  const policy = defaultGarbageCollectionPolicy(info.group, info.version, info.resource);
  const preconditions: Preconditions | undefined = decoded.preconditions;
  // Store.Delete starts with a Get; without a resourceVersion the cacher reads it from etcd.
  ops.range(key, cause, undefined, (kv, d) => {
    if (!kv) {
      done({ ok: false, response: notFound(info, name), cause: d.seq });
      return;
    }
    const obj = stateOf(kv).obj;
    const ref = refOf(obj);
    const first = beforeDelete(obj, decoded, ops.nowIso(), graceFn);
    if ('error' in first) {
      done({ ok: false, response: { code: first.error.code, body: statusError(first.error.code, first.error.reason, first.error.message, first.error.details) }, cause: d.seq });
      return;
    }
    if (first.pending) {
      done({ ok: true, body: finalized(info, obj), code: 200, ref, cause: d.seq });
      return;
    }
    const options = first.options;
    const pendingFinalizers = (obj.metadata.finalizers ?? []).length > 0;
    const finalizersChange = deletionFinalizers(obj.metadata, options, policy).changed;
    const deleteNow = (pre: Preconditions | undefined, seq: number, ignoreNotFound: KubeObject | undefined): void => {
      conditionalDelete(ops, key, ops.cached(key), pre, seq, ref, (r) => {
        if (r.kind === 'notFound') {
          // A graceless delete racing another component: the object is gone either way.
          if (ignoreNotFound) done({ ok: true, body: finalized(info, ignoreNotFound), code: 200, ref, cause: r.seq });
          else done({ ok: false, response: notFound(info, name), cause: r.seq });
          return;
        }
        if (r.kind === 'precondition') {
          done({ ok: false, response: conflict(info, name, r.message), cause: r.seq });
          return;
        }
        const gone = { ...r.state.obj, metadata: { ...r.state.obj.metadata, resourceVersion: String(r.rev) } };
        const seq2 = ops.recordObject('DELETED', gone, r.seq);
        done({ ok: true, body: finalized(info, r.state.obj), code: 200, ref, cause: seq2 });
      });
    };
    if (!first.graceful && !pendingFinalizers && !finalizersChange) {
      deleteNow(preconditions, d.seq, undefined);
      return;
    }
    // updateForGracefulDeletionAndFinalizers
    let lastGraceful = 0;
    let keptByFinalizers = false;
    guaranteedUpdate<Abort>(
      ops,
      key,
      ops.cached(key),
      preconditions,
      (current) => {
        const r = beforeDelete(current.obj, decoded, ops.nowIso(), graceFn);
        if ('error' in r) return { abort: { kind: 'error', response: { code: r.error.code, body: statusError(r.error.code, r.error.reason, r.error.message, r.error.details) } } };
        if (r.pending) return { abort: { kind: 'alreadyDeleting' } };
        const fin = deletionFinalizers(r.object.metadata, r.options, policy);
        let next: KubeObject = fin.changed ? { ...r.object, metadata: { ...r.object.metadata, finalizers: fin.finalizers } } : r.object;
        if (next.metadata.finalizers?.length === 0) {
          const m = { ...next.metadata };
          delete m.finalizers;
          next = { ...next, metadata: m };
        }
        keptByFinalizers = (next.metadata.finalizers ?? []).length > 0;
        if (!r.graceful) {
          // Without graceful deletion, finalizers keep the object: it is only marked as deleting.
          if (keptByFinalizers) return { object: markAsDeleting(next, ops.nowIso()) };
          return { abort: { kind: 'deleteNow' } };
        }
        lastGraceful = r.options.gracePeriodSeconds ?? 0;
        return { object: next };
      },
      d.seq,
      ref,
      (u) => {
        if (u.kind === 'notFound') {
          done({ ok: false, response: notFound(info, name), cause: u.seq });
          return;
        }
        if (u.kind === 'precondition') {
          done({ ok: false, response: conflict(info, name, u.message), cause: u.seq });
          return;
        }
        if (u.kind === 'aborted') {
          if (u.reason.kind === 'error') done({ ok: false, response: u.reason.response, cause: u.seq });
          else if (u.reason.kind === 'alreadyDeleting') done({ ok: true, body: finalized(info, u.state.obj), code: 200, ref, cause: u.seq });
          else deleteNow(preconditions, u.seq, undefined);
          return;
        }
        const seq = u.kind === 'updated' ? ops.recordObject('MODIFIED', u.state.obj, u.seq) : u.seq;
        if (keptByFinalizers || lastGraceful > 0) {
          // Not deleted yet: the handler answers 202 only for orphanDependents=false.
          const code = decoded.orphanDependents === false ? 202 : 200;
          done({ ok: true, body: u.state.obj, code, ref, cause: seq });
          return;
        }
        // A graceful deletion with period 0: delete now, from the updated resourceVersion.
        const pre = preconditions?.resourceVersion !== undefined ? { ...preconditions, resourceVersion: u.state.obj.metadata.resourceVersion ?? '' } : preconditions;
        deleteNow(pre, seq, u.state.obj);
      },
    );
  });
}
