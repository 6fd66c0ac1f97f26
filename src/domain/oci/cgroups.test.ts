import { describe, expect, it } from 'vitest';
import { cgroupDirs, cgroupSetWrites, expandSlice, sharesToWeight, systemdUnitName } from './cgroups.ts';

describe('cgroup paths', () => {
  it('expands systemd slices', () => {
    expect(expandSlice('kubepods-besteffort-podab_cd.slice')).toBe('kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podab_cd.slice');
    expect(() => expandSlice('nope')).toThrow('invalid slice name');
    expect(() => systemdUnitName('/kubepods/besteffort/podu/abc')).toThrow('expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups');
  });
  it('finds the v2 scope of a systemd cgroupsPath', () => {
    expect(systemdUnitName('kubepods-besteffort-podu.slice:cri-containerd:abc')).toEqual({ slice: 'kubepods-besteffort-podu.slice', prefix: 'cri-containerd', name: 'abc', unit: 'cri-containerd-abc.scope' });
    expect(cgroupDirs('kubepods-besteffort-podu.slice:cri-containerd:abc', 'systemd')).toEqual(['/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-podu.slice/cri-containerd-abc.scope']);
  });
  // runc libcontainer/cgroups/systemd/common.go ExpandSlice and getUnitName; v1.go/v2.go Apply
  // (slice "system.slice" unless the config names one); specconv CreateCgroupConfig.
  it('refuses the slice names runc refuses', () => {
    for (const bad of ['.slice', 'a--b.slice', '-a.slice', 'a/b.slice', '']) expect(() => expandSlice(bad)).toThrow(`invalid slice name: ${bad}`);
    expect(expandSlice('-.slice')).toBe('');
  });
  it('puts a cgroupsPath with an empty slice under system.slice, and names the unit from the prefix', () => {
    expect(cgroupDirs(':cri-containerd:abc', 'systemd')).toEqual(['/sys/fs/cgroup/system.slice/cri-containerd-abc.scope']);
    expect(systemdUnitName('kubepods-pod1.slice:crio:abc').unit).toBe('crio-abc.scope');
    expect(cgroupDirs('system.slice:docker:abc', 'systemd')).toEqual(['/sys/fs/cgroup/system.slice/docker-abc.scope']);
    expect(cgroupDirs('-.slice:p:abc', 'systemd')).toEqual(['/sys/fs/cgroup/p-abc.scope']);
    expect(systemdUnitName('machine.slice:x:sub.slice').unit).toBe('sub.slice');
  });
  it('names the cgroup after the container when the spec has no cgroupsPath', () => {
    expect(cgroupDirs('', 'systemd', 2, undefined, 'abc')).toEqual(['/sys/fs/cgroup/system.slice/runc-abc.scope']);
    expect(cgroupDirs('', 'cgroupfs', 2, undefined, 'abc')).toEqual(['/sys/fs/cgroup/abc']);
  });
  it('joins cgroupfs paths under the unified mount or every v1 hierarchy', () => {
    expect(cgroupDirs('/kubepods/besteffort/podu/abc', 'cgroupfs')).toEqual(['/sys/fs/cgroup/kubepods/besteffort/podu/abc']);
    const v1 = cgroupDirs('/k8ssim/web-0-runc', 'cgroupfs', 1);
    expect(v1).toHaveLength(10);
    expect(v1).toContain('/sys/fs/cgroup/memory/k8ssim/web-0-runc');
  });
});

describe('cgroupSetWrites', () => {
  it('writes v1 files like the real runc capture (devices, memory, cpu, pids)', () => {
    const dirs = cgroupDirs('/k8ssim/web-0-runc', 'cgroupfs', 1);
    const writes = cgroupSetWrites({ devices: [{ allow: false, access: 'rwm' }], memory: { limit: 67108864 }, cpu: { shares: 256, quota: 50000, period: 100000 }, pids: { limit: 64 } }, dirs, 1);
    expect(writes[0]).toEqual({ op: 'write', file: '/sys/fs/cgroup/devices/k8ssim/web-0-runc/devices.deny', value: 'a *:* rwm' });
    expect(writes.filter((w) => w.file?.endsWith('devices.allow'))).toHaveLength(11);
    const byFile = Object.fromEntries(writes.map((w) => [w.file?.split('/').pop(), w.value]));
    expect(byFile).toMatchObject({ 'memory.limit_in_bytes': '67108864', 'cpu.shares': '256', 'cpu.cfs_period_us': '100000', 'cpu.cfs_quota_us': '50000', 'pids.max': '64' });
  });
  it('writes v2 files, the device BPF program and the unified map', () => {
    const writes = cgroupSetWrites({ cpu: { shares: 2, period: 100000 }, hugepageLimits: [{ pageSize: '2MB', limit: 0 }], unified: { 'memory.oom.group': '1' } }, ['/sys/fs/cgroup/x'], 2);
    expect(writes.map((w) => w.file ?? w.cmd)).toEqual(['/sys/fs/cgroup/x/cpu.weight', '/sys/fs/cgroup/x/cpu.max', 'BPF_PROG_LOAD', 'BPF_PROG_ATTACH', '/sys/fs/cgroup/x/hugetlb.2MB.max', '/sys/fs/cgroup/x/memory.oom.group']);
    expect(writes[0]?.value).toBe('1');
    expect(writes[1]?.value).toBe('max 100000');
    const limited = cgroupSetWrites({ memory: { limit: 134217728, swap: 134217728 }, cpu: { shares: 256, quota: 50000, period: 100000 } }, ['/d'], 2);
    expect(limited.slice(0, 4).map((w) => `${w.file}=${w.value}`)).toEqual(['/d/memory.swap.max=0', '/d/memory.max=134217728', '/d/cpu.weight=10', '/d/cpu.max=50000 100000']);
  });
  // runc libcontainer/cgroups/fs2/cpu.go setCpu, fs2/cpuset.go, fs/cpuset.go.
  it('writes cpu.max without a period as the quota alone, and cpuset after the device program', () => {
    expect(cgroupSetWrites({ cpu: { quota: 50000 } }, ['/d'], 2).find((w) => w.file === '/d/cpu.max')?.value).toBe('50000');
    const v2 = cgroupSetWrites({ cpu: { shares: 1024, cpus: '0-1', mems: '0' } }, ['/d'], 2).map((w) => w.file ?? w.cmd);
    expect(v2).toEqual(['/d/cpu.weight', 'BPF_PROG_LOAD', 'BPF_PROG_ATTACH', '/d/cpuset.cpus', '/d/cpuset.mems']);
    const v1 = cgroupSetWrites({ cpu: { cpus: '0' } }, cgroupDirs('/k/c', 'cgroupfs', 1), 1);
    expect(v1[0]).toEqual({ op: 'write', file: '/sys/fs/cgroup/cpuset/k/c/cpuset.cpus', value: '0' });
  });
  it('converts shares to weights', () => {
    expect(sharesToWeight(2)).toBe(1);
    expect(sharesToWeight(1024)).toBe(39);
    expect(sharesToWeight(262144)).toBe(10000);
  });
});
