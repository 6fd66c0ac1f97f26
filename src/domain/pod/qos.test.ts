import { describe, expect, it } from 'vitest';
import type { Container, Pod, PodSpec } from '../k8s/objects.ts';
import { qosClass } from './qos.ts';

function pod(spec: Partial<PodSpec>): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [], ...spec } };
}
const c = (name: string, requests?: Record<string, string>, limits?: Record<string, string>, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'nginx:1.27',
  resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) },
  ...extra,
});

describe('qosClass', () => {
  it('is BestEffort without cpu or memory requests and limits', () => {
    expect(qosClass(pod({ containers: [c('a')] }))).toBe('BestEffort');
    expect(qosClass(pod({ containers: [c('a', { 'example.com/gpu': '1' })] }))).toBe('BestEffort');
    expect(qosClass(pod({ containers: [c('a', { cpu: '0' })] }))).toBe('BestEffort');
  });

  it('is Guaranteed when every container limits cpu and memory and requests equal limits', () => {
    const r = { cpu: '500m', memory: '128Mi' };
    expect(qosClass(pod({ containers: [c('a', r, r), c('b', r, r)] }))).toBe('Guaranteed');
    expect(qosClass(pod({ containers: [c('a', { cpu: '1', memory: '1Gi' }, { cpu: '1000m', memory: '1024Mi' })] }))).toBe('Guaranteed');
  });

  it('is Burstable otherwise', () => {
    expect(qosClass(pod({ containers: [c('a', { cpu: '100m' })] }))).toBe('Burstable');
    expect(qosClass(pod({ containers: [c('a', { cpu: '100m', memory: '1Gi' }, { cpu: '200m', memory: '1Gi' })] }))).toBe('Burstable');
    const r = { cpu: '500m', memory: '128Mi' };
    expect(qosClass(pod({ containers: [c('a', r, r), c('b')] }))).toBe('Burstable');
    // Limits without requests are Guaranteed only after defaulting copies them (SetDefaults_Pod).
    expect(qosClass(pod({ containers: [c('a', undefined, r)] }))).toBe('Burstable');
  });

  it('counts init containers', () => {
    const r = { cpu: '500m', memory: '128Mi' };
    expect(qosClass(pod({ containers: [c('a', r, r)], initContainers: [c('init')] }))).toBe('Burstable');
    expect(qosClass(pod({ containers: [c('a')], initContainers: [c('init', { cpu: '1' })] }))).toBe('Burstable');
  });

  it('uses pod-level resources when they are set', () => {
    expect(qosClass(pod({ containers: [c('a')], resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } } }))).toBe('Guaranteed');
    expect(qosClass(pod({ containers: [c('a')], resources: { limits: { cpu: '1' } } }))).toBe('Burstable');
  });
});
