import { createContext, useContext, useMemo, useSyncExternalStore, type ReactNode } from 'react';
import type { Timeline, WorldState } from '../../timeline/index.ts';
import type { TimeWarp } from '../playback/warp.ts';
import { GrowingWarp } from './growingWarp.ts';
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
 * through `subscribe`; the warp grows with it (GrowingWarp: each append sorts and merges only its
 * new breakpoints, instead of copying the whole log and sorting all of it again).
 */
export function TraceProvider({ timeline, children }: { timeline: Timeline; children: ReactNode }) {
  const version = useSyncExternalStore(
    (fn) => timeline.subscribe(fn),
    () => timeline.length,
    () => timeline.length,
  );
  // One per timeline: it holds that timeline's sorted breakpoints between appends.
  const growing = useMemo(() => new GrowingWarp(timeline), [timeline]);
  const value = useMemo<TraceView>(() => ({ timeline, warp: growing.update(version), version }), [growing, timeline, version]);
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
