import { toRfc3339 } from '../../../base/time.ts';
import type { Deployment, DeploymentCondition, DeploymentStatus, KubeObject, ReplicaSet } from '../../../domain/k8s/objects.ts';
import { findNewReplicaSet, getReplicaSetsOwnedBy, maxRevision, maxSurge, maxUnavailable, newRSNewReplicas, podTemplateHash } from '../../../domain/rollout/index.ts';
import { scalingReplicaSet } from '../../../domain/events/messages.ts';
import { keyOf } from '../../api/informer.ts';
import { OwnerIndex } from '../../api/owner-index.ts';
import type { Informer } from '../../api/informer.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { Controller } from './controller.ts';

const POD_TEMPLATE_HASH = 'pod-template-hash';

/**
 * The Deployment controller (pkg/controller/deployment): finds or creates the new ReplicaSet
 * named `<deployment>-<pod-template-hash>`, scales it up and old ones down within maxSurge and
 * maxUnavailable (DOMAIN.md 3.2), and keeps the Deployment's status. Rollback, revision
 * cleanup, proportional scaling and the progress deadline come with the control-plane issue.
 */
export class DeploymentController extends Controller {
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  /** ReplicaSets by the uid of their controlling Deployment, so a sync does not scan them all. */
  private readonly byOwner = new OwnerIndex<ReplicaSet>();

  constructor(sim: Simulation, host: string) {
    super(
      sim,
      'kube-controller-manager/deployment-controller',
      host,
      'syncDeployment',
      { user: 'system:serviceaccount:kube-system:deployment-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'], userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/deployment-controller' },
      'deployment-controller',
    );
    this.deployments = this.informer('/apis/apps/v1/deployments', {
      onAdd: (d, cause) => this.enqueue(keyOf(d), cause),
      onUpdate: (_old, d, cause) => this.enqueue(keyOf(d), cause),
    });
    this.replicaSets = this.informer('/apis/apps/v1/replicasets', {
      onAdd: (rs, cause) => {
        this.byOwner.update(undefined, rs as ReplicaSet);
        this.enqueueOwner(rs, cause);
      },
      onUpdate: (old, rs, cause) => {
        this.byOwner.update(old as ReplicaSet, rs as ReplicaSet);
        this.enqueueOwner(rs, cause);
      },
      onDelete: (rs, cause) => {
        this.byOwner.update(rs as ReplicaSet, undefined);
        this.enqueueOwner(rs, cause);
      },
    });
  }

  private enqueueOwner(rs: KubeObject, cause: number): void {
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    if (owner) this.enqueue(`${rs.metadata.namespace ?? 'default'}/${owner.name}`, cause);
  }

  protected sync(key: string, cause: number, done: () => void): void {
    const d = this.deployments.get(key) as Deployment | undefined;
    if (!d || d.metadata.deletionTimestamp) {
      done();
      return;
    }
    const owned = getReplicaSetsOwnedBy(d, this.byOwner.owned(d.metadata.uid));
    const newRS = findNewReplicaSet(d, owned);
    if (d.spec.paused) {
      this.syncStatus(d, owned, newRS, cause, done);
      return;
    }
    if (!newRS) {
      this.createNewReplicaSet(d, owned, cause, (created, seq) => {
        const all = created ? [...owned, created] : owned;
        this.syncStatus(d, all, created, seq, done);
      });
      return;
    }
    const desired = d.spec.strategy?.type === 'Recreate' ? (d.spec.replicas ?? 1) : this.newReplicaCount(d, owned, newRS);
    if ((newRS.spec.replicas ?? 0) !== desired) {
      this.scaleReplicaSet(d, newRS, desired, cause, (scaled, seq) => {
        this.syncStatus(d, owned.map((rs) => (rs.metadata.uid === scaled.metadata.uid ? scaled : rs)), scaled, seq, done);
      });
      return;
    }
    this.scaleDownOldReplicaSets(d, owned, newRS, cause, (seq) => this.syncStatus(d, owned, newRS, seq, done));
  }

  private newReplicaCount(d: Deployment, owned: ReplicaSet[], newRS: ReplicaSet): number {
    const replicas = d.spec.replicas ?? 1;
    if ((newRS.spec.replicas ?? 0) > replicas) return replicas;
    return newRSNewReplicas(d, owned, newRS);
  }

  private createNewReplicaSet(d: Deployment, owned: ReplicaSet[], cause: number, then: (rs: ReplicaSet | undefined, seq: number) => void): void {
    const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
    const name = `${d.metadata.name}-${hash}`;
    const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash };
    const revision = maxRevision(owned) + 1;
    const draft: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace ?? 'default',
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
          'deployment.kubernetes.io/max-replicas': String((d.spec.replicas ?? 1) + maxSurge(d)),
          'deployment.kubernetes.io/revision': String(revision),
        },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name ?? '', uid: d.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec.minReadySeconds ?? 0,
        selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash } },
        template: { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } },
      },
    };
    const replicas = d.spec.strategy?.type === 'Recreate' ? (d.spec.replicas ?? 1) : newRSNewReplicas(d, [...owned, draft], draft);
    const rs: ReplicaSet = { ...draft, spec: { ...draft.spec, replicas } };
    this.call('POST', `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets`, rs, cause, (res, seq) => {
      if (res.code !== 201) {
        then(undefined, seq);
        return;
      }
      const created = res.body as ReplicaSet;
      const evSeq = replicas > 0 ? this.events.record(d, scalingReplicaSet(name, 0, replicas), seq) : seq;
      then(created, evSeq);
    });
  }

  private scaleReplicaSet(d: Deployment, rs: ReplicaSet, replicas: number, cause: number, then: (rs: ReplicaSet, seq: number) => void): void {
    const from = rs.spec.replicas ?? 0;
    const annotations = {
      ...(rs.metadata.annotations ?? {}),
      'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas ?? 1),
      'deployment.kubernetes.io/max-replicas': String((d.spec.replicas ?? 1) + maxSurge(d)),
    };
    const body: ReplicaSet = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } };
    this.call('PUT', `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets/${rs.metadata.name}`, body, cause, (res, seq) => {
      if (res.code !== 200) {
        then(rs, seq);
        return;
      }
      const evSeq = this.events.record(d, scalingReplicaSet(rs.metadata.name ?? '', from, replicas), seq);
      then(res.body as ReplicaSet, evSeq);
    });
  }

  /** reconcileOldReplicaSets: scale old ReplicaSets down as far as maxUnavailable allows, oldest first. */
  private scaleDownOldReplicaSets(d: Deployment, owned: ReplicaSet[], newRS: ReplicaSet, cause: number, then: (seq: number) => void): void {
    const old = owned.filter((rs) => rs.metadata.uid !== newRS.metadata.uid && (rs.spec.replicas ?? 0) > 0);
    if (old.length === 0) {
      then(cause);
      return;
    }
    const replicas = d.spec.replicas ?? 1;
    const minAvailable = replicas - maxUnavailable(d);
    const available = owned.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    let budget = d.spec.strategy?.type === 'Recreate' ? Number.MAX_SAFE_INTEGER : available - minAvailable;
    const oldestFirst = [...old].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
    const steps: { rs: ReplicaSet; to: number }[] = [];
    for (const rs of oldestFirst) {
      if (budget <= 0) break;
      const cut = Math.min(rs.spec.replicas ?? 0, budget);
      steps.push({ rs, to: (rs.spec.replicas ?? 0) - cut });
      budget -= cut;
    }
    const next = (i: number, seq: number): void => {
      const step = steps[i];
      if (!step) {
        then(seq);
        return;
      }
      this.scaleReplicaSet(d, step.rs, step.to, seq, (_rs, s) => next(i + 1, s));
    };
    next(0, cause);
  }

  /** syncRolloutStatus / calculateStatus: writes the status only when it changed. */
  private syncStatus(d: Deployment, owned: ReplicaSet[], newRS: ReplicaSet | undefined, cause: number, done: () => void): void {
    const status = this.calculateStatus(d, owned, newRS);
    if (sameStatus(d.status, status)) {
      done();
      return;
    }
    const body: Deployment = { ...d, status };
    this.call('PUT', `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}/status`, body, cause, () => done());
  }

  private calculateStatus(d: Deployment, owned: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
    const replicas = d.spec.replicas ?? 1;
    const sum = (f: (rs: ReplicaSet) => number | undefined): number => owned.reduce((n, rs) => n + (f(rs) ?? 0), 0);
    const available = sum((rs) => rs.status?.availableReplicas);
    const actual = sum((rs) => rs.status?.replicas);
    const updated = newRS?.status?.replicas ?? 0;
    const now = toRfc3339(this.sim.timeOrigin, this.sim.now);
    const prev = d.status?.conditions ?? [];
    const minAvailable = replicas - maxUnavailable(d);
    const availableCond: DeploymentCondition =
      available >= minAvailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
    const complete = newRS !== undefined && updated === replicas && available === replicas && actual === replicas;
    const progressingCond: DeploymentCondition = !newRS
      ? { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `Deployment "${d.metadata.name}" is progressing.` }
      : complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` }
        : prev.some((c) => c.type === 'Progressing')
          ? { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` }
          : { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` };
    const conditions = [availableCond, progressingCond].map((c) => stampCondition(c, prev.find((p) => p.type === c.type), now));
    const status: DeploymentStatus = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: actual,
      updatedReplicas: updated,
      readyReplicas: sum((rs) => rs.status?.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(actual - available, replicas - available, 0),
      conditions,
    };
    if (status.readyReplicas === 0) delete status.readyReplicas;
    if (status.availableReplicas === 0) delete status.availableReplicas;
    if (status.unavailableReplicas === 0) delete status.unavailableReplicas;
    if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
    return status;
  }
}

function stampCondition(c: DeploymentCondition, prev: DeploymentCondition | undefined, now: string): DeploymentCondition {
  const same = prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message;
  return {
    ...c,
    lastUpdateTime: same ? (prev.lastUpdateTime ?? now) : now,
    lastTransitionTime: prev && prev.status === c.status ? (prev.lastTransitionTime ?? now) : now,
  };
}

function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  if (!a) return false;
  const strip = (s: DeploymentStatus): string => JSON.stringify({ ...s, conditions: (s.conditions ?? []).map((c) => ({ ...c, lastUpdateTime: undefined, lastTransitionTime: undefined })) });
  return strip(a) === strip(b);
}
