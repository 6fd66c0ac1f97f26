/**
 * schedule_one.go numFeasibleNodesToFind: how many feasible nodes Filter looks for before it
 * stops. Small clusters (< 100 nodes) are searched fully; otherwise the configured
 * percentageOfNodesToScore, or adaptively 50 − N/125 percent (at least 5 %), but never fewer
 * than 100 nodes.
 */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** 1000 nodes → 420, 5000 → 500, 6000 → 300; fewer than 100 → all of them. */
export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore?: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = Math.trunc(percentageOfNodesToScore ?? 0);
  if (percentage >= 100) return numAllNodes;
  if (percentage <= 0) {
    // Go's int32 division truncates.
    percentage = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
