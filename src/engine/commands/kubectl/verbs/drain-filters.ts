import type { KubeObject, OwnerReference, Pod } from '../../../../domain/k8s/objects.ts';
import { microsBetween } from '../../../../domain/k8s/duration.ts';
import { errorText, plainError, type GoError } from './drain-errors.ts';

/**
 * Which pods `kubectl drain` may evict, after k8s.io/kubectl/pkg/drain/filters.go: each pod goes
 * through the filters in order (skipDeleted, daemonSet, mirrorPod, localStorage, unreplicated),
 * the first that says "do not delete" ends its run, and the status of the last filter run is
 * the pod's. Pure: the one lookup a filter makes (the DaemonSet of a DaemonSet-managed pod) is
 * done by the caller and handed in.
 */

// The texts of filters.go, kubectl 1.34. `unmanagedFatal` has carried its own "cannot delete"
// since kubernetes PR 120159 (1.30), and errors() adds another: real kubectl prints it twice.
const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';
/** corev1.MirrorPodAnnotationKey: the kubelet's API copy of a static pod. */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export interface PodDeleteStatus {
  delete: boolean;
  reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  message?: string;
}

export interface FilterOptions {
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  /** --skip-wait-for-delete-timeout in seconds; 0 never skips. */
  skipWaitForDeleteTimeout: number;
  /** The simulated now, RFC 3339 (shouldSkipPod compares deletionTimestamp with time.Now()). */
  now: string;
}

/** What GET of a pod's DaemonSet answered: found, or the error (NotFound or another). */
export type DaemonSetLookup = { found: true } | { found: false; notFound: boolean; error: GoError };

const okay = (): PodDeleteStatus => ({ delete: true, reason: 'Okay' });
const skip = (): PodDeleteStatus => ({ delete: false, reason: 'Skip' });
const warning = (del: boolean, message: string): PodDeleteStatus => ({ delete: del, reason: 'Warning', message });
const fatal = (message: string): PodDeleteStatus => ({ delete: false, reason: 'Error', message });

/** metav1.GetControllerOf */
export function controllerOf(pod: KubeObject): OwnerReference | undefined {
  return pod.metadata.ownerReferences?.find((r) => r.controller === true);
}

function finished(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/**
 * shouldSkipPod: with --skip-wait-for-delete-timeout=N, a pod deleted more than N whole seconds
 * ago (int(time.Since(deletionTimestamp).Seconds()) > N) is not waited for.
 */
export function shouldSkipPod(pod: Pod, skipWaitForDeleteTimeout: number, now: string): boolean {
  const deleted = pod.metadata.deletionTimestamp;
  if (skipWaitForDeleteTimeout <= 0 || !deleted) return false;
  return Math.trunc(microsBetween(deleted, now) / 1_000_000) > skipWaitForDeleteTimeout;
}

/** The DaemonSet the daemonSet filter GETs for this pod, when the filter gets that far. */
export function daemonSetToLookUp(pod: Pod, opts: FilterOptions): { namespace: string; name: string } | undefined {
  if (shouldSkipPod(pod, opts.skipWaitForDeleteTimeout, opts.now)) return undefined;
  const ref = controllerOf(pod);
  if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return undefined;
  return { namespace: pod.metadata.namespace ?? '', name: ref.name };
}

function daemonSetFilter(pod: Pod, opts: FilterOptions, ds: DaemonSetLookup | undefined): PodDeleteStatus {
  const ref = controllerOf(pod);
  if (!ref || ref.kind !== 'DaemonSet' || finished(pod)) return okay();
  if (!ds) throw new Error(`drain: the DaemonSet of pod ${pod.metadata.name ?? ''} was not looked up`);
  if (!ds.found) {
    // An orphan whose DaemonSet is gone may go with --force, with the NotFound text as warning.
    if (ds.notFound && opts.force) return warning(true, errorText(ds.error));
    return fatal(errorText(ds.error));
  }
  return opts.ignoreDaemonsets ? warning(false, DAEMONSET_WARNING) : fatal(DAEMONSET_FATAL);
}

function mirrorPodFilter(pod: Pod): PodDeleteStatus {
  return pod.metadata.annotations && Object.hasOwn(pod.metadata.annotations, MIRROR_POD_ANNOTATION) ? skip() : okay();
}

function localStorageFilter(pod: Pod, opts: FilterOptions): PodDeleteStatus {
  const volumes = (pod.spec.volumes ?? []) as { emptyDir?: unknown }[];
  if (!volumes.some((v) => v.emptyDir !== undefined && v.emptyDir !== null)) return okay();
  if (finished(pod)) return okay();
  // Upstream's own TODO: this warning is overwritten by the next filter's status.
  return opts.deleteEmptydirData ? warning(true, LOCAL_STORAGE_WARNING) : fatal(LOCAL_STORAGE_FATAL);
}

function unreplicatedFilter(pod: Pod, opts: FilterOptions): PodDeleteStatus {
  if (finished(pod)) return okay();
  if (controllerOf(pod)) return okay();
  return opts.force ? warning(true, UNMANAGED_WARNING) : fatal(UNMANAGED_FATAL);
}

/** Runs the filters in upstream order; the first "do not delete" ends the run. */
export function filterPod(pod: Pod, opts: FilterOptions, ds?: DaemonSetLookup): PodDeleteStatus {
  const filters: (() => PodDeleteStatus)[] = [
    () => (shouldSkipPod(pod, opts.skipWaitForDeleteTimeout, opts.now) ? skip() : okay()),
    () => daemonSetFilter(pod, opts, ds),
    () => mirrorPodFilter(pod),
    () => localStorageFilter(pod, opts),
    () => unreplicatedFilter(pod, opts),
  ];
  let status = okay();
  for (const f of filters) {
    status = f();
    if (!status.delete) break;
  }
  return status;
}

export interface PodDelete {
  pod: Pod;
  status: PodDeleteStatus;
}

/**
 * PodDeleteList. Upstream groups warnings and errors by message in a Go map, so with more than
 * one message their order changes from run to run; here they come in the order their first pod
 * was listed, which is one of the orders kubectl prints.
 */
export class PodDeleteList {
  constructor(readonly items: readonly PodDelete[]) {}

  /** The pods to evict or delete. */
  pods(): Pod[] {
    return this.items.filter((i) => i.status.delete).map((i) => i.pod);
  }

  /** `msg: ns/a, ns/b; msg2: ns/c`, or '' when there is nothing to warn about. */
  warnings(): string {
    return groupByMessage(this.items, 'Warning')
      .map(([msg, pods]) => `${msg}: ${pods.join(', ')}`)
      .join('; ');
  }

  /** `cannot delete <msg>: ns/a, ns/b`, one error per message. */
  errors(): GoError[] {
    return groupByMessage(this.items, 'Error').map(([msg, pods]) => plainError(`cannot delete ${msg}: ${pods.join(', ')}`));
  }
}

function groupByMessage(items: readonly PodDelete[], reason: PodDeleteStatus['reason']): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const msg = status.message ?? '';
    const key = reason === 'Error' && msg === '' ? 'unexpected error' : msg;
    groups.set(key, [...(groups.get(key) ?? []), `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`]);
  }
  return [...groups];
}
