import { describe, expect, it } from 'vitest';
import { containerConfig, createContainerRequest, podDnsConfig, podLogDirectory, podSandboxConfig, runPodSandboxRequest, serviceAccountVolumeName } from './requests.ts';
import { dig, nginxPod } from './test-fixtures.ts';

const UID = '5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';

describe('podSandboxConfig', () => {
  it('fills metadata, hostname, log directory, labels and annotations as the kubelet does', () => {
    const cfg = podSandboxConfig(nginxPod(), { attempt: 0, cgroupParent: 'kubepods-besteffort-pod5f0c3a52_1b9e_4c1d_9a43_2f7e6d8b1c90.slice', configSeen: '2026-11-22T10:00:00.123456789Z' });
    expect(cfg['metadata']).toEqual({ name: 'web-7d4b9c8f5-x2k4q', uid: UID, namespace: 'default', attempt: 0 });
    expect(cfg['hostname']).toBe('web-7d4b9c8f5-x2k4q');
    expect(cfg['logDirectory']).toBe(`/var/log/pods/default_web-7d4b9c8f5-x2k4q_${UID}`);
    expect(cfg['labels']).toEqual({ app: 'web', 'pod-template-hash': '7d4b9c8f5', 'io.kubernetes.pod.name': 'web-7d4b9c8f5-x2k4q', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': UID });
    expect(cfg['annotations']).toEqual({ 'kubernetes.io/config.seen': '2026-11-22T10:00:00.123456789Z', 'kubernetes.io/config.source': 'api' });
    expect(cfg['portMappings']).toEqual([{ protocol: 'TCP', containerPort: 80, hostPort: 0, hostIp: '' }]);
  });

  it('puts the cgroup parent and POD/CONTAINER namespace modes into linux', () => {
    const cfg = podSandboxConfig(nginxPod(), { attempt: 1, cgroupParent: '/kubepods/besteffort/podX' });
    const linux = cfg['linux'] as Record<string, unknown>;
    expect(linux['cgroupParent']).toBe('/kubepods/besteffort/podX');
    expect(dig(linux, 'securityContext.namespaceOptions')).toEqual({ network: 'POD', pid: 'CONTAINER', ipc: 'POD', usernsOptions: { mode: 'NODE' } });
    expect(dig(linux, 'securityContext.seccomp')).toEqual({ profileType: 'RuntimeDefault' });
    expect(linux['resources']).toEqual({ cpuPeriod: 100000, cpuQuota: 0, cpuShares: 2, unified: { 'memory.oom.group': '1' } });
    expect(dig(cfg, 'metadata.attempt')).toBe(1);
  });

  it('gives hostNetwork pods NODE network, no hostname and the node resolver', () => {
    const cfg = podSandboxConfig(nginxPod({ hostNetwork: true }), { attempt: 0, cgroupParent: 'x', hostDns: { servers: ['192.168.1.1'], searches: ['lan'] } });
    expect(cfg['hostname']).toBeUndefined();
    expect(dig(cfg, 'linux.securityContext.namespaceOptions.network')).toBe('NODE');
    expect(cfg['dnsConfig']).toEqual({ servers: ['192.168.1.1'], searches: ['lan'], options: [] });
  });

  it('maps shareProcessNamespace to pid POD and hostPID/hostIPC to NODE', () => {
    const shared = podSandboxConfig(nginxPod({ shareProcessNamespace: true }), { attempt: 0, cgroupParent: 'x' });
    expect(dig(shared, 'linux.securityContext.namespaceOptions.pid')).toBe('POD');
    const host = podSandboxConfig(nginxPod({ hostPID: true, hostIPC: true, shareProcessNamespace: true }), { attempt: 0, cgroupParent: 'x' });
    expect(dig(host, 'linux.securityContext.namespaceOptions')).toMatchObject({ pid: 'NODE', ipc: 'NODE' });
  });

  it('sums pod resources and omits the v2 unified map on cgroup v1', () => {
    const pod = nginxPod();
    pod.spec.containers[0]!.resources = { requests: { cpu: '250m' }, limits: { cpu: '500m', memory: '128Mi' } };
    const cfg = podSandboxConfig(pod, { attempt: 0, cgroupParent: 'x', cgroupVersion: 1 });
    expect(dig(cfg, 'linux.resources')).toEqual({ cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 256, memoryLimitInBytes: 134217728 });
  });

  it('wraps the config in a RunPodSandboxRequest', () => {
    const req = runPodSandboxRequest(nginxPod(), { attempt: 0, cgroupParent: 'x' });
    expect(req['runtimeHandler']).toBe('');
    expect(dig(req, 'config.metadata.name')).toBe('web-7d4b9c8f5-x2k4q');
  });
});

describe('podDnsConfig', () => {
  it('builds the ClusterFirst search list with ndots:5', () => {
    expect(podDnsConfig(nginxPod())).toEqual({
      servers: ['10.96.0.10'],
      searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
      options: ['ndots:5'],
    });
  });
  it('honours ClusterFirstWithHostNet and None', () => {
    expect(podDnsConfig(nginxPod({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' })).servers).toEqual(['10.96.0.10']);
    const none = nginxPod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['a.b'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } });
    expect(podDnsConfig(none)).toEqual({ servers: ['1.1.1.1'], searches: ['a.b'], options: ['ndots:2', 'edns0'] });
  });
});

describe('containerConfig', () => {
  const pod = nginxPod();
  const cfg = containerConfig(pod, pod.spec.containers[0]!, { restartCount: 2, imageRef: 'sha256:aaaa', podIP: '10.244.1.5' });

  it('names the image by id and keeps what the user typed', () => {
    expect(cfg['metadata']).toEqual({ name: 'nginx', attempt: 2 });
    expect(cfg['image']).toEqual({ image: 'sha256:aaaa', userSpecifiedImage: 'nginx:1.27' });
    expect(cfg['logPath']).toBe('nginx/2.log');
  });

  it('labels and annotates the container like labels.go', () => {
    expect(cfg['labels']).toEqual({ 'io.kubernetes.container.name': 'nginx', 'io.kubernetes.pod.name': 'web-7d4b9c8f5-x2k4q', 'io.kubernetes.pod.namespace': 'default', 'io.kubernetes.pod.uid': UID });
    const ann = cfg['annotations'] as Record<string, string>;
    expect(ann['io.kubernetes.container.restartCount']).toBe('2');
    expect(ann['io.kubernetes.container.terminationMessagePath']).toBe('/dev/termination-log');
    expect(ann['io.kubernetes.container.terminationMessagePolicy']).toBe('File');
    expect(ann['io.kubernetes.pod.terminationGracePeriod']).toBe('30');
    expect(ann['io.kubernetes.container.ports']).toBe('[{"containerPort":80,"protocol":"TCP"}]');
    expect(ann['io.kubernetes.container.hash']).toMatch(/^[0-9a-f]{1,8}$/);
  });

  it('mounts the service-account token, the kubelet /etc/hosts and the termination log', () => {
    const mounts = cfg['mounts'] as Record<string, unknown>[];
    expect(mounts.map((m) => m['containerPath'])).toEqual(['/var/run/secrets/kubernetes.io/serviceaccount', '/etc/hosts', '/dev/termination-log']);
    expect(mounts[0]).toMatchObject({ readonly: true, hostPath: expect.stringMatching(new RegExp(`^/var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~projected/kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$`)) });
    expect(mounts[1]).toMatchObject({ hostPath: `/var/lib/kubelet/pods/${UID}/etc-hosts` });
    expect(mounts[2]!['hostPath']).toMatch(new RegExp(`^/var/lib/kubelet/pods/${UID}/containers/nginx/[0-9a-f]{8}$`));
  });

  it('uses an injected kube-api-access volume when the pod has one, none when opted out', () => {
    expect(serviceAccountVolumeName(nginxPod({ volumes: [{ name: 'kube-api-access-abcde' }] }))).toBe('kube-api-access-abcde');
    expect(serviceAccountVolumeName(nginxPod({ automountServiceAccountToken: false }))).toBeUndefined();
  });

  it('passes env in order and appends the kubernetes service links', () => {
    const p = nginxPod();
    p.spec.containers[0]!.env = [{ name: 'MODE', value: 'prod' }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } } as never];
    const c = containerConfig(p, p.spec.containers[0]!, { restartCount: 0, imageRef: 'sha256:a', podIP: '10.244.1.5' });
    const envs = c['envs'] as { key: string; value: string }[];
    expect(envs.slice(0, 2)).toEqual([{ key: 'MODE', value: 'prod' }, { key: 'POD_IP', value: '10.244.1.5' }]);
    expect(envs).toContainEqual({ key: 'KUBERNETES_SERVICE_HOST', value: '10.96.0.1' });
    expect(envs).toContainEqual({ key: 'KUBERNETES_PORT_443_TCP', value: 'tcp://10.96.0.1:443' });
  });

  it('computes linux resources and the security context', () => {
    const linux = cfg['linux'] as Record<string, unknown>;
    expect(linux['resources']).toEqual({
      cpuPeriod: 100000,
      cpuQuota: 0,
      cpuShares: 2,
      unified: { 'memory.oom.group': '1', 'memory.swap.max': '0' },
      oomScoreAdj: 1000,
      hugepageLimits: [{ pageSize: '2MB', limit: 0 }, { pageSize: '1GB', limit: 0 }],
    });
    expect(linux['securityContext']).toMatchObject({
      privileged: false,
      runAsUser: { value: 0 },
      noNewPrivs: false,
      seccomp: { profileType: 'Unconfined' },
      namespaceOptions: { network: 'POD', pid: 'CONTAINER', ipc: 'POD' },
    });
    expect(dig(linux, 'securityContext.maskedPaths')).toContain('/proc/kcore');
    expect(dig(linux, 'securityContext.readonlyPaths')).toEqual(['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
  });

  it('maps limits, swap on cgroup v1 and allowPrivilegeEscalation: false', () => {
    const p = nginxPod();
    p.spec.containers[0]!.resources = { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } };
    p.spec.containers[0]!['securityContext'] = { allowPrivilegeEscalation: false, runAsUser: 101 };
    const c = containerConfig(p, p.spec.containers[0]!, { restartCount: 0, imageRef: 'sha256:a', cgroupVersion: 1 });
    const linux = c['linux'] as Record<string, unknown>;
    expect(linux['resources']).toMatchObject({ cpuQuota: 50000, cpuShares: 256, memoryLimitInBytes: 134217728, memorySwapLimitInBytes: 134217728 });
    expect(dig(linux, 'resources.unified')).toBeUndefined();
    expect(linux['securityContext']).toMatchObject({ noNewPrivs: true, runAsUser: { value: 101 } });
  });

  it('wraps it in a CreateContainerRequest', () => {
    expect(createContainerRequest('sb1', { a: 1 }, { b: 2 })).toEqual({ podSandboxId: 'sb1', config: { a: 1 }, sandboxConfig: { b: 2 } });
    expect(podLogDirectory(pod)).toBe(`/var/log/pods/default_web-7d4b9c8f5-x2k4q_${UID}`);
  });
});
