/** SlowStartInitialBatchSize (pkg/controller/controller_utils.go). */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
/** BurstReplicas: the most pods a ReplicaSet creates or deletes in one sync. */
export const BURST_REPLICAS = 500;

/**
 * The batch sizes of slowStartBatch: 1, 2, 4, 8… (each twice the last), the last one trimmed so
 * they sum to `total`. The ReplicaSet controller creates pods batch by batch and stops after
 * the first batch with a failure, so a broken template fails once, not 500 times.
 */
export function slowStartBatches(total: number, initialBatchSize: number = SLOW_START_INITIAL_BATCH_SIZE): number[] {
  const batches: number[] = [];
  let remaining = Math.max(0, Math.trunc(total));
  let batchSize = Math.min(remaining, Math.trunc(initialBatchSize));
  while (batchSize > 0) {
    batches.push(batchSize);
    remaining -= batchSize;
    batchSize = Math.min(2 * batchSize, remaining);
  }
  return batches;
}
