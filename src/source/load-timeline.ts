import { Timeline } from '../timeline/index.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { LoadedTrace, TraceSource } from './types.ts';

/**
 * Loads a source and builds its timeline. Events are put in `(t, seq)` order first: a trace
 * file may have been concatenated or edited, and the timeline requires that order.
 */
export async function loadTimeline(source: TraceSource): Promise<{ timeline: Timeline; loaded: LoadedTrace }> {
  const loaded = await source.load();
  const events = inTraceOrder(loaded.events);
  const timeline = new Timeline(loaded.header);
  timeline.append(events);
  return { timeline, loaded: events === loaded.events ? loaded : { ...loaded, events } };
}

/** The events sorted by `(t, seq)`; the same array when they already are (the usual case). */
export function inTraceOrder(events: TraceEvent[]): TraceEvent[] {
  for (let i = 1; i < events.length; i++) {
    const a = events[i - 1] as TraceEvent;
    const b = events[i] as TraceEvent;
    if (b.t < a.t || (b.t === a.t && b.seq < a.seq)) return [...events].sort((x, y) => x.t - y.t || x.seq - y.seq);
  }
  return events;
}
