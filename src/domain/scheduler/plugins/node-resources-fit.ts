/**
 * NodeResourcesFit (plugins/noderesources/fit.go, least_allocated.go, resource_allocation.go).
 *
 * Filter (fitsRequest): one more pod must fit `allocatable.pods` ("Too many pods"); then every
 * resource the pod requests must fit `allocatable − Σ requested` (equality fits). The code is
 * UnschedulableAndUnresolvable when the request alone exceeds allocatable (no preemption could
 * help), Unschedulable otherwise. All reasons are kept, in upstream's order.
 *
 * Score, LeastAllocated with cpu:1 memory:1: per resource ⌊(alloc − req)·100 / alloc⌋ (0 when
 * req > alloc), then the weighted integer mean. `req` counts 100m / 200Mi for every container
 * that requests nothing, on the node and for the incoming pod (NonZeroRequested,
 * useRequested=false), so a node full of BestEffort pods does not look empty.
 */
import type { CycleState } from '../cycle-state.ts';
import { MAX_NODE_SCORE } from '../normalize.ts';
import type { FilterStatus, NodeInfo } from '../types.ts';

export const NODE_RESOURCES_FIT = 'NodeResourcesFit';

/** Scoring resources and weights of the default LeastAllocated strategy. */
export const LEAST_ALLOCATED_RESOURCES: readonly { name: 'cpu' | 'memory'; weight: number }[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

export function nodeResourcesFitFilter(state: CycleState, info: NodeInfo): FilterStatus | null {
  const req = state.facts.requests;
  const alloc = info.allocatable;
  const used = info.requested;
  let reasons: string[] | null = null;
  let unresolvable = false;
  if (info.pods.length + 1 > alloc.pods) reasons = ['Too many pods'];
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar === null) {
    return reasons ? { code: 'Unschedulable', reasons } : null;
  }
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) {
    (reasons ??= []).push('Insufficient cpu');
    if (req.milliCPU > alloc.milliCPU) unresolvable = true;
  }
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
    (reasons ??= []).push('Insufficient memory');
    if (req.memory > alloc.memory) unresolvable = true;
  }
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
    (reasons ??= []).push('Insufficient ephemeral-storage');
    if (req.ephemeralStorage > alloc.ephemeralStorage) unresolvable = true;
  }
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      const allocatable = alloc.scalar.get(name) ?? 0;
      if (q > allocatable - (used.scalar.get(name) ?? 0)) {
        (reasons ??= []).push(`Insufficient ${name}`);
        if (q > allocatable) unresolvable = true;
      }
    }
  }
  if (!reasons) return null;
  return { code: unresolvable ? 'UnschedulableAndUnresolvable' : 'Unschedulable', reasons };
}

/** leastRequestedScore: the free share of one resource after placing the pod, 0..100. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** Score: LeastAllocated over cpu and memory. Resources the node has none of are left out. */
export function nodeResourcesFitScore(state: CycleState, info: NodeInfo): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (const r of LEAST_ALLOCATED_RESOURCES) {
    const alloc = r.name === 'cpu' ? info.allocatable.milliCPU : info.allocatable.memory;
    if (alloc === 0) continue;
    const req = r.name === 'cpu'
      ? info.nonZeroRequested.milliCPU + state.podNonZero.milliCPU
      : info.nonZeroRequested.memory + state.podNonZero.memory;
    nodeScore += leastRequestedScore(req, alloc) * r.weight;
    weightSum += r.weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function nodeResourcesFitScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = nodeResourcesFitScore(state, nodes[j] as NodeInfo);
}
