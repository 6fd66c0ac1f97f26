import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../base/rng.ts';
import { ExponentialBackoff } from './backoff.ts';

/** A stream that always draws `x`, to see the steps without jitter (0) or with the most (→1). */
function constant(x: number): Rng {
  const base = createRng(1);
  return { ...base, next: () => x };
}

describe('ExponentialBackoff (apimachinery pkg/util/wait/backoff.go, as reflector.go NewReflectorWithOptions configures it)', () => {
  it('doubles from 800 ms up to the 30 s cap', () => {
    const b = new ExponentialBackoff(constant(0), 0);
    const waits = Array.from({ length: 8 }, (_, i) => b.next(i * 1_000_000));
    expect(waits).toEqual([800_000, 1_600_000, 3_200_000, 6_400_000, 12_800_000, 25_600_000, 30_000_000, 30_000_000]);
  });

  it('adds up to the whole step again as jitter, so the cap is [30 s, 60 s)', () => {
    const b = new ExponentialBackoff(constant(0.5), 0);
    expect(b.next(0)).toBe(1_200_000);
    const most = new ExponentialBackoff(constant(0.999_999), 0);
    for (let i = 0; i < 7; i++) most.next(i);
    expect(most.next(8)).toBe(59_999_970);
  });

  it('starts again from 800 ms when no wait was asked for 2 minutes', () => {
    const b = new ExponentialBackoff(constant(0), 0);
    b.next(0);
    b.next(1_000_000);
    expect(b.next(121_000_000)).toBe(3_200_000);
    expect(b.next(241_000_001)).toBe(800_000);
  });
});
