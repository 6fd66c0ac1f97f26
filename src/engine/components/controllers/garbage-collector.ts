import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS } from '../../../domain/k8s/deletion.ts';
import { DependencyGraph, identityString, type GraphActions, type GraphNode, type Identity } from '../../../domain/k8s/gc-graph.ts';
import type { KubeObject, OwnerReference } from '../../../domain/k8s/objects.ts';
import { apiPath, KNOWN_RESOURCES, resourceByKind, type ResourceInfo } from '../../../domain/k8s/resources.ts';
import { ApiClient } from '../../api/client.ts';
import type { HttpResponse } from '../../api/http.ts';
import { Informer } from '../../api/informer.ts';
import { WorkQueue } from '../../api/workqueue.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { controllerMachine } from './controller.machine.ts';

/** Time one item spends computing before its first request (µs), as the other controllers. */
const SYNC_COMPUTE = 150;
/** DefaultControllerRateLimiter's per-item backoff: 5 ms doubling up to 1000 s. */
const BACKOFF_BASE = 5_000;
const BACKOFF_MAX = 1_000_000_000;
/** retry.DefaultBackoff of removeFinalizer: 4 steps from 10 ms, × 5. */
const FINALIZER_RETRY_STEPS = 4;
const FINALIZER_RETRY_BASE = 10_000;
/** absentOwnerCache is an LRU of 500 entries (garbagecollector.go). */
const ABSENT_OWNER_CACHE_SIZE = 500;
/** DefaultIgnoredResources: events are never garbage collected. */
const IGNORED = new Set(['events.']);

type Outcome = 'forget' | 'requeue';

/** The resources the GC monitors: every deletable, listable, watchable one but events. */
export const GC_MONITORED: readonly ResourceInfo[] = KNOWN_RESOURCES.filter((r) => !IGNORED.has(`${r.resource}.${r.group}`));

/**
 * kube-controller-manager's garbage collector (pkg/controller/garbagecollector): monitors (one
 * informer per resource) feed the dependency graph (domain/k8s/gc-graph.ts); the attemptToDelete
 * worker deletes objects whose owners are all gone (Background), removes the foregroundDeletion
 * finalizer of an owner whose blocking dependents are gone, and deletes in Foreground an object
 * whose owner waits for it and that has dependents of its own; the attemptToOrphan worker
 * strips an owner from its dependents' ownerReferences, then removes its orphan finalizer.
 * One worker per queue (upstream runs --concurrent-gc-syncs=20), each a `controller` machine,
 * each item a span (`attemptToDeleteItem`, `attemptToOrphanWorker`) and its API requests.
 */
export class GarbageCollector implements Actor {
  readonly id = 'kube-controller-manager/garbage-collector';
  readonly client: ApiClient;
  readonly graph = new DependencyGraph();
  private readonly monitors: Informer[] = [];
  private readonly deleteQueue = new WorkQueue();
  private readonly orphanQueue = new WorkQueue();
  /** The nodes behind queued uids: a node may leave the graph while it waits. */
  private readonly queued = new Map<string, GraphNode>();
  private readonly failures = new Map<string, number>();
  private readonly absentOwners = new Set<string>();
  private readonly deleteWorker: MachineInstance<typeof controllerMachine>;
  private readonly orphanWorker: MachineInstance<typeof controllerMachine>;
  private readonly scheduled = { delete: false, orphan: false };

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.client = new ApiClient(sim, this.id, {
      user: 'system:serviceaccount:kube-system:generic-garbage-collector',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
      userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/generic-garbage-collector',
    });
    this.deleteWorker = sim.startMachine(controllerMachine, { actor: this.id, machine: 'controller', instance: 'attemptToDelete' });
    this.orphanWorker = sim.startMachine(controllerMachine, { actor: this.id, machine: 'controller', instance: 'attemptToOrphan' });
    for (const info of GC_MONITORED) {
      const inf = new Informer(this.client, apiPath(info), {
        onAdd: (obj, cause) => this.graphChange({ type: 'add', obj: typed(obj, info) }, cause),
        onUpdate: (old, obj, cause) => this.graphChange({ type: 'update', obj: typed(obj, info), oldObj: typed(old, info) }, cause),
        onDelete: (obj, cause) => this.graphChange({ type: 'delete', obj: typed(obj, info) }, cause),
        onSynced: (cause) => this.onSynced(cause),
      });
      this.monitors.push(inf);
    }
  }

  start(): void {
    for (const m of this.monitors) m.start();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  private onSynced(cause: number): void {
    if (!this.monitors.every((m) => m.synced)) return;
    this.deleteWorker.send({ type: 'INFORMERS_SYNCED' }, cause);
    this.orphanWorker.send({ type: 'INFORMERS_SYNCED' }, cause);
    this.kick('delete');
    this.kick('orphan');
  }

  // ---------------------------------------------------------------- graph and queues

  private graphChange(change: Parameters<DependencyGraph['process']>[0], cause: number): void {
    this.apply(this.graph.process(change), cause);
  }

  private apply(actions: GraphActions, cause: number): void {
    for (const id of actions.absent) this.markAbsent(id);
    for (const n of actions.attemptToDelete) this.enqueue('delete', n, cause);
    for (const n of actions.attemptToOrphan) this.enqueue('orphan', n, cause);
  }

  private markAbsent(id: Identity): void {
    const key = absentKey(id);
    this.absentOwners.delete(key);
    this.absentOwners.add(key);
    if (this.absentOwners.size > ABSENT_OWNER_CACHE_SIZE) this.absentOwners.delete(this.absentOwners.values().next().value as string);
  }

  private enqueue(which: 'delete' | 'orphan', n: GraphNode, cause: number): void {
    this.queued.set(`${which}/${n.identity.uid}`, n);
    (which === 'delete' ? this.deleteQueue : this.orphanQueue).add(n.identity.uid, cause);
    this.kick(which);
  }

  /** AddRateLimited: back again after 5 ms × 2^failures. */
  private requeue(which: 'delete' | 'orphan', n: GraphNode, cause: number): void {
    const key = `${which}/${n.identity.uid}`;
    const failures = this.failures.get(key) ?? 0;
    this.failures.set(key, failures + 1);
    const delay = Math.min(BACKOFF_BASE * 2 ** failures, BACKOFF_MAX);
    // A background timer: an item that keeps failing does not keep the cluster from settling.
    this.sim.after(delay, () => this.enqueue(which, n, cause), { background: true, label: 'garbage collector requeue' });
  }

  private kick(which: 'delete' | 'orphan'): void {
    const machine = which === 'delete' ? this.deleteWorker : this.orphanWorker;
    const queue = which === 'delete' ? this.deleteQueue : this.orphanQueue;
    if (this.scheduled[which] || machine.state !== 'idle' || queue.length === 0) return;
    this.scheduled[which] = true;
    this.sim.after(0, () => {
      this.scheduled[which] = false;
      this.work(which);
    });
  }

  private work(which: 'delete' | 'orphan'): void {
    const machine = which === 'delete' ? this.deleteWorker : this.orphanWorker;
    const queue = which === 'delete' ? this.deleteQueue : this.orphanQueue;
    if (machine.state !== 'idle') return;
    const item = queue.get();
    if (!item) return;
    const key = `${which}/${item.key}`;
    const n = this.queued.get(key);
    const finish = (outcome: Outcome, seq: number): void => {
      queue.done(item.key);
      if (outcome === 'forget') this.failures.delete(key);
      else if (n) this.requeue(which, n, seq);
      machine.send({ type: 'SYNCED' }, seq);
      this.kick(which);
    };
    machine.send({ type: 'SYNC' }, item.cause);
    if (!n) {
      finish('forget', machine.stateSeq);
      return;
    }
    const op = which === 'delete' ? 'attemptToDeleteItem' : 'attemptToOrphanWorker';
    const spanSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op, dur: SYNC_COMPUTE, cause: machine.stateSeq, ref: refOfIdentity(n.identity), attrs: { item: identityString(n.identity), virtual: !n.observed } });
    this.sim.after(SYNC_COMPUTE, () => {
      if (which === 'delete') this.attemptToDeleteWorker(n, spanSeq, finish);
      else this.attemptToOrphanWorker(n, spanSeq, finish);
    });
  }

  // ---------------------------------------------------------------- attemptToDelete

  private attemptToDeleteWorker(n: GraphNode, cause: number, finish: (o: Outcome, seq: number) => void): void {
    if (!n.observed) {
      const inGraph = this.graph.uidToNode.get(n.identity.uid);
      // The virtual node was replaced or removed meanwhile.
      if (!inGraph || inGraph.observed) {
        finish('forget', cause);
        return;
      }
    }
    this.attemptToDeleteItem(n, cause, (outcome, seq) => {
      // An item not yet seen by a monitor is polled until it is (issue 56121).
      if (outcome === 'forget' && !n.observed && this.graph.uidToNode.get(n.identity.uid) === n) finish('requeue', seq);
      else finish(outcome, seq);
    });
  }

  /**
   * attemptToDeleteItem: the live object (a GET), then its owners classified as solid, dangling
   * or waiting for their dependents' deletion, and what follows from that.
   */
  private attemptToDeleteItem(item: GraphNode, cause: number, done: (o: Outcome, seq: number) => void): void {
    if (item.beingDeleted && !item.deletingDependents) {
      done('forget', cause);
      return;
    }
    const info = resourceByKind(item.identity.apiVersion, item.identity.kind);
    if (!info) {
      done('requeue', cause);
      return;
    }
    this.get(info, item.identity, cause, (res, seq) => {
      const latest = res.code === 200 ? (res.body as KubeObject) : undefined;
      if (res.code === 404 || (latest && latest.metadata.uid !== item.identity.uid)) {
        this.virtualDelete(item, seq);
        done('forget', seq);
        return;
      }
      if (!latest) {
        done('requeue', seq);
        return;
      }
      if (item.deletingDependents) {
        this.processDeletingDependentsItem(item, seq, done);
        return;
      }
      const refs = latest.metadata.ownerReferences ?? [];
      if (refs.length === 0) {
        done('forget', seq);
        return;
      }
      this.classifyReferences(item, refs, seq, (classes, s2) => {
        if (!classes) {
          done('requeue', s2);
          return;
        }
        const { solid, dangling, waiting } = classes;
        if (solid.length > 0) {
          if (dangling.length === 0 && waiting.length === 0) {
            done('forget', s2);
            return;
          }
          // Dangling and waiting references go, or the waiting owners would be stuck.
          const uids = [...dangling, ...waiting].map((r) => r.uid);
          this.patch(info, item.identity, deleteOwnerRefPatch(item.identity.uid, uids), s2, (r, s3) => done(r.code === 200 || r.code === 404 ? 'forget' : 'requeue', s3));
          return;
        }
        if (waiting.length > 0 && item.dependents.size > 0) {
          // An owner waits for this item, which has dependents of its own: delete it in Foreground.
          this.deleteObject(info, item, latest, 'Foreground', s2, done);
          return;
        }
        const fin = latest.metadata.finalizers ?? [];
        const policy = fin.includes(FINALIZER_ORPHAN_DEPENDENTS) ? 'Orphan' : fin.includes(FINALIZER_DELETE_DEPENDENTS) ? 'Foreground' : 'Background';
        this.deleteObject(info, item, latest, policy, s2, done);
      });
    });
  }

  /** classifyReferences / isDangling: a GET per owner, unless known absent. */
  private classifyReferences(item: GraphNode, refs: readonly OwnerReference[], cause: number, done: (c: { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] } | undefined, seq: number) => void): void {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waiting: OwnerReference[] = [];
    const step = (i: number, seq: number): void => {
      const ref = refs[i];
      if (!ref) {
        done({ solid, dangling, waiting }, seq);
        return;
      }
      const info = resourceByKind(ref.apiVersion, ref.kind);
      if (!info) {
        done(undefined, seq);
        return;
      }
      const ownerId: Identity = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid, ...(info.namespaced && item.identity.namespace ? { namespace: item.identity.namespace } : {}) };
      // The absent-owner cache is checked cluster-scoped first, then in the item's namespace.
      if (this.absentOwners.has(absentKey(ownerId, '')) || this.absentOwners.has(absentKey(ownerId))) {
        dangling.push(ref);
        step(i + 1, seq);
        return;
      }
      if (info.namespaced && !item.identity.namespace) {
        // A cluster-scoped object cannot have a namespaced owner: nothing to retry.
        done(undefined, seq);
        return;
      }
      this.get(info, ownerId, seq, (res, s2) => {
        const owner = res.code === 200 ? (res.body as KubeObject) : undefined;
        if (res.code === 404 || (owner && owner.metadata.uid !== ref.uid)) {
          this.markAbsent(ownerId);
          dangling.push(ref);
        } else if (!owner) {
          done(undefined, s2);
          return;
        } else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FINALIZER_DELETE_DEPENDENTS)) waiting.push(ref);
        else solid.push(ref);
        step(i + 1, s2);
      });
    };
    step(0, cause);
  }

  /** processDeletingDependentsItem: wait for blocking dependents, then drop foregroundDeletion. */
  private processDeletingDependentsItem(item: GraphNode, cause: number, done: (o: Outcome, seq: number) => void): void {
    const blocking = this.graph.blockingDependents(item);
    if (blocking.length === 0) {
      this.removeFinalizer(item, FINALIZER_DELETE_DEPENDENTS, cause, done);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.enqueue('delete', dep, cause);
    done('forget', cause);
  }

  /**
   * deleteObject: DELETE with the uid and resourceVersion the decision was made on; if only the
   * resourceVersion moved and the owners are the same, again without it.
   */
  private deleteObject(info: ResourceInfo, item: GraphNode, latest: KubeObject, policy: 'Foreground' | 'Background' | 'Orphan', cause: number, done: (o: Outcome, seq: number) => void, withRv = true): void {
    const preconditions = { uid: item.identity.uid, ...(withRv && latest.metadata.resourceVersion ? { resourceVersion: latest.metadata.resourceVersion } : {}) };
    const body = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions, propagationPolicy: policy };
    this.client.request('DELETE', apiPath(info, item.identity.namespace, item.identity.name), { body, cause, ref: refOfIdentity(item.identity), attrs: { propagationPolicy: policy } }, (res, d) => {
      if (res.code === 200 || res.code === 202) {
        done('forget', d.seq);
        return;
      }
      if (res.code === 404) {
        this.virtualDelete(item, d.seq);
        done('forget', d.seq);
        return;
      }
      if (res.code === 409 && withRv) {
        this.get(info, item.identity, d.seq, (live, s2) => {
          const obj = live.code === 200 ? (live.body as KubeObject) : undefined;
          if (live.code === 404) done('forget', s2);
          else if (obj && obj.metadata.uid === item.identity.uid && sameOwners(obj.metadata.ownerReferences, latest.metadata.ownerReferences)) this.deleteObject(info, item, latest, policy, s2, done, false);
          else done('requeue', s2);
        });
        return;
      }
      done('requeue', d.seq);
    });
  }

  /** enqueueVirtualDeleteEvent: the object is gone though no monitor said so. */
  private virtualDelete(item: GraphNode, cause: number): void {
    const obj: KubeObject = { apiVersion: item.identity.apiVersion, kind: item.identity.kind, metadata: { name: item.identity.name, uid: item.identity.uid, ...(item.identity.namespace ? { namespace: item.identity.namespace } : {}) } };
    this.graphChange({ type: 'delete', obj, virtual: true }, cause);
  }

  // ---------------------------------------------------------------- attemptToOrphan

  /** attemptToOrphanWorker: strip the owner from every dependent, then drop its orphan finalizer. */
  private attemptToOrphanWorker(owner: GraphNode, cause: number, finish: (o: Outcome, seq: number) => void): void {
    const dependents = [...owner.dependents];
    let pending = dependents.length;
    let failed = false;
    let last = cause;
    const then = (): void => {
      if (failed) finish('requeue', last);
      else this.removeFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS, last, finish);
    };
    if (pending === 0) {
      then();
      return;
    }
    // orphanDependents patches every dependent at once (one goroutine each).
    for (const dep of dependents) {
      const info = resourceByKind(dep.identity.apiVersion, dep.identity.kind);
      if (!info) {
        failed = true;
        if (--pending === 0) then();
        continue;
      }
      this.patch(info, dep.identity, deleteOwnerRefPatch(dep.identity.uid, [owner.identity.uid]), cause, (res, seq) => {
        last = Math.max(last, seq);
        if (res.code !== 200 && res.code !== 404) failed = true;
        if (--pending === 0) then();
      });
    }
  }

  // ---------------------------------------------------------------- API calls

  /**
   * removeFinalizer: a GET, then a JSON merge patch of the finalizers with the resourceVersion
   * read (retry.RetryOnConflict with DefaultBackoff).
   */
  private removeFinalizer(item: GraphNode, finalizer: string, cause: number, done: (o: Outcome, seq: number) => void, attempt = 0): void {
    const info = resourceByKind(item.identity.apiVersion, item.identity.kind);
    if (!info) {
      done('requeue', cause);
      return;
    }
    this.get(info, item.identity, cause, (res, seq) => {
      if (res.code === 404) {
        done('forget', seq);
        return;
      }
      if (res.code !== 200) {
        done('requeue', seq);
        return;
      }
      const obj = res.body as KubeObject;
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) {
        done('forget', seq);
        return;
      }
      const rest = finalizers.filter((f) => f !== finalizer);
      const body = { metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: rest.length > 0 ? rest : null } };
      this.client.request('PATCH', apiPath(info, item.identity.namespace, item.identity.name), { body, contentType: 'application/merge-patch+json', cause: seq, ref: refOfIdentity(item.identity) }, (r, d) => {
        if (r.code === 200 || r.code === 404) done('forget', d.seq);
        else if (r.code === 409 && attempt + 1 < FINALIZER_RETRY_STEPS) {
          this.sim.after(FINALIZER_RETRY_BASE * 5 ** attempt, () => this.removeFinalizer(item, finalizer, d.seq, done, attempt + 1));
        } else done('requeue', d.seq);
      });
    });
  }

  private get(info: ResourceInfo, id: Identity, cause: number, then: (res: HttpResponse, seq: number) => void): void {
    this.client.request('GET', apiPath(info, info.namespaced ? id.namespace : undefined, id.name), { cause, ref: refOfIdentity(id) }, (res, d) => then(res, d.seq));
  }

  private patch(info: ResourceInfo, id: Identity, body: unknown, cause: number, then: (res: HttpResponse, seq: number) => void): void {
    this.client.request('PATCH', apiPath(info, id.namespace, id.name), { body, contentType: 'application/strategic-merge-patch+json', cause, ref: refOfIdentity(id) }, (res, d) => then(res, d.seq));
  }
}

/** The object as its monitor's resource: informers of one resource deliver that kind. */
function typed(obj: KubeObject, info: ResourceInfo): KubeObject {
  return obj.apiVersion && obj.kind ? obj : { ...obj, apiVersion: info.apiVersion, kind: info.kind };
}

/**
 * deleteOwnerRefStrategicMergePatch: `$patch: delete` for each owner uid; the dependent's uid in
 * the patch makes the request fail rather than touch a recreated object.
 */
export function deleteOwnerRefPatch(dependentUid: string, ownerUids: readonly string[]): Record<string, unknown> {
  return { metadata: { ownerReferences: ownerUids.map((uid) => ({ $patch: 'delete', uid })), uid: dependentUid } };
}

function sameOwners(a: OwnerReference[] | undefined, b: OwnerReference[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function absentKey(id: Identity, namespace: string = id.namespace ?? ''): string {
  return `${id.apiVersion}/${id.kind}/${namespace}/${id.name}/${id.uid}`;
}

function refOfIdentity(id: Identity): { apiVersion: string; kind: string; name: string; namespace?: string; uid: string } {
  return { apiVersion: id.apiVersion, kind: id.kind, name: id.name, uid: id.uid, ...(id.namespace ? { namespace: id.namespace } : {}) };
}
