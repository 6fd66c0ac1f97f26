import type { Micros } from '../../../../base/time.ts';
import { MICROS_PER_SECOND } from '../../../../base/time.ts';
import { goDuration } from '../../../../domain/k8s/duration.ts';
import type { KubeObject, Pod } from '../../../../domain/k8s/objects.ts';
import { apiPath, resourceByName, type ResourceInfo } from '../../../../domain/k8s/resources.ts';
import type { HttpResponse } from '../../../api/http.ts';
import { goQuote } from '../flags.ts';
import { nowIso, statusOf, type KubectlContext } from './context.ts';
import { aggregate, plainError, statusError, type GoError } from './drain-errors.ts';
import { daemonSetToLookUp, filterPod, PodDeleteList, shouldSkipPod, type DaemonSetLookup, type FilterOptions, type PodDelete } from './drain-filters.ts';

/**
 * The pod half of `kubectl drain`, after k8s.io/kubectl/pkg/drain/drain.go (Helper):
 * GetPodsForDeletion lists the node's pods and filters them, DeleteOrEvictPods evicts them
 * (POST pods/<name>/eviction, one goroutine per pod, retrying a 429 every 5 s) or, with
 * --disable-eviction, deletes them, then polls each pod with a GET every second until it is gone.
 * Every wait runs on the simulated clock.
 */

/** The drain.Helper settings these steps read. */
export interface DrainHelper {
  force: boolean;
  ignoreDaemonsets: boolean;
  deleteEmptydirData: boolean;
  /** Seconds; negative means "the pod's own terminationGracePeriodSeconds". */
  gracePeriod: number;
  /** µs; 0 means no limit. */
  timeout: Micros;
  /** Already normalised as labels.Parse(…).String() prints it. */
  podSelector?: string;
  disableEviction: boolean;
  skipWaitForDeleteTimeout: number;
  chunkSize: number;
}

/** kubectl's two streams: d.Out and d.ErrOut. */
export interface Terminal {
  out(text: string): void;
  err(text: string): void;
}

/** wait.PollImmediate's interval in waitForDelete. */
const POLL_INTERVAL: Micros = 1 * MICROS_PER_SECOND;
/** The pause after a 429 from the eviction subresource (a PodDisruptionBudget said no). */
const EVICTION_RETRY: Micros = 5 * MICROS_PER_SECOND;
/** corev1.NamespaceTerminatingCause */
const NAMESPACE_TERMINATING = 'NamespaceTerminating';

const podsInfo = (): ResourceInfo => resourceByName('pods') as ResourceInfo;
const daemonSetsInfo = (): ResourceInfo => resourceByName('daemonsets') as ResourceInfo;

function filterOptions(ctx: KubectlContext, h: DrainHelper): FilterOptions {
  return { force: h.force, ignoreDaemonsets: h.ignoreDaemonsets, deleteEmptydirData: h.deleteEmptydirData, skipWaitForDeleteTimeout: h.skipWaitForDeleteTimeout, now: nowIso(ctx) };
}

/**
 * resource.EnhanceListError: a BadRequest or NotFound from the list keeps its reason but says
 * what was listed (subject "/v1, Resource=pods", the GroupVersionResource's String()).
 */
function listError(res: HttpResponse, query: Record<string, string>): GoError {
  const err = statusError(res);
  if (err.kind !== 'status' || (err.reason !== 'BadRequest' && err.reason !== 'NotFound')) return err;
  const label = query.labelSelector ?? '';
  const field = query.fieldSelector ?? '';
  const message = !label && !field ? `Unable to list "/v1, Resource=pods": ${err.message}` : `Unable to find "/v1, Resource=pods" that match label selector ${goQuote(label)}, field selector ${goQuote(field)}: ${err.message}`;
  return { ...err, message };
}

/**
 * GetPodsForDeletion: GET /api/v1/pods?fieldSelector=spec.nodeName=NODE&limit=N (following
 * `continue` as resource.FollowContinue does), then the filters pod by pod, the daemonSet
 * filter GETting the pod's DaemonSet. Errors are the list's "cannot delete …" errors.
 */
export function getPodsForDeletion(ctx: KubectlContext, h: DrainHelper, nodeName: string, cause: number, done: (r: { list?: PodDeleteList; errors?: GoError[] }, seq: number) => void): void {
  const pods: Pod[] = [];
  // client-go encodes the query sorted by key.
  const base: Record<string, string> = { fieldSelector: `spec.nodeName=${nodeName}` };
  if (h.podSelector) base.labelSelector = h.podSelector;
  if (h.chunkSize > 0) base.limit = String(h.chunkSize);
  const page = (token: string | undefined, c: number): void => {
    const query = token ? { continue: token, ...base } : base;
    ctx.api.request('GET', apiPath(podsInfo()), { query, cause: c }, (res, d) => {
      if (res.code !== 200) {
        done({ errors: [listError(res, base)] }, d.seq);
        return;
      }
      const body = res.body as { items?: Pod[]; metadata?: { continue?: string } };
      pods.push(...(body.items ?? []));
      if (body.metadata?.continue) page(body.metadata.continue, d.seq);
      else filterAll(d.seq);
    });
  };
  const filterAll = (c: number): void => {
    const opts = filterOptions(ctx, h);
    const items: PodDelete[] = [];
    const next = (i: number, seq: number): void => {
      const listed = pods[i];
      if (!listed) {
        const list = new PodDeleteList(items);
        const errors = list.errors();
        done(errors.length > 0 ? { list, errors } : { list }, seq);
        return;
      }
      // filterPods sets the kind the printers need ("pod/web-… evicted").
      const pod = { ...listed, apiVersion: 'v1', kind: 'Pod' } as Pod;
      const ds = daemonSetToLookUp(pod, opts);
      if (!ds) {
        items.push({ pod, status: filterPod(pod, opts) });
        next(i + 1, seq);
        return;
      }
      ctx.api.request('GET', apiPath(daemonSetsInfo(), ds.namespace, ds.name), { cause: seq }, (res, d) => {
        const lookup: DaemonSetLookup = res.code === 200 ? { found: true } : { found: false, notFound: res.code === 404, error: statusError(res) };
        items.push({ pod, status: filterPod(pod, opts, lookup) });
        next(i + 1, d.seq);
      });
    };
    next(0, c);
  };
  page(undefined, cause);
}

/** makeDeleteOptions: gracePeriodSeconds only when --grace-period is 0 or more. */
function deleteOptions(h: DrainHelper): Record<string, unknown> {
  return h.gracePeriod >= 0 ? { gracePeriodSeconds: h.gracePeriod } : {};
}

/** DeleteOrEvictPods: evictions, or DELETEs with --disable-eviction. The error is an aggregate for evictions. */
export function deleteOrEvictPods(ctx: KubectlContext, h: DrainHelper, pods: readonly Pod[], term: Terminal, cause: number, done: (err: GoError | undefined, seq: number) => void): void {
  if (pods.length === 0) {
    done(undefined, cause);
    return;
  }
  // CheckEvictionSupport reads discovery, which kubectl serves from its disk cache: the
  // simulated apiserver serves pods/eviction in policy/v1.
  if (h.disableEviction) deletePods(ctx, h, pods, term, cause, done);
  else evictPods(ctx, h, pods, term, cause, done);
}

const isGone = (res: HttpResponse, pod: Pod): boolean => res.code === 404 || (res.code === 200 && (res.body as KubeObject).metadata.uid !== pod.metadata.uid);

function evictPods(ctx: KubectlContext, h: DrainHelper, pods: readonly Pod[], term: Terminal, cause: number, done: (err: GoError | undefined, seq: number) => void): void {
  // context.WithTimeout(globalTimeout); 0 means MaxInt64, which never runs out.
  const deadline = h.timeout === 0 ? Number.POSITIVE_INFINITY : ctx.sim.now + h.timeout;
  const globalTimeout = goDuration(h.timeout);
  const timedOut = (): boolean => ctx.sim.now >= deadline;
  const errors: GoError[] = [];
  let remaining = pods.length;
  let last = cause;
  // The results come back on a channel in the order the goroutines finish.
  const finish = (err: GoError | undefined, seq: number): void => {
    if (err) errors.push(err);
    last = Math.max(last, seq);
    remaining--;
    if (remaining === 0) done(aggregate(errors), last);
  };
  for (const pod of pods) {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const where = `pods/${goQuote(name)} -n ${goQuote(ns)}`;
    const waitGone = (c: number): void => {
      // waitForDelete with interval 1 s and the global context: a GET now, then one per tick.
      const poll = (at: Micros, pc: number): void => {
        ctx.api.request('GET', apiPath(podsInfo(), ns, name), { cause: pc }, (res, d) => {
          if (isGone(res, pod)) {
            term.out(`pod/${name} evicted\n`);
            finish(undefined, d.seq);
            return;
          }
          if (res.code !== 200) {
            term.out(`pod/${name} eviction failed\n`);
            finish(plainError(`error when waiting for pod ${goQuote(name)} in namespace ${goQuote(ns)} to terminate: ${statusOf(res).message}`), d.seq);
            return;
          }
          if (shouldSkipPod(res.body as Pod, h.skipWaitForDeleteTimeout, nowIso(ctx))) {
            term.out(`pod ${goQuote(name)} has DeletionTimestamp older than ${h.skipWaitForDeleteTimeout} seconds, skipping\n`);
            finish(undefined, d.seq);
            return;
          }
          if (timedOut()) {
            finish(plainError(`error when waiting for pod ${goQuote(name)} in namespace ${goQuote(ns)} to terminate: global timeout reached: ${globalTimeout}`), d.seq);
            return;
          }
          const nextAt = at + POLL_INTERVAL;
          ctx.sim.after(nextAt - ctx.sim.now, () => poll(nextAt, d.seq), { label: `kubectl drain: wait for pod ${ns}/${name}` });
        });
      };
      poll(ctx.sim.now, c);
    };
    const attempt = (c: number): void => {
      term.out(`evicting pod ${ns}/${name}\n`);
      if (timedOut()) {
        finish(plainError(`error when evicting ${where}: global timeout reached: ${globalTimeout}`), c);
        return;
      }
      // policy/v1 Eviction as client-go encodes it: TypeMeta first, ObjectMeta with its zero
      // creationTimestamp, and the DeleteOptions.
      const body = { kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name, namespace: ns, creationTimestamp: null }, deleteOptions: deleteOptions(h) };
      ctx.api.request('POST', apiPath(podsInfo(), ns, name, 'eviction'), { body, cause: c }, (res, d) => {
        if (res.code >= 200 && res.code < 300) {
          waitGone(d.seq);
          return;
        }
        const { message } = statusOf(res);
        const retry = (): void => void ctx.sim.after(EVICTION_RETRY, () => attempt(d.seq), { label: `kubectl drain: retry eviction of ${ns}/${name}` });
        if (res.code === 404) finish(undefined, d.seq);
        else if (res.code === 429) {
          term.err(`error when evicting ${where} (will retry after 5s): ${message}\n`);
          retry();
        } else if (res.code === 403 && namespaceTerminating(res)) {
          // The pod of a terminating namespace: wait if it is already being deleted, else retry.
          if (pod.metadata.deletionTimestamp) waitGone(d.seq);
          else {
            term.err(`error when evicting pod ${goQuote(name)} from terminating namespace ${goQuote(ns)} (will retry after 5s): ${message}\n`);
            retry();
          }
        } else finish(plainError(`error when evicting ${where}: ${message}`), d.seq);
      });
    };
    attempt(cause);
  }
}

/** apierrors.HasStatusCause(err, NamespaceTerminatingCause): StatusCause.Type is "reason" in JSON. */
function namespaceTerminating(res: HttpResponse): boolean {
  const details = (res.body as { details?: { causes?: { reason?: string }[] } } | undefined)?.details;
  return details?.causes?.some((c) => c.reason === NAMESPACE_TERMINATING) ?? false;
}

/**
 * deletePods (--disable-eviction): one DELETE per pod (the first error other than NotFound ends
 * it), then one waitForDelete over all of them: wait.PollImmediate(1s, timeout), which checks
 * once more when the timeout fires and then gives up with "timed out waiting for the condition".
 */
function deletePods(ctx: KubectlContext, h: DrainHelper, pods: readonly Pod[], term: Terminal, cause: number, done: (err: GoError | undefined, seq: number) => void): void {
  const options = { kind: 'DeleteOptions', apiVersion: 'v1', ...deleteOptions(h) };
  const del = (i: number, c: number): void => {
    const pod = pods[i];
    if (!pod) {
      waitAll(c);
      return;
    }
    ctx.api.request('DELETE', apiPath(podsInfo(), pod.metadata.namespace, pod.metadata.name), { body: options, cause: c }, (res, d) => {
      if (res.code !== 200 && res.code !== 202 && res.code !== 404) done(statusError(res), d.seq);
      else del(i + 1, d.seq);
    });
  };
  const waitAll = (c: number): void => {
    const start = ctx.sim.now;
    const timeout = h.timeout === 0 ? Number.POSITIVE_INFINITY : h.timeout;
    let pending = [...pods];
    const condition = (at: Micros, last: boolean, pc: number): void => {
      const still: Pod[] = [];
      const check = (i: number, seq: number): void => {
        const pod = pending[i];
        if (!pod) {
          pending = still;
          if (pending.length === 0) done(undefined, seq);
          else if (last) done(plainError('timed out waiting for the condition'), seq);
          else {
            const nextAt = at + POLL_INTERVAL;
            const finalCheck = nextAt - start >= timeout;
            const when = finalCheck ? start + timeout : nextAt;
            ctx.sim.after(when - ctx.sim.now, () => condition(when, finalCheck, seq), { label: 'kubectl drain: wait for deleted pods' });
          }
          return;
        }
        ctx.api.request('GET', apiPath(podsInfo(), pod.metadata.namespace, pod.metadata.name), { cause: seq }, (res, d) => {
          const name = pod.metadata.name ?? '';
          if (isGone(res, pod)) term.out(`pod/${name} deleted\n`);
          else if (res.code !== 200) {
            term.out(`pod/${name} deletion failed\n`);
            done(statusError(res), d.seq);
            return;
          } else if (shouldSkipPod(res.body as Pod, h.skipWaitForDeleteTimeout, nowIso(ctx))) term.out(`pod ${goQuote(name)} has DeletionTimestamp older than ${h.skipWaitForDeleteTimeout} seconds, skipping\n`);
          else still.push(pod);
          check(i + 1, d.seq);
        });
      };
      check(0, pc);
    };
    condition(start, timeout <= 0, c);
  };
  del(0, cause);
}
