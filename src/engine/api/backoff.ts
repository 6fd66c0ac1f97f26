import type { Rng } from '../../base/rng.ts';
import { MICROS_PER_SECOND, type Micros } from '../../base/time.ts';

/** The reflector's backoff (client-go tools/cache/reflector.go NewReflectorWithOptions). */
export const REFLECTOR_BACKOFF = {
  initial: 800_000,
  cap: 30 * MICROS_PER_SECOND,
  /** Without a backoff for this long, the apiserver is taken to be healthy again: back to `initial`. */
  reset: 120 * MICROS_PER_SECOND,
  factor: 2,
  jitter: 1,
} as const;

/**
 * apimachinery's ExponentialBackoffManager (pkg/util/wait/backoff.go, Backoff.Step with Cap and
 * Jitter): each wait is the current step plus up to `jitter` times itself at random; the step
 * doubles up to the cap, and goes back to the first one when no wait was asked for `reset`. So
 * the reflector waits [0.8 s, 1.6 s) first, and at most [30 s, 60 s).
 */
export class ExponentialBackoff {
  private step: Micros;
  private lastStart: Micros;

  constructor(
    private readonly rng: Rng,
    now: Micros,
    private readonly params: { initial: Micros; cap: Micros; reset: Micros; factor: number; jitter: number } = REFLECTOR_BACKOFF,
  ) {
    this.step = params.initial;
    this.lastStart = now;
  }

  /** The next wait, asked for at `now`. */
  next(now: Micros): Micros {
    if (now - this.lastStart > this.params.reset) this.step = this.params.initial;
    this.lastStart = now;
    const base = this.step;
    this.step = Math.min(this.step * this.params.factor, this.params.cap);
    return Math.floor(base + this.rng.next() * this.params.jitter * base);
  }
}
