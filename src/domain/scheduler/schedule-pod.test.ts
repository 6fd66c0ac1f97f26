import { describe, expect, it } from 'vitest';
import { makeNode, makePod, type NodeOptions, type PodOptions } from './internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from './node-info.ts';
import { schedulePod } from './schedule-pod.ts';
import type { NodeInfo, ScheduleOptions } from './types.ts';

const db = { key: 'dedicated', value: 'db', effect: 'NoSchedule' as const };

function cluster(specs: (NodeOptions & { name: string; existing?: PodOptions[] })[]): NodeInfo[] {
  return specs.map((s) => {
    const info = createNodeInfo(makeNode(s.name, s));
    (s.existing ?? []).forEach((p, i) => addPodToNodeInfo(info, makePod(`${s.name}-p${i}`, p)));
    return info;
  });
}

function opts(o: Partial<ScheduleOptions> = {}): ScheduleOptions {
  return { startNodeIndex: 0, recordDetails: false, tieBreak: () => 0, ...o };
}

describe('schedulePod: failures', () => {
  it('builds the FitError message of DOMAIN 4.1 (unresolvable everywhere: preemption not helpful)', () => {
    const nodes = cluster([{ name: 'node-1', cpu: '1' }, { name: 'node-2', taints: [db] }, { name: 'node-3', taints: [db] }]);
    const plan = schedulePod(makePod('web', { cpu: '2' }), nodes, opts());
    expect(plan.selected).toBeUndefined();
    expect(plan.message).toBe('0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {dedicated: db}. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
    expect(plan.evaluatedNodes).toBe(3);
    expect(plan.feasibleNodes).toEqual([]);
    expect(plan.filterResults.map((r) => [r.node, r.plugin, r.code])).toEqual([
      ['node-1', 'NodeResourcesFit', 'UnschedulableAndUnresolvable'],
      ['node-2', 'TaintToleration', 'UnschedulableAndUnresolvable'],
      ['node-3', 'TaintToleration', 'UnschedulableAndUnresolvable'],
    ]);
  });

  it('says "No preemption victims found" for resolvable failures without lower-priority pods', () => {
    const nodes = cluster([{ name: 'node-1', cpu: '2', existing: [{ cpu: '1500m' }] }]);
    const plan = schedulePod(makePod('web', { cpu: '1' }), nodes, opts());
    expect(plan.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.');
  });

  it('reports preemptionPolicy=Never', () => {
    const nodes = cluster([{ name: 'node-1', cpu: '1' }]);
    const plan = schedulePod(makePod('web', { cpu: '2', spec: { preemptionPolicy: 'Never' } }), nodes, opts());
    expect(plan.message).toBe('0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.');
  });

  it('omits the preemption part when preemption is off, and says so when there are no nodes', () => {
    const full = cluster([{ name: 'node-1', pods: 1, existing: [{}] }]);
    expect(schedulePod(makePod('web'), full, opts({ preemption: false })).message).toBe('0/1 nodes are available: 1 Too many pods.');
    expect(schedulePod(makePod('web'), [], opts()).message).toBe('no nodes available to schedule pods');
  });

  it('names the narrowing plugin for nodes a PreFilter excluded', () => {
    const nodes = cluster([{ name: 'n1' }, { name: 'n2', cpu: '1' }, { name: 'n3' }]);
    const pod = makePod('web', { cpu: '2', affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] }] } } } });
    const plan = schedulePod(pod, nodes, opts());
    expect(plan.evaluatedNodes).toBe(1);
    expect(plan.message).toBe("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.");
  });

  it('prints a PreFilter rejection instead of per-node reasons', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const pod = makePod('web', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] },
      { key: 'metadata.name', operator: 'In', values: ['b'] },
    ] }] } } } });
    const plan = schedulePod(pod, nodes, opts({ startNodeIndex: 2 }));
    expect(plan.evaluatedNodes).toBe(0);
    expect(plan.nextStartNodeIndex).toBe(2);
    expect(plan.message).toBe('0/3 nodes are available: pod affinity terms conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  });

  it('keeps at most 100 rejections without details', () => {
    const nodes = cluster(Array.from({ length: 150 }, (_, i) => ({ name: `n${i}`, taints: [db] })));
    const plan = schedulePod(makePod('web'), nodes, opts({ preemption: false }));
    expect(plan.evaluatedNodes).toBe(150);
    expect(plan.filterResults).toHaveLength(100);
    expect(plan.message).toBe('0/150 nodes are available: 150 node(s) had untolerated taint {dedicated: db}.');
  });
});

describe('schedulePod: the Filter scan', () => {
  it('starts at startNodeIndex, wraps, stops at numFeasibleNodesToFind and reports where to start next', () => {
    const nodes = cluster(Array.from({ length: 200 }, (_, i) => ({ name: `n${i}`, ...(i >= 150 && i < 160 ? { taints: [db] } : {}) })));
    const plan = schedulePod(makePod('web'), nodes, opts({ startNodeIndex: 150 }));
    // 200 nodes → look for 100 feasible; n150..n159 are rejected on the way.
    expect(plan.feasibleNodes).toHaveLength(100);
    expect(plan.feasibleNodes[0]).toBe('n160');
    expect(plan.feasibleNodes.at(-1)).toBe('n59');
    expect(plan.evaluatedNodes).toBe(110);
    expect(plan.nextStartNodeIndex).toBe((150 + 110) % 200);
  });

  it('scans everything in small clusters and wraps the start index', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const plan = schedulePod(makePod('web'), nodes, opts({ startNodeIndex: 2 }));
    expect(plan.feasibleNodes).toEqual(['c', 'a', 'b']);
    expect(plan.nextStartNodeIndex).toBe(2);
  });

  it('takes a single feasible node without scoring', () => {
    const nodes = cluster([{ name: 'a', taints: [db] }, { name: 'b' }]);
    const plan = schedulePod(makePod('web', { cpu: '1' }), nodes, opts({ recordDetails: true }));
    expect(plan.selected).toBe('b');
    expect(plan.scoreResults).toEqual([]);
    expect(plan.totals).toEqual([]);
  });

  it('tries the nominated node first and takes it if it fits', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const plan = schedulePod(makePod('web', { nominatedNodeName: 'c' }), nodes, opts());
    expect(plan.selected).toBe('c');
    expect(plan.evaluatedNodes).toBe(1);
    expect(plan.nextStartNodeIndex).toBe(0);
  });
});

describe('schedulePod: scoring and selection', () => {
  it('picks the highest weighted total', () => {
    const nodes = cluster([{ name: 'busy', existing: [{ cpu: '3', memory: '6Gi' }] }, { name: 'idle' }]);
    let asked = 0;
    const plan = schedulePod(makePod('web', { cpu: '500m', memory: '512Mi' }), nodes, opts({ tieBreak: () => (asked++, 0) }));
    expect(plan.selected).toBe('idle');
    expect(asked).toBe(0);
    const [busy, idle] = plan.totals;
    expect(busy!.score).toBeLessThan(idle!.score);
  });

  it('breaks ties with opts.tieBreak among the tied nodes in evaluation order', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const calls: number[] = [];
    const plan = schedulePod(makePod('web'), nodes, opts({ startNodeIndex: 1, tieBreak: (n) => (calls.push(n), 2) }));
    expect(calls).toEqual([3]);
    // evaluation order b, c, a → index 2 is a
    expect(plan.selected).toBe('a');
  });

  it('rejects a tieBreak outside [0, n)', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }]);
    expect(() => schedulePod(makePod('web'), nodes, opts({ tieBreak: () => 2 }))).toThrow(RangeError);
  });

  it('records every Filter and Score with details, and sums normalized scores × weight', () => {
    const nodes = cluster([
      { name: 'a', taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }], labels: { disk: 'ssd' } },
      { name: 'b', existing: [{ cpu: '2', memory: '4Gi', labels: { app: 'web' } }] },
    ]);
    const pod = makePod('web', {
      cpu: '1', memory: '1Gi', labels: { app: 'web' },
      affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } }] } },
    });
    const plan = schedulePod(pod, nodes, opts({ recordDetails: true }));
    expect(plan.skippedFilterPlugins).toEqual(['NodeAffinity', 'NodePorts', 'PodTopologySpread']);
    expect(plan.filterResults.filter((r) => r.node === 'a').map((r) => `${r.plugin}:${r.code}`)).toEqual([
      'NodeUnschedulable:Success', 'NodeName:Success', 'TaintToleration:Success', 'NodeResourcesFit:Success',
    ]);
    expect(plan.skippedScorePlugins).toEqual([]);
    const score = (plugin: string, node: string) => plan.scoreResults.find((r) => r.plugin === plugin && r.node === node);
    expect(score('TaintToleration', 'a')).toMatchObject({ raw: 1, score: 0, weight: 3 });
    expect(score('TaintToleration', 'b')).toMatchObject({ raw: 0, score: 100 });
    expect(score('NodeAffinity', 'a')).toMatchObject({ raw: 10, score: 100, weight: 2 });
    expect(score('NodeAffinity', 'b')).toMatchObject({ raw: 0, score: 0 });
    expect(score('PodTopologySpread', 'b')?.raw).toBeGreaterThan(score('PodTopologySpread', 'a')?.raw ?? 99);
    for (const node of ['a', 'b']) {
      const sum = plan.scoreResults.filter((r) => r.node === node).reduce((s, r) => s + r.score * r.weight, 0);
      expect(plan.totals.find((t) => t.node === node)?.score).toBe(sum);
    }
    // a: 0·3 + 100·2 + fit + spread 100·2 + ...; b loses on taint-free but busy and crowded
    expect(plan.selected).toBe('a');
  });

  it('skips NodeAffinity, PodTopologySpread and BalancedAllocation scoring when they have nothing to say', () => {
    const nodes = cluster([{ name: 'a' }, { name: 'b' }]);
    const plan = schedulePod(makePod('web'), nodes, opts({ recordDetails: true }));
    expect(plan.skippedScorePlugins).toEqual(['NodeAffinity', 'PodTopologySpread', 'NodeResourcesBalancedAllocation']);
    expect(new Set(plan.scoreResults.map((r) => r.plugin))).toEqual(new Set(['TaintToleration', 'NodeResourcesFit', 'ImageLocality']));
  });

  it('is deterministic for the same input', () => {
    const mk = () => cluster(Array.from({ length: 20 }, (_, i) => ({ name: `n${i}`, existing: Array.from({ length: i % 4 }, () => ({ cpu: '100m', labels: { app: 'web' } })) })));
    const a = schedulePod(makePod('web', { labels: { app: 'web' } }), mk(), opts({ startNodeIndex: 7, tieBreak: (n) => n - 1 }));
    const b = schedulePod(makePod('web', { labels: { app: 'web' } }), mk(), opts({ startNodeIndex: 7, tieBreak: (n) => n - 1 }));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.totals).toHaveLength(20);
  });
});

describe('schedulePod: preemption', () => {
  it('nominates a node and names the victims when evicting lower-priority pods makes room', () => {
    const nodes = cluster([
      { name: 'a', cpu: '2', existing: [{ cpu: '2', priority: 100 }] },
      { name: 'b', cpu: '2', existing: [{ cpu: '1', priority: 5 }, { cpu: '1', priority: 1 }] },
    ]);
    const plan = schedulePod(makePod('vip', { cpu: '1', priority: 50 }), nodes, opts());
    expect(plan.message).toBe('0/2 nodes are available: 2 Insufficient cpu.');
    expect(plan.preemption?.nominatedNode).toBe('b');
    expect(plan.preemption?.victims.map((p) => p.metadata.name)).toEqual(['b-p1']);
    expect(plan.preemption?.candidates).toEqual(['b']);
  });
});

// schedule_one.go findNodesThatFitPod / handleSchedulingFailure inputs: Diagnosis.UnschedulablePlugins
// and the PostFilter result that decides the pod's nominatedNodeName.
describe('schedulePod: what the queue and the failure handler need', () => {
  it('lists the plugins that rejected the pod (the queue asks their QueueingHints)', () => {
    const nodes = cluster([{ name: 'a', cpu: '1' }, { name: 'b', taints: [db] }]);
    const plan = schedulePod(makePod('web', { cpu: '2' }), nodes, opts());
    expect(new Set(plan.unschedulablePlugins)).toEqual(new Set(['NodeResourcesFit', 'TaintToleration']));
    // preemption cannot help: the PostFilter result clears any stale nomination
    expect(plan.postFilter).toEqual({
      plugin: 'DefaultPreemption',
      code: 'Unschedulable',
      message: 'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
      nominatingInfo: { mode: 'Override', nominatedNodeName: '' },
    });
  });

  it('leaves the nomination alone when the pod may not preempt (nil PostFilterResult)', () => {
    const nodes = cluster([{ name: 'a', cpu: '1' }]);
    const plan = schedulePod(makePod('web', { cpu: '2', spec: { preemptionPolicy: 'Never' } }), nodes, opts());
    expect(plan.postFilter?.nominatingInfo).toBeUndefined();
    expect(plan.postFilter?.code).toBe('Unschedulable');
  });

  it('treats pods nominated to a node with equal or higher priority as already there', () => {
    const nodes = cluster([{ name: 'a', cpu: '2' }, { name: 'b', cpu: '2' }]);
    const nominated = makePod('vip', { cpu: '2', priority: 100, uid: 'vip' });
    const nominatedPodsForNode = (n: string) => (n === 'a' ? [nominated] : []);
    expect(schedulePod(makePod('low', { cpu: '2', priority: 0 }), nodes, opts({ nominatedPodsForNode })).selected).toBe('b');
    // a lower-priority nomination does not hold the room against a more important pod
    const lowNominated = makePod('low', { cpu: '2', priority: 0, uid: 'low' });
    const plan = schedulePod(makePod('vip', { cpu: '2', priority: 100 }), cluster([{ name: 'a', cpu: '2' }]), opts({ nominatedPodsForNode: () => [lowNominated] }));
    expect(plan.selected).toBe('a');
  });
});
