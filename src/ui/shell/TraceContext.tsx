import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Timeline, WorldState } from '../../timeline/index.ts';
import { breakpointsOf, createTimeWarp, type TimeWarp } from '../playback/warp.ts';
import { useSession } from '../session/context.tsx';

/** The loaded trace as the views see it: the read-model and the playback warp built on it. */
export interface TraceView {
  timeline: Timeline;
  warp: TimeWarp;
  /** Bumps on every append, so views re-read a streaming timeline. */
  version: number;
}

const TraceContext = createContext<TraceView | null>(null);

/**
 * Provides a Timeline to the views below. A timeline that is still streaming in is followed
 * through `subscribe`; the warp is rebuilt when it grows.
 */
export function TraceProvider({ timeline, children }: { timeline: Timeline; children: ReactNode }) {
  const version = useSyncExternalStore(
    (fn) => timeline.subscribe(fn),
    () => timeline.length,
    () => timeline.length,
  );
  const value = useMemo<TraceView>(() => {
    const events: { t: number; dur?: number }[] = [];
    for (let i = 0; i < version; i++) events.push(timeline.at(i));
    return { timeline, warp: createTimeWarp(breakpointsOf(events), timeline.startTime, timeline.endTime), version };
  }, [timeline, version]);
  return <TraceContext.Provider value={value}>{children}</TraceContext.Provider>;
}

export function useTrace(): TraceView {
  const v = useContext(TraceContext);
  if (!v) throw new Error('useTrace: no <TraceProvider> above this component');
  return v;
}

/** The world at the session's playhead. */
export function useWorld(): WorldState {
  const { timeline } = useTrace();
  const t = useSession((s) => s.t);
  return timeline.stateAt(t);
}
