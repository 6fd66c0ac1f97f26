import { describe, expect, it } from 'vitest';
import { containerConfig } from '../cri/requests.ts';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { containerNamespaces, sandboxNamespaces } from './namespaces.ts';
import { CONTAINERD_DEFAULT_CAPS, containerSpec, OCI_VERSION, sandboxSpec, withResources } from './spec.ts';

const SB = 'a'.repeat(64);
const CID = 'b'.repeat(64);
const parent = 'kubepods-besteffort-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice';

describe('sandboxSpec', () => {
  const pod = nginxPod();
  const spec = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });

  it('runs /pause as 65535 on a read-only root with the pod hostname', () => {
    expect(spec.ociVersion).toBe(OCI_VERSION);
    expect(spec.process.args).toEqual(['/pause']);
    expect(spec.process.user).toEqual({ uid: 65535, gid: 65535 });
    expect(spec.process.oomScoreAdj).toBe(-998);
    expect(spec.process.noNewPrivileges).toBe(true);
    expect(spec.process.rlimits).toBeUndefined();
    expect(spec.root).toEqual({ path: 'rootfs', readonly: true });
    expect(spec.hostname).toBe('web-7d4b9c8f5-x2k4q');
    expect(Object.keys(spec)).toEqual(['ociVersion', 'process', 'root', 'hostname', 'mounts', 'annotations', 'linux']);
  });

  it('has the default mounts without /run, plus the pod shm and resolv.conf bound read-only', () => {
    expect(spec.mounts.map((m) => m.destination)).toEqual(['/proc', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue', '/sys', '/dev/shm', '/etc/resolv.conf']);
    expect(spec.mounts[6]).toEqual({ destination: '/dev/shm', type: 'bind', source: `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${SB}/shm`, options: ['rbind', 'ro'] });
    expect(spec.mounts[7]?.source).toBe(`/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${SB}/resolv.conf`);
  });

  it('annotates the sandbox and sets 2 cpu shares, seccomp and the cgroups path', () => {
    expect(spec.annotations).toEqual({
      'io.kubernetes.cri.container-type': 'sandbox',
      'io.kubernetes.cri.sandbox-id': SB,
      'io.kubernetes.cri.sandbox-namespace': 'default',
      'io.kubernetes.cri.sandbox-name': 'web-7d4b9c8f5-x2k4q',
      'io.kubernetes.cri.sandbox-log-directory': '/var/log/pods/default_web-7d4b9c8f5-x2k4q_5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90',
    });
    expect(spec.linux.resources).toEqual({ devices: [{ allow: false, access: 'rwm' }], cpu: { shares: 2 } });
    expect(spec.linux.cgroupsPath).toBe(`${parent}:cri-containerd:${SB}`);
    expect(spec.linux.seccomp?.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(spec.linux.namespaces).toContainEqual({ type: 'network', path: '/var/run/netns/cni-1' });
  });

  it('omits the hostname for a host-network pod and can respect restrict_oom_score_adj', () => {
    const host = nginxPod({ hostNetwork: true });
    const s = sandboxSpec({ id: SB, pod: host, namespaces: sandboxNamespaces({ hostNetwork: true }), cgroupsPath: 'x', pauseImage: 'registry.k8s.io/pause:3.10', restrictOomScoreAdj: 0 });
    expect(s.hostname).toBeUndefined();
    expect(s.process.oomScoreAdj).toBe(0);
  });
});

describe('containerSpec', () => {
  const pod = nginxPod();
  const container = pod.spec.containers[0]!;
  const criConfig = containerConfig(pod, container, { restartCount: 0, imageRef: 'sha256:cfg' });
  const spec = containerSpec({ id: CID, pod, container, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID), criConfig });

  it('runs the image entrypoint and cmd with PATH, HOSTNAME, then the CRI env', () => {
    expect(spec.process.args).toEqual(['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']);
    expect(spec.process.env?.slice(0, 2)).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=web-7d4b9c8f5-x2k4q']);
    expect(spec.process.env).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1');
    expect(spec.process.user).toEqual({ uid: 0, gid: 0, additionalGids: [0] });
    expect(spec.process.capabilities?.bounding).toEqual(CONTAINERD_DEFAULT_CAPS);
    expect(spec.process.noNewPrivileges).toBe(false);
    expect(spec.process.oomScoreAdj).toBe(1000);
    expect(spec.hostname).toBeUndefined();
  });

  it('lets command and args override entrypoint and cmd', () => {
    const p = nginxPod();
    p.spec.containers[0]!.command = ['sleep'];
    p.spec.containers[0]!.args = ['3600'];
    const s = containerSpec({ id: CID, pod: p, container: p.spec.containers[0]!, sandboxId: SB, namespaces: [], cgroupsPath: 'x' });
    expect(s.process.args).toEqual(['sleep', '3600']);
  });

  it('orders mounts like WithMounts: defaults, cgroup, then binds by depth', () => {
    expect(spec.mounts.map((m) => m.destination)).toEqual([
      '/proc', '/dev', '/dev/pts', '/dev/mqueue', '/sys', '/sys/fs/cgroup',
      '/etc/hosts', '/dev/termination-log', '/etc/hostname', '/etc/resolv.conf', '/dev/shm',
      '/var/run/secrets/kubernetes.io/serviceaccount',
    ]);
    const sa = spec.mounts.at(-1)!;
    expect(sa.options).toEqual(['rbind', 'rprivate', 'ro']);
    expect(spec.mounts.find((m) => m.destination === '/etc/hosts')?.source).toBe('/var/lib/kubelet/pods/5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90/etc-hosts');
    expect(spec.mounts.find((m) => m.destination === '/etc/hostname')?.source).toBe(`/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${SB}/hostname`);
    expect(spec.mounts.find((m) => m.destination === '/sys/fs/cgroup')).toEqual({ destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] });
  });

  it('carries the kubelet resources, paths and containerd annotations', () => {
    expect(spec.linux.resources).toEqual({
      devices: [{ allow: false, access: 'rwm' }],
      cpu: { shares: 2, period: 100000 },
      memory: {},
      hugepageLimits: [{ pageSize: '2MB', limit: 0 }, { pageSize: '1GB', limit: 0 }],
      unified: { 'memory.oom.group': '1', 'memory.swap.max': '0' },
    });
    expect(spec.linux.maskedPaths).toContain('/sys/devices/virtual/powercap');
    expect(spec.linux.seccomp).toBeUndefined();
    expect(spec.annotations).toEqual({
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.sandbox-id': SB,
      'io.kubernetes.cri.sandbox-namespace': 'default',
      'io.kubernetes.cri.sandbox-name': 'web-7d4b9c8f5-x2k4q',
      'io.kubernetes.cri.container-name': 'nginx',
      'io.kubernetes.cri.image-name': 'docker.io/library/nginx:1.27',
    });
    expect(spec.linux.cgroupsPath).toBe(`${parent}:cri-containerd:${CID}`);
  });

  it('binds the host /dev/shm for hostIPC pods and drops capabilities the pod drops', () => {
    const p = nginxPod({ hostIPC: true });
    p.spec.containers[0]!['securityContext'] = { capabilities: { drop: ['NET_RAW'], add: ['NET_ADMIN'] }, readOnlyRootFilesystem: true };
    const s = containerSpec({ id: CID, pod: p, container: p.spec.containers[0]!, sandboxId: SB, namespaces: [], cgroupsPath: 'x' });
    expect(s.mounts.find((m) => m.destination === '/dev/shm')?.source).toBe('/dev/shm');
    expect(s.process.capabilities?.effective).not.toContain('CAP_NET_RAW');
    expect(s.process.capabilities?.effective).toContain('CAP_NET_ADMIN');
    expect(s.root).toEqual({ path: 'rootfs', readonly: true });
  });
});

// containerd internal/cri/opts/spec_linux.go WithResources (pkg/cri/opts in 1.6).
describe('withResources', () => {
  const host = { hugetlbController: true, swapController: true };
  it('carries 500m/128Mi as the kubelet sends it: shares, quota, period, memory with swap = limit', () => {
    const r = withResources({ cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 256, memoryLimitInBytes: 134217728, oomScoreAdj: 968 }, host);
    expect(r).toEqual({ devices: [{ allow: false, access: 'rwm' }], cpu: { period: 100000, quota: 50000, shares: 256 }, memory: { limit: 134217728, swap: 134217728 } });
  });
  it('reads int64s written as strings (protobuf JSON), cpuset, an explicit swap limit and the unified map', () => {
    const r = withResources({ cpuShares: '1024', memoryLimitInBytes: '67108864', memorySwapLimitInBytes: '134217728', cpusetCpus: '0-1', cpusetMems: '0', unified: { 'memory.oom.group': '1' } }, host);
    expect(r.cpu).toEqual({ shares: 1024, cpus: '0-1', mems: '0' });
    expect(r.memory).toEqual({ limit: 67108864, swap: 134217728 });
    expect(r.unified).toEqual({ 'memory.oom.group': '1' });
  });
  it('skips swap without swap accounting and hugepage limits without the hugetlb controller', () => {
    const r = withResources({ memoryLimitInBytes: 134217728, hugepageLimits: [{ pageSize: '2MB', limit: 0 }] }, { hugetlbController: false, swapController: false });
    expect(r.memory).toEqual({ limit: 134217728 });
    expect(r.hugepageLimits).toBeUndefined();
    expect(withResources({ hugepageLimits: [{ pageSize: '2MB', limit: '0' }] }, host).hugepageLimits).toEqual([{ pageSize: '2MB', limit: 0 }]);
  });
});
