import { MinHeap } from '../../base/pqueue.ts';
import type { Micros } from '../../base/time.ts';

/** Something the simulation will do at time `t`. */
export interface ScheduledItem {
  t: Micros;
  /** Global order of scheduling: ties at the same `t` run first-scheduled first. */
  seq: number;
  run: () => void;
  /**
   * Background items (periodic tickers, heartbeats) do not keep the cluster from being
   * "settled": `until: settled` stops when only background items remain.
   */
  background: boolean;
  cancelled: boolean;
  label: string;
}

/** The discrete-event queue, ordered by (t, seq). */
export class EventQueue {
  private readonly heap = new MinHeap<ScheduledItem>((a, b) => (a.t === b.t ? a.seq < b.seq : a.t < b.t));
  private nextSeq = 0;
  private foreground = 0;

  schedule(t: Micros, run: () => void, opts: { background?: boolean; label?: string } = {}): ScheduledItem {
    const item: ScheduledItem = {
      t,
      seq: this.nextSeq++,
      run,
      background: opts.background ?? false,
      cancelled: false,
      label: opts.label ?? '',
    };
    if (!item.background) this.foreground++;
    this.heap.push(item);
    return item;
  }

  cancel(item: ScheduledItem): void {
    if (item.cancelled) return;
    item.cancelled = true;
    if (!item.background) this.foreground--;
  }

  /** The next live item, without removing it. */
  peek(): ScheduledItem | undefined {
    this.dropCancelled();
    return this.heap.peek();
  }

  pop(): ScheduledItem | undefined {
    this.dropCancelled();
    const item = this.heap.pop();
    if (item && !item.background) this.foreground--;
    return item;
  }

  /** True when nothing but background work is pending. */
  get settled(): boolean {
    return this.foreground === 0;
  }

  get size(): number {
    return this.heap.size;
  }

  private dropCancelled(): void {
    for (let top = this.heap.peek(); top && top.cancelled; top = this.heap.peek()) this.heap.pop();
  }
}
