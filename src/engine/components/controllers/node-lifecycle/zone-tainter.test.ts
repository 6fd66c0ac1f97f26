import { describe, expect, it } from 'vitest';
import { ZoneTainter } from './zone-tainter.ts';

// pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go (RateLimitedTimedQueue.Try) with
// flowcontrol.NewTokenBucketRateLimiter(qps, burst 1).
const SECOND = 1_000_000;

function pass(q: ZoneTainter, now: number): string[] {
  const out: string[] = [];
  q.try(now, (node) => {
    out.push(node);
    return { ok: true };
  });
  return out;
}

describe('ZoneTainter', () => {
  it('taints one node per token: 0.1 qps means one node every 10 s', () => {
    const q = new ZoneTainter(0.1, 0);
    for (const n of ['node-2', 'node-3', 'node-4']) q.add(n, `uid-${n}`, 0);
    expect(pass(q, 0)).toEqual(['node-2']);
    expect(pass(q, 9.9 * SECOND)).toEqual([]);
    expect(pass(q, 10 * SECOND)).toEqual(['node-3']);
    expect(pass(q, 20 * SECOND)).toEqual(['node-4']);
    expect(q.size).toBe(0);
  });

  it('adds a node once, and forgets a removed one', () => {
    const q = new ZoneTainter(0.1, 0);
    expect(q.add('node-2', 'u', 0)).toBe(true);
    expect(q.add('node-2', 'u', 0)).toBe(false);
    expect(q.remove('node-2')).toBe(true);
    expect(pass(q, 0)).toEqual([]);
  });

  it('rejects every try at rate 0, and starts full again on a new rate', () => {
    const q = new ZoneTainter(0.1, 0);
    q.add('node-2', 'u', 0);
    q.swapLimiter(0, 0);
    expect(pass(q, 100 * SECOND)).toEqual([]);
    q.swapLimiter(0.1, 100 * SECOND);
    expect(pass(q, 100 * SECOND)).toEqual(['node-2']);
  });

  it('puts a failed node back to be tried after its wait', () => {
    const q = new ZoneTainter(10, 0);
    q.add('node-2', 'u', 0);
    q.try(0, () => ({ ok: false, retryAfter: 50_000 }));
    expect(pass(q, 0.5 * SECOND)).toEqual(['node-2']);
  });
});
