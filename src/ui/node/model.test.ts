import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { nodeEvents } from './fixtures.ts';
import { nodeModel, type NodeModel, type PodView, type ProcessView } from './model.ts';

/**
 * The node view-model over a recorded run (fixtures.ts: Pod `web` = pause + nginx + a busybox
 * sidecar on node-1, containerd + runc). Expected values are read from the raw events, not
 * written down: the netns path from containerd's span, pids from runc's, the cgroup parent from
 * the CRI request. The rules are the kernel's and runc's (kernel.test.ts names them); the
 * namespace plan is containerd's CRI plugin (pkg/cri/.../container_create_linux.go: the pause
 * container holds net/ipc/uts, each app container gets its own mnt and pid and, on cgroup v2,
 * cgroup namespace).
 */

const at = (t: number): NodeModel => nodeModel({ node: 'node-1', runtime: 'containerd+runc', events: nodeEvents.filter((e) => e.t <= t) });
const END = nodeEvents[nodeEvents.length - 1]?.t ?? 0;
const find = (pred: (e: TraceEvent) => boolean) => nodeEvents.find(pred) as TraceEvent;
const running = (comm: string) => find((e) => e.op === 'running' && e.attrs?.['comm'] === comm);
const pidOf = (comm: string) => running(comm).attrs?.['pid'] as number;
const names = (list: readonly ProcessView[]) => list.map((p) => p.name);
const web = (m: NodeModel) => m.pods.find((p) => p.name === 'web') as PodView;
const row = (pod: PodView, kind: string) => pod.namespaces.find((r) => r.kind === kind)?.boxes ?? [];
const layout = (pod: PodView, kind: string) => row(pod, kind).map((b) => [b.from, b.to, b.ns?.host ? 'host' : (b.ns?.createdBy?.who ?? '—'), b.relations.join(',')]);

describe('nodeModel at the end of the run', () => {
  const m = at(END);
  const pod = web(m);

  it('knows the runtime and its isolation profile', () => {
    expect(m.runtime).toMatchObject({ high: 'containerd', low: 'runc', kind: 'runc' });
    expect(m.profile?.kind).toBe('runc');
    expect(m.profile?.hostKernelShared).toBe(true);
  });

  it('lists the pod with the pause container first, then the app containers in creation order', () => {
    expect(m.pods.map((p) => p.name)).toEqual(['web']);
    expect(pod.containers.map((c) => c.name)).toEqual(['pause', 'nginx', 'sidecar']);
    expect(pod.containers.map((c) => c.pid)).toEqual([pidOf('pause'), pidOf('docker-entrypoint.sh'), pidOf('sleep')]);
    expect(pod.qos).toBe('Burstable');
    expect(pod.ip).toBe('10.244.1.2');
  });

  it('builds the process tree: daemons, one shim for the pod, the three container inits under it', () => {
    expect(names(m.processes)).toEqual(['kubelet', 'containerd', 'containerd-shim-runc-v2']);
    const shim = m.processes[2] as ProcessView;
    expect(shim.pod).toBe('default/web');
    expect(shim.children.map((c) => [c.name, c.pid, c.containerName, c.pid1])).toEqual([
      ['pause', pidOf('pause'), 'pause', true],
      ['docker-entrypoint.sh', pidOf('docker-entrypoint.sh'), 'nginx', true],
      ['sleep', pidOf('sleep'), 'sidecar', true],
    ]);
    // runc's own processes are gone once create and start returned.
    expect(JSON.stringify(m.processes)).not.toContain('runc create');
    expect(m.pid1).toBe('systemd');
  });

  it('draws the pause container\'s net/ipc/uts boxes across the app containers that joined them', () => {
    const netns = find((e) => e.op === 'create network namespace').attrs?.['path'];
    expect(layout(pod, 'net')).toEqual([[0, 0, 'host', 'host'], [1, 3, 'containerd', 'joined,joined,joined']]);
    expect(row(pod, 'net')[1]?.ns?.path).toBe(netns);
    for (const kind of ['ipc', 'uts']) {
      expect(layout(pod, kind), kind).toEqual([[0, 0, 'host', 'host'], [1, 3, 'pause', 'created,joined,joined']]);
      expect(row(pod, kind)[1]?.ns?.joinPath).toBe(`/proc/${pidOf('pause')}/ns/${kind}`);
    }
  });

  it('gives each container its own mnt and pid namespace, a cgroup namespace to the app containers, the host\'s user and time', () => {
    for (const kind of ['mnt', 'pid']) expect(layout(pod, kind), kind).toEqual([[0, 0, 'host', 'host'], [1, 1, 'pause', 'created'], [2, 2, 'nginx', 'created'], [3, 3, 'sidecar', 'created']]);
    expect(layout(pod, 'cgroup')).toEqual([[0, 1, 'host', 'host,inherited'], [2, 2, 'nginx', 'created'], [3, 3, 'sidecar', 'created']]);
    for (const kind of ['user', 'time']) expect(layout(pod, kind), kind).toEqual([[0, 3, 'host', 'host,inherited,inherited,inherited']]);
    // The creator is runc's stage-1 (stage-2 for the cgroup namespace), as nsexec.c does it.
    expect(row(pod, 'mnt')[2]?.ns?.createdBy).toMatchObject({ proc: 'runc:[1:CHILD]', syscall: 'unshare(CLONE_NEWNS|CLONE_NEWPID)' });
    expect(row(pod, 'cgroup')[1]?.ns?.createdBy).toMatchObject({ proc: 'runc:[2:INIT]', syscall: 'unshare(CLONE_NEWCGROUP)' });
  });

  it('stacks the nginx rootfs: the image\'s 7 layers as lowerdirs, top first, the merged dir the pivot made /', () => {
    const nginx = pod.containers[1];
    const applied = nodeEvents.filter((e) => e.op === 'Apply' && nodeEvents.some((p) => p.seq === e.cause && String(p.attrs?.['key']).includes('extract')));
    // The nginx pull's seven Apply spans, their upperdirs (the first a bind) in unpack order.
    const dirs = applied.slice(0, 7).map((e) => {
      const m0 = (e.attrs?.['mounts'] as { type: string; source: string; options: string[] }[])[0];
      return m0?.type === 'bind' ? m0.source : (m0?.options.find((o) => o.startsWith('upperdir='))?.slice(9) ?? '');
    });
    expect(nginx?.rootfs?.image).toBe('docker.io/library/nginx:1.27');
    expect(nginx?.rootfs?.layers.map((l) => l.dir)).toEqual([...dirs].reverse());
    expect(nginx?.rootfs?.layers.every((l) => l.size !== undefined && l.diffId?.startsWith('sha256:'))).toBe(true);
    const bundleRootfs = find((e) => e.op === 'fchdir' && e.attrs?.['fd'] === 'newroot' && String(e.attrs?.['path']).includes(nginx?.id ?? '?')).attrs?.['path'];
    expect(nginx?.mounts?.rootfs).toBe(bundleRootfs);
    expect(nginx?.mounts?.pivot).toBeDefined();
    expect(nginx?.mounts?.oldRootDetached).toBe(true);
    // The pause image was on the node before the trace: no layer dirs for it.
    expect(pod.containers[0]?.rootfs?.layers).toEqual([]);
  });

  it('lists the mounts as the container sees them, with the kubelet\'s bind mounts from the CRI request', () => {
    const nginx = pod.containers[1];
    const targets = (nginx?.mounts?.mounts ?? []).filter((x) => x.kind === 'fs' || x.kind === 'bind').map((x) => `${x.target} ${x.fstype}${x.readonly ? ' ro' : ''}`);
    expect(targets).toEqual(expect.arrayContaining(['/proc proc', '/dev tmpfs', '/sys sysfs ro', '/sys/fs/cgroup cgroup2 ro', '/etc/hosts bind', '/var/run/secrets/kubernetes.io/serviceaccount bind ro']));
    const request = find((e) => e.op === 'CreateContainer' && (e.attrs?.['request'] as { config: { metadata: { name: string } } }).config.metadata.name === 'nginx');
    const hosts = (request.attrs?.['request'] as { config: { mounts: { containerPath: string; hostPath: string }[] } }).config.mounts.find((x) => x.containerPath === '/etc/hosts');
    expect(nginx?.mounts?.mounts.find((x) => x.target === '/etc/hosts')?.source).toBe(hosts?.hostPath);
    expect(nginx?.mounts?.mounts.filter((x) => x.kind === 'masked').map((x) => x.target)).toEqual(expect.arrayContaining(['/proc/kcore', '/proc/keys', '/sys/firmware']));
    expect(nginx?.mounts?.mounts.filter((x) => x.kind === 'readonly').map((x) => x.target)).toEqual(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
  });

  it('builds the cgroup tree from the CRI cgroupParent down to one scope per container, with what runc wrote', () => {
    const parent = (find((e) => e.op === 'RunPodSandbox').attrs?.['request'] as { config: { linux: { cgroupParent: string } } }).config.linux.cgroupParent;
    const kubepods = m.cgroups.children[0];
    expect(kubepods?.name).toBe('kubepods.slice');
    const qos = kubepods?.children[0];
    expect(qos?.name).toBe('kubepods-burstable.slice');
    expect(qos?.qos).toBe('Burstable');
    const slice = qos?.children[0];
    expect(slice?.name).toBe(parent);
    expect(slice?.pod?.name).toBe('web');
    expect(slice?.traced).toBe(false);
    expect(slice?.children.map((s) => s.container?.name)).toEqual(['pause', 'nginx', 'sidecar']);
    const nginxScope = slice?.children[1];
    expect(nginxScope?.name).toBe(`cri-containerd-${pod.containers[1]?.id}.scope`);
    const written = nodeEvents.filter((e) => e.op === 'write' && String(e.attrs?.['file']).startsWith(`/sys/fs/cgroup/${nginxScope?.path}/`) && !String(e.attrs?.['file']).endsWith('cgroup.procs'));
    expect(nginxScope?.files).toEqual(written.map((e) => [String(e.attrs?.['file']).split('/').pop(), e.attrs?.['value']]));
    expect(nginxScope?.container?.resources).toMatchObject({ cpuQuota: 50000, cpuPeriod: 100000, memoryLimitInBytes: 134217728 });
    // systemd moved runc init (stage-0) into the scope; the init is its descendant.
    expect(nginxScope?.procs).toEqual([pidOf('docker-entrypoint.sh') - 2]);
  });

  it('reads what else confines each container: seccomp, capabilities, hostname', () => {
    const [pause, nginx] = pod.containers;
    expect(pause?.security.seccomp).toMatchObject({ defaultAction: 'SCMP_ACT_ERRNO' });
    expect(pause?.security.hostname).toBe('web');
    expect(pause?.security.noNewPrivs).toBe(true);
    // The app containers asked for seccomp Unconfined in the CRI request: no filter is loaded.
    expect(nginx?.security.seccomp).toBeUndefined();
    expect(nginx?.security.capabilities).toHaveLength(14);
  });
});

describe('nodeModel follows the playhead', () => {
  const t = (pred: (e: TraceEvent) => boolean) => find(pred).t;
  const sandboxUnshare = t((e) => e.op === 'unshare' && e.attrs?.['proc'] === 'runc:[1:CHILD]');

  it('starts with the daemons only and no pod', () => {
    const m = at(0);
    expect(names(m.processes)).toEqual(['kubelet', 'containerd']);
    expect(m.pods).toEqual([]);
    expect(m.cgroups.children).toEqual([]);
  });

  it('shows runc create, runc init and the nsexec stages while the pause container is made, and its namespaces as stage-1 unshares them', () => {
    const before = web(at(sandboxUnshare - 1));
    // stage-1 exists and is still in the host's mount namespace: one box over both columns.
    expect(layout(before, 'mnt')).toEqual([[0, 1, 'host', 'host,inherited']]);
    const m = at(sandboxUnshare);
    const shim = m.processes.find((p) => p.role === 'shim') as ProcessView;
    const create = shim.children[0] as ProcessView;
    expect(create.name).toBe('runc create');
    expect(names(create.children)).toEqual(['runc:[0:PARENT]', 'runc:[1:CHILD]']);
    expect(layout(web(m), 'mnt')).toEqual([[0, 0, 'host', 'host'], [1, 1, 'pause', 'created']]);
    // The new pid namespace is there for stage-1's children; stage-2 will be its PID 1.
    expect(layout(web(m), 'pid')).toEqual([[0, 0, 'host', 'host'], [1, 1, 'pause', 'created']]);
  });

  it('has the pause init wait on exec.fifo between runc create and runc start', () => {
    const created = t((e) => e.kind === 'state' && e.op === 'created' && e.attrs?.['machine'] === 'oci-container');
    const m = at(created);
    const shim = m.processes.find((p) => p.role === 'shim') as ProcessView;
    expect(shim.children.map((c) => [c.name, c.waiting, c.pid1])).toEqual([['runc:[2:INIT]', true, true]]);
    expect(web(m).containers[0]?.mounts?.pivot).toBeDefined();
  });

  it('shows an app container\'s column empty before its runc create, and the cgroup scope only once made', () => {
    const nginxCreate = t((e) => e.op === 'generate OCI spec' && Array.isArray(e.attrs?.['args']));
    const m = at(nginxCreate);
    const pod = web(m);
    expect(pod.containers.map((c) => c.name)).toEqual(['pause', 'nginx']);
    expect(layout(pod, 'mnt')[2]).toEqual([2, 2, '—', 'none']);
    expect(m.cgroups.children[0]?.children[0]?.children[0]?.children.map((s) => s.container?.name)).toEqual(['pause']);
  });
});
