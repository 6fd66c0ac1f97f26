import { describe, expect, it } from 'vitest';
import { cloneFlags, containerNamespaces, namespacePlan, procNamespacePath, sandboxNamespaces } from './namespaces.ts';

describe('sandboxNamespaces', () => {
  it('creates pid, ipc, uts and mount, and joins the CNI netns by path', () => {
    expect(sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1234' })).toEqual([
      { type: 'pid' },
      { type: 'ipc' },
      { type: 'uts' },
      { type: 'mount' },
      { type: 'network', path: '/var/run/netns/cni-1234' },
    ]);
  });
  it('keeps the node network and hostname for hostNetwork pods', () => {
    expect(sandboxNamespaces({ hostNetwork: true })).toEqual([{ type: 'pid' }, { type: 'ipc' }, { type: 'mount' }]);
  });
  it('drops pid and ipc for hostPID / hostIPC', () => {
    expect(sandboxNamespaces({ hostNetwork: true, hostPID: true, hostIPC: true })).toEqual([{ type: 'mount' }]);
  });
  it('matches the unshare masks the real capture recorded (0x2c020000, host network 0x28020000)', () => {
    const pod = namespacePlan(sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-x' }));
    expect(cloneFlags(pod.create)).toEqual({ flags: 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID', mask: '0x2c020000' });
    const host = namespacePlan(sandboxNamespaces({ hostNetwork: true }));
    expect(cloneFlags(host.create).mask).toBe('0x28020000');
  });
});

describe('containerNamespaces', () => {
  it('joins net, ipc and uts of the pause process and creates pid, mount and cgroup (v2)', () => {
    expect(containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false })).toEqual([
      { type: 'pid' },
      { type: 'ipc', path: '/proc/4242/ns/ipc' },
      { type: 'uts', path: '/proc/4242/ns/uts' },
      { type: 'mount' },
      { type: 'network', path: '/proc/4242/ns/net' },
      { type: 'cgroup' },
    ]);
  });
  it('shares the pause pid namespace with shareProcessNamespace', () => {
    const list = containerNamespaces({ sandboxPid: 7, hostNetwork: false, shareProcessNamespace: true });
    expect(list[0]).toEqual({ type: 'pid', path: '/proc/7/ns/pid' });
    expect(namespacePlan(list).create).toEqual(['mount', 'cgroup']);
  });
  it('joins the pause netns (the host one) for hostNetwork, and hostPID via the pause pid', () => {
    const list = containerNamespaces({ sandboxPid: 7, hostNetwork: true, shareProcessNamespace: false, hostPID: true });
    expect(list).toContainEqual({ type: 'network', path: '/proc/7/ns/net' });
    expect(list).toContainEqual({ type: 'pid', path: '/proc/7/ns/pid' });
  });
  it('has no cgroup namespace on cgroup v1 or for privileged containers', () => {
    expect(containerNamespaces({ sandboxPid: 7, hostNetwork: false, shareProcessNamespace: false, cgroupVersion: 1 }).map((n) => n.type)).not.toContain('cgroup');
    expect(containerNamespaces({ sandboxPid: 7, hostNetwork: false, shareProcessNamespace: false, privileged: true }).map((n) => n.type)).not.toContain('cgroup');
  });
});

describe('namespacePlan', () => {
  it('orders setns as runc does: ipc, uts, net, pid', () => {
    const plan = namespacePlan(containerNamespaces({ sandboxPid: 9, hostNetwork: false, shareProcessNamespace: true }));
    expect(plan.join.map((e) => e.type)).toEqual(['ipc', 'uts', 'network', 'pid']);
  });
  it('refuses duplicate namespace types', () => {
    expect(() => namespacePlan([{ type: 'pid' }, { type: 'pid' }])).toThrow('duplicate namespace pid');
  });
  it('names /proc namespace files', () => {
    expect(procNamespacePath(1, 'network')).toBe('/proc/1/ns/net');
    expect(procNamespacePath(1, 'mount')).toBe('/proc/1/ns/mnt');
  });
});
