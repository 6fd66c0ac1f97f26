import type { KubeObject } from '../../domain/k8s/objects.ts';
import type { EtcdKeyEntry } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/** What a key holds, as far as the trace tells. */
export type KeyValue =
  /** An API object kube-apiserver stored, as it stored it (without resourceVersion). */
  | { readonly kind: 'object'; readonly objectKey: string; readonly object: KubeObject }
  /** A value written with etcdctl. */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'absent' };

/**
 * The value of a key at its mod_revision. For kube-apiserver's keys it is the version of the
 * object whose resourceVersion is that revision: kube-apiserver takes resourceVersion from
 * mod_revision when it reads (apiserver/pkg/storage/etcd3/store.go), so the two always match.
 * That version's `object` event may come a moment after the Put (the apiserver reports the
 * object when etcd has answered); it is still the value etcd holds at the playhead.
 *
 * The object is shown as stored: APIObjectVersioner.PrepareObjectForStorage clears
 * metadata.resourceVersion before the write (apiserver/pkg/storage/api_object_versioner.go).
 */
export function keyValue(entry: EtcdKeyEntry, objectHistory: (objectKey: string) => readonly TraceEvent[]): KeyValue {
  if (entry.value !== undefined) return { kind: 'text', text: entry.value };
  if (entry.objectKey === undefined) return { kind: 'absent' };
  const rv = String(entry.modRevision);
  const version = objectHistory(entry.objectKey).find((e) => e.op !== 'DELETED' && e.attrs?.resourceVersion === rv);
  const object = version?.attrs?.object;
  if (!isObject(object)) return { kind: 'absent' };
  return { kind: 'object', objectKey: entry.objectKey, object: asStored(object) };
}

/** The object without metadata.resourceVersion, which etcd does not hold. */
export function asStored(object: KubeObject): KubeObject {
  if (object.metadata.resourceVersion === undefined) return object;
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function isObject(v: unknown): v is KubeObject {
  return typeof v === 'object' && v !== null && typeof (v as { metadata?: unknown }).metadata === 'object';
}
