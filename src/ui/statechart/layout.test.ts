import { describe, expect, it } from 'vitest';
import { machineGraphs, type MachineGraph } from '../../source/machine-graphs.ts';
import { METRICS, activePaths, layerChildren, layoutChart, takenEdge } from './layout.ts';

const graph = (id: string): MachineGraph => {
  const g = machineGraphs().get(id);
  if (!g) throw new Error(`no machine ${id}`);
  return g;
};
const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a: { x: number; y: number; w: number; h: number }, b: typeof a) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

describe('layoutChart', () => {
  it('puts the apiserver pipeline in request order, one column per stage, final states last', () => {
    const l = layoutChart(graph('apiserver-request'));
    const x = (p: string) => l.byPath.get(p)!.x + l.byPath.get(p)!.w / 2; // column centre
    const order = ['authentication', 'authorization', 'mutatingAdmission', 'validation', 'validatingAdmission', 'storage', 'responded'];
    for (let i = 1; i < order.length; i++) expect(x(order[i]!)).toBeGreaterThan(x(order[i - 1]!));
    expect(x('rejected')).toBeCloseTo(x('responded'));
    expect(l.byPath.get('authentication')!.initial).toBe(true);
  });

  it('nests compound states: children inside their parent, siblings never overlapping', () => {
    for (const g of machineGraphs().values()) {
      const l = layoutChart(g);
      for (const b of l.boxes) {
        const parentPath = b.path.includes('.') ? b.path.slice(0, b.path.lastIndexOf('.')) : '';
        const parent = l.byPath.get(parentPath)!;
        if (parentPath !== '') expect(inside(b, parent), `${g.id}: ${b.path} in ${parentPath}`).toBe(true);
        for (const o of l.boxes) {
          const oParent = o.path.includes('.') ? o.path.slice(0, o.path.lastIndexOf('.')) : '';
          if (o !== b && oParent === parentPath) expect(overlap(b, o), `${g.id}: ${b.path} / ${o.path}`).toBe(false);
        }
      }
      expect(l.width).toBeGreaterThan(0);
      expect(l.boxes.length).toBe(l.byPath.size - 1);
    }
  });

  it('draws each transition target once, as a path with its event label', () => {
    const g = graph('pod-worker');
    const l = layoutChart(g);
    expect(l.edges.length).toBe(g.transitions.reduce((n, e) => n + e.targets.length, 0));
    const backOff = l.edges.find((e) => e.label === 'BACK_OFF');
    expect(backOff?.kind).toBe('entry');
    expect(l.edges.find((e) => e.label === 'TERMINATE')?.kind).toBe('sibling');
    expect(l.edges.every((e) => e.d.startsWith('M'))).toBe(true);
    expect(layoutChart(graph('etcd-member')).edges.find((e) => e.label === 'CAMPAIGN' && e.target === 'candidate' && e.edge.source === 'candidate')?.kind).toBe('self');
  });

  it('never draws two transition labels on top of each other (long arrows sharing a span get their own track)', () => {
    // The label's box as drawn: 11px monospace, centred on (labelX, labelY) as its baseline.
    const box = (e: { labelX: number; labelY: number; label: string }) => {
      const w = e.label.length * METRICS.labelCharW;
      return { x: e.labelX - w / 2, y: e.labelY - 9, w, h: 11 };
    };
    for (const g of machineGraphs().values()) {
      const l = layoutChart(g);
      const sib = l.edges.filter((e) => e.kind === 'sibling');
      for (const a of sib) for (const b of sib) if (a !== b) expect(overlap(box(a), box(b)), `${g.id}: ${a.label} ${a.edge.source}→${a.target} / ${b.label} ${b.edge.source}→${b.target}`).toBe(false);
      expect(l.top).toBeLessThanOrEqual(0);
      for (const e of sib) expect(box(e).y, `${g.id}: ${e.label} drawn above the top`).toBeGreaterThanOrEqual(l.top - 8);
    }
  });

  it('stacks the long FAILED and EXITED arrows of cri-container at different heights', () => {
    const l = layoutChart(graph('cri-container'));
    const failed = l.edges.find((e) => e.label === 'FAILED' && e.kind === 'sibling');
    const exited = l.edges.filter((e) => e.label === 'EXITED' && e.kind === 'sibling');
    expect(failed).toBeDefined();
    for (const e of exited) if (Math.abs(e.labelX - failed!.labelX) < 40) expect(Math.abs(e.labelY - failed!.labelY)).toBeGreaterThanOrEqual(METRICS.track);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(layoutChart(graph('scheduler')))).toBe(JSON.stringify(layoutChart(graph('scheduler'))));
  });
});

describe('layerChildren', () => {
  it('layers by longest path from the initial child and ignores back edges', () => {
    const c = { key: 'r', path: '', type: 'compound' as const, initial: 'a', children: ['a', 'b', 'c'].map((k) => ({ key: k, path: k, type: 'atomic' as const, children: [] })) };
    const layer = layerChildren(c, [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'a', to: 'c' },
      { from: 'c', to: 'a' },
    ]);
    expect([...layer]).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });
});

describe('takenEdge and activePaths', () => {
  it('finds the transition a state event took, the most specific source first', () => {
    const l = layoutChart(graph('pod-worker'));
    expect(takenEdge(l, 'syncPod.syncing', 'syncPod.backOff')?.label).toBe('BACK_OFF');
    expect(takenEdge(l, 'syncPod.synced', 'terminatingPod.killingContainers')?.label).toBe('TERMINATE');
    expect(takenEdge(l, 'terminatingPod.killingContainers', 'terminatingPod.stoppingSandbox')?.label).toBe('CONTAINERS_KILLED');
    expect(takenEdge(l, undefined, 'syncPod.syncing')).toBeUndefined();
    const sched = layoutChart(graph('scheduler'));
    expect(takenEdge(sched, 'schedulingCycle.permit', 'idle')?.label).toBe('PERMITTED');
  });
  it('lists a state and its ancestors', () => {
    expect(activePaths('a.b.c')).toEqual(['a.b.c', 'a.b', 'a']);
  });
});
