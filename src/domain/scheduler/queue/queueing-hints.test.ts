// Hints from pkg/scheduler/framework/plugins/noderesources/fit.go (isSchedulableAfterNodeChange),
// tainttoleration/taint_toleration.go, nodeunschedulable/node_unschedulable.go and
// nodeaffinity/node_affinity.go, as 1.34 registers them with QueueingHints on.
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { fitAfterNodeChange, fitAfterPodEvent, nodeAffinityAfterNodeChange, taintAfterNodeChange, unschedulableAfterNodeChange } from './queueing-hints.ts';

const big = makePod('big', { cpu: '6', memory: '1Gi' });

describe('NodeResourcesFit hints', () => {
  it('queues for an added node the pod fits on when empty, and skips one that is too small', () => {
    expect(fitAfterNodeChange(big, undefined, makeNode('n', { cpu: '8' }))).toBe('Queue');
    expect(fitAfterNodeChange(big, undefined, makeNode('n', { cpu: '4' }))).toBe('QueueSkip');
  });

  it('queues for an update only when a resource the pod requests grew', () => {
    expect(fitAfterNodeChange(big, makeNode('n', { cpu: '6' }), makeNode('n', { cpu: '8' }))).toBe('Queue');
    expect(fitAfterNodeChange(big, makeNode('n', { cpu: '8' }), makeNode('n', { cpu: '8', labels: { a: 'b' } }))).toBe('QueueSkip');
  });

  it('queues when a bound pod is deleted, not when an unbound one is', () => {
    expect(fitAfterPodEvent(big, makePod('x', { nodeName: 'n' }), undefined)).toBe('Queue');
    expect(fitAfterPodEvent(big, makePod('x'), undefined)).toBe('QueueSkip');
  });
});

describe('node hints of TaintToleration, NodeUnschedulable and NodeAffinity', () => {
  const taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' as const };
  it('TaintToleration queues for a new or updated node without untolerated taints', () => {
    expect(taintAfterNodeChange(big, undefined, makeNode('n'))).toBe('Queue');
    expect(taintAfterNodeChange(big, undefined, makeNode('n', { taints: [taint] }))).toBe('QueueSkip');
    expect(taintAfterNodeChange(big, makeNode('n', { taints: [taint] }), makeNode('n'))).toBe('Queue');
    expect(taintAfterNodeChange(big, makeNode('n'), makeNode('n'))).toBe('QueueSkip');
  });

  it('NodeUnschedulable queues for a schedulable new node or an uncordon', () => {
    expect(unschedulableAfterNodeChange(big, undefined, makeNode('n'))).toBe('Queue');
    expect(unschedulableAfterNodeChange(big, undefined, makeNode('n', { unschedulable: true }))).toBe('QueueSkip');
    expect(unschedulableAfterNodeChange(big, makeNode('n', { unschedulable: true }), makeNode('n'))).toBe('Queue');
  });

  it('NodeAffinity queues only when the node starts to match', () => {
    const pod = makePod('p', { nodeSelector: { disk: 'ssd' } });
    expect(nodeAffinityAfterNodeChange(pod, undefined, makeNode('n', { labels: { disk: 'ssd' } }))).toBe('Queue');
    expect(nodeAffinityAfterNodeChange(pod, undefined, makeNode('n'))).toBe('QueueSkip');
    expect(nodeAffinityAfterNodeChange(pod, makeNode('n', { labels: { disk: 'ssd' } }), makeNode('n', { labels: { disk: 'ssd', x: 'y' } }))).toBe('QueueSkip');
  });
});
