import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { failedSyscall, KernelFold } from './kernel.ts';

/**
 * The kernel rules the fold replays, each on a few spans shaped as runc emits them
 * (src/domain/oci/runc-steps.ts): clone(2) (CLONE_PARENT, CLONE_NEW* for the child),
 * unshare(2) and setns(2) (CLONE_NEWPID only for the caller's children: pid_namespaces(7)),
 * PR_SET_CHILD_SUBREAPER reparenting (prctl(2)), and runc's nsexec stages
 * (libcontainer/nsexec/nsexec.c).
 */

const OCI = 'runc/node-1';
const CRI = 'containerd/node-1';
const C = 'c'.repeat(64);
const SB = 's'.repeat(64);
let seq = 0;
const span = (op: string, attrs: Record<string, unknown>, actor = OCI): TraceEvent => ({ seq: ++seq, t: seq * 10, kind: 'span', actor, op, src: 'sim', attrs });

function fold(events: readonly TraceEvent[], container = C): KernelFold {
  const k = new KernelFold({ ociActor: OCI, criActor: CRI, sandboxOf: () => SB });
  for (const e of events) k.apply(e, container);
  return k;
}

/** runc create of one container up to stage-2, as runc-steps.ts orders it. */
function createUpToStage2(flags = 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID'): TraceEvent[] {
  return [
    span('start shim', { argv: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${SB} start` }, CRI),
    span('execve', { proc: 'runc create', filename: '/usr/bin/runc', argv: ['runc', 'create'] }),
    span('clone', { proc: 'runc create', flags: 'CLONE_VM|CLONE_VFORK|SIGCHLD', child: 101 }),
    span('execve', { proc: 'runc init', filename: '/proc/self/exe', argv: ['runc', 'init'], pid: 101 }),
    span('nsexec stage-0', { proc: 'runc:[0:PARENT]', pid: 101 }),
    span('clone', { proc: 'runc:[0:PARENT]', flags: 'CLONE_PARENT|SIGCHLD', child: 102 }),
    span('nsexec stage-1', { proc: 'runc:[1:CHILD]', pid: 102 }),
    span('unshare', { proc: 'runc:[1:CHILD]', flags }),
    span('clone', { proc: 'runc:[1:CHILD]', flags: 'CLONE_PARENT|SIGCHLD', child: 103 }),
    span('nsexec stage-2', { proc: 'runc:[2:INIT]', pid: 103 }),
  ];
}

describe('KernelFold: processes', () => {
  it('gives CLONE_PARENT children the caller\'s parent (nsexec stage-1 and stage-2 are children of runc create)', () => {
    const k = fold(createUpToStage2());
    const create = [...k.processes.values()].find((p) => p.name === 'runc create');
    expect(create?.role).toBe('cli');
    expect(create?.parent).toBe(`shim:${SB}`);
    expect(k.processes.get('pid:101')?.parent).toBe(create?.key);
    expect(k.processes.get('pid:102')?.parent).toBe(create?.key);
    expect(k.processes.get('pid:103')?.parent).toBe(create?.key);
    expect(k.processes.get('pid:101')?.name).toBe('runc:[0:PARENT]');
    expect(k.processes.get('pid:103')?.name).toBe('runc:[2:INIT]');
  });

  it('reparents orphans to the shim (the subreaper) when runc create exits, and the init becomes the program it execs', () => {
    const k = fold([
      ...createUpToStage2(),
      span('exit_group', { proc: 'runc:[1:CHILD]', status: 0 }),
      span('exit_group', { proc: 'runc:[0:PARENT]', status: 0 }),
      span('openat', { proc: 'runc:[2:INIT]', path: '/proc/self/fd/5', blocks: true }),
      span('exit_group', { proc: 'runc create', status: 0 }),
    ]);
    expect([...k.processes.keys()].filter((key) => key.startsWith('pid:'))).toEqual(['pid:103']);
    const init = k.processes.get('pid:103');
    expect(init?.parent).toBe(`shim:${SB}`);
    expect(init?.waiting).toBe(true);
    const after = fold([
      ...createUpToStage2(),
      span('exit_group', { proc: 'runc create', status: 0 }),
      span('execve', { proc: 'runc:[2:INIT]', filename: '/usr/sbin/nginx', argv: ['nginx', '-g', 'daemon off;'], pid: 103 }),
    ]);
    expect(after.processes.get('pid:103')).toMatchObject({ name: 'nginx', role: 'init', exec: true, waiting: false });
    expect(after.initOf.get(C)).toBe('pid:103');
  });

  it('groups a pod\'s containers under one shim (a second `start shim` of the same sandbox reuses it)', () => {
    const k = fold([span('start shim', { argv: `/usr/bin/containerd-shim-runc-v2 -id ${SB} start` }, CRI), span('start shim', { argv: `/usr/bin/containerd-shim-runc-v2 -id ${C} start` }, CRI)]);
    expect([...k.processes.values()].filter((p) => p.role === 'shim').map((p) => [p.key, p.name])).toEqual([[`shim:${SB}`, 'containerd-shim-runc-v2']]);
  });

  it('ends the shim when its sandbox\'s task is deleted, and a process on the runtime\'s `exit` report', () => {
    const k = fold([...createUpToStage2(), { seq: ++seq, t: 1, kind: 'message', actor: OCI, to: CRI, op: 'exit', src: 'sim', attrs: { id: C, pid: 103, exitStatus: 0 } }]);
    expect(k.processes.has('pid:103')).toBe(false);
    k.apply({ seq: ++seq, t: 2, kind: 'state', actor: OCI, op: 'deleted', src: 'sim', attrs: { machine: 'oci-container', instance: SB, final: true } }, SB);
    expect(k.processes.has(`shim:${SB}`)).toBe(false);
  });
});

describe('KernelFold: namespaces', () => {
  it('unshare(CLONE_NEWPID) moves only the caller\'s children: stage-2 is PID 1 of the new pid namespace, stage-1 stays in the host\'s', () => {
    const k = fold(createUpToStage2());
    const stage1 = k.processes.get('pid:102');
    const stage2 = k.processes.get('pid:103');
    expect(stage1?.ns.pid).toBe('host:pid');
    expect(stage1?.pidForChildren).toBeDefined();
    expect(stage2?.ns.pid).toBe(stage1?.pidForChildren);
    expect(k.namespaces.get(stage2?.ns.pid ?? '')?.init).toBe('pid:103');
    // The other new namespaces are the caller's own, inherited by its child.
    for (const kind of ['mnt', 'uts', 'ipc'] as const) {
      expect(stage1?.ns[kind]).not.toBe(`host:${kind}`);
      expect(stage2?.ns[kind]).toBe(stage1?.ns[kind]);
      expect(k.namespaces.get(stage1?.ns[kind] ?? '')?.creator).toMatchObject({ proc: 'runc:[1:CHILD]', pid: 102, container: C, syscall: 'unshare(CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID)' });
    }
    // Not asked for: inherited from the host.
    for (const kind of ['net', 'user', 'cgroup', 'time'] as const) expect(stage2?.ns[kind]).toBe(`host:${kind}`);
  });

  it('setns joins another process\'s namespace by /proc/<pid>/ns/<kind>, and a pinned netns by its path', () => {
    const netns = '/var/run/netns/cni-1';
    const k = fold([span('create network namespace', { syscall: 'unshare(CLONE_NEWNET)', path: netns }, CRI), ...createUpToStage2()]);
    const pauseIpc = k.processes.get('pid:103')?.ns.ipc;
    const app = 'a'.repeat(64);
    const more = [
      span('execve', { proc: 'runc create', filename: '/usr/bin/runc' }),
      span('clone', { proc: 'runc create', flags: 'CLONE_VM|CLONE_VFORK|SIGCHLD', child: 104 }),
      span('execve', { proc: 'runc init', filename: '/proc/self/exe', pid: 104 }),
      span('nsexec stage-0', { proc: 'runc:[0:PARENT]', pid: 104 }),
      span('clone', { proc: 'runc:[0:PARENT]', flags: 'CLONE_PARENT|SIGCHLD', child: 105 }),
      span('nsexec stage-1', { proc: 'runc:[1:CHILD]', pid: 105 }),
      span('setns', { proc: 'runc:[1:CHILD]', path: '/proc/103/ns/ipc', nstype: 'CLONE_NEWIPC' }),
      span('setns', { proc: 'runc:[1:CHILD]', path: netns, nstype: 'CLONE_NEWNET' }),
      span('setns', { proc: 'runc:[1:CHILD]', path: '/proc/103/ns/pid', nstype: 'CLONE_NEWPID' }),
      span('unshare', { proc: 'runc:[1:CHILD]', flags: 'CLONE_NEWNS' }),
      span('clone', { proc: 'runc:[1:CHILD]', flags: 'CLONE_PARENT|SIGCHLD', child: 106 }),
    ];
    for (const e of more) k.apply(e, app);
    const appInit = k.processes.get('pid:106');
    expect(appInit?.ns.ipc).toBe(pauseIpc);
    expect(appInit?.ns.net).toBe(`path:${netns}`);
    // Joining a pid namespace with setns also only affects the children: the app's init is in the pause's, not its PID 1.
    expect(k.processes.get('pid:105')?.ns.pid).toBe('host:pid');
    expect(appInit?.ns.pid).toBe(k.processes.get('pid:103')?.ns.pid);
    expect(k.namespaces.get(appInit?.ns.pid ?? '')?.init).toBe('pid:103');
    expect(k.namespaces.get(pauseIpc ?? '')?.joins.map((j) => [j.container, j.path])).toEqual([[app, '/proc/103/ns/ipc']]);
  });

  it('gives a clone with CLONE_NEW* flags new namespaces for the child (a runtime that clones straight into them, as crun does)', () => {
    const k = fold([span('execve', { proc: 'crun create', filename: '/usr/bin/crun' }), span('clone', { proc: 'crun create', flags: 'CLONE_NEWPID|CLONE_NEWNS|SIGCHLD', child: 200 })]);
    const child = k.processes.get('pid:200');
    expect(child?.ns.mnt).not.toBe('host:mnt');
    expect(child?.ns.pid).not.toBe('host:pid');
    expect(k.namespaces.get(child?.ns.pid ?? '')?.init).toBe('pid:200');
    expect(k.namespaces.get(child?.ns.mnt ?? '')?.creator?.syscall).toBe('clone(CLONE_NEWPID|CLONE_NEWNS|SIGCHLD)');
  });

  it('keeps a namespace alive while a process is in it or a bind mount pins it', () => {
    const netns = '/var/run/netns/cni-2';
    const k = fold([span('create network namespace', { path: netns }, CRI), ...createUpToStage2(), span('exit_group', { proc: 'runc:[1:CHILD]', status: 0 })]);
    const mnt = k.processes.get('pid:103')?.ns.mnt ?? '';
    expect(k.alive().has(mnt)).toBe(true);
    expect(k.alive().has(`path:${netns}`)).toBe(true);
    k.apply({ seq: ++seq, t: 1, kind: 'message', actor: OCI, to: CRI, op: 'exit', src: 'sim', attrs: { pid: 103 } }, C);
    expect(k.alive().has(mnt)).toBe(false);
    expect(k.alive().has(`path:${netns}`)).toBe(true);
    k.apply(span('remove network namespace', { path: netns }, CRI), SB);
    expect(k.alive().has(`path:${netns}`)).toBe(false);
  });
});

describe('KernelFold: crun\'s shape (one clone with every CLONE_NEW* flag, no stages; src/domain/oci/crun-steps.ts)', () => {
  it('names the anonymous clone child by the first span of `crun init`, which joins, unshares, blocks and execs', () => {
    const netns = '/var/run/netns/cni-3';
    const k = fold([
      span('create network namespace', { path: netns }, CRI),
      span('start shim', { argv: `/usr/bin/containerd-shim-runc-v2 -id ${SB} start` }, CRI),
      span('execve', { proc: 'crun create', filename: '/usr/bin/crun' }),
      span('clone', { proc: 'crun create', flags: 'CLONE_NEWNS|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWPID|SIGCHLD', child: 300 }),
      span('mkdir', { proc: 'systemd', path: '/sys/fs/cgroup/kubepods.slice/x.scope' }),
      span('setns', { proc: 'crun init', path: netns, nstype: 'CLONE_NEWNET' }),
      span('unshare', { proc: 'crun init', flags: 'CLONE_NEWCGROUP' }),
      span('read', { proc: 'crun init', fifo: 'exec.fifo', blocks: true }),
      span('exit_group', { proc: 'crun create', status: 0 }),
    ]);
    const init = k.processes.get('pid:300');
    expect(init).toMatchObject({ name: 'crun init', waiting: true, parent: `shim:${SB}` });
    expect(init?.ns.net).toBe(`path:${netns}`);
    expect(init?.ns.cgroup).not.toBe('host:cgroup');
    expect(k.namespaces.get(init?.ns.pid ?? '')?.init).toBe('pid:300');
    k.apply(span('execve', { proc: 'crun init', filename: '/pause', argv: ['/pause'], pid: 300 }), C);
    expect(k.processes.get('pid:300')).toMatchObject({ name: 'pause', role: 'init', waiting: false });
  });
});

describe('failedSyscall', () => {
  it('reads strace\'s error result: a failed mount did nothing', () => {
    expect(failedSyscall(span('mount', { source: '/dev/null', target: '/proc/asound', flags: 'MS_BIND', result: '-1 ENOTDIR (Not a directory)' }))).toBe(true);
    expect(failedSyscall(span('mount', { source: 'tmpfs', target: '/proc/asound', fstype: 'tmpfs', flags: 'MS_RDONLY' }))).toBe(false);
    expect(failedSyscall(span('mount', { result: '0' }))).toBe(false);
  });
});
