import { describe, expect, it } from 'vitest';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { crunCreateSteps, crunStartSteps } from './crun-steps.ts';
import { containerNamespaces, sandboxNamespaces } from './namespaces.ts';
import { totalDuration, type RuncStep } from './runc-steps.ts';
import { containerSpec, sandboxSpec } from './spec.ts';

// crun 1.8.1: src/libcrun/cloned_binary.c, container.c, linux.c (libcrun_run_linux_container,
// join_namespaces, libcrun_set_mounts, make_parent_mount_private, finalize_mounts, do_pivot);
// tests/real/fixtures/crun/strace.json is the real order on the recording VM.
const SB = 'a'.repeat(64);
const CID = 'c'.repeat(64);
const ROOT = '/run/containerd/runc/k8s.io';
const bundle = (id: string) => `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`;
const parent = '/kubepods/besteffort/pod5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';
const pod = nginxPod();
const sbSpec = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });
const sbSteps = crunCreateSteps(sbSpec, { id: SB, bundle: bundle(SB), root: ROOT, initPid: 4242, cgroupDriver: 'cgroupfs' });
const ctrSpec = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID) });
const ctrSteps = crunCreateSteps(ctrSpec, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'cgroupfs' });

const at = (steps: RuncStep[], pred: (s: RuncStep) => boolean): number => {
  const i = steps.findIndex(pred);
  expect(i, 'step not found').toBeGreaterThanOrEqual(0);
  return i;
};

describe('crun create', () => {
  it('re-executes itself from a read-only bind of its binary first', () => {
    expect(sbSteps.slice(0, 6).map((s) => s.op)).toEqual(['execve', 'mount', 'mount', 'umount2', 'execveat', 'unlink']);
    expect(sbSteps[0]?.attrs['argv']).toEqual(['crun', '--root', ROOT, '--log', `${bundle(SB)}/log.json`, '--log-format', 'json', 'create', '--bundle', bundle(SB), '--pid-file', `${bundle(SB)}/init.pid`, SB]);
    expect(sbSteps[1]?.attrs).toMatchObject({ source: '/proc/self/exe', flags: 'MS_BIND' });
    expect(sbSteps.some((s) => s.proc.startsWith('runc'))).toBe(false);
  });

  it('makes every new namespace in one clone, then the child joins the ones given by path', () => {
    const clones = sbSteps.filter((s) => s.op === 'clone');
    expect(clones.map((s) => s.attrs['flags'])).toEqual(['CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|SIGCHLD']);
    expect(sbSteps.some((s) => s.op === 'unshare')).toBe(false);
    expect(sbSteps.filter((s) => s.op === 'setns').map((s) => s.attrs['path'])).toEqual(['/var/run/netns/cni-1']);
    // The app container joins the pause container's net, ipc and uts in config order, and
    // unshares its cgroup namespace only once it is in its cgroup (cgroup v2).
    expect(ctrSteps.filter((s) => s.op === 'setns').map((s) => s.attrs['nstype'])).toEqual(['CLONE_NEWIPC', 'CLONE_NEWUTS', 'CLONE_NEWNET']);
    const procs = at(ctrSteps, (s) => String(s.attrs['file']).endsWith('/cgroup.procs'));
    const cgroupns = at(ctrSteps, (s) => s.op === 'unshare');
    expect(ctrSteps[cgroupns]?.attrs['flags']).toBe('CLONE_NEWCGROUP');
    expect(procs).toBeLessThan(cgroupns);
  });

  it('prepares the rootfs, remounts read-only in reverse order, pivots, then sets the hostname after setsid', () => {
    const rootfs = `${bundle(SB)}/rootfs`;
    const mounts = sbSteps.filter((s) => s.op === 'mount' && s.proc === 'crun init');
    expect(mounts[0]?.attrs).toEqual({ source: '', target: '/', fstype: '', flags: 'MS_REC|MS_PRIVATE' });
    // containerd's rootfs is a mount point (overlay): the first MS_PRIVATE succeeds.
    expect(mounts[1]?.attrs).toEqual({ source: '', target: rootfs, fstype: '', flags: 'MS_PRIVATE' });
    const finalize = mounts.filter((s) => String(s.attrs['flags']).includes('MS_RDONLY|') && String(s.attrs['flags']).includes('MS_REMOUNT'));
    // The read-only root was registered first, so it is remounted last.
    expect(finalize.at(-1)?.attrs).toMatchObject({ target: rootfs, flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' });
    const pivot = at(sbSteps, (s) => s.op === 'pivot_root');
    expect(sbSteps.indexOf(finalize.at(-1)!)).toBeLessThan(pivot);
    expect(sbSteps.slice(pivot + 1, pivot + 6).map((s) => `${s.op}${s.attrs['result'] ? ' (fails)' : ''}`)).toEqual(['fchdir', 'mount', 'umount2', 'umount2 (fails)', 'chdir']);
    const setsid = at(sbSteps, (s) => s.op === 'setsid');
    expect(sbSteps[setsid + 1]).toMatchObject({ op: 'sethostname', attrs: { name: 'web-7d4b9c8f5-x2k4q' } });
  });

  it('walks make_parent_mount_private up to the mount the rootfs lives on', () => {
    const steps = crunCreateSteps(sbSpec, { id: SB, bundle: '/tmp/w/b', root: ROOT, initPid: 1, cgroupDriver: 'cgroupfs', rootfsMountPoint: '/tmp' });
    const privates = steps.filter((s) => s.op === 'mount' && s.attrs['flags'] === 'MS_PRIVATE');
    expect(privates.map((s) => [s.attrs['target'], s.attrs['result'] ?? 'ok'])).toEqual([
      ['/tmp/w/b/rootfs', '-1 EINVAL (Invalid argument)'],
      ['/tmp/w/b', '-1 EINVAL (Invalid argument)'],
      ['/tmp/w', '-1 EINVAL (Invalid argument)'],
      ['/tmp', 'ok'],
    ]);
  });

  it('writes the cgroup v1 files in /proc/self/cgroup order with crun\'s device rules', () => {
    const steps = crunCreateSteps(ctrSpec, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'cgroupfs', cgroupVersion: 1 });
    expect(steps.filter((s) => s.op === 'mkdir' && String(s.attrs['path']).startsWith('/sys/fs/cgroup/')).map((s) => String(s.attrs['path']).split('/')[4])).toEqual(['systemd', 'pids', 'blkio', 'freezer', 'devices', 'memory', 'cpuset', 'cpuacct', 'cpu', 'unified']);
    const devices = steps.filter((s) => String(s.attrs['file']).includes('/devices.'));
    expect(devices[0]?.attrs['value']).toBe('a');
    expect(devices.map((s) => s.attrs['value'])).toContain('c 5:1 rwm');
    expect(devices.map((s) => s.attrs['value'])).not.toContain('c 10:200 rwm');
  });

  it('ends with the parent writing the status file and the child blocked on the fifo', () => {
    expect(sbSteps.slice(-3).map((s) => `${s.proc}:${s.op}`)).toEqual(['crun create:write', 'crun create:exit_group', 'crun init:read']);
    expect(sbSteps.find((s) => s.op === 'rename')?.attrs['to']).toBe(`${ROOT}/${SB}/status`);
    const total = totalDuration(sbSteps);
    expect(total).toBeGreaterThan(5_000);
    expect(total).toBeLessThan(40_000);
  });
});

describe('crun start', () => {
  it('unlinks the fifo, writes one byte, and the child execs the process', () => {
    const steps = crunStartSteps(ctrSpec, { id: CID, root: ROOT, initPid: 5300 });
    expect(steps.map((s) => `${s.proc}:${s.op}`)).toEqual([
      'crun start:execve',
      'crun start:mount',
      'crun start:mount',
      'crun start:umount2',
      'crun start:execveat',
      'crun start:unlink',
      'crun start:openat',
      'crun start:kill',
      'crun start:openat',
      'crun start:unlink',
      'crun start:write',
      'crun start:exit_group',
      'crun init:read',
      'crun init:execve',
      'container:running',
    ]);
    expect(steps[13]?.attrs).toMatchObject({ filename: '/docker-entrypoint.sh', pid: 5300 });
  });
});
