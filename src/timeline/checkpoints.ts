import { snapshotSize, worldProjection, type ProjectedState } from './projections/world.ts';

/** The projected state after the first `index` events. Never mutated once stored. */
export interface Checkpoint {
  readonly index: number;
  readonly state: ProjectedState;
}

/** When to take a checkpoint. See README.md, "Measurements", for how the defaults were chosen. */
export interface CheckpointPolicy {
  /** At least this many events between two checkpoints. */
  minInterval: number;
  /**
   * And at least `sizeFactor ×` the number of entries a checkpoint copies. This keeps the total
   * copied by all checkpoints below `events / sizeFactor` entries (appends stay linear), while
   * replay from the nearest checkpoint stays proportional to the size of the world.
   */
  sizeFactor: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { minInterval: 4096, sizeFactor: 1 };

/** Checkpoints in increasing `index`, as RaftScope's state.js keeps its `checkpoints`. */
export class CheckpointStore {
  private readonly list: Checkpoint[] = [{ index: 0, state: worldProjection.init() }];
  private lastIndex = 0;

  constructor(private readonly policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY) {}

  get count(): number {
    return this.list.length;
  }

  /** Called after each appended event with the live state; snapshots it when the policy says so. */
  maybeTake(index: number, head: ProjectedState): void {
    const since = index - this.lastIndex;
    if (since < this.policy.minInterval) return;
    if (since < this.policy.sizeFactor * snapshotSize(head)) return;
    this.list.push({ index, state: worldProjection.snapshot(head) });
    this.lastIndex = index;
  }

  /** The checkpoint with the greatest index ≤ `index`. */
  nearest(index: number): Checkpoint {
    const list = this.list;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((list[mid] as Checkpoint).index <= index) lo = mid;
      else hi = mid - 1;
    }
    return list[lo] as Checkpoint;
  }
}
