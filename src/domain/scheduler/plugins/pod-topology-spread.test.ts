import { describe, expect, it } from 'vitest';
import { createRng } from '../../../base/rng.ts';
import { compileLabelSelector } from '../internal/selectors.ts';
import { newCycleState } from '../cycle-state.ts';
import { runPreFilterPlugins } from '../framework.ts';
import { makeNode, makePod, type NodeOptions } from '../internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo, removePodFromNodeInfo } from '../node-info.ts';
import type { NodeInfo } from '../types.ts';
import {
  buildSpreadConstraints,
  countMatchingPods,
  podTopologySpreadFilter,
  podTopologySpreadNormalize,
  podTopologySpreadPreScore,
  podTopologySpreadScore,
  scoreForCount,
  topologyNormalizingWeight,
} from './pod-topology-spread.ts';

const web = { app: 'web', 'pod-template-hash': 'abc' };

function nodeWith(name: string, webPods: number, o: NodeOptions = {}, otherLabels?: Record<string, string>): NodeInfo {
  const info = createNodeInfo(makeNode(name, o));
  for (let i = 0; i < webPods; i++) addPodToNodeInfo(info, makePod(`${name}-w${i}`, { labels: { ...web, ...(otherLabels ?? {}) } }));
  return info;
}

function scoreAll(podLabels: Record<string, string> | undefined, feasible: NodeInfo[], all: NodeInfo[] = feasible) {
  const s = newCycleState(makePod('incoming', podLabels ? { labels: podLabels } : {}), all);
  s.spreadScore = podTopologySpreadPreScore(s, feasible);
  const raw = feasible.map((n) => podTopologySpreadScore(s, n));
  const normalized = [...raw];
  podTopologySpreadNormalize(s, normalized, feasible);
  return { state: s, raw, normalized };
}

describe('system default constraints', () => {
  it('are hostname maxSkew 3 and zone maxSkew 5, built from the pod labels', () => {
    const cs = buildSpreadConstraints(makePod('p', { labels: web }), 'ScheduleAnyway');
    expect(cs.map((c) => [c.topologyKey, c.maxSkew])).toEqual([['kubernetes.io/hostname', 3], ['topology.kubernetes.io/zone', 5]]);
    expect(buildSpreadConstraints(makePod('p', { labels: web }), 'DoNotSchedule')).toEqual([]);
    expect(buildSpreadConstraints(makePod('p'), 'ScheduleAnyway')).toEqual([]);
  });

  it('score = cnt·ln(nodes+2) + maxSkew − 1 per node, normalized so the emptiest node gets 100', () => {
    const nodes = [nodeWith('n1', 2), nodeWith('n2', 1), nodeWith('n3', 0)];
    const { raw, normalized } = scoreAll(web, nodes);
    const w = topologyNormalizingWeight(3); // ln 5
    expect(raw).toEqual([Math.round(scoreForCount(2, 3, w)), Math.round(scoreForCount(1, 3, w)), 2]);
    expect(raw).toEqual([5, 4, 2]);
    // 100·(max + min − s)/max with max 5, min 2
    expect(normalized).toEqual([40, 60, 100]);
  });

  it('counts only pods of the same namespace whose labels include all the pod labels, not terminating ones', () => {
    const n1 = createNodeInfo(makeNode('n1'));
    addPodToNodeInfo(n1, makePod('same', { labels: { ...web, extra: 'x' } }));
    addPodToNodeInfo(n1, makePod('other-ns', { labels: web, namespace: 'other' }));
    addPodToNodeInfo(n1, makePod('other-hash', { labels: { app: 'web', 'pod-template-hash': 'zzz' } }));
    addPodToNodeInfo(n1, makePod('leaving', { labels: web, deletionTimestamp: '2024-01-01T00:00:00Z' }));
    const n2 = createNodeInfo(makeNode('n2'));
    const { raw } = scoreAll(web, [n1, n2]);
    expect(raw[0]).toBe(Math.round(1 * Math.log(4) + 2));
    expect(raw[1]).toBe(2);
  });

  it('skips pods without labels, and gives nodes without a hostname label no hostname credit', () => {
    const s = newCycleState(makePod('p'), []);
    expect(podTopologySpreadPreScore(s, [])).toBeNull();
    const bare = nodeWith('bare', 3, { hostnameLabel: false });
    const other = nodeWith('other', 0);
    const { raw } = scoreAll(web, [bare, other]);
    expect(raw).toEqual([0, 2]);
  });

  it('counts zone matches over all nodes, including ones that were not feasible', () => {
    const a1 = nodeWith('a1', 1, { labels: { 'topology.kubernetes.io/zone': 'a' } });
    const a2 = nodeWith('a2', 4, { labels: { 'topology.kubernetes.io/zone': 'a' } }); // not feasible
    const b1 = nodeWith('b1', 1, { labels: { 'topology.kubernetes.io/zone': 'b' } });
    const { state, raw } = scoreAll(web, [a1, b1], [a1, a2, b1]);
    expect(state.spreadScore?.counts[1]).toEqual(new Map([['a', 5], ['b', 1]]));
    const wHost = Math.log(4);
    const wZone = Math.log(4); // two zones among the feasible nodes
    expect(raw).toEqual([
      Math.round(1 * wHost + 2 + 5 * wZone + 4),
      Math.round(1 * wHost + 2 + 1 * wZone + 4),
    ]);
  });

  it('gives 100 to every node when no node has matching pods', () => {
    const { normalized } = scoreAll(web, [nodeWith('n1', 0), nodeWith('n2', 0)]);
    // raw is maxSkew−1 = 2 everywhere: max + min − s = max
    expect(normalized).toEqual([100, 100]);
  });
});

describe('explicit constraints', () => {
  const zoneConstraint = (whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway', maxSkew = 1) => ({
    topologySpreadConstraints: [{ maxSkew, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } } }],
  });

  it('DoNotSchedule rejects nodes whose domain would exceed maxSkew, and nodes without the key', () => {
    const a = nodeWith('a', 2, { labels: { 'topology.kubernetes.io/zone': 'a' } });
    const b = nodeWith('b', 1, { labels: { 'topology.kubernetes.io/zone': 'b' } });
    const none = nodeWith('none', 0);
    const s = newCycleState(makePod('p', { labels: { app: 'web' }, spec: zoneConstraint('DoNotSchedule') }), [a, b, none]);
    runPreFilterPlugins(s);
    // a: 2 + 1 − 1 = 2 > 1; b: 1 + 1 − 1 = 1
    expect(podTopologySpreadFilter(s, a)).toEqual({ code: 'Unschedulable', reasons: ["node(s) didn't match pod topology spread constraints"] });
    expect(podTopologySpreadFilter(s, b)).toBeNull();
    expect(podTopologySpreadFilter(s, none)).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"],
    });
  });

  it('minDomains above the number of domains makes the global minimum 0', () => {
    const a = nodeWith('a', 1, { labels: { 'topology.kubernetes.io/zone': 'a' } });
    const spec = { topologySpreadConstraints: [{ maxSkew: 1, minDomains: 3, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] };
    const s = newCycleState(makePod('p', { labels: { app: 'web' }, spec }), [a]);
    runPreFilterPlugins(s);
    // 1 + 1 − 0 = 2 > 1
    expect(podTopologySpreadFilter(s, a)?.code).toBe('Unschedulable');
  });

  it('ScheduleAnyway constraints replace the defaults and ignore nodes missing a key', () => {
    const a = nodeWith('a', 2, { labels: { 'topology.kubernetes.io/zone': 'a' } });
    const b = nodeWith('b', 0, { labels: { 'topology.kubernetes.io/zone': 'b' } });
    const none = nodeWith('none', 0);
    const s = newCycleState(makePod('p', { labels: { app: 'web' }, spec: zoneConstraint('ScheduleAnyway') }), [a, b, none]);
    s.spreadScore = podTopologySpreadPreScore(s, [a, b, none]);
    expect(s.spreadScore?.ignored).toEqual(new Set(['none']));
    const raw = [a, b, none].map((n) => podTopologySpreadScore(s, n));
    expect(raw).toEqual([Math.round(2 * Math.log(4)), 0, 0]);
    podTopologySpreadNormalize(s, raw, [a, b, none]);
    expect(raw).toEqual([0, 100, 0]);
  });
});

describe('countMatchingPods', () => {
  it('equals a plain scan of the pods, through the pair index and the memos', () => {
    const rng = createRng(3);
    const values = ['a', 'b'];
    const info = createNodeInfo(makeNode('n'));
    const live: ReturnType<typeof makePod>[] = [];
    const randomLabels = () => {
      const l: Record<string, string> = {};
      for (const k of ['app', 'tier', 'hash']) if (rng.next() < 0.7) l[k] = values[rng.int(2)] as string;
      return l;
    };
    for (let step = 0; step < 300; step++) {
      if (live.length > 0 && rng.next() < 0.3) {
        const [gone] = live.splice(rng.int(live.length), 1);
        if (gone) removePodFromNodeInfo(info, gone);
      } else {
        const pod = makePod(`p${step}`, { labels: randomLabels(), namespace: rng.next() < 0.8 ? 'default' : 'other', ...(rng.next() < 0.1 ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) });
        addPodToNodeInfo(info, pod);
        live.push(pod);
      }
      const incoming = makePod('x', { labels: randomLabels() });
      const explicit = rng.next() < 0.5;
      const selectorSpec = { matchLabels: { app: values[rng.int(2)] as string }, matchExpressions: [{ key: 'tier', operator: 'NotIn' as const, values: ['b'] }] };
      const pod = explicit
        ? makePod('x', { labels: incoming.metadata.labels ?? {}, spec: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selectorSpec }] } })
        : incoming;
      const [c] = buildSpreadConstraints(pod, 'ScheduleAnyway');
      if (!c) continue;
      const sel = explicit ? compileLabelSelector(selectorSpec) : compileLabelSelector({ matchLabels: incoming.metadata.labels ?? {} });
      const expected = Object.keys(incoming.metadata.labels ?? {}).length === 0 && !explicit
        ? 0
        : info.pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.namespace === 'default' && sel.matches(p.metadata.labels)).length;
      expect(countMatchingPods(info, 'default', c)).toBe(expected);
    }
  });
});
