import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MinHeap } from './pqueue.ts';

describe('MinHeap', () => {
  it('pops in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const h = new MinHeap<number>((a, b) => a < b);
        for (const x of xs) h.push(x);
        const out: number[] = [];
        for (let v = h.pop(); v !== undefined; v = h.pop()) out.push(v);
        expect(out).toEqual([...xs].sort((a, b) => a - b));
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});
