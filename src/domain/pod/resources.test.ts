import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodSpec } from '../k8s/objects.ts';
import { podLimits, podRequests } from './resources.ts';

function pod(spec: Partial<PodSpec>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], ...spec } };
}
const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'nginx:1.27',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});

describe('podRequests (PodRequests)', () => {
  it('sums app containers', () => {
    expect(podRequests(pod({ containers: [c('a', { cpu: '100m', memory: '64Mi' }), c('b', { cpu: '200m' })] }))).toEqual({
      milliCPU: 300,
      memory: 67_108_864,
    });
  });

  it('takes the max with the largest regular init container', () => {
    const p = pod({ containers: [c('a', { cpu: '100m' }), c('b', { cpu: '200m' })], initContainers: [c('init', { cpu: '500m', memory: '1Gi' })] });
    expect(podRequests(p)).toEqual({ milliCPU: 500, memory: 1_073_741_824 });
  });

  it('adds sidecars to the steady state and to every later init container', () => {
    const p = pod({
      containers: [c('a', { cpu: '100m' }), c('b', { cpu: '200m' })],
      initContainers: [c('proxy', { cpu: '50m' }, undefined, { restartPolicy: 'Always' }), c('migrate', { cpu: '500m' })],
    });
    // steady: 300 + 50 = 350; during "migrate": 500 + 50 = 550.
    expect(podRequests(p).milliCPU).toBe(550);
    const noBigInit = pod({ containers: [c('a', { cpu: '100m' })], initContainers: [c('proxy', { cpu: '50m' }, undefined, { restartPolicy: 'Always' })] });
    expect(podRequests(noBigInit).milliCPU).toBe(150);
  });

  it('adds the pod overhead', () => {
    const p = pod({ containers: [c('a', { cpu: '100m', memory: '64Mi' })], overhead: { cpu: '250m', memory: '120Mi' } });
    expect(podRequests(p)).toEqual({ milliCPU: 350, memory: 67_108_864 + 125_829_120 });
  });

  it('uses pod-level requests for the resources they set', () => {
    const p = pod({ containers: [c('a', { cpu: '100m', memory: '64Mi' })], resources: { requests: { cpu: '2' } } });
    expect(podRequests(p)).toEqual({ milliCPU: 2000, memory: 67_108_864 });
  });

  it('is zero for BestEffort pods', () => {
    expect(podRequests(pod({ containers: [c('a')] }))).toEqual({ milliCPU: 0, memory: 0 });
  });
});

describe('podLimits', () => {
  it('adds overhead only where a limit exists', () => {
    const p = pod({ containers: [c('a', undefined, { cpu: '1' })], overhead: { cpu: '250m', memory: '120Mi' } });
    expect(podLimits(p)).toEqual({ milliCPU: 1250, memory: 0 });
  });
});
