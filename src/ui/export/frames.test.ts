import { describe, expect, it } from 'vitest';
import { createTimeWarp } from '../playback/warp.ts';
import { formatTimeInput, parseTimeInput, planClip, stepAt, stepRange, stepShown } from './frames.ts';

const linear = { toWarped: (t: number) => t, toSim: (w: number) => w };

describe('planClip', () => {
  it('spaces frames evenly in warped time and ends on the range end', () => {
    const plan = planClip(linear, 0, 2_000_000, 10);
    expect(plan.times).toHaveLength(21);
    expect(plan.times[1]).toBe(100_000);
    expect(plan.times.at(-1)).toBe(2_000_000);
    expect(plan.durationMs).toBe(2100);
  });

  it('follows the warp: a busy stretch gets more frames than an idle one', () => {
    // Breakpoints every 1 ms over the first 20 ms, then nothing until 2 s.
    const warp = createTimeWarp(Array.from({ length: 21 }, (_, i) => i * 1000), 0, 2_000_000);
    const plan = planClip(warp, 0, 2_000_000, 25);
    const busy = plan.times.filter((t) => t <= 20_000).length;
    const idle = plan.times.filter((t) => t > 1_000_000).length;
    expect(busy).toBeGreaterThan(idle);
    expect(plan.durationMs).toBeCloseTo((plan.times.length * 1000) / 25, 6);
  });

  it('holds a zero-length range for a second', () => {
    const plan = planClip(linear, 500, 500, 20);
    expect(plan.times).toEqual(Array.from({ length: 20 }, () => 500));
    expect(plan.durationMs).toBe(1000);
  });

  it('refuses a reversed range or a bad fps', () => {
    expect(() => planClip(linear, 10, 5, 10)).toThrow(/before it starts/);
    expect(() => planClip(linear, 0, 5, 0)).toThrow(/fps/);
  });
});

describe('tour step ranges', () => {
  const steps = [{ t: 100 }, { t: 300 }, { t: 700 }];
  it('starts at the previous step (or the trace start) and ends on the last step', () => {
    expect(stepRange(steps, 1, 1, 0)).toEqual({ from: 0, to: 100 });
    expect(stepRange(steps, 2, 3, 0)).toEqual({ from: 100, to: 700 });
    expect(() => stepRange(steps, 3, 2, 0)).toThrow(/not a range/);
    expect(() => stepRange(steps, 1, 4, 0)).toThrow(/1–3/);
  });
  it('finds the step a frame leads to, and the step on screen', () => {
    expect(stepAt(steps, 50)).toBe(0);
    expect(stepAt(steps, 300)).toBe(1);
    expect(stepAt(steps, 301)).toBe(2);
    expect(stepShown(steps, 50)).toBe(-1);
    expect(stepShown(steps, 300)).toBe(1);
    expect(stepShown(steps, 9999)).toBe(2);
  });
});

describe('time inputs', () => {
  it('reads seconds and Go durations, and prints seconds', () => {
    expect(parseTimeInput('1.5')).toBe(1_500_000);
    expect(parseTimeInput('250ms')).toBe(250_000);
    expect(parseTimeInput('abc')).toBeUndefined();
    expect(parseTimeInput(' ')).toBeUndefined();
    expect(formatTimeInput(1_234_567)).toBe('1.235s');
    expect(parseTimeInput(formatTimeInput(2_500_000))).toBe(2_500_000);
  });
});
