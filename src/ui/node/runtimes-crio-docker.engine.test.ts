import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTimeline } from '../../source/load-timeline.ts';
import { createSimulationSource } from '../../source/simulation-source.ts';
import { nodeModel, type NodeModel, type ProcessView } from './model.ts';
import { countUpTo, nodeEventIndex } from './nodeEvents.ts';

/**
 * The node view of CRI-O and Docker hosts, through the real engine. CRI-O (cri-o
 * internal/oci/runtime_oci.go, internal/config/nsmgr; containers/conmon src/conmon.c): one
 * conmon per container, parent of the runtime it runs and of the container's init; with
 * drop_infra_ctr no pause process: pinns' bind mounts hold the pod's ipc, net and uts
 * namespaces. A Docker host (moby daemon/, containerd core/runtime/v2): the docker CLI →
 * dockerd → containerd → containerd-shim-runc-v2 → runc, and no kubelet.
 */
async function modelAt(file: string, node: string, runtime: string, until: (op: string) => boolean): Promise<NodeModel> {
  const { timeline } = await loadTimeline(createSimulationSource({ scenarioText: readFileSync(file, 'utf8'), scenarioFile: file }));
  expect(timeline.header.cluster?.nodes.find((n) => n.name === node)?.runtime).toBe(runtime);
  const index = nodeEventIndex(timeline);
  const stop = timeline.stateAt(timeline.endTime).commands.find((c) => until(c.op) && c.attrs?.['phase'] === 'start');
  const events = index.byNode.get(node) ?? [];
  return nodeModel({ node, runtime, events: events.slice(0, countUpTo(events, (stop?.t ?? timeline.endTime + 1) - 1)) });
}

const names = (ps: readonly ProcessView[]): string[] => ps.map((p) => p.name);

describe('the node view of a CRI-O node', async () => {
  const m = await modelAt('examples/crio.scenario.yaml', 'node-1', 'cri-o+runc', (op) => op.startsWith('kubectl delete'));

  it('runs kubelet and crio as daemons, and one conmon per container with the container under it', () => {
    const daemons = m.processes.filter((p) => p.role === 'daemon').map((p) => p.name);
    expect(daemons).toEqual(['kubelet', 'crio']);
    const conmons = m.processes.filter((p) => p.role === 'shim');
    expect(names(conmons).every((n) => n === 'conmon')).toBe(true);
    const pod = m.pods[0];
    const apps = (pod?.containers ?? []).filter((c) => !c.pause && c.live);
    expect(apps.length).toBeGreaterThan(0);
    expect(conmons).toHaveLength(apps.length);
    for (const c of apps) expect(conmons.find((p) => p.container === c.id)?.children.map((x) => x.pid)).toContain(c.pid);
  });

  it('holds the pod\'s ipc, net and uts namespaces by pinns\' bind mounts, with no pause process', () => {
    const pod = m.pods[0];
    expect(m.processes.some((p) => p.name === 'pause')).toBe(false);
    for (const kind of ['ipc', 'net', 'uts'] as const) {
      const ns = pod?.namespaces.find((r) => r.kind === kind)?.boxes.find((b) => b.ns && !b.ns.host)?.ns;
      expect(ns?.createdBy?.proc, kind).toBe('pinns');
      expect(ns?.path, kind).toMatch(new RegExp(`^/var/run/${kind}ns/[0-9a-f-]{36}$`));
    }
  });

  it('shows the chain kubelet → crio → conmon → runc from the messages, conmon once per container', () => {
    expect(m.chain?.chain.hops.map((h) => h.name)).toEqual(['kubelet', 'crio', 'conmon', 'runc']);
    const [, cri, conmon, runc] = m.chain?.links ?? [];
    expect(cri?.firstOp).toBe('RunPodSandbox');
    expect(conmon?.firstOp).toBe('conmon');
    expect(conmon?.containers).toBe(conmon?.calls);
    expect(runc?.firstOp).toBe('create');
  });
});

describe('the node view of a Docker host', async () => {
  const m = await modelAt('examples/docker.scenario.yaml', 'host-1', 'docker', (op) => op.startsWith('docker stop'));

  it('is in the trace header, runs dockerd and containerd as daemons and no kubelet', () => {
    expect(m.processes.filter((p) => p.role === 'daemon').map((p) => p.name)).toEqual(['dockerd', 'containerd']);
  });

  it('runs one containerd-shim-runc-v2 per container, and the container\'s init under it', () => {
    const shims = m.processes.filter((p) => p.role === 'shim');
    expect(shims.length).toBe(2);
    for (const s of shims) {
      expect(s.name).toBe('containerd-shim-runc-v2');
      expect(s.children.some((c) => c.role === 'init')).toBe(true);
    }
  });

  it('shows the chain docker → dockerd → containerd → shim → runc from the messages', () => {
    expect(m.chain?.chain.hops.map((h) => h.name)).toEqual(['docker', 'dockerd', 'containerd', 'containerd-shim-runc-v2', 'runc']);
    const links = m.chain?.links ?? [];
    expect(links.slice(1).map((l) => l.calls > 0)).toEqual([true, true, true, true]);
    expect(links[1]?.firstOp).toMatch(/^(GET|POST|HEAD) \//);
    expect(links[3]?.firstOp).toBe('containerd.task.v2.Task/Create');
    expect(links[4]?.firstOp).toBe('create');
  });
});

describe('the node view of a dockershim node', async () => {
  const m = await modelAt('examples/dockershim.scenario.yaml', 'node-1', 'dockershim', () => false);

  it('runs the kubelet (with dockershim inside), dockerd and containerd as daemons', () => {
    expect(m.processes.filter((p) => p.role === 'daemon').map((p) => p.name)).toEqual(['kubelet', 'dockerd', 'containerd']);
  });

  it('shows every link of kubelet → dockershim → dockerd → containerd → shim → runc at work', () => {
    expect(m.chain?.chain.hops.map((h) => h.name)).toEqual(['kubelet', 'dockershim', 'dockerd', 'containerd', 'containerd-shim-runc-v2', 'runc']);
    const links = m.chain?.links ?? [];
    expect(links.slice(1).every((l) => l.calls > 0)).toBe(true);
    expect(links[1]?.firstOp).toBe('RunPodSandbox');
    expect(links[4]?.firstOp).toBe('containerd.task.v2.Task/Create');
  });
});
