import type { RaftMessage } from './types.ts';

interface ReadIndexStatus {
  req: RaftMessage;
  index: number;
  acks: Set<string>;
}

/**
 * raft/read_only.go with ReadOnlySafe (etcd's default): a ReadIndex request remembers the commit
 * index when it came in, rides on the next heartbeat as its context, and is answered once a
 * quorum has acknowledged that heartbeat, which proves the leader was still the leader.
 * Answering one request answers every earlier one too.
 */
export class ReadOnly {
  private readonly pending = new Map<string, ReadIndexStatus>();
  private queue: string[] = [];

  addRequest(index: number, m: RaftMessage): void {
    const ctx = m.entries[0]?.data as string;
    if (this.pending.has(ctx)) return;
    this.pending.set(ctx, { req: m, index, acks: new Set() });
    this.queue.push(ctx);
  }

  /** Records an acknowledgement; returns who has acknowledged this context so far. */
  recvAck(id: string, ctx: string): Set<string> {
    const rs = this.pending.get(ctx);
    if (!rs) return new Set();
    rs.acks.add(id);
    return rs.acks;
  }

  /** The requests answered by a quorum's acknowledgement of `ctx`: it and every one before it. */
  advance(ctx: string): { req: RaftMessage; index: number }[] {
    const at = this.queue.indexOf(ctx);
    if (at < 0) return [];
    const done = this.queue.slice(0, at + 1);
    this.queue = this.queue.slice(at + 1);
    return done.map((c) => {
      const rs = this.pending.get(c) as ReadIndexStatus;
      this.pending.delete(c);
      return { req: rs.req, index: rs.index };
    });
  }

  lastPendingRequestCtx(): string | undefined {
    return this.queue[this.queue.length - 1];
  }
}
