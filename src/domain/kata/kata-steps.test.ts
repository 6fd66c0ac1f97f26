import { describe, expect, it } from 'vitest';
import { nginxPod } from '../cri/test-fixtures.ts';
import { cgroupsPathFor } from '../containerd/paths.ts';
import { containerNamespaces, sandboxNamespaces } from '../oci/namespaces.ts';
import { containerSpec, sandboxSpec } from '../oci/spec.ts';
import { fcConfig, fcPaths, firecrackerArgv, vmSize } from './firecracker.ts';
import { kataCreateContainerSteps, kataDeleteSteps, kataSandboxSteps, kataStartSteps } from './kata-steps.ts';
import { lowLevelCommandLine, shimStartCommandLine } from './shims.ts';

// kata-containers src/runtime/virtcontainers/fc.go (setPaths, fcInit, fcInitConfiguration,
// createDiskPool, fcAddVsock, fcEnd), containerd-shim-v2/create.go and service.go, the agent's
// grpc.AgentService; containerd core/runtime/v2/binary.go for the shim names.
const SB = 'a'.repeat(64);
const CID = 'c'.repeat(64);
const bundle = (id: string) => `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}`;
const parent = '/kubepods/besteffort/pod5f0c3a52-1b9e-4c1d-9a43-2f7e6d8b1c90';
const pod = nginxPod();
const sbSpec = sandboxSpec({ id: SB, pod, namespaces: sandboxNamespaces({ hostNetwork: false, netnsPath: '/var/run/netns/cni-1' }), cgroupsPath: cgroupsPathFor(parent, SB), pauseImage: 'registry.k8s.io/pause:3.10' });
const ctrSpec = containerSpec({ id: CID, pod, container: pod.spec.containers[0]!, sandboxId: SB, namespaces: containerNamespaces({ sandboxPid: 4242, hostNetwork: false, shareProcessNamespace: false }), cgroupsPath: cgroupsPathFor(parent, CID) });
const ctx = (id: string, drive = 0) => ({ id, bundle: bundle(id), sandboxId: SB, vmmPid: 4103, drive, guestPid: 77 });

describe('Firecracker under Kata (fc.go)', () => {
  it('keeps its files under /run/vc/firecracker/<id cut to 32>', () => {
    const p = fcPaths(SB);
    expect(p.socketPath).toBe(`/run/vc/firecracker/${'a'.repeat(32)}/root/run/firecracker.socket`);
    expect(firecrackerArgv(p)).toEqual(['/opt/kata/bin/firecracker', '--api-sock', p.socketPath, '--config-file', `/run/vc/firecracker/${'a'.repeat(32)}/root/fcConfig.json`]);
  });

  it('sizes the VM from the defaults plus the sandbox annotations (static sandbox resource management)', () => {
    expect(vmSize(undefined)).toEqual({ vcpus: 1, memoryMib: 2048 });
    expect(vmSize({ 'io.kubernetes.cri.sandbox-cpu-quota': '150000', 'io.kubernetes.cri.sandbox-cpu-period': '100000', 'io.kubernetes.cri.sandbox-memory': String(512 * 1024 * 1024) })).toEqual({ vcpus: 3, memoryMib: 2560 });
  });

  it('gives the whole machine in fcConfig.json: read-only guest image, a pool of 8 drives, vsock CID 3', () => {
    const c = fcConfig(fcPaths(SB), { vcpus: 1, memoryMib: 2048 }, { ifaceId: 'eth0', hostDevName: 'tap0_kata', guestMac: '02:00:00:00:00:01' });
    const drives = c['drives'] as { drive_id: string; is_read_only: boolean }[];
    expect(drives.map((d) => d.drive_id)).toEqual(['rootfs', 'drive_0', 'drive_1', 'drive_2', 'drive_3', 'drive_4', 'drive_5', 'drive_6', 'drive_7']);
    expect(drives[0]?.is_read_only).toBe(true);
    expect(c['vsock']).toMatchObject({ guest_cid: 3, vsock_id: 'root' });
    expect(String((c['boot-source'] as { boot_args: string }).boot_args)).toMatch(/agent\.log_vport=1025/);
  });
});

describe('containerd-shim-kata-v2', () => {
  it('boots the VM for the sandbox container: tap in the pod netns, firecracker, guest kernel, agent, CreateSandbox', () => {
    const { steps } = kataSandboxSteps(sbSpec, ctx(SB));
    const order = ['setns', 'create tap', 'tc filter', 'execve', 'guest kernel boot', 'listen', 'connect', 'grpc.AgentService/CreateSandbox'].map((op) => steps.findIndex((s) => s.op === op));
    expect(order.every((n, k) => n >= 0 && (k === 0 || n > (order[k - 1] as number)))).toBe(true);
    expect(steps.find((s) => s.op === 'connect')?.attrs['send']).toBe('CONNECT 1024\\n');
    expect(steps.filter((s) => s.attrs['kernel'] === 'guest').map((s) => s.proc)).toEqual(['guest kernel', 'systemd', 'kata-agent']);
  });

  it('makes each container in the guest: its rootfs drive, CreateContainer, the agent\'s namespaces and pivot_root', () => {
    const steps = kataCreateContainerSteps(ctrSpec, ctx(CID, 2));
    expect(steps[0]?.op).toBe('PATCH /drives/drive_2');
    expect(steps[1]?.op).toBe('grpc.AgentService/CreateContainer');
    expect(steps.slice(2).every((s) => s.attrs['kernel'] === 'guest')).toBe(true);
    expect(steps.find((s) => s.op === 'mount')?.attrs['source']).toBe('/dev/vdd');
    expect(kataStartSteps(ctrSpec, ctx(CID)).map((s) => s.op)).toEqual(['grpc.AgentService/StartContainer', 'execve']);
  });

  it('ends the VM only with the sandbox container (fcEnd: SIGTERM)', () => {
    expect(kataDeleteSteps({ id: CID, sandboxId: SB, vmmPid: 4103 }).map((s) => s.op)).toEqual(['grpc.AgentService/RemoveContainer']);
    expect(kataDeleteSteps({ id: SB, sandboxId: SB, vmmPid: 4103 }).find((s) => s.op === 'kill')?.attrs['syscall']).toBe('kill(4103, SIGTERM)');
  });
});

describe('shims (containerd runtime v2 binary names)', () => {
  it('starts the runtime\'s own shim with the shim v2 flags', () => {
    expect(shimStartCommandLine('runsc', 'k8s.io', SB)).toBe(`/usr/local/bin/containerd-shim-runsc-v1 -namespace k8s.io -address /run/containerd/containerd.sock -publish-binary /usr/bin/containerd -id ${SB} start`);
    expect(shimStartCommandLine('crun', 'k8s.io', SB).split(' ')[0]).toBe('/usr/bin/containerd-shim-runc-v2');
  });

  it('names what each task operation runs below the shim', () => {
    const c = { id: SB, bundle: bundle(SB), root: '/run/containerd/runc/k8s.io', namespace: 'k8s.io' };
    expect(lowLevelCommandLine('crun', 'start', c)).toBe(`crun --root /run/containerd/runc/k8s.io --log ${bundle(SB)}/log.json --log-format json start ${SB}`);
    expect(lowLevelCommandLine('runsc', 'start', c)).toBe(`runsc --root=/run/containerd/runsc/k8s.io --log=${bundle(SB)}/log.json --log-format=json start ${SB}`);
    expect(lowLevelCommandLine('kata', 'kill', { ...c, signal: 9 })).toBe(`ttrpc containerd.task.v2.Task/Kill id=${SB} signal=9`);
  });
});
