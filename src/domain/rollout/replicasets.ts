import type { Deployment, OwnerReference, PodTemplateSpec, ReplicaSet } from '../k8s/objects.ts';
import { semanticEqual } from '../k8s/equality.ts';
import { isoToMicros } from '../k8s/duration.ts';
import { desiredReplicas, maxSurge, scaledValueFromIntOrPercent } from './fenceposts.ts';
import { POD_TEMPLATE_HASH_LABEL, podTemplateHash } from './hash.ts';

/**
 * ReplicaSet bookkeeping of the Deployment controller (pkg/controller/deployment/util/
 * deployment_util.go and sync.go): which ReplicaSets a Deployment owns, which one is "new",
 * revisions, replica counts and the ReplicaSet a new template gets.
 */

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** kubectl's last-applied annotation, never copied from a Deployment to its ReplicaSets. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
/** Annotations skipped when a Deployment's annotations are copied to a ReplicaSet (skipCopyAnnotation). */
const SKIP_COPY_ANNOTATIONS = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);
/** The controller's --deployment-controller max revision-history length (maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** The controller ownerReference of an object, if any (metav1.GetControllerOf). */
export function controllerOf(obj: { metadata: { ownerReferences?: OwnerReference[] } }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The ReplicaSets whose controller ownerReference points at the Deployment's uid (metav1.IsControlledBy). */
export function getReplicaSetsOwnedBy(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const uid = d.metadata.uid;
  if (!uid) return [];
  return rss.filter((rs) => controllerOf(rs)?.uid === uid);
}

function creationMicros(rs: ReplicaSet): number {
  const ts = rs.metadata.creationTimestamp;
  return ts ? isoToMicros(ts) : Number.NEGATIVE_INFINITY;
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties broken by name. Returns a new array. */
export function sortReplicaSetsByCreation(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return [...rss].sort((a, b) => {
    const ta = creationMicros(a);
    const tb = creationMicros(b);
    if (ta !== tb) return ta < tb ? -1 : 1;
    const na = a.metadata.name ?? '';
    const nb = b.metadata.name ?? '';
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
}

function withoutHashLabel(template: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[POD_TEMPLATE_HASH_LABEL];
  return { ...template, metadata: { ...(template.metadata ?? {}), labels } };
}

/** EqualIgnoreHash: semantic equality of two templates, ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return semanticEqual(withoutHashLabel(a), withoutHashLabel(b));
}

/**
 * FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's, ignoring the
 * pod-template-hash label. (Oldest, because two identical ones can exist after a collision.)
 */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return sortReplicaSetsByCreation(rss).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** FindOldReplicaSets: every owned ReplicaSet except the new one (pass the owned list). */
export function findOldReplicaSets(d: Deployment, rss: ReplicaSet[]): ReplicaSet[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs !== newRS);
}

/** Revision: the deployment.kubernetes.io/revision annotation as a number; 0 when absent or not an integer. */
export function deploymentRevision(rs: ReplicaSet): number {
  const v = rs.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  return Number.parseInt(v, 10);
}

/** MaxRevision: the highest revision among the ReplicaSets (0 for none). */
export function maxRevision(rss: ReplicaSet[]): number {
  return rss.reduce((m, rs) => Math.max(m, deploymentRevision(rs)), 0);
}

/** GetReplicaCountForReplicaSets: Σ spec.replicas. */
export function replicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
}

/** GetActualReplicaCountForReplicaSets: Σ status.replicas. */
export function actualReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
}

/** GetReadyReplicaCountForReplicaSets: Σ status.readyReplicas. */
export function readyReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
}

/** GetAvailableReplicaCountForReplicaSets: Σ status.availableReplicas. */
export function availableReplicaCount(rss: readonly ReplicaSet[]): number {
  return rss.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
}

/** FilterActiveReplicaSets: those with spec.replicas > 0. */
export function filterActiveReplicaSets(rss: readonly ReplicaSet[]): ReplicaSet[] {
  return rss.filter((rs) => (rs.spec.replicas ?? 0) > 0);
}

/**
 * NewRSNewReplicas: how many replicas the new ReplicaSet should have now.
 * RollingUpdate: with maxTotal = replicas + maxSurge and current = Σ spec.replicas of all
 * ReplicaSets, keep the new count if current ≥ maxTotal, else add min(maxTotal − current,
 * replicas − new). Recreate: replicas.
 */
export function newRSNewReplicas(d: Deployment, allRSs: ReplicaSet[], newRS: ReplicaSet): number {
  const replicas = desiredReplicas(d);
  const type = d.spec.strategy?.type ?? 'RollingUpdate';
  const current = newRS.spec.replicas ?? 0;
  if (type === 'Recreate') return replicas;
  if (type !== 'RollingUpdate') throw new Error(`deployment type ${type} isn't supported`);
  // Upstream uses the raw maxSurge here (no 0/0 adjustment); defaulted Deployments always have one.
  const surge = scaledValueFromIntOrPercent(d.spec.strategy?.rollingUpdate?.maxSurge ?? 0, replicas, true);
  const currentPodCount = replicaCount(allRSs);
  const maxTotalPods = replicas + surge;
  if (currentPodCount >= maxTotalPods) return current;
  const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas - current);
  return current + scaleUpCount;
}

/** The desired-replicas and max-replicas annotations (SetReplicasAnnotations). */
export function replicasAnnotations(d: Deployment): Record<string, string> {
  const replicas = desiredReplicas(d);
  return {
    [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
    [MAX_REPLICAS_ANNOTATION]: String(replicas + maxSurge(d)),
  };
}

/** The Deployment's annotations that are copied to its ReplicaSets (copyDeploymentAnnotationsToReplicaSet). */
export function copiedDeploymentAnnotations(d: Deployment): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_COPY_ANNOTATIONS.has(k)) out[k] = v;
  return out;
}

/**
 * The revision annotations of a ReplicaSet that becomes (or stays) the new one at `newRevision`
 * (SetNewReplicaSetAnnotations): the revision only ever goes up, and when an RS that already had
 * a revision is reused (a rollback), its old number is appended to revision-history.
 */
export function revisionAnnotations(rs: ReplicaSet, newRevision: number): Record<string, string> {
  const annotations = { ...(rs.metadata.annotations ?? {}) };
  const old = annotations[REVISION_ANNOTATION];
  const oldInt = old === undefined ? 0 : deploymentRevision(rs);
  if (old !== undefined && !/^[+-]?\d+$/.test(old)) return annotations;
  if (oldInt < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    if (old !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
      let revisions = history === '' ? [] : history.split(',');
      let total = history.length + old.length + 1;
      while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && revisions.length > 0) {
        total -= (revisions[0] as string).length + 1;
        revisions = revisions.slice(1);
      }
      if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...revisions, old].join(',');
    }
  }
  return annotations;
}

/** metav1.NewControllerRef for an owner. */
export function controllerRef(owner: { apiVersion: string; kind: string; metadata: { name?: string; uid?: string } }): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The ReplicaSet getNewReplicaSet creates for the Deployment's current template: named
 * `<deployment>-<hash>`, with the pod-template-hash label added to its labels, selector and
 * template, a controller ownerReference to the Deployment, replicas = NewRSNewReplicas, and
 * annotations (copied ones, revision = max old revision + 1, desired-replicas, max-replicas).
 * No uid, resourceVersion or creationTimestamp: the apiserver assigns those.
 */
export function buildNewReplicaSet(d: Deployment, oldRSs: ReplicaSet[]): { replicaSet: ReplicaSet; hash: string } {
  const hash = podTemplateHash(d.spec.template, d.status?.collisionCount);
  const labels = { ...(d.spec.template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
  const template: PodTemplateSpec = { ...d.spec.template, metadata: { ...(d.spec.template.metadata ?? {}), labels } };
  const selector = { ...d.spec.selector, matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
  const rs: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.metadata.name ?? ''}-${hash}`,
      namespace: d.metadata.namespace,
      labels,
      ownerReferences: [controllerRef(d)],
    },
    spec: { replicas: 0, selector, template },
  };
  if (d.spec.minReadySeconds !== undefined) rs.spec.minReadySeconds = d.spec.minReadySeconds;
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  rs.metadata.annotations = {
    ...copiedDeploymentAnnotations(d),
    ...replicasAnnotations(d),
    [REVISION_ANNOTATION]: String(maxRevision(oldRSs) + 1),
  };
  return { replicaSet: rs, hash };
}

/**
 * cleanupDeployment: the old ReplicaSets to delete beyond revisionHistoryLimit, lowest revision
 * first, skipping any that still have replicas, unobserved generations or a deletionTimestamp.
 */
export function replicaSetsToCleanUp(d: Deployment, oldRSs: ReplicaSet[]): ReplicaSet[] {
  const limit = d.spec.revisionHistoryLimit;
  if (limit === undefined || limit === null) return [];
  const alive = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = alive.length - limit;
  if (diff <= 0) return [];
  const byRevision = [...alive].sort((a, b) => {
    const ra = deploymentRevision(a);
    const rb = deploymentRevision(b);
    if (ra !== rb) return ra - rb;
    return sortReplicaSetsByCreation([a, b])[0] === a ? -1 : 1;
  });
  return byRevision.slice(0, diff).filter((rs) => {
    const gen = rs.metadata.generation ?? 0;
    const observed = rs.status?.observedGeneration ?? 0;
    return (rs.status?.replicas ?? 0) === 0 && (rs.spec.replicas ?? 0) === 0 && gen <= observed;
  });
}
