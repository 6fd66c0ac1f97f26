import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../domain/k8s/objects.ts';
import { containerConfig, createContainerRequest, podCgroupParent, runPodSandboxRequest } from '../../../domain/cri/requests.ts';
import { imageInfo } from '../../../domain/images/catalog.ts';
import { snapshotFsDir, snapshotWorkDir } from '../../../domain/containerd/overlay.ts';
import type { TraceEvent } from '../../../trace/schema.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { CriClient, type CriResponse } from '../kubelet/cri-client.ts';
import { Runc } from '../runc/runc.ts';
import { Containerd } from './containerd.ts';

/**
 * containerd with its runc on one node, driven through the CRI as the kubelet drives it: what
 * reaches runc (its command lines, the spec's resources, the cgroup files it writes) and what
 * the shim does around it (the rootfs overlay mount, the events it publishes).
 */

class FakeKubelet implements Actor {
  readonly id = 'kubelet/n1';
  readonly host = 'n1';
  cri!: CriClient;
  receive(msg: Delivery): void {
    this.cri.handle(msg);
  }
}

function node(): { sim: Simulation; call: (method: string, req: Record<string, unknown>) => CriResponse } {
  const sim = new Simulation({ seed: 3, timeOrigin: '2026-12-01T00:00:00Z' });
  const kubelet = new FakeKubelet();
  kubelet.cri = new CriClient(sim, kubelet.id, 'containerd/n1');
  sim.network.register(kubelet);
  sim.network.register(new Containerd(sim, 'n1', '10.244.1.0/24'));
  sim.network.register(new Runc(sim, 'n1'));
  const call = (method: string, req: Record<string, unknown>): CriResponse => {
    let reply: CriResponse | undefined;
    kubelet.cri.call(method, req, 0, undefined, (r) => (reply = r));
    sim.runWhile(() => reply === undefined, 120_000_000);
    if (!reply) throw new Error(`no answer to ${method}`);
    return reply;
  };
  return { sim, call };
}

function limitedPod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: '304d5607-87c4-4ed0-b8b1-0f8a49c7dd83' },
    spec: { nodeName: 'n1', containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } } }] },
  };
}

function runPod(): { sim: Simulation; trace: TraceEvent[]; sandboxId: string; containerId: string; call: ReturnType<typeof node>['call'] } {
  const { sim, call } = node();
  const pod = limitedPod();
  const opts = { attempt: 0, cgroupParent: podCgroupParent(pod, 'systemd') };
  const sandboxConfig = runPodSandboxRequest(pod, opts).config as Record<string, unknown>;
  const sandboxId = String(call('RunPodSandbox', { config: sandboxConfig, runtimeHandler: '' }).podSandboxId);
  call('PullImage', { image: { image: 'nginx:1.27' }, sandboxConfig });
  const image = imageInfo('nginx:1.27');
  const config = containerConfig(pod, pod.spec.containers[0]!, { restartCount: 0, imageRef: image.id, podIP: '10.244.1.2' });
  const containerId = String(call('CreateContainer', createContainerRequest(sandboxId, config, sandboxConfig)).containerId);
  call('StartContainer', { containerId });
  return { sim, trace: sim.recorder.events, sandboxId, containerId, call };
}

describe('containerd → runc', () => {
  // containerd internal/cri/opts/spec_linux.go WithResources; runc libcontainer/cgroups/fs2 Set.
  it('brings 500m/128Mi from the CRI config to the container\'s cgroup files', () => {
    const { trace, containerId } = runPod();
    const writes = trace.filter((e) => e.actor === 'runc/n1' && e.op === 'write' && String(e.attrs?.['file'] ?? '').includes(`cri-containerd-${containerId}.scope/`));
    const byFile = Object.fromEntries(writes.map((e) => [String(e.attrs?.['file']).split('/').pop(), e.attrs?.['value']]));
    expect(byFile).toMatchObject({ 'memory.swap.max': '0', 'memory.max': '134217728', 'cpu.weight': '10', 'cpu.max': '50000 100000' });
  });

  // cmd/containerd-shim-runc-v2/process/init.go NewRunc (SystemdCgroup) and go-runc's global flags.
  it('runs every runc command with --systemd-cgroup and names the container in containerId, not id', () => {
    const { trace, containerId } = runPod();
    const toRunc = trace.filter((e) => e.kind === 'message' && e.actor === 'containerd/n1' && e.to === 'runc/n1');
    expect(toRunc.map((e) => e.op)).toEqual(['create', 'start', 'create', 'start']);
    for (const m of toRunc) {
      expect(String(m.attrs?.['argv'])).toMatch(/^runc --root \/run\/containerd\/runc\/k8s\.io --log \S+ --log-format json --systemd-cgroup /);
      expect(typeof m.attrs?.['id']).toBe('number');
    }
    expect(toRunc.at(-1)?.attrs?.['containerId']).toBe(containerId);
    // The replies can be matched: runc's answer names the message id it answers.
    const replies = trace.filter((e) => e.kind === 'message' && e.actor === 'runc/n1' && e.to === 'containerd/n1' && e.op.startsWith('exit status'));
    expect(replies.map((r) => r.attrs?.['replyTo'])).toEqual(toRunc.map((m) => m.attrs?.['id']));
  });

  // plugins/snapshots/overlay/overlay.go mounts; cmd/containerd-shim-runc-v2/runc/container.go NewContainer (mount.All).
  it('mounts the container\'s snapshot as an overlay on <bundle>/rootfs before runc create', () => {
    const { trace, containerId } = runPod();
    const layers = imageInfo('nginx:1.27').layers.length;
    const pauseLayers = imageInfo('registry.k8s.io/pause:3.10').layers.length;
    const i = trace.findIndex((e) => e.kind === 'span' && e.actor === 'containerd/n1' && e.op === 'mount' && e.attrs?.['id'] === containerId);
    const mount = trace[i]!;
    // Snapshots: the pause image's layers, the sandbox's rootfs, nginx's layers, then this container's.
    const own = pauseLayers + 1 + layers + 1;
    const lower = Array.from({ length: layers }, (_, k) => snapshotFsDir(pauseLayers + 1 + layers - k)).join(':');
    expect(mount.attrs).toMatchObject({
      proc: 'containerd-shim-runc-v2',
      source: 'overlay',
      target: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${containerId}/rootfs`,
      fstype: 'overlay',
      flags: '0',
      data: `workdir=${snapshotWorkDir(own)},upperdir=${snapshotFsDir(own)},lowerdir=${lower},index=off`,
    });
    const create = trace.findIndex((e) => e.kind === 'message' && e.op === 'create' && e.attrs?.['containerId'] === containerId);
    expect(create).toBeGreaterThan(i);
  });

  // The event topics the shim and the CRI plugin publish (ctr events), in order.
  it('publishes the containerd events of a sandbox and a container on its spans', () => {
    const { trace, sandboxId, containerId } = runPod();
    const topics = trace
      .filter((e) => e.kind === 'span' && e.actor === 'containerd/n1' && e.attrs?.['event'])
      .map((e) => e.attrs?.['event'] as { topic: string; payload: Record<string, unknown> })
      .filter((ev) => [sandboxId, containerId].includes(String(ev.payload['container_id'] ?? ev.payload['id'] ?? ev.payload['key'])))
      .map((ev) => `${ev.topic} ${String(ev.payload['container_id'] ?? ev.payload['id'] ?? ev.payload['key']) === sandboxId ? 'sandbox' : 'app'}`);
    expect(topics).toEqual(['/snapshot/prepare sandbox', '/containers/create sandbox', '/tasks/create sandbox', '/tasks/start sandbox', '/snapshot/prepare app', '/containers/create app', '/tasks/create app', '/tasks/start app']);
  });

  // sandbox_status.go getIPs: no IP once the netns is closed.
  it('reports no pod IP after StopPodSandbox closed the network namespace', () => {
    const { sandboxId, call } = runPod();
    expect((call('PodSandboxStatus', { podSandboxId: sandboxId }).status as { network: { ip: string } }).network.ip).toBe('10.244.1.2');
    call('StopPodSandbox', { podSandboxId: sandboxId });
    expect((call('PodSandboxStatus', { podSandboxId: sandboxId }).status as { network: { ip: string } }).network.ip).toBe('');
  });
});
