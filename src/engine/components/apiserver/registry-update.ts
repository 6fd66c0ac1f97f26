import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { HttpResponse } from '../../api/http.ts';
import { conflict, invalid } from './errors.ts';
import type { Strategy } from './strategies.ts';
import type { FieldError } from './validation.ts';

/**
 * The part of an update that runs inside GuaranteedUpdate, on the current object
 * (registry/generic/registry/store.go Update, registry/rest/update.go BeforeUpdate):
 * - the resourceVersion the client sent is a hard precondition: a different one is a 409
 *   Conflict with OptimisticLockErrorMsg (an empty one is an unconditional update);
 * - the client cannot change generation, uid, creationTimestamp, deletionTimestamp or
 *   deletionGracePeriodSeconds, nor add finalizers to an object being deleted;
 * - the strategy bumps the generation (main resource only) and validates (ValidateUpdate).
 */
const OMIT_EMPTY = ['finalizers', 'ownerReferences', 'labels', 'annotations', 'managedFields'] as const;

export function prepareForUpdate(
  info: ResourceInfo,
  strategy: Strategy,
  next: KubeObject,
  old: KubeObject,
  subresource: string | undefined,
): { object: KubeObject } | { error: HttpResponse } {
  const name = old.metadata.name ?? '';
  const rv = next.metadata.resourceVersion ?? '';
  if (rv !== '' && rv !== (old.metadata.resourceVersion ?? '')) return { error: conflict(info, name) };
  const meta: KubeObject['metadata'] = { ...next.metadata };
  const errors: FieldError[] = [];
  if (meta.uid === undefined || meta.uid === '') meta.uid = old.metadata.uid;
  else if (meta.uid !== old.metadata.uid) errors.push({ field: 'metadata.uid', type: 'Invalid value', value: meta.uid, detail: 'field is immutable' });
  if (old.metadata.creationTimestamp !== undefined) meta.creationTimestamp = old.metadata.creationTimestamp;
  if (old.metadata.generation !== undefined) meta.generation = old.metadata.generation;
  else delete meta.generation;
  if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
  else delete meta.deletionTimestamp;
  if (old.metadata.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) meta.deletionGracePeriodSeconds = old.metadata.deletionGracePeriodSeconds;
  if (old.metadata.deletionTimestamp) {
    // ValidateNoNewFinalizers
    const before = new Set(old.metadata.finalizers ?? []);
    const added = [...new Set(meta.finalizers ?? [])].filter((f) => !before.has(f)).sort();
    if (added.length > 0) {
      errors.push({ field: 'metadata.finalizers', type: 'Forbidden', detail: `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}` });
    }
  }
  // Empty lists and maps of ObjectMeta are `omitempty`: they are not stored.
  for (const k of OMIT_EMPTY) {
    const v = meta[k];
    if (v !== undefined && (Array.isArray(v) ? v.length === 0 : typeof v === 'object' && v !== null && Object.keys(v).length === 0)) delete meta[k];
  }
  let object: KubeObject = { ...next, metadata: meta };
  if (subresource !== 'status' && strategy.hasGeneration && strategy.bumpsGeneration(object, old)) {
    object = { ...object, metadata: { ...object.metadata, generation: (old.metadata.generation ?? 1) + 1 } };
  }
  // The status subresource validates status only, which the simulator does not model.
  if (subresource !== 'status') errors.push(...strategy.validate(object));
  if (errors.length > 0) return { error: invalid(info.kind, info.group, name, errors) };
  return { object };
}
