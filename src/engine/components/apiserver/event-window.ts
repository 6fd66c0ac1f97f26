import type { Micros } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';

/** One change the watch cache keeps (watchCacheEvent): the object after, and before, it. */
export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  /** For DELETED: the last state, with the deletion's resourceVersion. */
  object: KubeObject;
  prevObject?: KubeObject;
  resourceVersion: number;
  recordTime: Micros;
}

/** defaultLowerBoundCapacity, defaultUpperBoundCapacity and eventFreshDuration (watch_cache.go). */
export const LOWER_BOUND_CAPACITY = 100;
export const UPPER_BOUND_CAPACITY = 100 * 1024;
export const EVENT_FRESH_DURATION: Micros = 75_000_000;

/**
 * The sliding window of one resource's watch cache (staging/src/k8s.io/apiserver/pkg/storage/
 * cacher/watch_cache.go): a cyclic buffer that starts at 100 events, doubles (up to 102,400)
 * when it is full of events younger than 75 s, halves when its newest quarter is older than
 * that, and drops the oldest event when full. A watch from a resourceVersion it no longer
 * covers is refused with `too old resource version: N (M)`.
 */
export class EventWindow {
  private buf: (CacheEvent | undefined)[] = new Array<CacheEvent | undefined>(LOWER_BOUND_CAPACITY);
  capacity = LOWER_BOUND_CAPACITY;
  private startIndex = 0;
  private endIndex = 0;
  private removedEventSinceRelist = false;
  /** The resourceVersion of the list the cache was filled with (Replace). */
  listResourceVersion = 0;
  /** The newest resourceVersion the cache has caught up to (events and progress notifications). */
  resourceVersion = 0;

  /** Replace: the cache was (re)filled by a list at `rv`; the buffer starts empty. */
  replace(rv: number): void {
    this.startIndex = this.endIndex;
    this.removedEventSinceRelist = false;
    this.listResourceVersion = rv;
    this.resourceVersion = rv;
  }

  get size(): number {
    return this.endIndex - this.startIndex;
  }

  /** The buffered events, oldest first (for tests and inspection). */
  events(): CacheEvent[] {
    const out: CacheEvent[] = [];
    for (let i = this.startIndex; i < this.endIndex; i++) out.push(this.at(i));
    return out;
  }

  add(ev: CacheEvent): void {
    this.resize(ev.recordTime);
    if (this.isFull()) {
      this.buf[this.startIndex % this.capacity] = undefined;
      this.startIndex++;
      this.removedEventSinceRelist = true;
    }
    this.buf[this.endIndex % this.capacity] = ev;
    this.endIndex++;
    this.resourceVersion = ev.resourceVersion;
  }

  /** UpdateResourceVersion: a progress notification moved the cache forward without events. */
  progress(rv: number): void {
    if (rv > this.resourceVersion) this.resourceVersion = rv;
  }

  /**
   * getAllEventsSinceLocked for a watch from `rv` > 0: the events newer than it, or the
   * Expired message when the window starts after it.
   */
  since(rv: number): { events: CacheEvent[] } | { tooOld: string } {
    let oldest: number;
    if (this.listResourceVersion > 0 && !this.removedEventSinceRelist) oldest = this.listResourceVersion + 1;
    else if (this.size > 0) oldest = this.at(this.startIndex).resourceVersion;
    else oldest = this.resourceVersion + 1;
    if (rv < oldest - 1) return { tooOld: `too old resource version: ${rv} (${oldest - 1})` };
    const events: CacheEvent[] = [];
    for (let i = this.startIndex; i < this.endIndex; i++) {
      const ev = this.at(i);
      if (ev.resourceVersion > rv) events.push(ev);
    }
    return { events };
  }

  private at(i: number): CacheEvent {
    return this.buf[i % this.capacity] as CacheEvent;
  }

  private isFull(): boolean {
    return this.endIndex === this.startIndex + this.capacity;
  }

  /** resizeCacheLocked: grow while all kept events are fresh, shrink when the newest quarter is stale. */
  private resize(now: Micros): void {
    if (!this.isFull()) return;
    if (now - this.at(this.startIndex).recordTime < EVENT_FRESH_DURATION) {
      const capacity = Math.min(this.capacity * 2, UPPER_BOUND_CAPACITY);
      if (capacity > this.capacity) this.resizeTo(capacity);
      return;
    }
    if (now - this.at(this.endIndex - this.capacity / 4).recordTime > EVENT_FRESH_DURATION) {
      const capacity = Math.max(this.capacity / 2, LOWER_BOUND_CAPACITY);
      if (capacity < this.capacity) this.resizeTo(capacity);
    }
  }

  private resizeTo(capacity: number): void {
    const next = new Array<CacheEvent | undefined>(capacity);
    // Shrinking drops the oldest events; the add that follows marks the window as cut.
    if (capacity < this.capacity) this.startIndex = this.endIndex - capacity;
    for (let i = this.startIndex; i < this.endIndex; i++) next[i % capacity] = this.at(i);
    this.buf = next;
    this.capacity = capacity;
  }
}
