import { describe, expect, it } from 'vitest';
import { compactPath, criResourcePairs, formatBytes, formatMemory, orderCgroupFiles, shortDigest } from './format.ts';

describe('format', () => {
  it('prints sizes as docker does: decimal units, three significant digits (go-units HumanSizeWithPrecision)', () => {
    expect(formatBytes(628)).toBe('628B');
    expect(formatBytes(1211)).toBe('1.21kB');
    expect(formatBytes(28_232_509)).toBe('28.2MB');
    expect(formatBytes(43_862_391)).toBe('43.9MB');
    expect(formatBytes(1_500_000)).toBe('1.5MB');
  });

  it('prints memory limits as Kubernetes quantities when they are whole Mi or Gi', () => {
    expect(formatMemory(134_217_728)).toBe('128Mi');
    expect(formatMemory(2 * 1024 ** 3)).toBe('2Gi');
    expect(formatMemory(1000)).toBe('1000');
  });

  it('shortens ids inside paths and digests', () => {
    const id = 'a126e464baa4111b9e52b7c9b1c101ca88aa50b3629cd31a86f8971e59306ac7';
    expect(compactPath(`/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/rootfs`)).toBe('/run/containerd/io.containerd.runtime.v2.task/k8s.io/a126e464baa4…/rootfs');
    expect(compactPath('kubepods-besteffort-pod093ff5a3_6344_4793_98c2_9ea34da04d1b.slice')).toBe('kubepods-besteffort-pod093ff5a3….slice');
    expect(shortDigest('sha256:91ff29c7c0815d292623360d62a2bae9caa8014f0340469a02ced70207825f9d')).toBe('91ff29c7c081');
  });

  it('lists the CRI resources that are set, and the leading cgroup files first', () => {
    expect(criResourcePairs({ cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 256, memoryLimitInBytes: 134217728 })).toEqual([
      ['cpuShares', '256'],
      ['cpuQuota', '50000/100000'],
      ['memoryLimitInBytes', '134217728 (128Mi)'],
    ]);
    expect(criResourcePairs(undefined)).toEqual([]);
    expect(orderCgroupFiles([['hugetlb.2MB.max', '0'], ['cpu.max', 'max 100000'], ['cpu.weight', '1']]).map(([f]) => f)).toEqual(['cpu.weight', 'cpu.max', 'hugetlb.2MB.max']);
  });
});
