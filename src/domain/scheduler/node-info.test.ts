import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from './internal/fixtures.ts';
import { addPodToNodeInfo, cloneNodeInfo, createNodeInfo, removePodFromNodeInfo, setNodeInfoNode } from './node-info.ts';

describe('NodeInfo', () => {
  it('reads allocatable, taints by effect, labels and images from the node', () => {
    const info = createNodeInfo(makeNode('n1', {
      cpu: '3500m', memory: '4Gi', pods: 10, extra: { 'nvidia.com/gpu': '2', 'ephemeral-storage': '10Gi' },
      taints: [{ key: 'a', effect: 'NoSchedule' }, { key: 'b', effect: 'PreferNoSchedule' }, { key: 'c', effect: 'NoExecute' }],
      images: [{ names: ['nginx:1.27', 'docker.io/library/nginx@sha256:abc'], sizeBytes: 70_000_000 }],
    }));
    expect(info.name).toBe('n1');
    expect(info.allocatable).toMatchObject({ milliCPU: 3500, memory: 4 * 1024 ** 3, pods: 10, ephemeralStorage: 10 * 1024 ** 3 });
    expect(info.allocatable.scalar.get('nvidia.com/gpu')).toBe(2);
    expect(info.internal.noScheduleTaints.map((t) => t.key)).toEqual(['a', 'c']);
    expect(info.internal.preferNoScheduleTaints.map((t) => t.key)).toEqual(['b']);
    expect(info.imageNames.has('nginx:1.27')).toBe(true);
    expect(info.imageSizes.get('docker.io/library/nginx@sha256:abc')).toBe(70_000_000);
  });

  it('falls back to capacity when a node reports no allocatable', () => {
    const node = makeNode('n1', { cpu: '2' });
    delete node.status?.allocatable;
    expect(createNodeInfo(node).allocatable.milliCPU).toBe(2000);
  });

  it('adds and removes pods incrementally', () => {
    const info = createNodeInfo(makeNode('n1'));
    const a = makePod('a', { cpu: '500m', memory: '1Gi', labels: { app: 'web' }, ports: [{ containerPort: 80, hostPort: 80 }] });
    const b = makePod('b', { labels: { app: 'web' } });
    const g0 = info.generation;
    addPodToNodeInfo(info, a);
    addPodToNodeInfo(info, b);
    expect(info.generation).toBeGreaterThan(g0);
    expect(info.requested).toMatchObject({ milliCPU: 500, memory: 1024 ** 3, pods: 2 });
    expect(info.nonZeroRequested).toEqual({ milliCPU: 600, memory: 1024 ** 3 + 200 * 1024 * 1024 });
    expect(info.usedPorts.get('TCP/80')?.get('0.0.0.0')).toBe(1);
    expect([...info.internal.labelGroups.values()].map((g) => g.count)).toEqual([2]);

    expect(removePodFromNodeInfo(info, a)).toBe(true);
    expect(info.pods).toEqual([b]);
    expect(info.internal.podIndex.get(b.metadata.uid ?? '')).toBe(0);
    expect(info.requested).toMatchObject({ milliCPU: 0, memory: 0, pods: 1 });
    expect(info.nonZeroRequested).toEqual({ milliCPU: 100, memory: 200 * 1024 * 1024 });
    expect(info.usedPorts.size).toBe(0);
    expect(removePodFromNodeInfo(info, a)).toBe(false);
  });

  it('treats adding a pod with a known UID as an update', () => {
    const info = createNodeInfo(makeNode('n1'));
    addPodToNodeInfo(info, makePod('a', { cpu: '1' }));
    addPodToNodeInfo(info, makePod('a', { cpu: '2' }));
    expect(info.pods).toHaveLength(1);
    expect(info.requested.milliCPU).toBe(2000);
  });

  it('subtracts what was added even if the pod object changed since', () => {
    const info = createNodeInfo(makeNode('n1'));
    addPodToNodeInfo(info, makePod('a', { cpu: '1', labels: { app: 'x' } }));
    removePodFromNodeInfo(info, makePod('a', { cpu: '3' }));
    expect(info.requested.milliCPU).toBe(0);
    expect(info.internal.labelGroups.size).toBe(0);
  });

  it('leaves terminating pods out of the spreading groups', () => {
    const info = createNodeInfo(makeNode('n1'));
    addPodToNodeInfo(info, makePod('a', { labels: { app: 'x' }, deletionTimestamp: '2024-01-01T00:00:00Z' }));
    expect(info.internal.labelGroups.size).toBe(0);
    expect(info.pods).toHaveLength(1);
  });

  it('setNodeInfoNode refreshes node-derived data and keeps pods', () => {
    const info = createNodeInfo(makeNode('n1', { cpu: '2' }));
    addPodToNodeInfo(info, makePod('a', { cpu: '1' }));
    setNodeInfoNode(info, makeNode('n1', { cpu: '8', taints: [{ key: 'x', effect: 'NoSchedule' }] }));
    expect(info.allocatable.milliCPU).toBe(8000);
    expect(info.requested.milliCPU).toBe(1000);
    expect(info.internal.noScheduleTaints).toHaveLength(1);
  });

  it('clones independently', () => {
    const info = createNodeInfo(makeNode('n1'));
    const a = makePod('a', { cpu: '1', ports: [{ containerPort: 80, hostPort: 80 }] });
    addPodToNodeInfo(info, a);
    const copy = cloneNodeInfo(info);
    removePodFromNodeInfo(copy, a);
    expect(copy.requested.milliCPU).toBe(0);
    expect(info.requested.milliCPU).toBe(1000);
    expect(info.pods).toHaveLength(1);
    expect(info.usedPorts.size).toBe(1);
  });
});
