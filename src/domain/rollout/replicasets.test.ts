import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../k8s/objects.ts';
import { applyDeploymentDefaults } from './defaults.ts';
import {
  buildNewReplicaSet,
  deploymentRevision,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getReplicaSetsOwnedBy,
  maxRevision,
  newRSNewReplicas,
  replicaSetsToCleanUp,
  revisionAnnotations,
} from './replicasets.ts';
import { podTemplateHash } from './hash.ts';

function deployment(replicas = 3, image = 'nginx:1.27'): Deployment {
  return applyDeploymentDefaults({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'default',
      uid: 'd-uid',
      generation: 1,
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'a' },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image }] } },
    },
  });
}

function rs(name: string, replicas: number, opts: { owner?: string; created?: string; revision?: number; image?: string; hash?: string } = {}): ReplicaSet {
  const d = deployment(3, opts.image ?? 'nginx:1.27');
  const hash = opts.hash ?? name.split('-').pop() ?? '';
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      creationTimestamp: opts.created ?? '2025-01-01T00:00:00Z',
      ownerReferences: opts.owner === undefined ? [] : [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: opts.owner, controller: true }],
      annotations: opts.revision === undefined ? {} : { 'deployment.kubernetes.io/revision': String(opts.revision) },
    },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } },
      template: { ...d.spec.template, metadata: { labels: { app: 'web', 'pod-template-hash': hash } } },
    },
    status: { replicas },
  };
}

describe('ownership and the new ReplicaSet', () => {
  it('keeps only ReplicaSets controlled by the Deployment uid', () => {
    const mine = rs('web-aaa', 1, { owner: 'd-uid' });
    const other = rs('web-bbb', 1, { owner: 'someone-else' });
    const orphan = rs('web-ccc', 1);
    expect(getReplicaSetsOwnedBy(deployment(), [mine, other, orphan])).toEqual([mine]);
  });

  it('finds the oldest RS whose template matches, ignoring pod-template-hash', () => {
    const older = rs('web-zzz', 1, { created: '2025-01-01T00:00:00Z' });
    const newer = rs('web-aaa', 1, { created: '2025-01-02T00:00:00Z' });
    const other = rs('web-ccc', 1, { created: '2024-12-01T00:00:00Z', image: 'nginx:1.29' });
    expect(findNewReplicaSet(deployment(), [newer, other, older])).toBe(older);
    expect(findOldReplicaSets(deployment(), [newer, other, older])).toEqual([newer, other]);
    expect(findNewReplicaSet(deployment(3, 'nginx:1.30'), [newer, other, older])).toBeUndefined();
  });

  it('breaks creation-time ties by name', () => {
    const b = rs('web-bbb', 1);
    const a = rs('web-aaa', 1);
    expect(findNewReplicaSet(deployment(), [b, a])).toBe(a);
  });

  it('compares templates semantically', () => {
    const d = deployment();
    const t1 = { ...d.spec.template, spec: { ...d.spec.template.spec, containers: [{ ...d.spec.template.spec.containers[0]!, resources: { requests: { cpu: '1' } } }] } };
    const t2 = { ...d.spec.template, spec: { ...d.spec.template.spec, containers: [{ ...d.spec.template.spec.containers[0]!, resources: { requests: { cpu: '1000m' } } }] } };
    expect(equalIgnoreHash(t1, t2)).toBe(true);
  });
});

describe('revisions', () => {
  it('reads the revision annotation, 0 when missing or invalid', () => {
    expect(deploymentRevision(rs('web-a', 1, { revision: 3 }))).toBe(3);
    expect(deploymentRevision(rs('web-a', 1))).toBe(0);
    const bad = rs('web-a', 1);
    bad.metadata.annotations = { 'deployment.kubernetes.io/revision': 'x' };
    expect(deploymentRevision(bad)).toBe(0);
    expect(maxRevision([rs('a', 1, { revision: 2 }), rs('b', 1, { revision: 5 }), rs('c', 1)])).toBe(5);
    expect(maxRevision([])).toBe(0);
  });

  it('moves a reused RS to the new revision and keeps its history (rollback)', () => {
    const old = rs('web-a', 0, { revision: 1 });
    expect(revisionAnnotations(old, 3)).toEqual({ 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1' });
    const again = { ...old, metadata: { ...old.metadata, annotations: revisionAnnotations(old, 3) } };
    expect(revisionAnnotations(again, 5)).toEqual({ 'deployment.kubernetes.io/revision': '5', 'deployment.kubernetes.io/revision-history': '1,3' });
    // Never goes down.
    expect(revisionAnnotations(again, 2)['deployment.kubernetes.io/revision']).toBe('3');
    // A brand-new RS just gets the number.
    expect(revisionAnnotations(rs('web-b', 0), 1)).toEqual({ 'deployment.kubernetes.io/revision': '1' });
  });
});

describe('newRSNewReplicas', () => {
  // deployment_util_test.go TestNewRSNewReplicas: one other RS of 5 replicas.
  it.each<[string, 'RollingUpdate' | 'Recreate', number, number, number, number]>([
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ])('%s', (_name, type, depReplicas, newReplicas, surge, expected) => {
    const d = deployment(depReplicas);
    d.spec.strategy = type === 'Recreate' ? { type } : { type, rollingUpdate: { maxSurge: surge, maxUnavailable: 1 } };
    const newRS = rs('web-new', newReplicas);
    expect(newRSNewReplicas(d, [rs('web-old', 5)], newRS)).toBe(expected);
  });

  it('gives the first RS of a 3-replica Deployment all 3 (surge 1 allows it)', () => {
    const d = deployment(3);
    const fresh = rs('web-new', 0);
    expect(newRSNewReplicas(d, [fresh], fresh)).toBe(3);
  });
});

describe('buildNewReplicaSet', () => {
  it('creates <deployment>-<hash> with the hash label, owner, replicas and annotations', () => {
    const d = deployment(3);
    const { replicaSet, hash } = buildNewReplicaSet(d, []);
    expect(hash).toBe(podTemplateHash(d.spec.template));
    expect(replicaSet.metadata.name).toBe(`web-${hash}`);
    expect(replicaSet.metadata.namespace).toBe('default');
    expect(replicaSet.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(replicaSet.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(replicaSet.spec.template.metadata?.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(replicaSet.spec.template.spec).toEqual(d.spec.template.spec);
    expect(replicaSet.spec.replicas).toBe(3);
    expect(replicaSet.metadata.ownerReferences).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd-uid', controller: true, blockOwnerDeletion: true },
    ]);
    expect(replicaSet.metadata.annotations).toEqual({
      team: 'a',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    // The Deployment's own template is untouched.
    expect(d.spec.template.metadata?.labels).toEqual({ app: 'web' });
  });

  it('numbers the revision after the old ones and uses collisionCount', () => {
    const d = deployment(10, 'nginx:1.29');
    const { replicaSet } = buildNewReplicaSet(d, [rs('web-old', 10, { revision: 4 })]);
    expect(replicaSet.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('5');
    expect(replicaSet.spec.replicas).toBe(3);
    const collided = { ...d, status: { collisionCount: 1 } };
    expect(buildNewReplicaSet(collided, []).hash).toBe(podTemplateHash(d.spec.template, 1));
  });
});

describe('replicaSetsToCleanUp', () => {
  it('deletes the lowest revisions beyond revisionHistoryLimit, only when scaled to zero', () => {
    const d = { ...deployment(), spec: { ...deployment().spec, revisionHistoryLimit: 1 } };
    const r1 = rs('web-1', 0, { revision: 1 });
    const r2 = rs('web-2', 0, { revision: 2 });
    const r3 = rs('web-3', 0, { revision: 3 });
    r1.status = { replicas: 0 };
    r2.status = { replicas: 0 };
    r3.status = { replicas: 0 };
    expect(replicaSetsToCleanUp(d, [r3, r1, r2])).toEqual([r1, r2]);
    const busy = rs('web-1', 2, { revision: 1 });
    expect(replicaSetsToCleanUp(d, [busy, r2, r3])).toEqual([r2]);
    expect(replicaSetsToCleanUp(deployment(), [r1, r2, r3])).toEqual([]);
  });
});
