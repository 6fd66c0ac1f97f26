import { describe, expect, it } from 'vitest';
import { newCycleState } from './cycle-state.ts';
import { runPreFilterPlugins } from './framework.ts';
import { makeNode, makePod, type PodOptions } from './internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from './node-info.ts';
import { computePodFacts } from './pod-facts.ts';
import { numPreemptionCandidates, pickOneNodeForPreemption, runPreemption, selectVictimsOnNode, type PreemptionCandidate } from './preemption.ts';
import type { FilterStatus, NodeInfo } from './types.ts';

function nodeWith(name: string, cpu: string, pods: (PodOptions & { name: string })[]): NodeInfo {
  const info = createNodeInfo(makeNode(name, { cpu }));
  for (const p of pods) addPodToNodeInfo(info, makePod(p.name, p));
  return info;
}

function stateFor(pod: PodOptions, nodes: NodeInfo[]) {
  const s = newCycleState(makePod('preemptor', pod), nodes);
  runPreFilterPlugins(s);
  return s;
}

describe('selectVictimsOnNode', () => {
  it('removes all lower-priority pods, then reprieves the most important ones that still leave room', () => {
    const info = nodeWith('n', '4', [
      { name: 'low1', cpu: '2', priority: 1 },
      { name: 'low2', cpu: '1', priority: 2 },
      { name: 'high', cpu: '1', priority: 100 },
    ]);
    const res = selectVictimsOnNode(stateFor({ cpu: '2', priority: 10 }, [info]), info);
    expect('victims' in res && res.victims.map((v) => v.pod.metadata.name)).toEqual(['low1']);
    // the real NodeInfo is untouched
    expect(info.pods).toHaveLength(3);
    expect(info.requested.milliCPU).toBe(4000);
  });

  it('reprieves earlier-started pods first among equal priorities', () => {
    const info = nodeWith('n', '2', [
      { name: 'late', cpu: '1', priority: 1, startTime: '2024-01-01T00:10:00Z' },
      { name: 'early', cpu: '1', priority: 1, startTime: '2024-01-01T00:00:00Z' },
    ]);
    const res = selectVictimsOnNode(stateFor({ cpu: '1', priority: 10 }, [info]), info);
    expect('victims' in res && res.victims.map((v) => v.pod.metadata.name)).toEqual(['late']);
  });

  it('explains why a node cannot be a candidate', () => {
    const noLower = nodeWith('n', '1', [{ name: 'peer', cpu: '1', priority: 10 }]);
    expect(selectVictimsOnNode(stateFor({ cpu: '1', priority: 10 }, [noLower]), noLower)).toEqual({
      status: { code: 'UnschedulableAndUnresolvable', reasons: ['No preemption victims found for incoming pod'] },
    });
    const tooSmall = nodeWith('n', '2', [{ name: 'low', cpu: '1', priority: 0 }, { name: 'high', cpu: '1', priority: 100 }]);
    expect(selectVictimsOnNode(stateFor({ cpu: '2', priority: 10 }, [tooSmall]), tooSmall)).toEqual({
      status: { code: 'Unschedulable', reasons: ['Insufficient cpu'] },
    });
  });
});

describe('pickOneNodeForPreemption', () => {
  const victim = (priority: number, startTime?: string) => {
    const pod = makePod(`v${priority}-${startTime ?? ''}`, { priority, ...(startTime ? { startTime } : {}) });
    return { pod, facts: computePodFacts(pod) };
  };
  const cand = (node: string, victims: ReturnType<typeof victim>[], numPDBViolations = 0): PreemptionCandidate => ({ node, victims, numPDBViolations });

  it('prefers fewer PDB violations, then the lowest top victim priority', () => {
    expect(pickOneNodeForPreemption([cand('a', [victim(1)], 1), cand('b', [victim(5)])])?.node).toBe('b');
    expect(pickOneNodeForPreemption([cand('a', [victim(5)]), cand('b', [victim(3), victim(3)])])?.node).toBe('b');
  });

  it('then the smallest priority sum, then the fewest victims', () => {
    expect(pickOneNodeForPreemption([cand('a', [victim(5), victim(4)]), cand('b', [victim(5), victim(1)])])?.node).toBe('b');
    expect(pickOneNodeForPreemption([cand('a', [victim(0), victim(0)]), cand('b', [victim(0)])])?.node).toBe('b');
  });

  it('then the latest start of the top-priority victims, then the first', () => {
    expect(pickOneNodeForPreemption([cand('a', [victim(5, '2024-01-01T00:00:00Z')]), cand('b', [victim(5, '2024-01-01T01:00:00Z')])])?.node).toBe('b');
    expect(pickOneNodeForPreemption([cand('a', [victim(5)]), cand('b', [victim(5)])])?.node).toBe('a');
  });

  it('sizes the dry run as max(10 %, 100) capped at all nodes', () => {
    expect(numPreemptionCandidates(50)).toBe(50);
    expect(numPreemptionCandidates(1000)).toBe(100);
    expect(numPreemptionCandidates(5000)).toBe(500);
  });
});

describe('runPreemption', () => {
  it('only dry-runs nodes whose Filter status was Unschedulable, from a random offset', () => {
    const a = nodeWith('a', '1', [{ name: 'a-low', cpu: '1', priority: 0 }]);
    const b = nodeWith('b', '1', [{ name: 'b-low', cpu: '1', priority: 0 }]);
    const c = nodeWith('c', '1', []);
    const statuses = new Map<string, FilterStatus>([
      ['a', { code: 'Unschedulable', reasons: ['Insufficient cpu'] }],
      ['b', { code: 'Unschedulable', reasons: ['Insufficient cpu'] }],
      ['c', { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {x: }'] }],
    ]);
    const offsets: number[] = [];
    const out = runPreemption(stateFor({ cpu: '1', priority: 10 }, [a, b, c]), statuses, (n) => (offsets.push(n), 1));
    expect(offsets).toEqual([2]);
    expect(out.message).toBe('');
    expect(out.plan?.candidates).toEqual(['b', 'a']);
    expect(out.plan?.nominatedNode).toBe('b');
  });

  it('refuses while a lower-priority victim is still terminating on the nominated node', () => {
    const info = createNodeInfo(makeNode('a', { cpu: '1' }));
    const victim = makePod('victim', { cpu: '1', priority: 0, deletionTimestamp: '2024-01-01T00:00:00Z' });
    victim.status = { ...victim.status, conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] };
    addPodToNodeInfo(info, victim);
    const s = stateFor({ cpu: '1', priority: 10, nominatedNodeName: 'a' }, [info]);
    const out = runPreemption(s, new Map([['a', { code: 'Unschedulable', reasons: ['Insufficient cpu'] }]]), () => 0);
    expect(out.message).toBe('preemption: not eligible due to a terminating pod on the nominated node.');
  });
});

// default_preemption.go PodEligibleToPreemptOthers: a nominated node without an explicit Filter
// status reads as NodeToStatus's default (UnschedulableAndUnresolvable), so the pod may preempt.
describe('preemption eligibility with a nominated node', () => {
  it('refuses while a lower-priority victim terminates on the nominated node it failed on', () => {
    const terminating = makePod('victim', {
      cpu: '2', priority: 0, nodeName: 'n', deletionTimestamp: '2026-01-01T09:00:30Z',
    });
    terminating.status = { phase: 'Running', conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] };
    const info = createNodeInfo(makeNode('n', { cpu: '2' }));
    addPodToNodeInfo(info, terminating);
    const s = stateFor({ cpu: '2', priority: 10, nominatedNodeName: 'n' }, [info]);
    const unschedulable: FilterStatus = { code: 'Unschedulable', reasons: ['Insufficient cpu'] };
    expect(runPreemption(s, new Map([['n', unschedulable]]), () => 0).message).toBe('preemption: not eligible due to a terminating pod on the nominated node.');
    // no explicit status for the nominated node: eligible again
    expect(runPreemption(s, new Map(), () => 0).message).toBe('preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  });
});
