import { describe, expect, it } from 'vitest';
import { columnEdges, intensity, LaneDensityIndex, lowerBound } from './density.ts';

function source(events: { t: number; actor: string }[]) {
  return { length: events.length, at: (i: number) => events[i] as { t: number; actor: string } };
}

describe('LaneDensityIndex', () => {
  const events = Array.from({ length: 1000 }, (_, i) => ({ t: i * 10, actor: i % 3 === 0 ? 'a' : 'b' }));
  it('counts the events of a lane in a range by binary search', () => {
    const idx = new LaneDensityIndex();
    expect(idx.update(source(events))).toBe(true);
    expect(idx.total('a')).toBe(334);
    expect(idx.count('a', 0, 30)).toBe(1); // t=0
    expect(idx.count('b', 0, 30)).toBe(2); // t=10, 20
    expect(idx.count('a', 0, 10_000)).toBe(334);
    expect(idx.count('nobody', 0, 10_000)).toBe(0);
  });
  it('extends as a live timeline grows', () => {
    const idx = new LaneDensityIndex();
    idx.update(source(events.slice(0, 10)));
    expect(idx.update(source(events.slice(0, 10)))).toBe(false);
    idx.update(source(events));
    expect(idx.total('a') + idx.total('b')).toBe(1000);
  });
  it('bins several lanes into columns, summing them, every event counted once', () => {
    const idx = new LaneDensityIndex();
    idx.update(source(events));
    const edges = columnEdges((x) => x * 100, 0, 100, 1);
    const out = new Float32Array(edges.length - 1);
    idx.accumulate(['a', 'b'], edges, out);
    expect(out.length).toBe(100);
    expect(out.reduce((s, v) => s + v, 0)).toBe(1000);
    expect(out[0]).toBe(10); // t 0..99
  });
});

describe('helpers', () => {
  it('lowerBound finds the first value not below x', () => {
    const a = Float64Array.from([1, 2, 2, 5]);
    expect(lowerBound(a, 4, 2, 0)).toBe(1);
    expect(lowerBound(a, 4, 6, 0)).toBe(4);
    expect(lowerBound(a, 4, 0, 0)).toBe(0);
  });
  it('intensity grows with the count and stays in 0..1', () => {
    expect(intensity(0, 10)).toBe(0);
    expect(intensity(1, 10)).toBeGreaterThan(0);
    expect(intensity(10, 10)).toBe(1);
    expect(intensity(5, 10)).toBeLessThan(1);
  });
});
