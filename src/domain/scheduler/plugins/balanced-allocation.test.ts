import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from '../node-info.ts';
import { balancedAllocationPreScore, balancedAllocationScore, balancedResourceScore } from './balanced-allocation.ts';

describe('NodeResourcesBalancedAllocation', () => {
  it('balanced_allocation_test "differently sized nodes": 87 and 100', () => {
    const n1 = createNodeInfo(makeNode('n1', { cpu: '4000m', memory: '10000' }));
    const n2 = createNodeInfo(makeNode('n2', { cpu: '6000m', memory: '10000' }));
    const s = newCycleState(makePod('p', { cpu: '3000m', memory: '5000' }), [n1, n2]);
    // n1: cpu 0.75, memory 0.5 → std 0.125 → 87; n2: 0.5 and 0.5 → 100
    expect(balancedAllocationScore(s, n1)).toBe(87);
    expect(balancedAllocationScore(s, n2)).toBe(100);
  });

  it('adds the requests already on the node (actual requests, no defaults)', () => {
    const n = createNodeInfo(makeNode('n', { cpu: '4', memory: '4Gi' }));
    addPodToNodeInfo(n, makePod('e', { cpu: '2' }));
    addPodToNodeInfo(n, makePod('none'));
    const s = newCycleState(makePod('p', { cpu: '1', memory: '1Gi' }), [n]);
    // cpu 3/4 = 0.75, memory 1/4 = 0.25 → std 0.25 → 75
    expect(balancedAllocationScore(s, n)).toBe(75);
  });

  it('caps fractions at 1 and uses the population std for more than two resources', () => {
    expect(balancedResourceScore([6000, 5000], [4000, 10000])).toBe(75);
    // fractions 0.2, 0.5, 0.8: mean 0.5, std √0.06 ≈ 0.2449 → 75
    expect(balancedResourceScore([2, 5, 8], [10, 10, 10])).toBe(75);
    expect(balancedResourceScore([1, 1], [0, 4])).toBe(100);
  });

  it('skips BestEffort pods at PreScore', () => {
    expect(balancedAllocationPreScore(newCycleState(makePod('p'), []))).toBe(false);
    expect(balancedAllocationPreScore(newCycleState(makePod('p', { memory: '1Mi' }), []))).toBe(true);
  });
});
