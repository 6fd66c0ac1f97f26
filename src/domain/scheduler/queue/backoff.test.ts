// Rules from pkg/scheduler/backend/queue/backoff_queue.go (calculateBackoffDuration,
// alignToWindow, isPodBackingoff) and scheduling_queue.go (the 1 s / 10 s / 5 min defaults).
import { describe, expect, it } from 'vitest';
import { alignToWindow, calculateBackoffDuration, isBackingOff, nextWindowStart, POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION } from './backoff.ts';

const s = 1_000_000;

describe('calculateBackoffDuration', () => {
  it('doubles from 1 s per failed attempt and stops at 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 30].map((n) => calculateBackoffDuration(n) / s)).toEqual([1, 2, 4, 8, 10, 10, 10]);
  });

  it('gives no backoff before the first failure', () => {
    expect(calculateBackoffDuration(0)).toBe(0);
  });
});

describe('the 1 s ordering window (SchedulerPopFromBackoffQ)', () => {
  it('truncates to the whole second', () => {
    expect(alignToWindow(2_300_000)).toBe(2 * s);
    expect(alignToWindow(2 * s)).toBe(2 * s);
    expect(nextWindowStart(2 * s)).toBe(3 * s);
    expect(nextWindowStart(2_999_999)).toBe(3 * s);
  });

  it('keeps a pod backing off while its expiration window is the current one', () => {
    // failed at 1.3 s with one attempt: expiration 2.3 s, aligned to 2 s
    const exp = alignToWindow(1_300_000 + calculateBackoffDuration(1));
    expect(exp).toBe(2 * s);
    expect(isBackingOff(exp, 1_500_000)).toBe(true);
    expect(isBackingOff(exp, 2_900_000)).toBe(true);
    expect(isBackingOff(exp, 3 * s)).toBe(false);
    expect(isBackingOff(undefined, 0)).toBe(false);
  });

  it('flushes unschedulable leftovers after 5 minutes', () => {
    expect(POD_MAX_IN_UNSCHEDULABLE_PODS_DURATION).toBe(300 * s);
  });
});
