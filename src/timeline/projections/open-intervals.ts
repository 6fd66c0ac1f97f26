import type { Micros } from '../../base/time.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import type { Projection } from '../projection.ts';

/**
 * Messages and spans that may still be open: the candidates for "in flight" and "active" at a
 * playhead. Which of them are open at a given `t`, and how far along, depends on `t` and is
 * computed in queries.ts, never stored here.
 *
 * An interval [e.t, e.t + dur) that is open at `now` started at or before `now` (so it was
 * applied) and ends after `now`, which is at or after the last applied event's `t` (so it was
 * not pruned). Pruning intervals that ended by `lastT` therefore never loses an answer.
 */
export interface OpenIntervalsState {
  open: TraceEvent[];
  /** `t` of the last applied event. */
  lastT: Micros;
  /** Length after the last prune; pruning again only when the list has doubled keeps appends O(1) amortized. */
  prunedLength: number;
}

export const openIntervalsProjection: Projection<OpenIntervalsState> = {
  init: () => ({ open: [], lastT: Number.NEGATIVE_INFINITY, prunedLength: 0 }),
  apply(s, e) {
    s.lastT = e.t;
    if ((e.kind === 'message' || e.kind === 'span') && e.dur !== undefined && e.dur > 0) {
      s.open.push(e);
      if (s.open.length > 2 * s.prunedLength + 64) {
        s.open = stillOpen(s.open, s.lastT);
        s.prunedLength = s.open.length;
      }
    }
    return s;
  },
  snapshot(s) {
    const open = stillOpen(s.open, s.lastT);
    return { open, lastT: s.lastT, prunedLength: open.length };
  },
};

function stillOpen(events: readonly TraceEvent[], lastT: Micros): TraceEvent[] {
  return events.filter((e) => e.t + (e.dur ?? 0) > lastT);
}
