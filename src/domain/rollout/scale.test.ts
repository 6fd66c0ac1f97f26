import { describe, expect, it } from 'vitest';
import type { Deployment, ReplicaSet } from '../k8s/objects.ts';
import { findActiveOrLatest, isScalingEvent, planScale } from './scale.ts';

// pkg/controller/deployment/sync.go scale(), util/deployment_util.go GetProportion; the cases
// follow the proportional-scaling examples of the Deployment docs and sync_test.go.

const deployment = (replicas: number, surge: number | string = '25%', unavailable: number | string = '25%'): Deployment =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } }, status: {} }) as unknown as Deployment;

const rs = (name: string, replicas: number, created: string, desired: number, max: number, available = replicas): ReplicaSet =>
  ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', creationTimestamp: created, annotations: { 'deployment.kubernetes.io/desired-replicas': String(desired), 'deployment.kubernetes.io/max-replicas': String(max) } }, spec: { replicas, selector: {}, template: {} }, status: { replicas, availableReplicas: available } }) as unknown as ReplicaSet;

describe('planScale (sync.go scale)', () => {
  it('scales the only active ReplicaSet straight to the new size', () => {
    const only = rs('web-a', 3, '2026-01-01T00:00:00Z', 3, 4);
    expect(planScale(deployment(5), only, []).map((s) => [s.rs.metadata.name, s.to])).toEqual([['web-a', 5]]);
  });

  it('shares a scale-up mid-rollout in proportion, the leftover to the largest (10 → 15, docs example)', () => {
    // maxSurge 3, maxUnavailable 2: a rollout to a bad image is stuck at old 8, new 5 (13 = 10 + 3).
    const oldRS = rs('web-old', 8, '2026-01-01T00:00:00Z', 10, 13);
    const newRS = rs('web-new', 5, '2026-01-01T00:01:00Z', 10, 13, 0);
    const d = deployment(15, 3, 2);
    // allowed 18, to add 5: old gets round(8*18/13)-8 = 3, new round(5*18/13)-5 = 2.
    expect(planScale(d, newRS, [oldRS]).map((s) => [s.rs.metadata.name, s.to])).toEqual([
      ['web-old', 11],
      ['web-new', 7],
    ]);
  });

  it('notices a scaling event from the desired-replicas annotation', () => {
    expect(isScalingEvent(deployment(5), [rs('web-a', 3, '2026-01-01T00:00:00Z', 3, 4)])).toBe(true);
    expect(isScalingEvent(deployment(3), [rs('web-a', 3, '2026-01-01T00:00:00Z', 3, 4)])).toBe(false);
  });

  it('finds no single active ReplicaSet while two have replicas', () => {
    expect(findActiveOrLatest(rs('n', 1, '2026-01-01T00:01:00Z', 3, 4), [rs('o', 2, '2026-01-01T00:00:00Z', 3, 4)])).toBeUndefined();
  });
});
