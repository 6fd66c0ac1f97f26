import { describe, expect, it } from 'vitest';
import { breakpointsOf, createTimeWarp } from '../playback/warp.ts';
import { GrowingWarp, type WarpSource } from './growingWarp.ts';

/** A growing log of events in time order (as Timeline.append takes them), seeded. */
function log(seed: number, n: number): { t: number; dur?: number }[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: { t: number; dur?: number }[] = [];
  let t = 1_000;
  for (let i = 0; i < n; i++) {
    // Same instants again (duplicates), short RPC gaps and long idle waits, some with durations.
    t += rand() < 0.2 ? 0 : rand() < 0.9 ? Math.floor(rand() * 3_000) : Math.floor(rand() * 5_000_000);
    out.push(rand() < 0.3 ? { t, dur: Math.floor(rand() * 40_000) } : { t });
  }
  return out;
}

function sourceOf(events: { t: number; dur?: number }[], upTo: () => number): WarpSource {
  return {
    at: (i) => events[i] as { t: number; dur?: number },
    get startTime() {
      return events[0]?.t ?? 0;
    },
    get endTime() {
      let end = 0;
      for (let i = 0; i < upTo(); i++) end = Math.max(end, (events[i]?.t ?? 0) + (events[i]?.dur ?? 0));
      return end;
    },
  };
}

function expectSameWarp(a: ReturnType<typeof createTimeWarp>, b: ReturnType<typeof createTimeWarp>, probes: number[]): void {
  expect(b.total).toBe(a.total);
  expect(b.start).toBe(a.start);
  expect(b.end).toBe(a.end);
  for (const t of probes) expect(b.toWarped(t)).toBe(a.toWarped(t));
  for (let k = 0; k <= 20; k++) {
    const w = (a.total * k) / 20;
    expect(b.toSim(w)).toBe(a.toSim(w));
  }
}

describe('GrowingWarp', () => {
  it('gives the same warp as createTimeWarp over the whole log after each append', () => {
    const events = log(7, 3_000);
    let length = 0;
    const source = sourceOf(events, () => length);
    const growing = new GrowingWarp(source);
    for (const batch of [1, 9, 250, 1, 740, 1_000, 999]) {
      length += batch;
      const prefix = events.slice(0, length);
      const want = createTimeWarp(breakpointsOf(prefix), source.startTime, source.endTime);
      const got = growing.update(length);
      expectSameWarp(want, got, [...prefix.slice(0, 50).map((e) => e.t), ...prefix.slice(-50).map((e) => e.t + 1), 0, 1e12]);
    }
  });

  it('returns the same warp object when nothing was appended', () => {
    const events = log(3, 100);
    const growing = new GrowingWarp(sourceOf(events, () => 100));
    expect(growing.update(100)).toBe(growing.update(100));
  });

  it('handles an empty log and a single instant as createTimeWarp does', () => {
    const none = new GrowingWarp({ at: () => ({ t: 0 }), startTime: 0, endTime: 0 });
    expectSameWarp(createTimeWarp([], 0, 0), none.update(0), [0, 5]);
    const one = [{ t: 500 }];
    const single = new GrowingWarp(sourceOf(one, () => 1));
    expectSameWarp(createTimeWarp(breakpointsOf(one), 500, 500), single.update(1), [0, 500, 900]);
  });

  it('ignores breakpoints outside the span, as createTimeWarp does', () => {
    const events = [{ t: 100 }, { t: 200, dur: 1_000 }, { t: 300 }];
    // The span ends before the second event's end: that breakpoint is left out of the warp.
    const growing = new GrowingWarp({ at: (i) => events[i] as { t: number }, startTime: 100, endTime: 600 });
    expectSameWarp(createTimeWarp(breakpointsOf(events), 100, 600), growing.update(3), [100, 250, 600, 1_200]);
  });

  it('starts again when a shorter log comes (not an append)', () => {
    const events = log(11, 200);
    let length = 200;
    const source = sourceOf(events, () => length);
    const growing = new GrowingWarp(source);
    growing.update(200);
    length = 50;
    const want = createTimeWarp(breakpointsOf(events.slice(0, 50)), source.startTime, source.endTime);
    expectSameWarp(want, growing.update(50), events.slice(0, 50).map((e) => e.t));
  });
});
