import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod, type NodeOptions, type PodOptions } from '../internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from '../node-info.ts';
import type { NodeInfo } from '../types.ts';
import { leastRequestedScore, nodeResourcesFitFilter, nodeResourcesFitScore } from './node-resources-fit.ts';

function node(o: NodeOptions, existing: PodOptions[] = []): NodeInfo {
  const info = createNodeInfo(makeNode('n', o));
  existing.forEach((p, i) => addPodToNodeInfo(info, makePod(`e${i}`, p)));
  return info;
}

function filter(info: NodeInfo, pod: PodOptions) {
  return nodeResourcesFitFilter(newCycleState(makePod('p', pod), [info]), info);
}

describe('NodeResourcesFit Filter', () => {
  it('fits when request equals what is left', () => {
    expect(filter(node({ cpu: '4', memory: '8Gi' }, [{ cpu: '3', memory: '4Gi' }]), { cpu: '1', memory: '4Gi' })).toBeNull();
  });

  it('reports Insufficient cpu / memory, Unschedulable while the node could hold the pod', () => {
    expect(filter(node({ cpu: '4', memory: '8Gi' }, [{ cpu: '3', memory: '7Gi' }]), { cpu: '2', memory: '2Gi' })).toEqual({
      code: 'Unschedulable',
      reasons: ['Insufficient cpu', 'Insufficient memory'],
    });
  });

  it('is UnschedulableAndUnresolvable when the request alone exceeds allocatable', () => {
    expect(filter(node({ cpu: '4' }), { cpu: '5' })).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient cpu'] });
  });

  it('reports Too many pods even for pods without requests', () => {
    expect(filter(node({ pods: 1 }, [{}]), {})).toEqual({ code: 'Unschedulable', reasons: ['Too many pods'] });
    expect(filter(node({ pods: 2 }, [{}]), {})).toBeNull();
  });

  it('checks extended resources by name', () => {
    const info = node({ extra: { 'nvidia.com/gpu': '1' } }, [{ requests: { 'nvidia.com/gpu': '1' } }]);
    expect(filter(info, { requests: { 'nvidia.com/gpu': '1' } })).toEqual({ code: 'Unschedulable', reasons: ['Insufficient nvidia.com/gpu'] });
    expect(filter(node({}), { requests: { 'nvidia.com/gpu': '1' } })).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['Insufficient nvidia.com/gpu'] });
  });
});

describe('LeastAllocated (NodeResourcesFit Score)', () => {
  it('scores the free share per resource', () => {
    expect(leastRequestedScore(3000, 4000)).toBe(25);
    expect(leastRequestedScore(0, 4000)).toBe(100);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(leastRequestedScore(1, 0)).toBe(0);
  });

  it('least_allocated_test "nothing scheduled, resources requested, differently sized nodes": 37 and 50', () => {
    const n1 = node({ cpu: '4000m', memory: '10000' });
    const n2 = node({ cpu: '6000m', memory: '10000' });
    const s = newCycleState(makePod('p', { cpu: '3000m', memory: '5000' }), [n1, n2]);
    // cpu (4000−3000)·100/4000 = 25, memory 50 → 37; cpu 50, memory 50 → 50
    expect(nodeResourcesFitScore(s, n1)).toBe(37);
    expect(nodeResourcesFitScore(s, n2)).toBe(50);
  });

  it('least_allocated_test "no resources requested, pods scheduled with resources": 70 and 57', () => {
    const n1 = node({ cpu: '10', memory: '20000' }, [{ cpu: '3', memory: '0' }, { cpu: '3', memory: '0' }]);
    const n2 = node({ cpu: '10', memory: '20000' }, [{ cpu: '3', memory: '0' }, { cpu: '3', memory: '5000' }]);
    const s = newCycleState(makePod('p', { containers: [] }), [n1, n2]);
    expect(nodeResourcesFitScore(s, n1)).toBe(70);
    expect(nodeResourcesFitScore(s, n2)).toBe(57);
  });

  it('least_allocated_test "requested resources exceed node capacity": 50 and 25', () => {
    const n1 = node({ cpu: '4', memory: '10000' }, [{ cpu: '3', memory: '0' }]);
    const n2 = node({ cpu: '4', memory: '10000' }, [{ cpu: '3', memory: '5000' }]);
    const s = newCycleState(makePod('p', { cpu: '3', memory: '0' }), [n1, n2]);
    expect(nodeResourcesFitScore(s, n1)).toBe(50);
    expect(nodeResourcesFitScore(s, n2)).toBe(25);
  });

  it('counts 100m / 200Mi for containers that request nothing, on the node and for the pod', () => {
    const n = node({ cpu: '1', memory: '1000Mi' }, [{}, {}]);
    const s = newCycleState(makePod('p'), [n]);
    // cpu: (1000 − 300)·100/1000 = 70; memory: (1000 − 600)·100/1000 = 40 → 55
    expect(nodeResourcesFitScore(s, n)).toBe(55);
  });

  it('gives 100 to an empty node for a pod without containers (nothing requested)', () => {
    const n = node({ cpu: '4', memory: '10000' });
    expect(nodeResourcesFitScore(newCycleState(makePod('p', { containers: [] }), [n]), n)).toBe(100);
  });
});
