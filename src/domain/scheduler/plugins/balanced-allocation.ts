/**
 * NodeResourcesBalancedAllocation (plugins/noderesources/balanced_allocation.go): favours nodes
 * whose cpu and memory would be used in equal shares after placing the pod. Fractions are
 * requested/allocatable capped at 1; with two resources std = |a − b| / 2, with more the
 * population standard deviation; score = ⌊(1 − std)·100⌋. Uses actual requests
 * (useRequested=true). PreScore returns Skip for BestEffort pods (no cpu or memory request),
 * so they do not all pile onto one node (kubernetes#129138).
 */
import type { CycleState } from '../cycle-state.ts';
import { MAX_NODE_SCORE } from '../normalize.ts';
import type { NodeInfo } from '../types.ts';

export const NODE_RESOURCES_BALANCED_ALLOCATION = 'NodeResourcesBalancedAllocation';

/** PreScore: false (Skip) for a pod that requests neither cpu nor memory. */
export function balancedAllocationPreScore(state: CycleState): boolean {
  return state.facts.requests.milliCPU !== 0 || state.facts.requests.memory !== 0;
}

/** balancedResourceScorer, float64 operations in upstream's order so results match bit for bit. */
export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    const alloc = allocatable[i] as number;
    if (alloc === 0) continue;
    let f = (requested[i] as number) / alloc;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Score for cpu and memory; the two-resource case of balancedResourceScore, without allocating. */
export function balancedAllocationScore(state: CycleState, info: NodeInfo): number {
  let n = 0;
  let f0 = 0;
  let f1 = 0;
  const allocCPU = info.allocatable.milliCPU;
  if (allocCPU !== 0) {
    f0 = Math.min((info.requested.milliCPU + state.facts.requests.milliCPU) / allocCPU, 1);
    n++;
  }
  const allocMem = info.allocatable.memory;
  if (allocMem !== 0) {
    const f = Math.min((info.requested.memory + state.facts.requests.memory) / allocMem, 1);
    if (n === 0) f0 = f;
    else f1 = f;
    n++;
  }
  const std = n === 2 ? Math.abs((f0 - f1) / 2) : 0;
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** Scores every node into `out` (one loop per plugin keeps the call site monomorphic). */
export function balancedAllocationScoreAll(state: CycleState, nodes: readonly NodeInfo[], out: number[]): void {
  for (let j = 0; j < nodes.length; j++) out[j] = balancedAllocationScore(state, nodes[j] as NodeInfo);
}
