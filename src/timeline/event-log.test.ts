import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../trace/schema.ts';
import { EventLog } from './event-log.ts';

const ev = (seq: number, t: number, dur?: number): TraceEvent => {
  const e: TraceEvent = { seq, t, kind: 'log', actor: 'a', op: 'x', src: 'sim' };
  if (dur !== undefined) e.dur = dur;
  return e;
};

function logOf(events: TraceEvent[]): EventLog {
  const log = new EventLog();
  for (const e of events) log.push(e);
  return log;
}

describe('EventLog', () => {
  it('counts events at or before t, and strictly before t', () => {
    const log = logOf([ev(1, 10), ev(2, 20), ev(3, 20), ev(4, 30)]);
    expect([5, 10, 15, 20, 25, 30, 35].map((t) => log.indexAfter(t))).toEqual([0, 1, 1, 3, 3, 4, 4]);
    expect([5, 10, 15, 20, 25, 30, 35].map((t) => log.indexBefore(t))).toEqual([0, 0, 1, 1, 3, 3, 4]);
  });

  it('grows past its initial capacity', () => {
    const log = logOf(Array.from({ length: 5_000 }, (_, i) => ev(i + 1, i * 2)));
    expect(log.length).toBe(5_000);
    expect(log.indexAfter(4_000)).toBe(2_001);
    expect(log.bySeq(4_321)?.t).toBe(8_640);
    expect(log.timeAt(4_999)).toBe(9_998);
  });

  it('finds events by seq, dense or far apart', () => {
    const log = logOf([ev(1, 0), ev(7, 1), ev(9_000_000_000, 2), ev(-3, 3)]);
    expect(log.bySeq(7)?.t).toBe(1);
    expect(log.bySeq(9_000_000_000)?.t).toBe(2);
    expect(log.bySeq(-3)?.t).toBe(3);
    expect(log.bySeq(2)).toBeUndefined();
  });

  it('tracks the end as the latest t + dur', () => {
    const log = logOf([ev(1, 10, 500), ev(2, 20, 5), ev(3, 30)]);
    expect(log.endTime).toBe(510);
    expect(log.maxDuration).toBe(500);
    expect(new EventLog().endTime).toBe(0);
  });

  it('rejects events out of (t, seq) order and reused seqs', () => {
    const log = logOf([ev(5, 10)]);
    expect(() => log.push(ev(6, 9))).toThrow(/out of \(t, seq\) order: seq 6 at t=9 after seq 5 at t=10/);
    expect(() => log.push(ev(4, 10))).toThrow(RangeError);
    expect(() => log.push(ev(5, 11))).toThrow(/duplicate seq 5/);
    log.push(ev(3, 11)); // a later t may carry a lower seq: the order is (t, seq)
    expect(log.length).toBe(2);
  });

  it('throws a RangeError for an index out of range', () => {
    expect(() => logOf([ev(1, 0)]).at(1)).toThrow(RangeError);
  });
});
