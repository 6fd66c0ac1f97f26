import type { Micros } from '../../../../base/time.ts';

const SECOND = 1_000_000;

/**
 * RateLimitedTimedQueue (pkg/controller/nodelifecycle/scheduler/rate_limited_queue.go) with a
 * token-bucket limiter of burst 1 (flowcontrol.NewTokenBucketRateLimiter): the nodes of one
 * zone waiting for their NoExecute taint. `Try` hands out nodes in the order they were
 * added, one per token; the bucket refills at `qps` tokens a second, so a healthy zone taints
 * at most one node every 10 s. A rate of 0 rejects every try (SwapLimiter(0)).
 */
export class ZoneTainter {
  private readonly queue: { node: string; uid: string; processAt: Micros }[] = [];
  private tokens = 1;
  private refilledAt: Micros;

  constructor(
    private qps: number,
    now: Micros,
  ) {
    this.refilledAt = now;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Adds a node unless it is queued already; returns whether it was added. */
  add(node: string, uid: string, now: Micros): boolean {
    if (this.queue.some((q) => q.node === node)) return false;
    this.queue.push({ node, uid, processAt: now });
    return true;
  }

  remove(node: string): boolean {
    const at = this.queue.findIndex((q) => q.node === node);
    if (at < 0) return false;
    this.queue.splice(at, 1);
    return true;
  }

  /** SwapLimiter: a new rate; the bucket starts over (full, unless the rate is 0). */
  swapLimiter(qps: number, now: Micros): void {
    if (qps === this.qps) return;
    this.qps = qps;
    this.tokens = qps > 0 ? 1 : 0;
    this.refilledAt = now;
  }

  /**
   * One pass of Try: while a token is free and the head is due, `fn` decides for the head:
   * true removes it, false with a wait puts it back to be tried after the wait.
   */
  try(now: Micros, fn: (node: string, uid: string) => { ok: boolean; retryAfter?: Micros }): void {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if (!this.tryAccept(now)) return;
      if (now < head.processAt) return;
      const { ok, retryAfter } = fn(head.node, head.uid);
      this.queue.shift();
      if (!ok) this.queue.push({ ...head, processAt: now + (retryAfter ?? 0) + 1 });
    }
  }

  private tryAccept(now: Micros): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(1, this.tokens + ((now - this.refilledAt) / SECOND) * this.qps);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
