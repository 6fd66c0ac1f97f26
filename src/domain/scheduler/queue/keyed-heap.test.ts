// The keyed heap behind activeQ/backoffQ (pkg/scheduler/backend/heap/heap.go AddOrUpdate, Delete, Pop).
import { describe, expect, it } from 'vitest';
import { KeyedHeap } from './keyed-heap.ts';

interface Item { key: string; v: number }

describe('KeyedHeap', () => {
  const make = () => new KeyedHeap<Item>((i) => i.key, (a, b) => a.v < b.v);

  it('pops in order and finds items by key', () => {
    const h = make();
    for (const [k, v] of [['a', 5], ['b', 1], ['c', 3], ['d', 4], ['e', 2]] as const) h.addOrUpdate({ key: k, v });
    expect(h.get('c')?.v).toBe(3);
    const out: string[] = [];
    for (let i = h.pop(); i; i = h.pop()) out.push(i.key);
    expect(out).toEqual(['b', 'e', 'c', 'd', 'a']);
    expect(h.size).toBe(0);
  });

  it('re-sorts an updated item and removes one from the middle', () => {
    const h = make();
    for (let i = 0; i < 20; i++) h.addOrUpdate({ key: `k${i}`, v: i });
    h.addOrUpdate({ key: 'k15', v: -1 });
    expect(h.delete('k0')).toBe(true);
    expect(h.delete('k0')).toBe(false);
    expect(h.peek()?.key).toBe('k15');
    const order: number[] = [];
    for (let i = h.pop(); i; i = h.pop()) order.push(i.v);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order).toHaveLength(19);
  });
});
