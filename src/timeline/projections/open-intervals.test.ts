import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { isOpenAt } from '../queries.ts';
import { openIntervalsProjection } from './open-intervals.ts';

describe('openIntervalsProjection', () => {
  it('never prunes an interval that is still open at or after the last event', () => {
    // Many short spans and a few long ones, enough to trigger pruning several times.
    const events: TraceEvent[] = [];
    for (let i = 0; i < 2_000; i++) events.push({ seq: i + 1, t: i * 10, dur: i % 97 === 0 ? 50_000 : 15, kind: i % 2 ? 'span' : 'message', actor: 'a', op: 'x', src: 'sim' });
    let s = openIntervalsProjection.init();
    for (const e of events) s = openIntervalsProjection.apply(s, e);
    const now = 19_990 + 5;
    const expected = events.filter((e) => isOpenAt(e, now));
    expect(s.open.filter((e) => isOpenAt(e, now))).toEqual(expected);
    expect(openIntervalsProjection.snapshot(s).open.filter((e) => isOpenAt(e, now))).toEqual(expected);
    // Pruning keeps the candidate list near the number of open intervals, not the number of events.
    expect(s.open.length).toBeLessThan(200);
  });

  it('ignores instantaneous events', () => {
    const s = openIntervalsProjection.apply(openIntervalsProjection.init(), { seq: 1, t: 0, dur: 0, kind: 'message', actor: 'a', op: 'x', src: 'sim' });
    expect(s.open).toEqual([]);
  });
});
