import { describe, expect, it } from 'vitest';
import { createRng, hashString, restoreRng } from './rng.ts';

describe('createRng', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const draw = (r: ReturnType<typeof createRng>) => Array.from({ length: 5 }, () => r.int(1000));
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
  });

  it('forks independent streams by label', () => {
    const root = createRng(1);
    const x = root.fork('scheduler');
    const y = createRng(1).fork('scheduler');
    expect(x.int(1_000_000)).toBe(y.int(1_000_000));
    const z = createRng(1).fork('kubelet');
    expect(createRng(1).fork('scheduler').next()).not.toBe(z.next());
  });

  it('stays in range and restores from its state', () => {
    const r = createRng('seed');
    for (let i = 0; i < 1000; i++) {
      const v = r.int(27);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(27);
    }
    const copy = restoreRng(r.state());
    expect(copy.next()).toBe(r.next());
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('hashes strings with FNV-1a', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
