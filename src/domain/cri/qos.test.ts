import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/objects.ts';
import { containerOomScoreAdj, milliCpuToQuota, milliCpuToShares, podCgroupParent, podQosClass } from './qos.ts';
import { milliValue, intValue, parseQuantity } from './quantity.ts';
import { nginxPod } from './test-fixtures.ts';

function withResources(requests?: Record<string, string>, limits?: Record<string, string>): Pod {
  const pod = nginxPod();
  const c = pod.spec.containers[0]!;
  c.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  return pod;
}

describe('quantities', () => {
  it('parses cpu and memory spellings', () => {
    expect(milliValue('500m')).toBe(500);
    expect(milliValue('2')).toBe(2000);
    expect(milliValue('0.25')).toBe(250);
    expect(intValue('128Mi')).toBe(134217728);
    expect(intValue('1G')).toBe(1e9);
    expect(intValue('1e3')).toBe(1000);
    expect(parseQuantity('12x')).toBeUndefined();
    expect(milliValue(undefined)).toBe(0);
  });
});

describe('QoS class', () => {
  it('is BestEffort without requests or limits', () => {
    expect(podQosClass(nginxPod())).toBe('BestEffort');
  });
  it('is Guaranteed when limits equal requests (requests default to limits)', () => {
    expect(podQosClass(withResources(undefined, { cpu: '500m', memory: '128Mi' }))).toBe('Guaranteed');
    expect(podQosClass(withResources({ cpu: '500m', memory: '128Mi' }, { cpu: '500m', memory: '128Mi' }))).toBe('Guaranteed');
  });
  it('is Burstable otherwise', () => {
    expect(podQosClass(withResources({ cpu: '100m' }))).toBe('Burstable');
    expect(podQosClass(withResources({ cpu: '100m', memory: '64Mi' }, { cpu: '500m', memory: '128Mi' }))).toBe('Burstable');
  });
  it('trusts status.qosClass when the apiserver has set it', () => {
    const pod = nginxPod();
    pod.status = { qosClass: 'Burstable' };
    expect(podQosClass(pod)).toBe('Burstable');
  });
});

describe('pod cgroup parent', () => {
  it('names the cgroupfs path by QoS class', () => {
    const uid = '5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';
    expect(podCgroupParent(nginxPod(), 'cgroupfs')).toBe(`/kubepods/besteffort/pod${uid}`);
    expect(podCgroupParent(withResources({ cpu: '100m' }), 'cgroupfs')).toBe(`/kubepods/burstable/pod${uid}`);
    expect(podCgroupParent(withResources(undefined, { cpu: '1', memory: '1Gi' }), 'cgroupfs')).toBe(`/kubepods/pod${uid}`);
  });
  it('spells the systemd slice with underscores for the uid dashes', () => {
    expect(podCgroupParent(nginxPod(), 'systemd')).toBe('kubepods-besteffort-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice');
    expect(podCgroupParent(withResources(undefined, { cpu: '1', memory: '1Gi' }), 'systemd')).toBe('kubepods-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice');
  });
});

describe('kubelet resource arithmetic', () => {
  it('converts millicores to shares with the kernel minimum of 2', () => {
    expect(milliCpuToShares(0)).toBe(2);
    expect(milliCpuToShares(1)).toBe(2);
    expect(milliCpuToShares(250)).toBe(256);
    expect(milliCpuToShares(1000)).toBe(1024);
  });
  it('converts a limit to a CFS quota, 0 meaning unlimited and 1000 the minimum', () => {
    expect(milliCpuToQuota(0, 100000)).toBe(0);
    expect(milliCpuToQuota(500, 100000)).toBe(50000);
    expect(milliCpuToQuota(5, 100000)).toBe(1000);
  });
  it('gives the qos/policy.go oom_score_adj values', () => {
    const cap = 8 * 2 ** 30;
    const be = nginxPod();
    expect(containerOomScoreAdj(be, be.spec.containers[0]!, cap)).toBe(1000);
    const g = withResources(undefined, { cpu: '1', memory: '1Gi' });
    expect(containerOomScoreAdj(g, g.spec.containers[0]!, cap)).toBe(-997);
    const b = withResources({ memory: '1Gi' });
    expect(containerOomScoreAdj(b, b.spec.containers[0]!, cap)).toBe(875);
    const tiny = withResources({ cpu: '10m' });
    expect(containerOomScoreAdj(tiny, tiny.spec.containers[0]!, cap)).toBe(999);
    const huge = withResources({ memory: '8Gi' });
    expect(containerOomScoreAdj(huge, huge.spec.containers[0]!, cap)).toBe(3);
  });
});
