import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTimeline } from '../../source/load-timeline.ts';
import { createSimulationSource } from '../../source/simulation-source.ts';
import { nodeModel, type NodeModel, type ProcessView } from './model.ts';
import { countUpTo, nodeEventIndex } from './nodeEvents.ts';

/**
 * The node view over examples/sandboxed-runtimes.scenario.yaml, through the real engine. What
 * the host sees of a sandboxed pod: for gVisor (gvisor runsc/sandbox/sandbox.go,
 * runsc/container/container.go) the shim's children are one runsc-gofer per container and one
 * runsc-sandbox, which is PID 1 of its own pid namespace and joined the pod's netns; for Kata
 * (kata-containers virtcontainers/fc.go, containerd-shim-v2/service.go) the shim's child is
 * firecracker, and it is what every container of the pod is on the host. The guest's and the
 * Sentry's own work (marked kernel: guest / sentry) makes no host processes.
 */
const FILE = 'examples/sandboxed-runtimes.scenario.yaml';

describe('the node view of runsc and kata nodes', async () => {
  const { timeline } = await loadTimeline(createSimulationSource({ scenarioText: readFileSync(FILE, 'utf8'), scenarioFile: FILE }));
  const index = nodeEventIndex(timeline);
  const deleteCommand = timeline.stateAt(timeline.endTime).commands.find((c) => c.op.startsWith('kubectl delete pod') && c.attrs?.['phase'] === 'start');
  const at = (node: string, runtime: string): NodeModel => {
    const events = index.byNode.get(node) ?? [];
    return nodeModel({ node, runtime, events: events.slice(0, countUpTo(events, (deleteCommand?.t ?? 1) - 1)) });
  };
  const names = (ps: readonly ProcessView[]): string[] => ps.map((p) => p.name);

  it('draws gVisor\'s boundary and its host processes: the gofers and the Sentry', () => {
    const m = at('node-2', 'containerd+runsc');
    expect(m.profile?.kind).toBe('runsc');
    const shim = m.processes.find((p) => p.role === 'shim');
    expect(shim?.name).toBe('containerd-shim-runsc-v1');
    expect(names(shim?.children ?? []).sort()).toEqual(['runsc-gofer', 'runsc-gofer', 'runsc-gofer', 'runsc-sandbox']);
    expect(shim?.children.find((p) => p.name === 'runsc-sandbox')?.pid1).toBe(true);
    const pod = m.pods[0];
    // Every container is, on the host, the sandbox process: in its namespaces, the pod's netns joined.
    expect(pod?.containers.map((c) => c.live)).toEqual([true, true, true]);
    expect(new Set(pod?.containers.map((c) => c.pid)).size).toBe(1);
    expect(pod?.namespaces.find((r) => r.kind === 'user')?.boxes.map((b) => b.relations.join(','))).toEqual(['host', 'created,inherited,inherited']);
  });

  // runsc/boot/filter installs the Sentry's filter in the sandbox process, for the whole pod:
  // the isolation stack shows it; no container (the pause one included) claims it as its own.
  it('keeps the Sentry\'s and the gofers\' seccomp in the isolation stack, not in a container\'s security', () => {
    const m = at('node-2', 'containerd+runsc');
    const containers = m.pods[0]?.containers ?? [];
    expect(containers.length).toBe(3);
    for (const c of containers) {
      expect(c.security.seccomp).toBeUndefined();
      expect(c.security.uid).toBeUndefined();
    }
    const band = m.profile?.layers.findIndex((l) => l.name === 'seccomp · namespaces') ?? -1;
    expect(m.isolation[band]?.facts.some((f) => f.op === 'seccomp' && f.proc === 'runsc-sandbox')).toBe(true);
  });

  // containerd core/runtime/v2/binary.go BinaryName: the shim of io.containerd.runsc.v1 and
  // io.containerd.kata.v2 is containerd-shim-runsc-v1 / containerd-shim-kata-v2; it mounts the rootfs.
  it('names the shim that mounts each rootfs after the node\'s runtime', () => {
    const procs = (node: string) => new Set((index.byNode.get(node) ?? []).filter((e) => e.kind === 'span' && e.op === 'mount' && e.actor.startsWith('containerd/')).map((e) => e.attrs?.['proc']));
    expect(procs('node-2')).toEqual(new Set(['containerd-shim-runsc-v1']));
    expect(procs('node-3')).toEqual(new Set(['containerd-shim-kata-v2']));
    const created = (index.byNode.get('node-2') ?? []).find((e) => e.kind === 'span' && e.op === 'create container' && e.actor === 'containerd/node-2');
    expect(created?.attrs?.['runtime']).toBe('io.containerd.runsc.v1');
  });

  it('draws Kata\'s boundary and its host process: firecracker in the pod\'s netns', () => {
    const m = at('node-3', 'containerd+kata');
    expect(m.profile?.kind).toBe('kata');
    const shim = m.processes.find((p) => p.role === 'shim');
    expect(shim?.name).toBe('containerd-shim-kata-v2');
    expect(names(shim?.children ?? [])).toEqual(['firecracker']);
    const pod = m.pods[0];
    expect(new Set(pod?.containers.map((c) => c.pid))).toEqual(new Set([shim?.children[0]?.pid]));
    // No guest namespace leaks onto the host: only the pod's netns is not the host's.
    expect(pod?.namespaces.filter((r) => r.boxes.some((b) => b.ns && !b.ns.host)).map((r) => r.kind)).toEqual(['net']);
  });
});
