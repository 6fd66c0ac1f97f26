import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { IMAGE_SERVICE_RPCS, RUNTIME_SERVICE_RPCS } from '../../../domain/cri/api.ts';
import { containerConfig, createContainerRequest, podCgroupParent, runPodSandboxRequest } from '../../../domain/cri/requests.ts';
import { imageInfo } from '../../../domain/images/catalog.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { CriClient, type CriResponse } from '../kubelet/cri-client.ts';
import { Runc } from '../runc/runc.ts';
import { Containerd } from './containerd.ts';
import { NOT_IN_CONTAINERD_2_1 } from './cri-runtime.ts';

/**
 * The CRI RPCs beyond the pod lifecycle, on containerd 2.1 (internal/cri/server/*.go), driven as
 * a CRI client drives them.
 */

class Client implements Actor {
  readonly id = 'kubelet/n1';
  readonly host = 'n1';
  cri!: CriClient;
  readonly stream: Delivery[] = [];
  receive(msg: Delivery): void {
    if (msg.op === 'GetContainerEventsResponse') this.stream.push(msg);
    this.cri.handle(msg);
  }
}

function node(): { sim: Simulation; client: Client; call: (method: string, req: Record<string, unknown>) => CriResponse } {
  const sim = new Simulation({ seed: 5, timeOrigin: '2026-12-01T00:00:00Z' });
  const client = new Client();
  client.cri = new CriClient(sim, client.id, 'containerd/n1');
  sim.network.register(client);
  sim.network.register(new Containerd(sim, 'n1', '10.244.1.0/24'));
  sim.network.register(new Runc(sim, 'n1'));
  const call = (method: string, req: Record<string, unknown>): CriResponse => {
    let reply: CriResponse | undefined;
    client.cri.call(method, req, 0, undefined, (r) => (reply = r));
    sim.runWhile(() => reply === undefined, 120_000_000);
    if (!reply) throw new Error(`no answer to ${method}`);
    return reply;
  };
  return { sim, client, call };
}

function pod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: '304d5607-87c4-4ed0-b8b1-0f8a49c7dd83', labels: { app: 'web' } },
    spec: { nodeName: 'n1', containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { limits: { cpu: '500m', memory: '128Mi' } } }] },
  };
}

function runPod(): ReturnType<typeof node> & { sandboxId: string; containerId: string } {
  const n = node();
  const p = pod();
  const sandboxConfig = runPodSandboxRequest(p, { attempt: 0, cgroupParent: podCgroupParent(p, 'systemd') }).config as Record<string, unknown>;
  const sandboxId = String(n.call('RunPodSandbox', { config: sandboxConfig, runtimeHandler: '' }).podSandboxId);
  n.call('PullImage', { image: { image: 'nginx:1.27' }, sandboxConfig });
  const config = containerConfig(p, p.spec.containers[0]!, { restartCount: 0, imageRef: imageInfo('nginx:1.27').id, podIP: '10.244.1.2' });
  const containerId = String(n.call('CreateContainer', createContainerRequest(sandboxId, config, sandboxConfig)).containerId);
  n.call('StartContainer', { containerId });
  return { ...n, sandboxId, containerId };
}

describe('every CRI v1 RPC on containerd 2.1', () => {
  // internal/cri/opts/spec_opts.go WithProcessArgs and container_create.go's wrap: an image with
  // no Entrypoint and no Cmd (one the catalog has no config for) and a config naming no command.
  it('refuses CreateContainer with "no command specified" when neither the config nor the image gives a command', () => {
    const n = node();
    const p = { ...pod(), spec: { nodeName: 'n1', containers: [{ name: 'tool', image: 'registry.example.com/tools:1' }] } } as Pod;
    const sandboxConfig = runPodSandboxRequest(p, { attempt: 0, cgroupParent: podCgroupParent(p, 'systemd') }).config as Record<string, unknown>;
    const sandboxId = String(n.call('RunPodSandbox', { config: sandboxConfig, runtimeHandler: '' }).podSandboxId);
    const bare = containerConfig(p, p.spec.containers[0]!, { restartCount: 0, imageRef: 'sha256:0', podIP: '10.244.1.2' });
    const res = n.call('CreateContainer', createContainerRequest(sandboxId, bare, sandboxConfig));
    expect(res.error).toMatch(/^rpc error: code = Unknown desc = failed to generate container "[0-9a-f]{64}" spec: no command specified$/);
    expect(n.call('ListContainers', {}).containers).toEqual([]);
    const withCommand = containerConfig(p, { ...p.spec.containers[0]!, command: ['/bin/tool'] }, { restartCount: 0, imageRef: 'sha256:0', podIP: '10.244.1.2' });
    expect(n.call('CreateContainer', createContainerRequest(sandboxId, withCommand, sandboxConfig)).error).toBeUndefined();
  });

  // grpc-go server.go: a method the service does not register is "unknown method"; containerd 2.1 vendors cri-api v0.33.
  it('answers every RPC of the current cri-api, Unimplemented only for those newer than containerd 2.1', () => {
    const { call } = node();
    for (const rpc of [...RUNTIME_SERVICE_RPCS, ...IMAGE_SERVICE_RPCS]) {
      // A stream has no single answer; RunPodSandbox needs a real config (the lifecycle tests drive it).
      if (rpc === 'GetContainerEvents' || rpc === 'RunPodSandbox') continue;
      const res = call(rpc, {});
      const unknown = typeof res.error === 'string' && res.error.includes('code = Unimplemented');
      expect([rpc, unknown]).toEqual([rpc, NOT_IN_CONTAINERD_2_1.includes(rpc)]);
    }
    expect(call('StreamImages', {}).error).toBe('rpc error: code = Unimplemented desc = unknown method StreamImages for service runtime.v1.ImageService');
    expect(call('CheckpointPod', {}).error).toBe('rpc error: code = Unimplemented desc = unknown method CheckpointPod for service runtime.v1.RuntimeService');
  });

  // container_stats_list.go linuxContainerMetrics; usageNanoCores is unset until a second sample.
  it('reports a running container\'s cgroup counters, with the CPU rate from the second sample on', () => {
    const { sim, call, containerId } = runPod();
    const first = call('ContainerStats', { containerId }).stats as Record<string, Record<string, unknown>>;
    expect(first.attributes).toMatchObject({ id: containerId, metadata: { name: 'nginx', attempt: 0 }, labels: { 'io.kubernetes.container.name': 'nginx' } });
    expect(first.cpu?.usageNanoCores).toBeUndefined();
    expect(first.memory).toMatchObject({ availableBytes: { value: expect.any(String) as unknown } });
    expect(first.writableLayer).toMatchObject({ fsId: { mountpoint: '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs' } });
    sim.runUntil(sim.now + 10_000_000);
    const second = call('ContainerStats', { containerId }).stats as Record<string, Record<string, { value: string }>>;
    expect(BigInt(second.cpu!.usageCoreNanoSeconds!.value)).toBeGreaterThan(BigInt((first.cpu as Record<string, { value: string }>).usageCoreNanoSeconds!.value));
    expect(Number(second.cpu!.usageNanoCores!.value)).toBeGreaterThan(0);
    // Working set within the 128Mi limit.
    expect(Number(second.memory!.workingSetBytes!.value)).toBeLessThanOrEqual(134217728);
    expect(call('ListContainerStats', { filter: { podSandboxId: 'nope' } }).stats).toEqual([]);
    expect((call('ListContainerStats', {}).stats as unknown[]).length).toBe(1);
    expect(call('ContainerStats', { containerId: 'nope' }).error).toBe('rpc error: code = NotFound desc = failed to find container: not found');
  });

  // sandbox_stats_linux.go: the pod's sums, its network and process count, its containers.
  it('reports a ready sandbox\'s stats with its containers, and refuses a stopped one', () => {
    const { call, sandboxId, containerId } = runPod();
    const stats = call('PodSandboxStats', { podSandboxId: sandboxId }).stats as { attributes: { id: string }; linux: { containers: { attributes: { id: string } }[]; process: { processCount: { value: string } }; network: { defaultInterface: { name: string } } } };
    expect(stats.attributes.id).toBe(sandboxId);
    expect(stats.linux.containers.map((c) => c.attributes.id)).toEqual([containerId]);
    expect(stats.linux.process.processCount.value).toBe('2');
    expect(stats.linux.network.defaultInterface.name).toBe('eth0');
    expect((call('ListPodSandboxStats', {}).stats as unknown[]).length).toBe(1);
    call('StopPodSandbox', { podSandboxId: sandboxId });
    expect(call('PodSandboxStats', { podSandboxId: sandboxId }).error).toBe(`rpc error: code = Unavailable desc = failed to get pod sandbox stats since sandbox container "${sandboxId}" is not in ready state: unavailable`);
    expect(call('ContainerStats', { containerId }).error).toBe('rpc error: code = Unknown desc = unexpected metrics response: []');
  });

  // k8s.io/kubelet/pkg/cri/streaming server.go GetExec/GetPortForward; containerd's stream server on 127.0.0.1.
  it('answers Exec, Attach and PortForward with the streaming server\'s URL, one token each', () => {
    const { call, containerId, sandboxId } = runPod();
    const exec = String(call('Exec', { containerId, cmd: ['sh'], stdin: true, stdout: true, tty: true }).url);
    const attach = String(call('Attach', { containerId, stdout: true }).url);
    const pf = String(call('PortForward', { podSandboxId: sandboxId, port: [80] }).url);
    expect(exec).toMatch(/^http:\/\/127\.0\.0\.1:\d{5}\/exec\/[A-Za-z0-9_-]{8}$/);
    expect(attach).toMatch(/\/attach\/[A-Za-z0-9_-]{8}$/);
    expect(pf).toMatch(/\/portforward\/[A-Za-z0-9_-]{8}$/);
    expect(new URL(exec).port).toBe(new URL(pf).port);
    expect(call('Exec', { containerId, cmd: ['sh'] }).error).toBe('rpc error: code = InvalidArgument desc = one of stdin, stdout, or stderr must be set');
    expect(call('Exec', { containerId, cmd: ['sh'], stdout: true, stderr: true, tty: true }).error).toBe('rpc error: code = InvalidArgument desc = tty and stderr cannot both be true');
    call('StopContainer', { containerId, timeout: 0 });
    expect(call('Exec', { containerId, cmd: ['sh'], stdout: true }).error).toBe('rpc error: code = Unknown desc = container is in CONTAINER_EXITED state');
  });

  // container_update_resources.go: the running task gets the new limits through runc update.
  it('updates a running container\'s resources with runc update and the cgroup writes', () => {
    const { sim, call, containerId } = runPod();
    const res = call('UpdateContainerResources', { containerId, linux: { cpuPeriod: 100000, cpuQuota: 100000, memoryLimitInBytes: 268435456 } });
    expect(res.error).toBeUndefined();
    const update = sim.recorder.events.find((e) => e.op === 'runc update');
    expect(String(update?.attrs?.['argv'])).toBe(`runc --root /run/containerd/runc/k8s.io --systemd-cgroup update --resources - ${containerId}`);
    const writes = (update?.attrs?.['writes'] ?? []) as { file: string; value: string }[];
    expect(writes.filter((w) => w.file).map((w) => [w.file.split('/').pop(), w.value])).toEqual(expect.arrayContaining([['memory.max', '268435456'], ['cpu.max', '100000 100000']]));
    expect(writes.some((w) => w.file.includes('/kubepods') && w.file.endsWith(`/cri-containerd-${containerId}.scope/memory.max`))).toBe(true);
    const status = call('ContainerStatus', { containerId }).status as { resources: { linux: { memoryLimitInBytes: number } } };
    expect(status.resources.linux.memoryLimitInBytes).toBe(268435456);
  });

  // runtime_config_linux.go getCgroupDriver; update_runtime_config.go; container_log_reopen.go; container_checkpoint_linux.go.
  it('answers RuntimeConfig, UpdateRuntimeConfig, ReopenContainerLog and CheckpointContainer as 2.1 does', () => {
    const { call, containerId } = runPod();
    expect(call('RuntimeConfig', {})).toEqual({ linux: { cgroupDriver: 'SYSTEMD' } });
    expect(call('UpdateRuntimeConfig', { runtimeConfig: { networkConfig: { podCidr: '10.244.1.0/24' } } })).toEqual({});
    expect(call('ReopenContainerLog', { containerId })).toEqual({});
    expect(call('CheckpointContainer', { containerId, location: '/tmp/c.tar' }).error).toBe(`rpc error: code = Unknown desc = CRIU binary not found or too old (<31600). Failed to checkpoint container "${containerId}": failed to check for criu version: exec: "criu": executable file not found in $PATH`);
    call('StopContainer', { containerId, timeout: 0 });
    expect(call('ReopenContainerLog', { containerId }).error).toBe('rpc error: code = Unknown desc = container is not running');
  });

  // events.go + container_events.go: the container events queue as a server stream.
  it('streams CONTAINER_CREATED, STARTED, STOPPED and DELETED events to GetContainerEvents', () => {
    const n = node();
    n.client.cri.call('GetContainerEvents', {}, 0, undefined, () => undefined);
    const p = pod();
    const sandboxConfig = runPodSandboxRequest(p, { attempt: 0, cgroupParent: podCgroupParent(p, 'systemd') }).config as Record<string, unknown>;
    const sandboxId = String(n.call('RunPodSandbox', { config: sandboxConfig, runtimeHandler: '' }).podSandboxId);
    n.call('PullImage', { image: { image: 'nginx:1.27' }, sandboxConfig });
    const config = containerConfig(p, p.spec.containers[0]!, { restartCount: 0, imageRef: imageInfo('nginx:1.27').id, podIP: '10.244.1.2' });
    const containerId = String(n.call('CreateContainer', createContainerRequest(sandboxId, config, sandboxConfig)).containerId);
    n.call('StartContainer', { containerId });
    n.call('StopContainer', { containerId, timeout: 0 });
    n.call('RemoveContainer', { containerId });
    const events = n.client.stream.map((d) => d.payload as { containerId: string; containerEventType: string; podSandboxStatus?: { id: string } });
    expect(events.map((e) => e.containerEventType)).toEqual(['CONTAINER_CREATED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STOPPED_EVENT', 'CONTAINER_DELETED_EVENT']);
    expect(events.every((e) => e.containerId === containerId && e.podSandboxStatus?.id === sandboxId)).toBe(true);
  });

  // images/image_remove.go (unknown image: no error); images/imagefs_info.go.
  it('removes an image idempotently and reports the overlayfs image filesystem', () => {
    const { call } = runPod();
    const fs = call('ImageFsInfo', {}) as { imageFilesystems: { fsId: { mountpoint: string }; usedBytes: { value: string } }[] };
    expect(fs.imageFilesystems[0]?.fsId.mountpoint).toBe('/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs');
    const before = Number(fs.imageFilesystems[0]?.usedBytes.value);
    expect(before).toBeGreaterThan(imageInfo('nginx:1.27').sizeBytes);
    expect(call('RemoveImage', { image: { image: 'nginx:1.27' } })).toEqual({});
    expect(call('ImageStatus', { image: { image: 'nginx:1.27' } }).image).toBeNull();
    expect(call('RemoveImage', { image: { image: 'nginx:1.27' } })).toEqual({});
    const after = Number((call('ImageFsInfo', {}) as typeof fs).imageFilesystems[0]?.usedBytes.value);
    expect(before - after).toBe(imageInfo('nginx:1.27').sizeBytes);
  });

  // list_metric_descriptors.go: label keys id and name.
  it('lists metric descriptors and a pod\'s container metrics with matching label values', () => {
    const { call, sandboxId, containerId } = runPod();
    const d = call('ListMetricDescriptors', {}).descriptors as { name: string; labelKeys: string[] }[];
    expect(d.map((x) => x.name)).toContain('container_cpu_usage_seconds_total');
    const pm = call('ListPodSandboxMetrics', {}).podMetrics as { podSandboxId: string; containerMetrics: { containerId: string; metrics: { name: string; labelValues: string[] }[] }[] }[];
    expect(pm[0]?.podSandboxId).toBe(sandboxId);
    expect(pm[0]?.containerMetrics[0]?.metrics[0]?.labelValues).toEqual([containerId, 'nginx']);
    expect(pm[0]?.containerMetrics[0]?.metrics.map((m) => m.name)).toEqual(d.map((x) => x.name));
  });
});
