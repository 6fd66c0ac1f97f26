import { describe, expect, it } from 'vitest';
import type { Deployment } from '../k8s/objects.ts';
import { applyDeploymentDefaults } from './defaults.ts';

const minimal = (): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
});

describe('applyDeploymentDefaults', () => {
  it('applies the apps/v1 defaults and template defaults only', () => {
    expect(applyDeploymentDefaults(minimal()).spec).toEqual({
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          schedulerName: 'default-scheduler',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
        },
      },
    });
  });

  it('keeps given values, fills half-given rolling updates, and does not mutate', () => {
    const d = minimal();
    d.spec.replicas = 3;
    d.spec.strategy = { rollingUpdate: { maxSurge: 1 } };
    const before = structuredClone(d);
    const out = applyDeploymentDefaults(d);
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
    expect(d).toEqual(before);
    expect(out.metadata).toBe(d.metadata);
  });

  it('gives Recreate no rollingUpdate and leaves minReadySeconds absent', () => {
    const d = minimal();
    d.spec.strategy = { type: 'Recreate' };
    const out = applyDeploymentDefaults(d);
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
    expect(out.spec.minReadySeconds).toBeUndefined();
  });

  it('is idempotent', () => {
    const once = applyDeploymentDefaults(minimal());
    expect(applyDeploymentDefaults(once)).toEqual(once);
  });
});
