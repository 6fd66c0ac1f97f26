import { describe, expect, it } from 'vitest';
import { slowStartBatches } from './slowstart.ts';

describe('slowStartBatches', () => {
  it.each<[number, number[]]>([
    [0, []],
    [1, [1]],
    [2, [1, 1]],
    [3, [1, 2]],
    [7, [1, 2, 4]],
    [10, [1, 2, 4, 3]],
    [16, [1, 2, 4, 8, 1]],
  ])('%d → %j', (total, batches) => {
    expect(slowStartBatches(total)).toEqual(batches);
  });

  it('always sums to the total', () => {
    for (const n of [5, 31, 100, 500]) expect(slowStartBatches(n).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('follows a different initial batch size, and none for 0', () => {
    expect(slowStartBatches(10, 3)).toEqual([3, 6, 1]);
    expect(slowStartBatches(10, 0)).toEqual([]);
  });
});
