import type { Micros } from '../base/time.ts';
import type { TraceEvent } from '../trace/schema.ts';

/**
 * The append-only event log in `(t, seq)` order, indexed by time (binary search over a typed
 * array of `t`, which is several times faster than reading `t` off a million objects) and by seq.
 */
export class EventLog {
  private readonly events: TraceEvent[] = [];
  private times = new Float64Array(1024);
  private readonly seqs = new SeqIndex();
  private maxEnd: Micros = 0;
  private maxDur: Micros = 0;

  get length(): number {
    return this.events.length;
  }

  /** Latest `t + dur` seen (0 for an empty log). */
  get endTime(): Micros {
    return this.maxEnd;
  }

  /** The longest `dur` seen: how far before a window an interval overlapping it can start. */
  get maxDuration(): Micros {
    return this.maxDur;
  }

  /**
   * Appends one event. Throws when it would break the `(t, seq)` order or reuse a seq: the log
   * is the ground truth of every view, and a silent misordering would show as a wrong frame.
   */
  push(e: TraceEvent): void {
    const n = this.events.length;
    const last = this.events[n - 1];
    if (last && (e.t < last.t || (e.t === last.t && e.seq <= last.seq))) {
      throw new RangeError(`events out of (t, seq) order: seq ${e.seq} at t=${e.t} after seq ${last.seq} at t=${last.t}`);
    }
    if (this.seqs.get(e.seq) !== undefined) throw new RangeError(`duplicate seq ${e.seq}`);
    if (n === this.times.length) {
      const grown = new Float64Array(n * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[n] = e.t;
    this.events.push(e);
    this.seqs.set(e.seq, n);
    const end = e.t + (e.dur ?? 0);
    if (n === 0 || end > this.maxEnd) this.maxEnd = end;
    if (e.dur !== undefined && e.dur > this.maxDur) this.maxDur = e.dur;
  }

  at(index: number): TraceEvent {
    const e = this.events[index];
    if (e === undefined) throw new RangeError(`event index ${index} out of range [0, ${this.events.length})`);
    return e;
  }

  bySeq(seq: number): TraceEvent | undefined {
    const i = this.seqs.get(seq);
    return i === undefined ? undefined : this.events[i];
  }

  /** Number of events with `e.t <= t` (the index of the first event after `t`). */
  indexAfter(t: Micros): number {
    let lo = 0;
    let hi = this.events.length;
    const times = this.times;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of events with `e.t < t` (the index of the first event at or after `t`). */
  indexBefore(t: Micros): number {
    let lo = 0;
    let hi = this.events.length;
    const times = this.times;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((times[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `t` of the event at `index` without touching the event object. */
  timeAt(index: number): Micros | undefined {
    return index >= 0 && index < this.events.length ? this.times[index] : undefined;
  }

  slice(start: number, end: number): TraceEvent[] {
    return this.events.slice(start, end);
  }
}

/**
 * seq → log index. Simulator and importer seqs are dense (1, 2, 3, …), so a growable Int32Array
 * indexed by seq costs 4 bytes an event where a Map would cost ten times that; the rare seq far
 * outside the dense range (a hand-edited trace) goes to a Map.
 */
class SeqIndex {
  private dense = new Int32Array(1024).fill(-1);
  private readonly sparse = new Map<number, number>();
  private count = 0;

  set(seq: number, index: number): void {
    this.count++;
    if (Number.isInteger(seq) && seq >= 0 && seq < 4 * this.count + 1_000_000) {
      if (seq >= this.dense.length) {
        const grown = new Int32Array(Math.max(seq + 1, this.dense.length * 2)).fill(-1);
        grown.set(this.dense);
        this.dense = grown;
      }
      this.dense[seq] = index;
    } else {
      this.sparse.set(seq, index);
    }
  }

  get(seq: number): number | undefined {
    if (Number.isInteger(seq) && seq >= 0 && seq < this.dense.length) {
      const i = this.dense[seq] as number;
      if (i >= 0) return i;
    }
    return this.sparse.get(seq);
  }
}
