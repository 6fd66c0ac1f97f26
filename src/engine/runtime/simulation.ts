import type { Micros } from '../../base/time.ts';
import { createRng, type Rng } from '../../base/rng.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { EventQueue, type ScheduledItem } from './event-queue.ts';
import { MachineInstance, type MachineIdentity } from './machine-host.ts';
import { Network } from './network.ts';
import { Recorder } from './recorder.ts';
import { SimClock } from './sim-clock.ts';
import type { AnyStateMachine, EventObject } from 'xstate';

export interface SimulationOptions {
  seed: number;
  timeOrigin: string;
  keepEvents?: boolean;
  sink?: (ev: TraceEvent) => void;
}

/**
 * The discrete-event runtime: a queue ordered by (t, seq), the simulated clock, the network,
 * the recorder and the seeded RNG. It runs unchanged in Node and in a Web Worker.
 */
export class Simulation {
  private current: Micros = 0;
  readonly queue = new EventQueue();
  readonly recorder: Recorder;
  readonly clock: SimClock;
  readonly network: Network;
  readonly rng: Rng;
  readonly timeOrigin: string;

  constructor(options: SimulationOptions) {
    this.rng = createRng(options.seed);
    this.timeOrigin = options.timeOrigin;
    const now = (): Micros => this.current;
    this.recorder = new Recorder(now, { keepEvents: options.keepEvents ?? true, ...(options.sink ? { sink: options.sink } : {}) });
    this.clock = new SimClock(this.queue, now);
    this.network = new Network(this.queue, this.recorder, now);
  }

  get now(): Micros {
    return this.current;
  }

  /** Runs `fn` after `delay` µs of simulated time. */
  after(delay: Micros, fn: () => void, opts: { background?: boolean; label?: string } = {}): ScheduledItem {
    return this.queue.schedule(this.current + Math.max(0, Math.round(delay)), fn, opts);
  }

  cancel(item: ScheduledItem): void {
    this.queue.cancel(item);
  }

  /** Starts a machine instance owned by an actor. */
  startMachine<T extends AnyStateMachine>(
    logic: T,
    identity: MachineIdentity,
    opts: { input?: unknown; cause?: number; onEmit?: (ev: EventObject, cause: number) => void } = {},
  ): MachineInstance<T> {
    return new MachineInstance(
      logic,
      identity,
      { recorder: this.recorder, clock: this.clock, ...(opts.onEmit ? { onEmit: opts.onEmit } : {}) },
      opts.input,
      opts.cause,
    );
  }

  /** Processes everything due up to and including `t`, then sets the clock to `t`. */
  runUntil(t: Micros): void {
    for (let item = this.queue.peek(); item && item.t <= t; item = this.queue.peek()) {
      this.queue.pop();
      this.current = item.t;
      item.run();
    }
    if (t > this.current) this.current = t;
  }

  /**
   * Runs until only background work is pending, or until `horizon` µs have passed.
   * Returns true when the cluster settled.
   */
  runUntilSettled(horizon: Micros): boolean {
    const deadline = this.current + horizon;
    while (!this.queue.settled) {
      const item = this.queue.peek();
      if (!item || item.t > deadline) break;
      this.queue.pop();
      this.current = item.t;
      item.run();
    }
    return this.queue.settled;
  }

  /** Runs until `done()` holds (checked after each item) or the horizon passes. */
  runWhile(pending: () => boolean, horizon: Micros): boolean {
    const deadline = this.current + horizon;
    while (pending()) {
      const item = this.queue.peek();
      if (!item || item.t > deadline) return false;
      this.queue.pop();
      this.current = item.t;
      item.run();
    }
    return true;
  }
}
