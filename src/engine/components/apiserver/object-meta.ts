import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ObjectRef } from '../../../trace/schema.ts';

/** Metadata keys in the order the apiserver serializes them (as `kubectl get -o yaml` shows). */
const METADATA_ORDER = ['annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName', 'generation', 'labels', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'uid'];

export function orderMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  for (const k of METADATA_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const [k, v] of Object.entries(meta)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as KubeObject['metadata'];
}

/** The object as read from storage: its resourceVersion is the key's mod_revision. */
export function withResourceVersion(obj: KubeObject, rev: number): KubeObject {
  return { ...obj, metadata: orderMetadata({ ...obj.metadata, resourceVersion: String(rev) }) };
}

/** What is written to etcd: the resourceVersion is not stored, it is the revision. */
export function withoutResourceVersion(obj: KubeObject): KubeObject {
  const meta = { ...obj.metadata };
  delete meta.resourceVersion;
  return { ...obj, metadata: meta };
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  return ref;
}
