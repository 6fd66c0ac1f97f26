import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createTimeWarp, warpedGap, breakpointsOf, DEFAULT_WARP } from './warp.ts';

describe('createTimeWarp', () => {
  it('maps start to 0 and end to the total', () => {
    const w = createTimeWarp([10, 20], 0, 100);
    expect(w.toWarped(0)).toBe(0);
    expect(w.toWarped(100)).toBeCloseTo(w.total);
    expect(w.toSim(0)).toBe(0);
    expect(w.toSim(w.total)).toBe(100);
  });

  it('clamps outside the trace', () => {
    const w = createTimeWarp([], 0, 1000);
    expect(w.toWarped(-5)).toBe(0);
    expect(w.toWarped(5000)).toBe(w.total);
    expect(w.toSim(-1)).toBe(0);
    expect(w.toSim(w.total * 2)).toBe(1000);
  });

  it('stretches short gaps and compresses long ones', () => {
    // A 1 ms message lasts longer than 1 ms of warped time, a 10 s wait much less than 10 s.
    expect(warpedGap(1_000)).toBeGreaterThan(1_000 * 20);
    expect(warpedGap(10_000_000)).toBeLessThan(10_000_000 / 4);
  });

  it('gives busy stretches more time than quiet ones of the same length', () => {
    const busy = createTimeWarp([100, 200, 300, 400, 500, 600, 700, 800, 900], 0, 1000);
    const quiet = createTimeWarp([], 0, 1000);
    expect(busy.total).toBeGreaterThan(quiet.total);
  });

  it('is monotone and round-trips (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { maxLength: 40 }), fc.integer({ min: 0, max: 5_000_000 }), (bps, t) => {
        const w = createTimeWarp(bps, 0, 5_000_000);
        expect(w.toSim(w.toWarped(t))).toBeCloseTo(t, 3);
        expect(w.toWarped(t + 1)).toBeGreaterThanOrEqual(w.toWarped(t));
      }),
    );
  });

  it('handles an empty trace', () => {
    const w = createTimeWarp([], 0, 0);
    expect(w.total).toBe(0);
    expect(w.toSim(123)).toBe(0);
    expect(w.toWarped(0)).toBe(0);
  });
});

describe('breakpointsOf', () => {
  it('takes starts and the ends of durations', () => {
    expect(breakpointsOf([{ t: 5 }, { t: 10, dur: 3 }])).toEqual([5, 10, 13]);
  });
  it('uses the documented defaults', () => {
    expect(DEFAULT_WARP.knee).toBeGreaterThan(0);
  });
});
