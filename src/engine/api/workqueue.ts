/**
 * client-go's workqueue semantics (DOMAIN.md 3.1): a key is never processed by two workers at
 * once, adding a queued key is a no-op, and a key added while it is being processed is queued
 * again when it is done. Each key remembers the trace event that last asked for it (`cause`).
 */
export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  private readonly dirty = new Map<string, number>();
  private readonly processing = new Set<string>();

  add(key: string, cause: number): void {
    if (this.dirty.has(key)) return;
    this.dirty.set(key, cause);
    if (this.processing.has(key)) return;
    this.queue.push(key);
  }

  /** The next key and the event that asked for it, or undefined when empty. */
  get(): { key: string; cause: number } | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++] as string;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const cause = this.dirty.get(key) ?? 0;
    this.dirty.delete(key);
    this.processing.add(key);
    return { key, cause };
  }

  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) this.queue.push(key);
  }

  get length(): number {
    return this.queue.length - this.head;
  }
}
