import type { KubeObject, Pod, ReplicaSet, ReplicaSetStatus } from '../../../domain/k8s/objects.ts';
import { matchesSelector } from '../../../domain/k8s/labels.ts';
import { podIsAvailable, podIsReady } from '../../../domain/pod/index.ts';
import { slowStartBatches } from '../../../domain/rollout/index.ts';
import { podsToDelete } from '../../../domain/rollout/deletion.ts';
import { successfulCreate, successfulDelete } from '../../../domain/events/messages.ts';
import { toRfc3339 } from '../../../base/time.ts';
import { keyOf, type Informer } from '../../api/informer.ts';
import { OwnerIndex } from '../../api/owner-index.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { Controller } from './controller.ts';

/** At most this many pods are created or deleted per sync (replica_set.go BurstReplicas). */
const BURST_REPLICAS = 500;

/**
 * The ReplicaSet controller (pkg/controller/replicaset): counts the active pods it owns,
 * creates the missing ones in slow-start batches 1, 2, 4… with expectations so it does not
 * create twice before its informer sees the pods, deletes the surplus ones ranked as
 * getPodsToDelete ranks them (with uid-tracking deletion expectations, lowered when a pod is
 * seen terminating or gone), and keeps the ReplicaSet's status. Adoption and orphaning of
 * pods by label come later.
 */
export class ReplicaSetController extends Controller {
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  /** Pods by the uid of their controlling owner: an index, so a sync does not scan every pod. */
  private readonly podsByOwner = new OwnerIndex<Pod>();
  /** Pods this controller created but its informer has not seen yet, per ReplicaSet key. */
  private readonly expectations = new Map<string, number>();
  /** Pods it asked to delete and has not yet seen terminating or gone (UIDTrackingControllerExpectations). */
  private readonly deletions = new Map<string, Set<string>>();

  constructor(sim: Simulation, host: string) {
    super(
      sim,
      'kube-controller-manager/replicaset-controller',
      host,
      'syncReplicaSet',
      { user: 'system:serviceaccount:kube-system:replicaset-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/replicaset-controller' },
      'replicaset-controller',
    );
    this.replicaSets = this.informer('/apis/apps/v1/replicasets', {
      onAdd: (rs, cause) => this.enqueue(keyOf(rs), cause),
      onUpdate: (_old, rs, cause) => this.enqueue(keyOf(rs), cause),
    });
    this.pods = this.informer('/api/v1/pods', {
      onAdd: (pod, cause) => {
        this.podsByOwner.update(undefined, pod as Pod);
        const owner = this.ownerKey(pod);
        if (!owner) return;
        const pending = this.expectations.get(owner);
        if (pending !== undefined) this.expectations.set(owner, Math.max(0, pending - 1));
        this.enqueue(owner, cause);
      },
      onUpdate: (old, pod, cause) => {
        this.podsByOwner.update(old as Pod, pod as Pod);
        const owner = this.ownerKey(pod);
        // A pod with a deletionTimestamp counts as deleted (replica_set.go updatePod → deletePod).
        if (owner && pod.metadata.deletionTimestamp) this.deletionObserved(owner, pod);
        if (owner) this.enqueue(owner, cause);
      },
      onDelete: (pod, cause) => {
        this.podsByOwner.update(pod as Pod, undefined);
        const owner = this.ownerKey(pod);
        if (owner) this.deletionObserved(owner, pod);
        if (owner) this.enqueue(owner, cause);
      },
    });
  }

  private ownerKey(pod: KubeObject): string | undefined {
    const owner = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
    return owner ? `${pod.metadata.namespace ?? 'default'}/${owner.name}` : undefined;
  }

  protected sync(key: string, cause: number, done: () => void): void {
    const rs = this.replicaSets.get(key) as ReplicaSet | undefined;
    if (!rs || rs.metadata.deletionTimestamp) {
      this.expectations.delete(key);
      done();
      return;
    }
    const pods = this.activePods(rs);
    const satisfied = (this.expectations.get(key) ?? 0) === 0 && (this.deletions.get(key)?.size ?? 0) === 0;
    const diff = pods.length - (rs.spec.replicas ?? 1);
    if (satisfied && diff < 0) {
      const count = Math.min(-diff, BURST_REPLICAS);
      this.expectations.set(key, count);
      this.createPods(rs, key, count, cause, (seq) => this.updateStatus(rs, seq, done));
      return;
    }
    if (satisfied && diff > 0) {
      const count = Math.min(diff, BURST_REPLICAS);
      const victims = podsToDelete(pods, this.relatedPods(rs), count, toRfc3339(this.sim.timeOrigin, this.sim.now));
      this.deletions.set(key, new Set(victims.map((p) => p.metadata.uid ?? '')));
      this.deletePods(rs, key, victims, cause, (seq) => this.updateStatus(rs, seq, done));
      return;
    }
    this.updateStatus(rs, cause, done);
  }

  private deletionObserved(owner: string, pod: KubeObject): void {
    const pending = this.deletions.get(owner);
    if (!pending) return;
    pending.delete(pod.metadata.uid ?? '');
    if (pending.size === 0) this.deletions.delete(owner);
  }

  /** The pods of every ReplicaSet with the same controller (getIndirectlyRelatedPods): they rank the nodes. */
  private relatedPods(rs: ReplicaSet): Pod[] {
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
    if (!owner) return this.activePods(rs);
    const out: Pod[] = [];
    for (const other of this.replicaSets.list()) {
      const o = other.metadata.ownerReferences?.find((r) => r.controller);
      if (o?.uid === owner.uid && other.metadata.namespace === rs.metadata.namespace) out.push(...this.activePods(other as ReplicaSet));
    }
    return out;
  }

  /** All deletions of a sync go out together; the status follows once they are answered. */
  private deletePods(rs: ReplicaSet, key: string, victims: Pod[], cause: number, then: (seq: number) => void): void {
    let answered = 0;
    let lastSeq = cause;
    for (const pod of victims) {
      this.call('DELETE', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`, {}, cause, (res, seq) => {
        answered++;
        if (res.code === 200 || res.code === 202) lastSeq = this.events.record(rs, successfulDelete(pod.metadata.name ?? ''), seq);
        else this.deletionObserved(key, pod);
        if (answered === victims.length) then(lastSeq);
      });
    }
  }

  private activePods(rs: ReplicaSet): Pod[] {
    const ns = rs.metadata.namespace;
    const out: Pod[] = [];
    for (const pod of this.podsByOwner.owned(rs.metadata.uid)) {
      if (pod.metadata.namespace !== ns || pod.metadata.deletionTimestamp) continue;
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      out.push(pod);
    }
    return out;
  }

  /** slowStartBatch: batches 1, 2, 4…; a batch with a failure stops the rest. */
  private createPods(rs: ReplicaSet, key: string, count: number, cause: number, then: (seq: number) => void): void {
    const batches = slowStartBatches(count, 1);
    const runBatch = (b: number, batchCause: number, created: number): void => {
      const size = batches[b];
      if (size === undefined) {
        then(batchCause);
        return;
      }
      let answered = 0;
      let failed = false;
      let lastSeq = batchCause;
      for (let i = 0; i < size; i++) {
        this.call('POST', `/api/v1/namespaces/${rs.metadata.namespace}/pods`, this.podFromTemplate(rs), batchCause, (res, seq) => {
          answered++;
          if (res.code === 201) lastSeq = this.events.record(rs, successfulCreate((res.body as Pod).metadata.name ?? ''), seq);
          else failed = true;
          if (answered < size) return;
          if (failed) {
            // Expectations are lowered for the pods that will not be created.
            const skipped = count - created - size;
            this.expectations.set(key, Math.max(0, (this.expectations.get(key) ?? 0) - skipped));
            then(lastSeq);
            return;
          }
          runBatch(b + 1, lastSeq, created + size);
        });
      }
    };
    runBatch(0, cause, 0);
  }

  private podFromTemplate(rs: ReplicaSet): Pod {
    const template = rs.spec.template;
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace ?? 'default',
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name ?? '', uid: rs.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...template.spec },
    };
  }

  private updateStatus(rs: ReplicaSet, cause: number, done: () => void): void {
    const pods = this.activePods(rs);
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const minReady = rs.spec.minReadySeconds ?? 0;
    const status: ReplicaSetStatus = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.filter((p) => matchesSelector(p.metadata.labels, { matchLabels: rs.spec.template.metadata?.labels ?? {} })).length,
      readyReplicas: pods.filter((p) => podIsReady(p)).length,
      availableReplicas: pods.filter((p) => podIsAvailable(p, minReady, now)).length,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    if (status.readyReplicas === 0) delete status.readyReplicas;
    if (status.availableReplicas === 0) delete status.availableReplicas;
    if (JSON.stringify(rs.status ?? {}) === JSON.stringify(status)) {
      done();
      return;
    }
    this.call('PUT', `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets/${rs.metadata.name}/status`, { ...rs, status }, cause, () => done());
  }
}
