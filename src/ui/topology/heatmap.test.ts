import { describe, it, expect } from 'vitest';
import type { Node, Pod } from '../../domain/k8s/objects.ts';
import { addPodToNodeInfo, createNodeInfo } from '../../domain/scheduler/node-info.ts';
import type { WorldState } from '../../timeline/index.ts';
import { nodeHealth } from './nodeStatus.ts';
import { bigClusterNodeName, bigClusterTimeline, bigClusterTrace } from './bigCluster.fixture.ts';
import { binOf, cellAt, cellRect, clusterTotals, heatmapGrid, isClusterScale, measureOf, moveCell, nodeFigures, nodeWindow } from './heatmap.ts';

const tl = bigClusterTimeline();
const names = tl.header.cluster!.nodes.map((n) => n.name);

describe('heatmap figures on a 1,000-node timeline', () => {
  it('has no figures before the nodes register and all 1,000 after', () => {
    const before = nodeFigures(tl.stateAt(0), names);
    expect(before).toHaveLength(1000);
    expect(before.every((f) => f.status === '' && f.pods === 0 && measureOf(f, 'cpu') === undefined)).toBe(true);
    const end = nodeFigures(tl.stateAt(tl.endTime), names);
    expect(end.every((f) => f.status !== '')).toBe(true);
  });

  it('sums requests per node the way the scheduler does and matches the generated Pods', () => {
    const { events } = bigClusterTrace();
    const end = tl.stateAt(tl.endTime);
    const figures = nodeFigures(end, names);
    const expected = new Map<string, { pods: number; cpu: number; mem: number }>();
    for (const e of events) {
      if (e.kind !== 'object' || e.ref?.kind !== 'Pod') continue;
      const pod = e.attrs!.object as { spec: { nodeName: string; containers: { resources: { requests: { cpu: string; memory: string } } }[] } };
      const c = pod.spec.containers[0]!.resources.requests;
      const x = expected.get(pod.spec.nodeName) ?? { pods: 0, cpu: 0, mem: 0 };
      x.pods++;
      x.cpu += Number(c.cpu.replace('m', ''));
      x.mem += Number(c.memory.replace('Mi', '')) * 1024 * 1024;
      expected.set(pod.spec.nodeName, x);
    }
    const total = [...expected.values()].reduce((n, x) => n + x.pods, 0);
    expect(clusterTotals(figures).pods).toBe(total);
    for (const f of figures.slice(0, 50)) {
      const x = expected.get(f.name) ?? { pods: 0, cpu: 0, mem: 0 };
      expect([f.pods, f.milliCPURequested, f.memoryRequested]).toEqual([x.pods, x.cpu, x.mem]);
    }
    const first = figures[0]!;
    expect(first.milliCPUAllocatable).toBe(3900);
    expect(measureOf(first, 'cpu')).toBeCloseTo(first.milliCPURequested / 3900);
    expect(measureOf(first, 'pods')).toBeCloseTo(first.pods / 110);
  });

  it('marks the nodes that went NotReady with their taints, and counts node traffic in flight', () => {
    const figures = nodeFigures(tl.stateAt(tl.endTime), names);
    const bad = figures.filter((f) => f.notReady);
    expect(bad.map((f) => f.name).slice(0, 2)).toEqual([bigClusterNodeName(96), bigClusterNodeName(193)]);
    expect(bad[0]!.status).toBe('NotReady');
    expect(bad[0]!.taints).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    const totals = clusterTotals(figures);
    expect(totals.notReady).toBe(10);
    expect(totals.tainted).toBe(10);
    // Lease renewals from every 10th node are in flight just before the end.
    const lease = bigClusterTrace().events.find((e) => e.op.includes('/leases/'))!;
    const late = nodeFigures(tl.stateAt(lease.t + 1000), names);
    expect(clusterTotals(late).inFlight).toBe(100);
    expect(late[0]!.inFlight).toBe(1);
    expect(late[1]!.inFlight).toBe(0);
  });

  it('gives what a fresh NodeInfo per node gives, at every playhead, with the per-object caches warm', () => {
    // The figures as NodeInfo computes them from scratch (the implementation before the caches).
    const reference = (world: WorldState) => {
      const infos = new Map<string, ReturnType<typeof createNodeInfo>>();
      const pods: Pod[] = [];
      for (const { object: o } of world.objects.values()) {
        if (o.kind === 'Node' && o.metadata.name) infos.set(o.metadata.name, createNodeInfo(o as Node));
        else if (o.kind === 'Pod') pods.push(o as Pod);
      }
      for (const pod of pods) {
        const info = pod.spec?.nodeName ? infos.get(pod.spec.nodeName) : undefined;
        if (info && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed') addPodToNodeInfo(info, { ...pod, spec: { ...pod.spec, containers: pod.spec.containers ?? [] } });
      }
      return names.map((name) => {
        const info = infos.get(name);
        return [info?.requested.milliCPU ?? 0, info?.requested.memory ?? 0, info?.allocatable.milliCPU ?? 0, info?.allocatable.memory ?? 0, info?.allocatable.pods ?? 0, info ? nodeHealth(info.node as Node).status : ''];
      });
    };
    const span = tl.endTime - tl.startTime;
    let checked = 0;
    for (const frac of [0.1, 0.35, 0.6, 0.85, 1, 0.6, 1]) {
      const world = tl.stateAt(tl.startTime + Math.round(span * frac));
      const got = nodeFigures(world, names).map((f) => [f.milliCPURequested, f.memoryRequested, f.milliCPUAllocatable, f.memoryAllocatable, f.podsAllocatable, f.status]);
      expect(got).toEqual(reference(world));
      checked += got.filter((g) => g[0] !== 0).length;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(bigClusterTrace())).toBe(JSON.stringify(bigClusterTrace()));
  });
});

describe('heatmap geometry', () => {
  it('starts at cluster scale above 12 nodes', () => {
    expect(isClusterScale(12)).toBe(false);
    expect(isClusterScale(13)).toBe(true);
  });

  it('fits 1,000 square cells in the area and finds the cell under a point', () => {
    const area = { x: 100, y: 300, w: 1000, h: 400 };
    const g = heatmapGrid(area, 1000);
    expect(g.cols * g.rows).toBeGreaterThanOrEqual(1000);
    expect(g.cols * g.cell).toBeLessThanOrEqual(area.w + 1e-9);
    expect(g.rows * g.cell).toBeLessThanOrEqual(area.h + 1e-9);
    expect(g.cell).toBeGreaterThan(15);
    for (const i of [0, 1, g.cols, 999]) {
      const r = cellRect(g, i);
      expect(cellAt(g, 1000, r.x + r.w / 2, r.y + r.h / 2)).toBe(i);
    }
    expect(cellAt(g, 1000, area.x - 1, area.y)).toBeUndefined();
    // Fewer nodes than cells: the cells past the last node are empty.
    const small = heatmapGrid(area, 7);
    expect(cellAt(small, 5, cellRect(small, 6).x + 1, cellRect(small, 6).y + 1)).toBeUndefined();
  });

  it('moves with the arrow keys and stays inside', () => {
    const g = heatmapGrid({ x: 0, y: 0, w: 100, h: 40 }, 10);
    expect(moveCell(g, 10, 0, 'ArrowLeft')).toBe(0);
    expect(moveCell(g, 10, 0, 'ArrowDown')).toBe(g.cols);
    expect(moveCell(g, 10, 9, 'ArrowRight')).toBe(9);
    expect(moveCell(g, 10, 3, 'End')).toBe(9);
  });

  it('bins fractions for the legend and centres the node window', () => {
    expect([0, 0.19, 0.2, 0.99, 1].map(binOf)).toEqual([0, 0, 1, 4, 4]);
    expect(binOf(undefined)).toBeUndefined();
    expect(nodeWindow(names, bigClusterNodeName(500))).toEqual([bigClusterNodeName(499), bigClusterNodeName(500), bigClusterNodeName(501)]);
    expect(nodeWindow(names, names[0]!)).toEqual(names.slice(0, 3));
    expect(nodeWindow(names, names[999]!)).toEqual(names.slice(997));
  });
});
