import { describe, expect, it } from 'vitest';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { containerNamespaces, sandboxNamespaces } from './namespaces.ts';
import { withRuntimeBinary } from './runc-cli.ts';
import { runcCommandLine, runcCreateSteps, runcStartSteps, totalDuration, type RuncStep } from './runc-steps.ts';
import { containerSpec, sandboxSpec } from './spec.ts';

const SB = 'a'.repeat(64);
const CID = 'c'.repeat(64);
const ROOT = '/run/containerd/runc/k8s.io';
const bundle = (id: string) => `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`;
const parent = '/kubepods/besteffort/pod5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';

const pod = nginxPod();
const sbSpec = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });
const sbSteps = runcCreateSteps(sbSpec, { id: SB, bundle: bundle(SB), root: ROOT, initPid: 4242, cgroupDriver: 'cgroupfs' });
const ctrSpec = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID) });
const ctrSteps = runcCreateSteps(ctrSpec, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'cgroupfs' });

function indexOf(steps: RuncStep[], pred: (s: RuncStep) => boolean, from = 0): number {
  const i = steps.findIndex((s, k) => k >= from && pred(s));
  expect(i, 'step not found').toBeGreaterThanOrEqual(0);
  return i;
}
const isOp = (op: string, proc?: string) => (s: RuncStep) => s.op === op && (proc === undefined || s.proc === proc);

describe('runc create order', () => {
  it('goes stage-0 → stage-1 setns/unshare → stage-2 → cgroup limits → rootfs mounts → pivot_root → sethostname → exec.fifo', () => {
    const steps = sbSteps;
    const s0 = indexOf(steps, isOp('nsexec stage-0'));
    const s1 = indexOf(steps, isOp('nsexec stage-1'));
    const setns = indexOf(steps, isOp('setns'));
    const unshare = indexOf(steps, isOp('unshare', 'runc:[1:CHILD]'));
    const s2 = indexOf(steps, isOp('nsexec stage-2'));
    const firstMount = indexOf(steps, (s) => s.op === 'mount' && s.proc === 'runc:[2:INIT]');
    const procMount = indexOf(steps, (s) => s.op === 'mount' && (s.attrs['fstype'] as string) === 'proc');
    const limits = indexOf(steps, (s) => s.op === 'write' && String(s.attrs['file']).endsWith('cpu.weight'));
    const pivot = indexOf(steps, isOp('pivot_root'));
    const hostname = indexOf(steps, isOp('sethostname'));
    const fifo = indexOf(steps, (s) => s.op === 'openat' && s.attrs['blocks'] === true);
    expect(s0).toBeLessThan(s1);
    expect(s1).toBeLessThan(setns);
    expect(setns).toBeLessThan(unshare);
    expect(unshare).toBeLessThan(s2);
    expect(s2).toBeLessThan(firstMount);
    expect(firstMount).toBeLessThan(procMount);
    // runc writes the limits at the procHooks sync: after the mounts, before pivot_root.
    expect(procMount).toBeLessThan(limits);
    expect(limits).toBeLessThan(pivot);
    expect(pivot).toBeLessThan(hostname);
    expect(hostname).toBeLessThan(fifo);
  });

  it('puts runc init into its cgroup before the bootstrap data lets stage-0 clone', () => {
    const procs = indexOf(sbSteps, (s) => s.op === 'write' && String(s.attrs['file']).endsWith('/cgroup.procs'));
    const bootstrap = indexOf(sbSteps, (s) => s.op === 'write' && String(s.attrs['msg']).startsWith('bootstrap'));
    const clone = indexOf(sbSteps, isOp('clone', 'runc:[0:PARENT]'));
    expect(sbSteps[procs]?.attrs['value']).toBe('4240');
    expect(sbSteps[procs]?.attrs['file']).toBe(`/sys/fs/cgroup${parent}/${SB}/cgroup.procs`);
    expect(procs).toBeLessThan(bootstrap);
    expect(bootstrap).toBeLessThan(clone);
  });

  it('starts with the shim execve of runc create and the runc init exec', () => {
    expect(sbSteps[0]).toMatchObject({ op: 'execve', proc: 'runc create' });
    expect(sbSteps[0]?.attrs['argv']).toEqual(['runc', '--root', ROOT, '--log', `${bundle(SB)}/log.json`, '--log-format', 'json', 'create', '--bundle', bundle(SB), '--pid-file', `${bundle(SB)}/init.pid`, SB]);
    expect(sbSteps.find((s) => s.proc === 'runc init' && s.op === 'execve')?.attrs).toMatchObject({ filename: '/proc/self/exe', argv: ['runc', 'init'], pid: 4240 });
    expect(sbSteps.find((s) => s.op === 'mknodat')?.attrs['path']).toBe(`${ROOT}/${SB}/exec.fifo`);
  });

  it('joins the CNI netns and unshares the sandbox namespaces with the captured mask', () => {
    const setns = sbSteps.filter((s) => s.op === 'setns');
    expect(setns.map((s) => s.attrs)).toEqual([{ path: '/var/run/netns/cni-1', nstype: 'CLONE_NEWNET' }]);
    expect(sbSteps.find((s) => s.op === 'unshare')?.attrs).toEqual({ flags: 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID', mask: '0x2c020000' });
    const clones = sbSteps.filter((s) => s.op === 'clone' && s.attrs['flags'] === 'CLONE_PARENT|SIGCHLD');
    expect(clones.map((s) => s.attrs['child'])).toEqual([4241, 4242]);
  });

  it('has the app container join ipc, uts and net of the pause process and unshare the cgroup ns in stage-2', () => {
    expect(ctrSteps.filter((s) => s.op === 'setns').map((s) => s.attrs['path'])).toEqual(['/proc/4242/ns/ipc', '/proc/4242/ns/uts', '/proc/4242/ns/net']);
    const unshares = ctrSteps.filter((s) => s.op === 'unshare');
    expect(unshares.map((s) => [s.proc, s.attrs['flags']])).toEqual([
      ['runc:[1:CHILD]', 'CLONE_NEWNS|CLONE_NEWPID'],
      ['runc:[2:INIT]', 'CLONE_NEWCGROUP'],
    ]);
    const create = indexOf(ctrSteps, (s) => s.attrs['msg'] === 'CREATECGROUPNS');
    expect(create).toBeLessThan(ctrSteps.indexOf(unshares[1]!));
    // No hostname of its own: app containers share the pause container's UTS namespace.
    expect(ctrSteps.some((s) => s.op === 'sethostname')).toBe(false);
  });

  it('mounts the spec mounts in order, with bind propagation and read-only remounts', () => {
    const rootfs = `${bundle(CID)}/rootfs`;
    const mounts = ctrSteps.filter((s) => s.op === 'mount' && s.proc === 'runc:[2:INIT]');
    expect(mounts[0]?.attrs).toEqual({ source: '', target: '/', fstype: '', flags: 'MS_REC|MS_SLAVE' });
    expect(mounts[1]?.attrs).toEqual({ source: rootfs, target: rootfs, fstype: 'bind', flags: 'MS_BIND|MS_REC' });
    expect(mounts[2]?.attrs).toEqual({ source: 'proc', target: `${rootfs}/proc`, fstype: 'proc', flags: 'MS_NOSUID|MS_NODEV|MS_NOEXEC' });
    expect(mounts.find((m) => m.attrs['fstype'] === 'cgroup2')?.attrs['target']).toBe(`${rootfs}/sys/fs/cgroup`);
    const sa = mounts.filter((m) => String(m.attrs['target']).endsWith('/serviceaccount'));
    // runc passes MS_RDONLY on the bind already (the kernel ignores it there), then remounts read-only.
    expect(sa.map((m) => m.attrs['flags'])).toEqual(['MS_RDONLY|MS_BIND|MS_REC', 'MS_REC|MS_PRIVATE', 'MS_RDONLY|MS_REMOUNT|MS_BIND|MS_REC']);
  });

  it('pivots with pivot_root(".", ".") then detaches the old root', () => {
    const i = indexOf(sbSteps, isOp('pivot_root'));
    expect(sbSteps[i]?.attrs).toEqual({ new_root: '.', put_old: '.' });
    const after = sbSteps.slice(i + 1, i + 5).map((s) => s.op);
    expect(after).toEqual(['fchdir', 'mount', 'umount2', 'chdir']);
    expect(sbSteps.find((s) => s.op === 'umount2' && s.attrs['target'] === '.')?.attrs['flags']).toBe('MNT_DETACH');
    // The sandbox root is read-only: remounted after the pivot.
    expect(sbSteps.slice(i).some((s) => s.op === 'mount' && s.attrs['flags'] === 'MS_RDONLY|MS_REMOUNT|MS_BIND')).toBe(true);
  });

  it('sets the hostname, then masks and read-only-binds /proc paths (standard_init_linux.go, rootfs_linux.go maskPath/readonlyPath)', () => {
    expect(sbSteps.find((s) => s.op === 'sethostname')?.attrs['name']).toBe('web-7d4b9c8f5-x2k4q');
    expect(ctrSteps.some((s) => s.op === 'mount' && s.attrs['source'] === '/dev/null' && s.attrs['target'] === '/proc/kcore')).toBe(true);
    // A directory refuses /dev/null (ENOTDIR) and gets a read-only tmpfs instead.
    const acpi = ctrSteps.filter((s) => s.op === 'mount' && s.attrs['target'] === '/proc/acpi').map((s) => [s.attrs['source'], s.attrs['flags'], s.attrs['result']]);
    expect(acpi).toEqual([
      ['/dev/null', 'MS_BIND', '-1 ENOTDIR (Not a directory)'],
      ['tmpfs', 'MS_RDONLY', undefined],
    ]);
    // Paths the kernel lacks are still tried; the mount fails with ENOENT.
    expect(ctrSteps.find((s) => s.attrs['target'] === '/proc/timer_stats')?.attrs['result']).toBe('-1 ENOENT (No such file or directory)');
    // The read-only remount keeps the flags of /proc (nosuid, nodev, noexec in containerd's spec), no MS_REC.
    expect(ctrSteps.filter((s) => s.attrs['target'] === '/proc/sys').map((s) => s.attrs['flags'])).toEqual(['MS_BIND|MS_REC', 'MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_REMOUNT|MS_BIND']);
  });

  it('remounts a read-only root with MS_RDONLY|MS_REMOUNT|MS_BIND on "" (setReadonly)', () => {
    const i = indexOf(sbSteps, isOp('pivot_root'));
    expect(sbSteps.slice(i).find((s) => s.op === 'mount' && s.attrs['target'] === '/')?.attrs).toEqual({ source: '', target: '/', fstype: '', flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' });
  });

  it('applies seccomp before dropping privileges when no_new_privs is off, after when it is on', () => {
    const sec = indexOf(sbSteps, isOp('seccomp'));
    const caps = indexOf(sbSteps, isOp('capset'));
    // The pause container has noNewPrivileges: true → seccomp after the capability calls.
    expect(sec).toBeGreaterThan(caps);
    expect(ctrSteps.some((s) => s.op === 'seccomp')).toBe(false);
  });

  it('saves state.json at procReady and ends with init blocked on exec.fifo and runc create exiting', () => {
    const ready = indexOf(sbSteps, (s) => s.attrs['msg'] === 'procReady');
    const state = indexOf(sbSteps, (s) => s.op === 'rename' && s.attrs['to'] === `${ROOT}/${SB}/state.json`);
    const fifo = indexOf(sbSteps, (s) => s.op === 'openat' && s.attrs['blocks'] === true);
    expect(ready).toBeLessThan(state);
    expect(state).toBeLessThan(fifo);
    expect(sbSteps[fifo]?.attrs).toMatchObject({ fifo: `${ROOT}/${SB}/exec.fifo`, flags: 'O_WRONLY|O_CLOEXEC' });
    expect(sbSteps.slice(fifo + 1).map((s) => `${s.proc}:${s.op}`)).toEqual(['runc create:write', 'runc create:rename', 'runc create:exit_group']);
    expect(sbSteps.at(-2)?.attrs['to']).toBe(`${bundle(SB)}/init.pid`);
  });

  it('has realistic, deterministic durations', () => {
    for (const s of ctrSteps) expect(Number.isInteger(s.dur) && s.dur >= 0).toBe(true);
    const total = totalDuration(ctrSteps);
    expect(total).toBeGreaterThan(15_000);
    expect(total).toBeLessThan(80_000);
    expect(runcCreateSteps(ctrSpec, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'cgroupfs' })).toEqual(ctrSteps);
  });
});

describe('runc create with systemd and cgroup v1', () => {
  it('asks systemd for a scope under the pod slice', () => {
    const slice = 'kubepods-besteffort-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice';
    const s = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(slice, CID) });
    const steps = runcCreateSteps(s, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'systemd' });
    expect(steps.find((x) => x.op === 'StartTransientUnit')?.attrs).toMatchObject({ unit: `cri-containerd-${CID}.scope`, properties: { Slice: slice, PIDs: [5298], Delegate: true } });
    expect(steps.find((x) => x.proc === 'systemd' && x.op === 'mkdir')?.attrs['path']).toBe(`/sys/fs/cgroup/kubepods.slice/kubepods-besteffort.slice/${slice}/cri-containerd-${CID}.scope`);
    expect(steps[0]?.attrs['argv']).toContain('--systemd-cgroup');
  });

  it('writes v1 files in every hierarchy, as on the recording VM', () => {
    const s = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false, cgroupVersion: 1 }), cgroupsPath: cgroupsPathFor(parent, CID), cgroupVersion: 1 });
    const steps = runcCreateSteps(s, { id: CID, bundle: bundle(CID), root: ROOT, initPid: 5300, cgroupDriver: 'cgroupfs', cgroupVersion: 1 });
    // runc's subsystem order (fs.go), then the unified hierarchy of the hybrid host.
    expect(steps.filter((x) => String(x.attrs['file']).endsWith('/cgroup.procs')).map((x) => String(x.attrs['file']).split('/')[4])).toEqual(['cpuset', 'devices', 'memory', 'cpu', 'cpuacct', 'pids', 'blkio', 'freezer', 'systemd', 'unified']);
    // Bind-mounted in mountinfo order with the cgroup mount's flags, then remounted read-only.
    const binds = steps.filter((x) => x.op === 'mount' && String(x.attrs['source']).startsWith('/sys/fs/cgroup/'));
    expect(binds.map((x) => String(x.attrs['source']).split('/')[4])).toEqual(['cpu', 'cpu', 'cpuacct', 'cpuacct', 'cpuset', 'cpuset', 'memory', 'memory', 'devices', 'devices', 'freezer', 'freezer', 'blkio', 'blkio', 'pids', 'pids', 'systemd', 'systemd']);
    expect(binds[0]?.attrs['flags']).toBe('MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_BIND|MS_REC|MS_RELATIME');
    expect(binds[1]?.attrs['flags']).toBe('MS_RDONLY|MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_REMOUNT|MS_BIND|MS_REC|MS_RELATIME');
    expect(steps.filter((x) => String(x.attrs['file']).endsWith('/devices.allow'))).toHaveLength(11);
    expect(steps.some((x) => x.attrs['fstype'] === 'cgroup2')).toBe(false);
    expect(steps.filter((x) => x.op === 'unshare').map((x) => x.attrs['flags'])).toEqual(['CLONE_NEWNS|CLONE_NEWPID']);
  });
});

describe('runc start', () => {
  const steps = runcStartSteps(ctrSpec, { id: CID, root: ROOT, initPid: 5300 });
  it('opens the fifo, lets init write and exec, then unlinks the fifo', () => {
    expect(steps.map((s) => `${s.proc}:${s.op}`)).toEqual([
      'runc start:execve',
      'runc start:openat',
      'runc start:openat',
      'runc:[2:INIT]:write',
      'runc:[2:INIT]:execve',
      'runc start:read',
      'runc start:unlinkat',
      'runc start:exit_group',
      'container:running',
    ]);
    expect(steps[2]?.attrs['path']).toBe(`${ROOT}/${CID}/exec.fifo`);
    expect(steps[4]?.attrs).toMatchObject({ filename: '/docker-entrypoint.sh', argv: ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;'], pid: 5300 });
    expect(steps[0]?.attrs['argv']).toEqual(['runc', '--root', ROOT, '--log', `${bundle(CID)}/log.json`, '--log-format', 'json', 'start', CID]);
  });
  it('resolves bare program names through PATH', () => {
    const s = { ...sbSpec, process: { ...sbSpec.process, args: ['sleep', '5'] } };
    expect(runcStartSteps(s, { id: SB, root: ROOT, initPid: 1 })[4]?.attrs['filename']).toBe('/bin/sleep');
  });
});

describe('runcCommandLine', () => {
  const ctx = { id: 'web-0', root: '/run/containerd/runc/default', namespace: 'default' };
  it('prints the shim command lines of the real capture', () => {
    expect(runcCommandLine('create', ctx)).toBe(
      'runc --root /run/containerd/runc/default --log /run/containerd/io.containerd.runtime.v2.task/default/web-0/log.json --log-format json create --bundle /run/containerd/io.containerd.runtime.v2.task/default/web-0 --pid-file /run/containerd/io.containerd.runtime.v2.task/default/web-0/init.pid web-0',
    );
    expect(runcCommandLine('start', ctx)).toBe('runc --root /run/containerd/runc/default --log /run/containerd/io.containerd.runtime.v2.task/default/web-0/log.json --log-format json start web-0');
    expect(runcCommandLine('kill', { ...ctx, signal: 9 })).toMatch(/ kill web-0 9$/);
    expect(runcCommandLine('kill', ctx)).toMatch(/ kill web-0 15$/);
    expect(runcCommandLine('delete', { ...ctx, force: true })).toMatch(/ delete --force web-0$/);
    expect(runcCommandLine('state', ctx)).toMatch(/ state web-0$/);
  });
  it('runs crun with the same flags (the runtime\'s BinaryName, containerd pkg/process/init.go NewRunc)', () => {
    expect(runcCommandLine('start', { ...ctx, binary: 'crun' })).toBe('crun --root /run/containerd/runc/default --log /run/containerd/io.containerd.runtime.v2.task/default/web-0/log.json --log-format json start web-0');
    expect(withRuntimeBinary(runcCommandLine('kill', { ...ctx, all: true, signal: 9 }), 'crun')).toMatch(/^crun --root .* kill --all web-0 9$/);
  });
  it('execs through a process file, detached, as go-runc Exec', () => {
    expect(runcCommandLine('exec', { ...ctx, processFile: '/tmp/runc-process123', execPidFile: '/b/e1.pid' })).toMatch(/ exec --process \/tmp\/runc-process123 --detach --pid-file \/b\/e1.pid web-0$/);
  });
});
