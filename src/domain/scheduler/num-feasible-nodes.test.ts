import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind } from './num-feasible-nodes.ts';

describe('numFeasibleNodesToFind', () => {
  it.each([
    [1, 1],
    [99, 99],
    [100, 100], // 100·49% = 49 → at least 100
    [200, 100], // 200·49% = 98 → 100
    [500, 230], // 500·46%
    [1000, 420], // 1000·42%
    [5000, 500], // 5000·10%
    [6000, 300], // 50 − 48 = 2 → at least 5 %
    [15000, 750],
  ])('%i nodes → %i (adaptive)', (n, want) => expect(numFeasibleNodesToFind(n)).toBe(want));

  it('uses a configured percentage, still at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(1000, 50)).toBe(500);
    expect(numFeasibleNodesToFind(1000, 5)).toBe(100);
    expect(numFeasibleNodesToFind(1000, 100)).toBe(1000);
    expect(numFeasibleNodesToFind(50, 10)).toBe(50);
    expect(numFeasibleNodesToFind(1000, 0)).toBe(420);
  });
});
