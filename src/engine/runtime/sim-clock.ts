import type { Micros } from '../../base/time.ts';
import type { EventQueue, ScheduledItem } from './event-queue.ts';

/**
 * The simulated clock handed to xstate machines. It has the shape of xstate's `Clock`
 * (a set-timeout / clear-timeout pair), but schedules onto the simulation's event
 * queue, so a machine's `after: { 1000: … }` fires at simulated +1 s, never on the wall clock.
 */
export class SimClock {
  private nextId = 1;
  private readonly timers = new Map<number, ScheduledItem>();

  constructor(
    private readonly queue: EventQueue,
    private readonly nowFn: () => Micros,
  ) {}

  now(): Micros {
    return this.nowFn();
  }

  setTimeout(fn: () => void, ms: number, opts: { background?: boolean } = {}): number { // allow-ambient: schedules on the simulated queue
    const id = this.nextId++;
    const item = this.queue.schedule(this.nowFn() + Math.round(ms * 1000), () => {
      this.timers.delete(id);
      fn();
    }, { background: opts.background ?? false, label: 'timer' });
    this.timers.set(id, item);
    return id;
  }

  clearTimeout(id: number): void {
    const item = this.timers.get(id);
    if (!item) return;
    this.queue.cancel(item);
    this.timers.delete(id);
  }
}
