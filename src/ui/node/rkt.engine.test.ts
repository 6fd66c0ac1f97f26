import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTimeline } from '../../source/load-timeline.ts';
import { createSimulationSource } from '../../source/simulation-source.ts';
import { nodeModel, type NodeModel } from './model.ts';
import { nodeEventIndex } from './nodeEvents.ts';

/**
 * The node view over examples/rkt-stage1-flavours.scenario.yaml, through the real engine (rkt
 * stage1 flavours, rkt Documentation/devel/stage1-implementors-guide.md and DOMAIN.md 8):
 * coreos gives the pod namespaces of its own (stage1's netns, systemd-nspawn's mnt, pid, uts,
 * ipc), fly none (a chroot in the host's), kvm a VM whose namespaces the host does not hold.
 */
const FILE = 'examples/rkt-stage1-flavours.scenario.yaml';

describe('the node view of rkt nodes', async () => {
  const { timeline } = await loadTimeline(createSimulationSource({ scenarioText: readFileSync(FILE, 'utf8'), scenarioFile: FILE }));
  const index = nodeEventIndex(timeline);
  const at = (node: string): NodeModel => nodeModel({ node, runtime: timeline.header.cluster?.nodes.find((n) => n.name === node)?.runtime ?? '', events: index.byNode.get(node) ?? [] });
  const own = (m: NodeModel) => m.pods[0]?.namespaces.filter((r) => r.boxes.some((b) => b.ns && !b.ns.host)).map((r) => r.kind);

  it('coreos: the Pod from the CRI, stage1 holding its namespaces, the app in them', () => {
    const m = at('coreos-1');
    expect(m.profile?.kind).toBe('rkt-coreos');
    const pod = m.pods[0];
    expect(pod?.name).toBe('on-coreos');
    expect(pod?.containers.map((c) => [c.name, c.live])).toEqual([
      ['systemd-nspawn', true],
      ['web', true],
    ]);
    expect(own(m)).toEqual(['pid', 'net', 'mnt', 'ipc', 'uts']);
    expect(pod?.namespaces.find((r) => r.kind === 'net')?.boxes[1]?.ns?.path).toMatch(/^\/var\/run\/netns\/cni-/);
    expect(m.isolation.every((b, i) => (m.profile?.layers[i]?.seenBy ? b.facts.length > 0 : true))).toBe(true);
  });

  it('fly: no CRI sandbox could be made; the pod `rkt run` made runs in the host\'s namespaces', () => {
    const m = at('fly-1');
    expect(m.pods.map((p) => [p.name.startsWith('rkt '), p.rkt?.byHand])).toEqual([[true, true]]);
    expect(m.pods[0]?.containers.map((c) => c.name)).toEqual(['etcd']);
    expect(own(m)).toEqual([]);
  });

  it('kvm: the apps have no host namespace and no host pid; the host process is lkvm', () => {
    const m = at('kvm-1');
    const pod = m.pods[0];
    expect(pod?.rkt?.vmm).toBe('lkvm');
    expect(pod?.containers.map((c) => [c.name, c.pid !== undefined])).toEqual([
      ['lkvm', true],
      ['web', false],
    ]);
    expect(own(m)).toEqual([]);
    expect(pod?.namespaces.every((r) => r.boxes.at(-1)?.relations.at(-1) === 'none')).toBe(true);
    expect(m.isolation[3]?.label).toBe('lkvm · KVM');
  });
});
