import type { Micros } from '../base/time.ts';
import type { TraceEvent } from '../trace/schema.ts';

/**
 * Quantities that depend on the playhead. They are computed here from the events and `t`,
 * never stored, so scrubbing back and forth costs nothing and cannot go stale
 * (RaftScope's render.js positions a message at (now - sendTime) / (recvTime - sendTime)).
 */

/** Where an event's interval ends: `t + dur`, or `t` for instantaneous events. */
export function endOf(e: TraceEvent): Micros {
  return e.t + (e.dur ?? 0);
}

/** True while `t` is inside the event's half-open interval [e.t, e.t + dur). */
export function isOpenAt(e: TraceEvent, t: Micros): boolean {
  return e.t <= t && t < endOf(e);
}

/**
 * How far a message has travelled at `t`, from 0 (just sent) to 1 (received). A message with no
 * duration is delivered the moment it is sent.
 */
export function messageProgress(msg: TraceEvent, t: Micros): number {
  const dur = msg.dur ?? 0;
  if (dur <= 0) return t >= msg.t ? 1 : 0;
  return clamp01((t - msg.t) / dur);
}

/** Time spent so far in a span at `t`, between 0 and its duration. */
export function spanElapsed(span: TraceEvent, t: Micros): Micros {
  return Math.min(Math.max(t - span.t, 0), span.dur ?? 0);
}

/** Time left in a span (or a message's flight, or a back-off wait) at `t`. */
export function remaining(e: TraceEvent, t: Micros): Micros {
  return Math.max(endOf(e) - Math.max(t, e.t), 0);
}

/** A message on the wire at the playhead. */
export interface InFlightMessage {
  readonly event: TraceEvent;
  /** 0..1 along its path from `actor` to `to`. */
  readonly progress: number;
}

/** Messages sent and not yet received at `t`, in `(t, seq)` order, with their progress. */
export function inFlightAt(candidates: readonly TraceEvent[], t: Micros): InFlightMessage[] {
  const out: InFlightMessage[] = [];
  for (const e of candidates) if (e.kind === 'message' && isOpenAt(e, t)) out.push({ event: e, progress: messageProgress(e, t) });
  return out;
}

/** Spans running at `t`, in `(t, seq)` order. */
export function activeSpansAt(candidates: readonly TraceEvent[], t: Micros): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (const e of candidates) if (e.kind === 'span' && isOpenAt(e, t)) out.push(e);
  return out;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
