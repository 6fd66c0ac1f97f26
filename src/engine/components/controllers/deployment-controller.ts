import { MICROS_PER_SECOND, toRfc3339 } from '../../../base/time.ts';
import { isoToMicros } from '../../../domain/k8s/duration.ts';
import type { Deployment, DeploymentCondition, DeploymentStatus, KubeObject, ReplicaSet } from '../../../domain/k8s/objects.ts';
import {
  buildNewReplicaSet,
  calculateDeploymentStatus,
  copiedDeploymentAnnotations,
  deploymentComplete,
  DeploymentConditionReason as Reason,
  deploymentConditionMessage as Msg,
  filterActiveReplicaSets,
  findNewReplicaSet,
  getReplicaSetsOwnedBy,
  hasMinimumAvailability,
  maxRevision,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  replicasAnnotations,
  replicaSetsToCleanUp,
  revisionAnnotations,
  REVISION_ANNOTATION,
  desiredReplicas,
} from '../../../domain/rollout/index.ts';
import { isScalingEvent, planScale } from '../../../domain/rollout/scale.ts';
import { scalingReplicaSet } from '../../../domain/events/messages.ts';
import { keyOf } from '../../api/informer.ts';
import { OwnerIndex } from '../../api/owner-index.ts';
import type { Informer } from '../../api/informer.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { Controller } from './controller.ts';

type Next = (seq: number) => void;

/** progressDeadlineSeconds when the object does not say (the API default). */
const DEFAULT_PROGRESS_DEADLINE = 600;

/**
 * The Deployment controller (pkg/controller/deployment, 1.34), sync by sync as upstream runs it
 * (deployment_controller.go syncDeployment):
 * - status only while the Deployment is being deleted; the Paused/Resumed conditions;
 * - a scaling event (an active ReplicaSet annotated for another size) or a paused Deployment:
 *   proportional scaling (sync.go scale, domain/rollout/scale.ts);
 * - RollingUpdate (rolling.go): get or create the new ReplicaSet and sync the revision; scale it
 *   up within maxSurge and end the sync if it moved; else scale old ones down within
 *   maxUnavailable (cleanupUnhealthyReplicas first); when complete, delete ReplicaSets beyond
 *   revisionHistoryLimit;
 * - Recreate (recreate.go): old ReplicaSets to 0, wait until no old pod runs, then the new one;
 * - rollback is kubectl's job (it patches the template back); the ReplicaSet that matches gets
 *   the next revision and the old number goes to revision-history;
 * - syncRolloutStatus (progress.go): the Available and Progressing conditions, with
 *   progressDeadlineSeconds and a requeue to notice a stuck rollout.
 */
export class DeploymentController extends Controller {
  private readonly deployments: Informer;
  private readonly replicaSets: Informer;
  private readonly pods: Informer;
  /** ReplicaSets by the uid of their controlling Deployment, so a sync does not scan them all. */
  private readonly byOwner = new OwnerIndex<ReplicaSet>();
  /** Pods by the uid of their ReplicaSet: Recreate waits for the old ones to stop. */
  private readonly podsByOwner = new OwnerIndex<KubeObject>();

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
    // Only a deleted pod matters to the Deployment controller (deletePod: Recreate waits for it).
    this.pods = this.informer('/api/v1/pods', {
      onAdd: (pod) => this.podsByOwner.update(undefined, pod),
      onUpdate: (old, pod) => this.podsByOwner.update(old, pod),
      onDelete: (pod, cause) => {
        this.podsByOwner.update(pod, undefined);
        const rs = this.rsOfPod(pod);
        if (rs && (this.deployments.get(this.ownerKey(rs) ?? '') as Deployment | undefined)?.spec.strategy?.type === 'Recreate') this.enqueueOwner(rs, cause);
      },
    });
  }

  private rsOfPod(pod: KubeObject): ReplicaSet | undefined {
    const ref = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
    return ref ? (this.replicaSets.get(`${pod.metadata.namespace ?? 'default'}/${ref.name}`) as ReplicaSet | undefined) : undefined;
  }

  private ownerKey(rs: KubeObject): string | undefined {
    const owner = rs.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    return owner ? `${rs.metadata.namespace ?? 'default'}/${owner.name}` : undefined;
  }

  private enqueueOwner(rs: KubeObject, cause: number): void {
    const key = this.ownerKey(rs);
    if (key) this.enqueue(key, cause);
  }

  private now(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  protected sync(key: string, cause: number, done: () => void): void {
    const found = this.deployments.get(key) as Deployment | undefined;
    if (!found) {
      done();
      return;
    }
    let d: Deployment = structuredClone(found);
    const rsList = getReplicaSetsOwnedBy(d, this.byOwner.owned(d.metadata.uid));
    const finish = (): void => done();
    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = this.splitReplicaSets(d, rsList);
      this.syncDeploymentStatus(d, oldRSs, newRS, cause, finish);
      return;
    }
    this.checkPausedConditions(d, cause, (updated, seq) => {
      d = updated;
      const { newRS, oldRSs } = this.splitReplicaSets(d, rsList);
      if (d.spec.paused || isScalingEvent(d, newRS ? [...oldRSs, newRS] : oldRSs)) {
        this.syncScaling(d, rsList, seq, finish);
        return;
      }
      if (d.spec.strategy?.type === 'Recreate') this.rolloutRecreate(d, rsList, seq, finish);
      else this.rolloutRolling(d, rsList, seq, finish);
    });
  }

  private splitReplicaSets(d: Deployment, rsList: ReplicaSet[]): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const newRS = findNewReplicaSet(d, rsList);
    return { newRS, oldRSs: rsList.filter((rs) => rs !== newRS) };
  }

  // ---------------------------------------------------------------- the new ReplicaSet and revisions

  /**
   * getAllReplicaSetsAndSyncRevision / getNewReplicaSet: the new ReplicaSet with its revision
   * brought up to max(old) + 1 (a rollback reuses an old ReplicaSet this way), or a new one
   * created when asked; the Deployment's revision annotation and Progressing condition follow.
   */
  private getAllReplicaSetsAndSyncRevision(
    d: Deployment,
    rsList: ReplicaSet[],
    create: boolean,
    cause: number,
    then: (d: Deployment, newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], seq: number) => void,
  ): void {
    const { newRS: existing, oldRSs } = this.splitReplicaSets(d, rsList);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const annotations = { ...revisionAnnotations({ ...existing, metadata: { ...existing.metadata, annotations: { ...(existing.metadata.annotations ?? {}), ...copiedDeploymentAnnotations(d) } } }, newRevision) };
      const annotationsChanged = JSON.stringify(annotations) !== JSON.stringify(existing.metadata.annotations ?? {});
      const minReadyChanged = (existing.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (annotationsChanged || minReadyChanged) {
        const body: ReplicaSet = { ...existing, metadata: { ...existing.metadata, annotations }, spec: { ...existing.spec, minReadySeconds: d.spec.minReadySeconds ?? 0 } };
        this.call('PUT', `/apis/apps/v1/namespaces/${existing.metadata.namespace}/replicasets/${existing.metadata.name}`, body, cause, (res, seq) => {
          then(d, res.code === 200 ? (res.body as ReplicaSet) : existing, oldRSs, seq);
        });
        return;
      }
      // The Deployment takes the revision of its new ReplicaSet, and a Progressing condition if it has none.
      let changed = this.setDeploymentRevision(d, existing.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
      if (this.hasProgressDeadline(d) && !condition(d.status, 'Progressing')) {
        d.status = setCondition(d.status ?? {}, newCondition('Progressing', 'True', Reason.FoundNewReplicaSet, Msg.foundNewReplicaSet(existing.metadata.name ?? ''), this.now()));
        changed = true;
      }
      if (!changed) {
        then(d, existing, oldRSs, cause);
        return;
      }
      this.updateStatus(d, cause, (updated, seq) => then(updated, existing, oldRSs, seq));
      return;
    }
    if (!create) {
      then(d, undefined, oldRSs, cause);
      return;
    }
    const { replicaSet } = buildNewReplicaSet(d, oldRSs);
    const replicas = replicaSet.spec.replicas ?? 0;
    this.call('POST', `/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets`, replicaSet, cause, (res, seq) => {
      if (res.code !== 201) {
        // A name collision bumps collisionCount so the next hash differs (sync.go getNewReplicaSet).
        if (res.code === 409) {
          d.status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
          this.updateStatus(d, seq, (updated, s) => then(updated, undefined, oldRSs, s));
          return;
        }
        then(d, undefined, oldRSs, seq);
        return;
      }
      const created = res.body as ReplicaSet;
      let evSeq = seq;
      if (replicas > 0) evSeq = this.events.record(d, scalingReplicaSet(created.metadata.name ?? '', 0, replicas), seq);
      this.setDeploymentRevision(d, String(newRevision));
      if (this.hasProgressDeadline(d)) d.status = setCondition(d.status ?? {}, newCondition('Progressing', 'True', Reason.NewReplicaSetCreated, Msg.newReplicaSetCreated(created.metadata.name ?? ''), this.now()));
      this.updateStatus(d, evSeq, (updated, s) => then(updated, created, oldRSs, s));
    });
  }

  /** SetDeploymentRevision: the annotation on the Deployment; true when it changed. */
  private setDeploymentRevision(d: Deployment, revision: string): boolean {
    if (d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return false;
    d.metadata = { ...d.metadata, annotations: { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision } };
    return true;
  }

  // ---------------------------------------------------------------- strategies

  /** rolling.go rolloutRolling. */
  private rolloutRolling(d0: Deployment, rsList: ReplicaSet[], cause: number, done: () => void): void {
    this.getAllReplicaSetsAndSyncRevision(d0, rsList, true, cause, (d, newRS, oldRSs, seq) => {
      if (!newRS) {
        this.syncRolloutStatus(d, oldRSs, newRS, seq, done);
        return;
      }
      const allRSs = [...oldRSs, newRS];
      const target = reconcileNewReplicaSet(d, allRSs, newRS);
      if (target !== undefined) {
        this.scaleReplicaSetAndRecordEvent(d, newRS, target, seq, (scaled, s) => this.syncRolloutStatus(d, oldRSs, scaled, s, done));
        return;
      }
      const scales = reconcileOldReplicaSets(d, allRSs, filterActiveReplicaSets(oldRSs), newRS);
      if (scales.length > 0) {
        this.applyScales(d, oldRSs, scales.map((s) => ({ name: s.name, to: s.to })), seq, (updated, s) => this.syncRolloutStatus(d, updated, newRS, s, done));
        return;
      }
      const status = calculateDeploymentStatus(d, allRSs, newRS);
      if (deploymentComplete(d, status)) {
        this.cleanupDeployment(d, oldRSs, seq, (s) => this.syncRolloutStatus(d, oldRSs, newRS, s, done));
        return;
      }
      this.syncRolloutStatus(d, oldRSs, newRS, seq, done);
    });
  }

  /** recreate.go rolloutRecreate. */
  private rolloutRecreate(d0: Deployment, rsList: ReplicaSet[], cause: number, done: () => void): void {
    this.getAllReplicaSetsAndSyncRevision(d0, rsList, false, cause, (d, newRS0, oldRSs, seq) => {
      const active = filterActiveReplicaSets(oldRSs);
      // scaleDownOldReplicaSetsForRecreate: every active old ReplicaSet to 0 in one sync.
      if (active.length > 0) {
        this.applyScales(d, oldRSs, active.map((rs) => ({ name: rs.metadata.name ?? '', to: 0 })), seq, (updated, s) => this.syncRolloutStatus(d, updated, newRS0, s, done));
        return;
      }
      // Do not start the new pods while an old one is still running (oldPodsRunning).
      if (this.oldPodsRunning(newRS0, oldRSs)) {
        this.syncRolloutStatus(d, oldRSs, newRS0, seq, done);
        return;
      }
      const scaleUp = (dd: Deployment, newRS: ReplicaSet | undefined, olds: ReplicaSet[], s: number): void => {
        if (!newRS) {
          this.syncRolloutStatus(dd, olds, newRS, s, done);
          return;
        }
        const afterScale = (rs: ReplicaSet, s2: number): void => {
          const status = calculateDeploymentStatus(dd, [...olds, rs], rs);
          if (deploymentComplete(dd, status)) this.cleanupDeployment(dd, olds, s2, (s3) => this.syncRolloutStatus(dd, olds, rs, s3, done));
          else this.syncRolloutStatus(dd, olds, rs, s2, done);
        };
        // scaleUpNewReplicaSetForRecreate
        if ((newRS.spec.replicas ?? 0) !== desiredReplicas(dd)) this.scaleReplicaSetAndRecordEvent(dd, newRS, desiredReplicas(dd), s, afterScale);
        else afterScale(newRS, s);
      };
      if (!newRS0) this.getAllReplicaSetsAndSyncRevision(d, rsList, true, seq, scaleUp);
      else scaleUp(d, newRS0, oldRSs, seq);
    });
  }

  /** oldPodsRunning: old ReplicaSets still report pods, or a pod of theirs has not finished. */
  private oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): boolean {
    if (oldRSs.some((rs) => (rs.status?.replicas ?? 0) > 0)) return true;
    for (const rs of oldRSs) {
      if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
      for (const pod of this.podsByOwner.owned(rs.metadata.uid)) {
        const phase = (pod.status as { phase?: string } | undefined)?.phase;
        if (phase === 'Failed' || phase === 'Succeeded') continue;
        return true;
      }
    }
    return false;
  }

  /** sync.go sync: scaling only, for a paused Deployment or a changed spec.replicas. */
  private syncScaling(d0: Deployment, rsList: ReplicaSet[], cause: number, done: () => void): void {
    this.getAllReplicaSetsAndSyncRevision(d0, rsList, false, cause, (d, newRS, oldRSs, seq) => {
      const steps = planScale(d, newRS, oldRSs);
      const all = newRS ? [...oldRSs, newRS] : oldRSs;
      const apply = (i: number, s: number, current: ReplicaSet[]): void => {
        const step = steps[i];
        if (!step) {
          const latestNew = newRS ? current.find((rs) => rs.metadata.uid === newRS.metadata.uid) : undefined;
          const olds = current.filter((rs) => rs !== latestNew);
          const finish = (s2: number): void => this.syncDeploymentStatus(d, olds, latestNew, s2, done);
          if (d.spec.paused) this.cleanupDeployment(d, olds, s, finish);
          else finish(s);
          return;
        }
        this.scaleReplicaSet(d, step.rs, step.to, s, (scaled, s2) => apply(i + 1, s2, current.map((rs) => (rs.metadata.uid === scaled.metadata.uid ? scaled : rs))));
      };
      apply(0, seq, all);
    });
  }

  // ---------------------------------------------------------------- scaling

  private applyScales(d: Deployment, rss: ReplicaSet[], scales: { name: string; to: number }[], cause: number, then: (rss: ReplicaSet[], seq: number) => void): void {
    const step = (i: number, seq: number, current: ReplicaSet[]): void => {
      const s = scales[i];
      if (!s) {
        then(current, seq);
        return;
      }
      const rs = current.find((r) => r.metadata.name === s.name);
      if (!rs) {
        step(i + 1, seq, current);
        return;
      }
      this.scaleReplicaSetAndRecordEvent(d, rs, s.to, seq, (scaled, s2) => step(i + 1, s2, current.map((r) => (r.metadata.uid === scaled.metadata.uid ? scaled : r))));
    };
    step(0, cause, rss);
  }

  private scaleReplicaSetAndRecordEvent(d: Deployment, rs: ReplicaSet, to: number, cause: number, then: (rs: ReplicaSet, seq: number) => void): void {
    if ((rs.spec.replicas ?? 0) === to) {
      then(rs, cause);
      return;
    }
    this.scaleReplicaSet(d, rs, to, cause, then);
  }

  /** scaleReplicaSet: an update of the ReplicaSet's size and replica annotations, and the ScalingReplicaSet event. */
  private scaleReplicaSet(d: Deployment, rs: ReplicaSet, replicas: number, cause: number, then: (rs: ReplicaSet, seq: number) => void): void {
    const from = rs.spec.replicas ?? 0;
    const annotations = { ...(rs.metadata.annotations ?? {}), ...replicasAnnotations(d) };
    const sizeChanged = from !== replicas;
    if (!sizeChanged && JSON.stringify(annotations) === JSON.stringify(rs.metadata.annotations ?? {})) {
      then(rs, cause);
      return;
    }
    const body: ReplicaSet = { ...rs, metadata: { ...rs.metadata, annotations }, spec: { ...rs.spec, replicas } };
    this.call('PUT', `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets/${rs.metadata.name}`, body, cause, (res, seq) => {
      if (res.code !== 200) {
        then(rs, seq);
        return;
      }
      const evSeq = sizeChanged ? this.events.record(d, scalingReplicaSet(rs.metadata.name ?? '', from, replicas), seq) : seq;
      then(res.body as ReplicaSet, evSeq);
    });
  }

  /** cleanupDeployment: ReplicaSets beyond revisionHistoryLimit (10 by default) are deleted, oldest revision first. */
  private cleanupDeployment(d: Deployment, oldRSs: ReplicaSet[], cause: number, then: Next): void {
    const victims = replicaSetsToCleanUp({ ...d, spec: { ...d.spec, revisionHistoryLimit: d.spec.revisionHistoryLimit ?? 10 } }, oldRSs);
    const step = (i: number, seq: number): void => {
      const rs = victims[i];
      if (!rs) {
        then(seq);
        return;
      }
      this.call('DELETE', `/apis/apps/v1/namespaces/${rs.metadata.namespace}/replicasets/${rs.metadata.name}`, {}, seq, (_res, s) => step(i + 1, s));
    };
    step(0, cause);
  }

  // ---------------------------------------------------------------- status

  private hasProgressDeadline(d: Deployment): boolean {
    const s = d.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE;
    return s !== 2147483647;
  }

  /** checkPausedConditions: Progressing=Unknown DeploymentPaused / DeploymentResumed. */
  private checkPausedConditions(d: Deployment, cause: number, then: (d: Deployment, seq: number) => void): void {
    if (!this.hasProgressDeadline(d)) {
      then(d, cause);
      return;
    }
    const cond = condition(d.status, 'Progressing');
    if (cond?.reason === Reason.ProgressDeadlineExceeded) {
      then(d, cause);
      return;
    }
    const pausedCond = cond?.reason === Reason.DeploymentPaused;
    let next: DeploymentCondition | undefined;
    if (d.spec.paused && !pausedCond) next = newCondition('Progressing', 'Unknown', Reason.DeploymentPaused, Msg.paused(), this.now());
    else if (!d.spec.paused && pausedCond) next = newCondition('Progressing', 'Unknown', Reason.DeploymentResumed, Msg.resumed(), this.now());
    if (!next) {
      then(d, cause);
      return;
    }
    d.status = setCondition(d.status ?? {}, next);
    this.updateStatus(d, cause, then);
  }

  /** syncDeploymentStatus (sync.go): the status from the ReplicaSets, written when it changed. */
  private syncDeploymentStatus(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined, cause: number, done: () => void): void {
    const status = this.calculateStatus(d, newRS ? [...oldRSs, newRS] : oldRSs, newRS);
    if (sameStatus(d.status, status)) {
      done();
      return;
    }
    this.updateStatus({ ...d, status }, cause, () => done());
  }

  /** calculateStatus with the Available condition (sync.go). */
  private calculateStatus(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): DeploymentStatus {
    const status: DeploymentStatus = { ...calculateDeploymentStatus(d, allRSs, newRS), conditions: [...(d.status?.conditions ?? [])] };
    const available = hasMinimumAvailability(d, status.availableReplicas ?? 0)
      ? newCondition('Available', 'True', Reason.MinimumReplicasAvailable, Msg.minimumReplicasAvailable(), this.now())
      : newCondition('Available', 'False', Reason.MinimumReplicasUnavailable, Msg.minimumReplicasUnavailable(), this.now());
    return setCondition(status, available);
  }

  /** progress.go syncRolloutStatus: Progressing from the change since the last status, and the deadline. */
  private syncRolloutStatus(d: Deployment, oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined, cause: number, done: () => void): void {
    const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
    let status = this.calculateStatus(d, allRSs, newRS);
    const now = this.now();
    if (!this.hasProgressDeadline(d)) status = removeCondition(status, 'Progressing');
    const current = condition(d.status, 'Progressing');
    const isComplete = status.replicas === status.updatedReplicas && current?.reason === Reason.NewReplicaSetAvailable;
    if (this.hasProgressDeadline(d) && !isComplete) {
      const rsName = newRS?.metadata.name;
      if (deploymentComplete(d, status)) {
        const msg = rsName ? Msg.newReplicaSetAvailable(rsName) : `Deployment "${d.metadata.name}" has successfully progressed.`;
        status = setCondition(status, newCondition('Progressing', 'True', Reason.NewReplicaSetAvailable, msg, now));
      } else if (progressing(d, status)) {
        const msg = rsName ? Msg.replicaSetUpdated(rsName) : Msg.deploymentProgressing(d.metadata.name ?? '');
        const c = newCondition('Progressing', 'True', Reason.ReplicaSetUpdated, msg, now);
        // Progress moves lastUpdateTime even with the same reason; lastTransitionTime stays while True.
        if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime ?? now;
        status = { ...removeCondition(status, 'Progressing') };
        status = { ...status, conditions: [...(status.conditions ?? []), c] };
      } else if (this.timedOut(d, status)) {
        const msg = rsName ? Msg.progressDeadlineExceeded(rsName) : Msg.deploymentTimedOut(d.metadata.name ?? '');
        status = setCondition(status, newCondition('Progressing', 'False', Reason.ProgressDeadlineExceeded, msg, now));
      }
    }
    if (sameStatus(d.status, status)) {
      this.requeueStuckDeployment(d, status);
      done();
      return;
    }
    this.updateStatus({ ...d, status }, cause, (updated) => {
      this.requeueStuckDeployment(updated, status);
      done();
    });
  }

  /** DeploymentTimedOut: the Progressing condition has not moved for progressDeadlineSeconds. */
  private timedOut(d: Deployment, status: DeploymentStatus): boolean {
    const c = condition(status, 'Progressing');
    if (!c || c.reason === Reason.NewReplicaSetAvailable) return false;
    if (c.reason === Reason.ProgressDeadlineExceeded) return true;
    const from = isoToMicros(c.lastUpdateTime ?? this.now());
    const deadline = (d.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE) * MICROS_PER_SECOND;
    return from + deadline < isoToMicros(this.now());
  }

  /** requeueStuckDeployment: look again once the progress deadline may have passed. */
  private requeueStuckDeployment(d: Deployment, status: DeploymentStatus): void {
    const c = condition(d.status, 'Progressing');
    if (!this.hasProgressDeadline(d) || !c || deploymentComplete(d, status) || c.reason === Reason.ProgressDeadlineExceeded) return;
    const deadline = (d.spec.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE) * MICROS_PER_SECOND;
    const after = isoToMicros(c.lastUpdateTime ?? this.now()) + deadline - isoToMicros(this.now());
    this.requeueAfter(keyOf(d), Math.max(0, after) + MICROS_PER_SECOND);
  }

  private updateStatus(d: Deployment, cause: number, then: (d: Deployment, seq: number) => void): void {
    const body = d.status ? { ...d, status: normalized(d.status) } : d;
    this.call('PUT', `/apis/apps/v1/namespaces/${d.metadata.namespace}/deployments/${d.metadata.name}/status`, body, cause, (res, seq) => {
      then(res.code === 200 ? (res.body as Deployment) : d, seq);
    });
  }
}

// ------------------------------------------------------------------ conditions (deployment_util.go)

function condition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message } as DeploymentCondition;
}

/**
 * SetDeploymentCondition: the same status and reason keep the old condition; a change replaces
 * it (keeping lastTransitionTime while the status stays) and moves it to the end of the list.
 */
function setCondition(status: DeploymentStatus, c: DeploymentCondition): DeploymentStatus {
  const current = condition(status, c.type);
  if (current && current.status === c.status && current.reason === c.reason) return status;
  const next = current && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime ?? c.lastTransitionTime } : c;
  return { ...status, conditions: [...(status.conditions ?? []).filter((x) => x.type !== c.type), next] };
}

function removeCondition(status: DeploymentStatus, type: string): DeploymentStatus {
  return { ...status, conditions: (status.conditions ?? []).filter((c) => c.type !== type) };
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available than before. */
function progressing(d: Deployment, next: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

function sameStatus(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  if (!a) return false;
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}

/** Zero counts are left out of the stored status (omitempty). */
function normalized(s: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (v !== 0 && v !== undefined) out[k] = v;
  return out as DeploymentStatus;
}

