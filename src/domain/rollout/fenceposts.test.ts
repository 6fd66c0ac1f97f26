import { describe, expect, it } from 'vitest';
import type { Deployment } from '../k8s/objects.ts';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValueFromIntOrPercent } from './fenceposts.ts';

function deployment(replicas: number, strategy: Deployment['spec']['strategy']): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { spec: { containers: [] } }, strategy },
  };
}

describe('resolveFenceposts', () => {
  // DOMAIN.md 3.2 and the cases of deployment_util_test.go TestResolveFenceposts.
  it.each<[number | string | undefined, number | string | undefined, number, number, number]>([
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 1, 1, 0],
    ['0%', '0%', 0, 0, 1],
    ['0%', '0%', 10, 0, 1],
    ['39%', '39%', 10, 4, 3],
    [undefined, '39%', 10, 0, 3],
    ['39%', undefined, 10, 4, 0],
    [undefined, undefined, 10, 0, 1],
    ['1%', '0%', 2, 1, 0],
    ['0%', '1%', 2, 0, 1],
    [2, 1, 10, 2, 1],
    [0, 0, 5, 0, 1],
    ['100%', '0%', 3, 3, 0],
  ])('surge %j unavailable %j of %d → %d/%d', (surge, unavailable, desired, s, u) => {
    expect(resolveFenceposts(surge, unavailable, desired)).toEqual({ maxSurge: s, maxUnavailable: u });
  });

  it('rejects values that are neither an int nor a percentage', () => {
    expect(() => resolveFenceposts('oops', '39%', 10)).toThrowError(new Error('invalid value for IntOrString: invalid type: string is not a percentage'));
    expect(() => resolveFenceposts('55%', 'urg%', 10)).toThrowError(
      new Error('invalid value for IntOrString: invalid value "urg%": strconv.Atoi: parsing "urg": invalid syntax'),
    );
  });

  it('scales percentages with the requested rounding', () => {
    expect(scaledValueFromIntOrPercent('50%', 5, true)).toBe(3);
    expect(scaledValueFromIntOrPercent('50%', 5, false)).toBe(2);
    expect(scaledValueFromIntOrPercent(7, 5, false)).toBe(7);
    expect(() => scaledValueFromIntOrPercent(undefined, 5, false)).toThrow('nil value for IntOrString');
  });
});

describe('maxSurge / maxUnavailable', () => {
  it('resolves the defaults for 10 replicas', () => {
    const d = deployment(10, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(maxSurge(d)).toBe(3);
    expect(maxUnavailable(d)).toBe(2);
  });

  it('is 0 for Recreate and maxUnavailable 0 for zero replicas', () => {
    expect(maxSurge(deployment(10, { type: 'Recreate' }))).toBe(0);
    expect(maxUnavailable(deployment(10, { type: 'Recreate' }))).toBe(0);
    expect(maxUnavailable(deployment(0, { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }))).toBe(0);
  });

  it('clamps maxUnavailable to replicas', () => {
    expect(maxUnavailable(deployment(3, { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 5 } }))).toBe(3);
  });
});
