import { describe, it, expect } from 'vitest';
import { layoutTopology, layoutClusterScale, boxFor, edgeBetween, pointAlong, exitPoint, podSlot, nodeStack, runtimeNames, staticWires, type Rect } from './layout.ts';

const twoNodes = { nodes: [{ name: 'node-1', runtime: 'containerd+runc' }, { name: 'node-2', runtime: 'containerd+runc' }], maxPodsPerNode: 2 };

const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: Rect, outer: Rect): boolean => a.x >= outer.x && a.y >= outer.y && a.x + a.w <= outer.x + outer.w && a.y + a.h <= outer.y + outer.h;

describe('layoutTopology', () => {
  const layout = layoutTopology(twoNodes);

  it('places every component of the hello cluster', () => {
    for (const a of ['user', 'kubectl', 'kube-apiserver', 'etcd/etcd-0', 'scheduler', 'kube-controller-manager/deployment-controller', 'kube-controller-manager/replicaset-controller', 'kubelet/node-1', 'containerd/node-1', 'runc/node-1', 'kubelet/node-2', 'containerd/node-2', 'runc/node-2']) {
      expect(boxFor(layout, a), a).toBeDefined();
    }
  });

  it('never overlaps two component boxes', () => {
    const c = layout.components;
    for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++) expect(overlaps(c[i]!.rect, c[j]!.rect), `${c[i]!.actor} vs ${c[j]!.actor}`).toBe(false);
  });

  it('keeps control-plane components inside the control plane and node components inside their node', () => {
    for (const c of layout.components) {
      if (c.family === 'control-plane') expect(inside(c.rect, layout.controlPlane), c.actor).toBe(true);
      for (const n of layout.nodes) if (c.actor.endsWith(`/${n.name}`)) expect(inside(c.rect, n.rect), c.actor).toBe(true);
    }
  });

  it('keeps everything inside the viewBox', () => {
    const view = { x: 0, y: 0, w: layout.width, h: layout.height };
    for (const c of layout.components) expect(inside(c.rect, view)).toBe(true);
    for (const n of layout.nodes) expect(inside(n.rect, view)).toBe(true);
  });

  it('fits the promised number of Pod cards inside each node', () => {
    for (const n of layout.nodes) for (let i = 0; i < 2; i++) expect(inside(podSlot(n.podArea, layout.podCard, i), n.rect)).toBe(true);
  });

  it('grows nodes when they hold more Pods', () => {
    const big = layoutTopology({ ...twoNodes, maxPodsPerNode: 9 });
    expect(big.height).toBeGreaterThan(layout.height);
  });

  it('names runtime boxes after the node runtime', () => {
    // CRI-O is the actor crio/<node>, with conmon/<node> between it and the OCI runtime.
    const crio = layoutTopology({ nodes: [{ name: 'n1', runtime: 'cri-o+crun' }] });
    expect(boxFor(crio, 'crio/n1')?.label).toBe('cri-o');
    expect(boxFor(crio, 'conmon/n1')?.label).toBe('conmon');
    expect(boxFor(crio, 'crun/n1')?.label).toBe('crun');
    expect(staticWires(crio)).toEqual(expect.arrayContaining([['kubelet/n1', 'crio/n1'], ['crio/n1', 'conmon/n1'], ['conmon/n1', 'crun/n1']]));
    // dockershim: kubelet → dockershim → dockerd → containerd → runc; a Docker host has no kubelet.
    expect(nodeStack('dockershim').map((b) => b.kind)).toEqual(['kubelet', 'dockershim', 'dockerd', 'containerd', 'runc']);
    const docker = layoutTopology({ nodes: [{ name: 'host-1', runtime: 'docker' }] });
    expect(boxFor(docker, 'dockerd/host-1')?.label).toBe('dockerd');
    expect(docker.components.some((c) => c.actor === 'kubelet/host-1')).toBe(false);
    expect(staticWires(docker).some(([a, b]) => a.startsWith('kubelet/') || b.startsWith('kubelet/'))).toBe(false);
    expect(runtimeNames('containerd')).toEqual({ high: 'containerd', low: 'runc' });
    // rktlet's nodes draw rktlet/<node> and rkt/<node>, whatever the stage1 flavour.
    expect(runtimeNames('rktlet+rkt-kvm')).toEqual({ high: 'rktlet', low: 'rkt' });
    expect(runtimeNames('rktlet+rkt(stage1-fly)')).toEqual({ high: 'rktlet', low: 'rkt' });
  });

  it('draws a wire for each talking pair', () => {
    expect(staticWires(layout)).toContainEqual(['kubelet/node-2', 'kube-apiserver']);
  });
});

describe('edges', () => {
  const a = { x: 0, y: 0, w: 100, h: 50 };
  const b = { x: 300, y: 0, w: 100, h: 50 };
  it('leave a box on its border', () => {
    expect(exitPoint(a, { x: 500, y: 25 })).toEqual({ x: 100, y: 25 });
  });
  it('run between borders and interpolate by progress', () => {
    const e = edgeBetween(a, b);
    expect(e.from).toEqual({ x: 100, y: 25 });
    expect(e.to).toEqual({ x: 300, y: 25 });
    expect(pointAlong(e, 0.5)).toEqual({ x: 200, y: 25 });
    expect(pointAlong(e, 2)).toEqual({ x: 300, y: 25 });
  });
  it('put the two directions on parallel tracks', () => {
    const there = edgeBetween(a, b, 4);
    const back = edgeBetween(b, a, 4);
    expect(there.from.y).not.toBe(back.to.y);
  });
});

describe('cluster-scale layout', () => {
  it('keeps the control plane and client, drops the node stacks, and puts the heatmap below the control plane', () => {
    const l = layoutClusterScale();
    expect(l.nodes).toEqual([]);
    expect(l.components.map((c) => c.actor)).toContain('kube-apiserver');
    expect(l.components.some((c) => c.actor.startsWith('kubelet/'))).toBe(false);
    expect(l.heatArea.y).toBeGreaterThan(l.controlPlane.y + l.controlPlane.h);
    expect(l.heatArea.y + l.heatArea.h).toBeLessThanOrEqual(l.height);
    expect(l.heatArea.x).toBeGreaterThanOrEqual(l.controlPlane.x);
  });
});
