import { toRfc3339 } from '../../base/time.ts';
import type { KubeObject, ObjectMeta } from './objects.ts';

/**
 * The rules of a DELETE in kube-apiserver, as pure functions: DeleteOptions and their
 * validation (apimachinery meta/v1/validation ValidateDeleteOptions), rest.BeforeDelete
 * (apiserver/pkg/registry/rest/delete.go: preconditions, graceful deletion, shortening a
 * pending grace period), the pod strategy's CheckGracefulDelete
 * (pkg/registry/core/pod/strategy.go), and the garbage-collection finalizers, markAsDeleting
 * and ShouldDeleteDuringUpdate of the generic store
 * (apiserver/pkg/registry/generic/registry/store.go).
 */

/** metav1.DeleteOptions, as the apiserver decodes it from the body or the query. */
export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  /** Deprecated, still honoured (and takes precedence over propagationPolicy). */
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

/** metav1.FinalizerOrphanDependents */
export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
/** metav1.FinalizerDeleteDependents */
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export const PROPAGATION_POLICIES = ['Foreground', 'Background', 'Orphan'] as const;

/** rest.GarbageCollectionPolicy; undefined for a strategy that does not declare one. */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents' | 'Unsupported' | undefined;

/**
 * DefaultGarbageCollectionPolicy of each registry strategy: ReplicationControllers, batch/v1
 * Jobs and batch/v1beta1 CronJobs orphan their dependents when the DELETE names no policy
 * (backward compatibility), apps/v1 workloads and batch/v1 CronJobs delete them, Events cannot be
 * garbage collected. Sources: pkg/registry/{core/replicationcontroller,apps/deployment,
 * apps/replicaset,apps/daemonset,apps/statefulset,batch/job,batch/cronjob,core/event}/strategy.go.
 */
export function defaultGarbageCollectionPolicy(group: string, version: string, resource: string): GarbageCollectionPolicy {
  const gr = `${resource}.${group}`;
  switch (gr) {
    case 'replicationcontrollers.':
      return 'OrphanDependents';
    case 'deployments.apps':
    case 'replicasets.apps':
    case 'daemonsets.apps':
    case 'statefulsets.apps':
      return version === 'v1beta1' || version === 'v1beta2' ? 'OrphanDependents' : 'DeleteDependents';
    case 'deployments.extensions':
    case 'replicasets.extensions':
    case 'daemonsets.extensions':
      return 'OrphanDependents';
    case 'jobs.batch':
      return version === 'v1' ? 'OrphanDependents' : 'DeleteDependents';
    case 'cronjobs.batch':
      return version === 'v1beta1' ? 'OrphanDependents' : 'DeleteDependents';
    case 'events.':
    case 'events.events.k8s.io':
      return 'Unsupported';
    default:
      return undefined;
  }
}

/** A field error of ValidateDeleteOptions, in the shape field.Error prints. */
export interface DeleteOptionsError {
  field: string;
  type: 'Invalid value' | 'Unsupported value';
  value: unknown;
  detail: string;
}

/** ValidateDeleteOptions (apimachinery/pkg/apis/meta/v1/validation/validation.go). */
export function validateDeleteOptions(o: DeleteOptions): DeleteOptionsError[] {
  const errs: DeleteOptionsError[] = [];
  if (o.orphanDependents !== undefined && o.propagationPolicy !== undefined) {
    errs.push({ field: 'propagationPolicy', type: 'Invalid value', value: o.propagationPolicy, detail: 'orphanDependents and deletionPropagation cannot be both set' });
  }
  if (o.propagationPolicy !== undefined && !(PROPAGATION_POLICIES as readonly string[]).includes(o.propagationPolicy)) {
    errs.push({ field: 'propagationPolicy', type: 'Unsupported value', value: o.propagationPolicy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' });
  }
  for (const [i, v] of (o.dryRun ?? []).entries()) {
    if (v !== 'All') errs.push({ field: `dryRun[${i}]`, type: 'Unsupported value', value: v, detail: 'supported values: "All"' });
  }
  return errs;
}

/** An API error a kernel returns; the engine turns it into a metav1.Status. */
export interface ApiError {
  code: number;
  reason: string;
  message: string;
  details: { name: string; group?: string; kind: string };
}

/** `Deployment.apps` / `Pod`: BeforeDelete names the kind, not the resource, in its Conflict. */
function groupKind(obj: KubeObject): { group: string; kind: string; text: string } {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return { group, kind: obj.kind, text: group ? `${obj.kind}.${group}` : obj.kind };
}

function conflict(obj: KubeObject, detail: string): ApiError {
  const gk = groupKind(obj);
  const name = obj.metadata.name ?? '';
  return {
    code: 409,
    reason: 'Conflict',
    message: `Operation cannot be fulfilled on ${gk.text} "${name}": ${detail}`,
    details: { name, ...(gk.group ? { group: gk.group } : {}), kind: gk.kind },
  };
}

/**
 * The pod strategy's CheckGracefulDelete: the period is the one asked for, else the pod's
 * terminationGracePeriodSeconds; a pod that is not scheduled, or already Succeeded or Failed,
 * goes at once; a negative period becomes 1.
 */
export function podGracePeriod(pod: KubeObject, requested: number | undefined): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let period = requested ?? spec.terminationGracePeriodSeconds ?? 0;
  if (!spec.nodeName) period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  return period;
}

/** What rest.BeforeDelete decided, with the object and options as it left them. */
export type BeforeDeleteResult =
  | { error: ApiError }
  | {
      /** The object is to be deleted gracefully: it got (or shortened) its deletionTimestamp. */
      graceful: boolean;
      /** A graceful deletion with a shorter or equal period is already under way. */
      pending: boolean;
      object: KubeObject;
      options: DeleteOptions;
    };

/**
 * rest.BeforeDelete. `gracePeriod` is the strategy's CheckGracefulDelete, absent for resources
 * without graceful deletion (everything but Pods here). `nowIso` is the apiserver's clock.
 */
export function beforeDelete(obj: KubeObject, options: DeleteOptions, nowIso: string, gracePeriod?: (obj: KubeObject, requested: number | undefined) => number): BeforeDeleteResult {
  const meta = obj.metadata;
  const pre = options.preconditions;
  if (pre?.uid !== undefined && pre.uid !== (meta.uid ?? '')) {
    return { error: conflict(obj, `the UID in the precondition (${pre.uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`) };
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== (meta.resourceVersion ?? '')) {
    return { error: conflict(obj, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`) };
  }
  const opts: DeleteOptions = { ...options };
  // Negative periods are treated as 1 s on the delete path.
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;
  let m: ObjectMeta = meta;
  if (m.deletionGracePeriodSeconds !== undefined && m.deletionGracePeriodSeconds < 0) m = { ...m, deletionGracePeriodSeconds: 1 };
  const out = (graceful: boolean, pending: boolean, metaOut: ObjectMeta = m): BeforeDeleteResult => ({ graceful, pending, object: { ...obj, metadata: metaOut }, options: opts });
  if (!gracePeriod) return out(false, false);
  if (m.deletionTimestamp) {
    // Already being deleted: only a shorter grace period may be given.
    const current = m.deletionGracePeriodSeconds;
    if (current === undefined || current === 0) return out(false, false);
    if (opts.gracePeriodSeconds !== undefined) {
      const period = opts.gracePeriodSeconds;
      if (period >= current) return out(false, true);
      const shortened = toRfc3339(m.deletionTimestamp, (period - current) * 1_000_000);
      return out(true, false, { ...m, deletionTimestamp: shortened, deletionGracePeriodSeconds: period });
    }
    opts.gracePeriodSeconds = current;
    return out(false, true);
  }
  const period = gracePeriod(obj, opts.gracePeriodSeconds);
  opts.gracePeriodSeconds = period;
  const next: ObjectMeta = { ...m, deletionTimestamp: toRfc3339(nowIso, period * 1_000_000), deletionGracePeriodSeconds: period };
  // The first graceful deletion bumps the generation: controllers must see the change.
  if ((m.generation ?? 0) > 0) next.generation = (m.generation ?? 0) + 1;
  return out(true, false, next);
}

/** shouldOrphanDependents of store.go, in its order: options, existing finalizers, default. */
export function shouldOrphanDependents(meta: ObjectMeta, options: DeleteOptions, policy: GarbageCollectionPolicy): boolean {
  if (policy === 'Unsupported') return false;
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy === 'Orphan') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Foreground') return false;
  for (const f of meta.finalizers ?? []) {
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return true;
    if (f === FINALIZER_DELETE_DEPENDENTS) return false;
  }
  return policy === 'OrphanDependents';
}

/** shouldDeleteDependents of store.go: only Foreground (or an existing foregroundDeletion). */
export function shouldDeleteDependents(meta: ObjectMeta, options: DeleteOptions, policy: GarbageCollectionPolicy): boolean {
  if (policy === 'Unsupported') return false;
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy === 'Foreground') return true;
  if (options.propagationPolicy === 'Background' || options.propagationPolicy === 'Orphan') return false;
  for (const f of meta.finalizers ?? []) {
    if (f === FINALIZER_DELETE_DEPENDENTS) return true;
    if (f === FINALIZER_ORPHAN_DEPENDENTS) return false;
  }
  return false;
}

/**
 * deletionFinalizersForGarbageCollection: both GC finalizers are removed, then added back as
 * the options, the existing finalizers and the default policy say (orphan first). `changed` is
 * false when the set is the same.
 */
export function deletionFinalizers(meta: ObjectMeta, options: DeleteOptions, policy: GarbageCollectionPolicy): { changed: boolean; finalizers: string[] } {
  const existing = meta.finalizers ?? [];
  const next = existing.filter((f) => f !== FINALIZER_ORPHAN_DEPENDENTS && f !== FINALIZER_DELETE_DEPENDENTS);
  if (shouldOrphanDependents(meta, options, policy)) next.push(FINALIZER_ORPHAN_DEPENDENTS);
  if (shouldDeleteDependents(meta, options, policy)) next.push(FINALIZER_DELETE_DEPENDENTS);
  const a = new Set(existing);
  const b = new Set(next);
  const same = a.size === b.size && [...a].every((f) => b.has(f));
  return same ? { changed: false, finalizers: existing } : { changed: true, finalizers: next };
}

/**
 * markAsDeleting: for an object kept by finalizers, deletionTimestamp = now (unless an earlier
 * one is set) and deletionGracePeriodSeconds = 0; the generation goes up the first time.
 */
export function markAsDeleting(obj: KubeObject, nowIso: string): KubeObject {
  const m: ObjectMeta = { ...obj.metadata };
  if (!m.deletionTimestamp && (m.generation ?? 0) > 0) m.generation = (m.generation ?? 0) + 1;
  if (!m.deletionTimestamp || m.deletionTimestamp > nowIso) m.deletionTimestamp = nowIso;
  m.deletionGracePeriodSeconds = 0;
  return { ...obj, metadata: m };
}

/**
 * ShouldDeleteDuringUpdate: an update that leaves no finalizers on an object whose deletion was
 * asked for, and whose grace period is over (0 or unset), deletes it.
 */
export function shouldDeleteDuringUpdate(next: KubeObject, existing: KubeObject): boolean {
  if ((next.metadata.finalizers ?? []).length > 0) return false;
  if (!existing.metadata.deletionTimestamp) return false;
  const grace = existing.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}
