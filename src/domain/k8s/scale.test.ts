import { describe, expect, it } from 'vitest';
import type { KubeObject } from './objects.ts';
import { applyScale, scaleOf, validateScaleReplicas } from './scale.ts';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '12', creationTimestamp: '2025-01-01T00:00:00Z', generation: 3, labels: { app: 'web' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web', tier: 'front' } } },
  status: { replicas: 2 },
};

describe('scaleOf (pkg/registry/apps/deployment/storage/storage.go scaleFromDeployment)', () => {
  it('gives an autoscaling/v1 Scale with the parent identity and the selector as a string', () => {
    expect(scaleOf(deployment)).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '12', creationTimestamp: '2025-01-01T00:00:00Z' },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: 'app=web,tier=front' },
    });
  });
});

describe('applyScale and validateScaleReplicas (ScaleREST Update, autoscaling validation ValidateScale)', () => {
  it('changes only spec.replicas and carries the Scale resourceVersion as the precondition', () => {
    const next = applyScale(deployment, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', resourceVersion: '11' }, spec: { replicas: 5 } });
    expect(next.spec).toEqual({ replicas: 5, selector: { matchLabels: { app: 'web', tier: 'front' } } });
    expect(next.metadata.resourceVersion).toBe('11');
    expect(validateScaleReplicas({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: {}, spec: { replicas: -1 } })).toEqual({ field: 'spec.replicas', value: -1, detail: 'must be greater than or equal to 0' });
  });
});
