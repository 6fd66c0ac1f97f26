import { describe, expect, it } from 'vitest';
import { HolderIndex } from './key-index.ts';

describe('HolderIndex', () => {
  // Rows 0..5; rows 4 and 5 have no time. Time order: row 2, row 0, row 3, row 1.
  const order = Int32Array.from([1, 3, 0, 2, -1, -1]);
  const build = () => {
    const index = new HolderIndex(order);
    for (const row of [2, 0, 3, 1]) index.add('k', row);
    for (const row of [4, 5]) index.add('k', row);
    index.add('single', 3);
    return index;
  };

  it('keeps the first emitted holder of a key, and ignores keys it does not hold', () => {
    const index = build();
    expect(index.firstEmitted('k')).toBe(-1);
    index.markEmitted('k', 0);
    index.markEmitted('k', 2);
    index.markEmitted('nothing', 1);
    expect(index.firstEmitted('k')).toBe(0);
    expect(index.firstEmitted('nothing')).toBe(-1);
  });

  it('finds the first holder other than an event, with one holder or many', () => {
    const index = build();
    expect(index.firstHolderOtherThan('k', 2)).toBe(0);
    expect(index.firstHolderOtherThan('k', 0)).toBe(2);
    expect(index.firstHolderOtherThan('single', 3)).toBe(-1);
    expect(index.firstHolderOtherThan('single', 1)).toBe(3);
    expect(index.firstHolderOtherThan('nothing', 1)).toBe(-1);
  });

  it('finds the first timed holder later in time order that passes the test, never one without time', () => {
    const index = build();
    const all = () => true;
    expect(index.firstTimedHolderAfter('k', -1, all)).toBe(2);
    expect(index.firstTimedHolderAfter('k', 0, all)).toBe(0);
    expect(index.firstTimedHolderAfter('k', 1, all)).toBe(3);
    expect(index.firstTimedHolderAfter('k', 1, (row) => row !== 3)).toBe(1);
    expect(index.firstTimedHolderAfter('k', 3, all)).toBe(-1);
    expect(index.firstTimedHolderAfter('k', 2, (row) => row !== 1)).toBe(-1);
    expect(index.firstTimedHolderAfter('single', 1, all)).toBe(3);
    expect(index.firstTimedHolderAfter('single', 2, all)).toBe(-1);
  });
});
