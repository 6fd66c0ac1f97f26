import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { createNodeInfo } from '../node-info.ts';
import { nodeAffinityFilter, nodeAffinityNormalize, nodeAffinityPreFilter, nodeAffinityScore } from './node-affinity.ts';

const ssdA = createNodeInfo(makeNode('ssd-a', { labels: { disk: 'ssd', zone: 'a' } }));
const hddB = createNodeInfo(makeNode('hdd-b', { labels: { disk: 'hdd', zone: 'b' } }));
const REJECT = { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] };

describe('NodeAffinity Filter', () => {
  it('applies nodeSelector', () => {
    const s = newCycleState(makePod('p', { nodeSelector: { disk: 'ssd' } }), [ssdA, hddB]);
    expect(nodeAffinityFilter(s, ssdA)).toBeNull();
    expect(nodeAffinityFilter(s, hddB)).toEqual(REJECT);
  });

  it('ANDs nodeSelector with the required terms, which are ORed', () => {
    const pod = makePod('p', {
      nodeSelector: { disk: 'ssd' },
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] },
        { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
      ] } } },
    });
    const s = newCycleState(pod, [ssdA, hddB]);
    expect(nodeAffinityFilter(s, ssdA)).toBeNull();
    expect(nodeAffinityFilter(s, hddB)).toEqual(REJECT);
  });
});

describe('NodeAffinity PreFilter', () => {
  it('skips pods without nodeSelector or required affinity', () => {
    expect(nodeAffinityPreFilter(makePod('p')).skip).toBe(true);
    expect(nodeAffinityPreFilter(makePod('p', { nodeSelector: { a: 'b' } })).skip).toBe(false);
  });

  it('narrows to the node names of metadata.name terms, or rejects conflicting ones', () => {
    const terms = (values: string[][]) => makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: values.map((v) => ({ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: v }] })),
    } } } });
    expect([...(nodeAffinityPreFilter(terms([['a', 'b'], ['c']])).nodeNames ?? [])]).toEqual(['a', 'b', 'c']);
    const conflict = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a'] },
      { key: 'metadata.name', operator: 'In', values: ['b'] },
    ] }] } } } });
    expect(nodeAffinityPreFilter(conflict).status).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict'] });
    const mixed = makePod('p', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] },
      { matchExpressions: [{ key: 'zone', operator: 'Exists' }] },
    ] } } } });
    expect(nodeAffinityPreFilter(mixed).nodeNames).toBeNull();
  });
});

describe('NodeAffinity Score', () => {
  const pod = makePod('p', { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 2, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
    { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] } },
    { weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
  ] } } });

  it('sums the weights of matching preferred terms (weight 0 ignored)', () => {
    const s = newCycleState(pod, [ssdA, hddB]);
    expect(nodeAffinityScore(s, ssdA)).toBe(7);
    expect(nodeAffinityScore(s, hddB)).toBe(5);
  });

  it('normalizes so the best node gets 100', () => {
    const scores = [7, 5, 0];
    nodeAffinityNormalize(scores);
    expect(scores).toEqual([100, 71, 0]);
    const zeros = [0, 0];
    nodeAffinityNormalize(zeros);
    expect(zeros).toEqual([0, 0]);
  });

  it('has no preferred terms to score for a plain pod (PreScore Skip)', () => {
    expect(newCycleState(makePod('p'), []).preferredAffinity).toBeNull();
  });
});
