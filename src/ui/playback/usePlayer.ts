import { useEffect, useMemo } from 'react';
import type { Micros } from '../../base/time.ts';
import type { Timeline } from '../../timeline/index.ts';
import { useSessionStore } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { useTrace } from '../shell/TraceContext.tsx';
import type { TimeWarp } from './warp.ts';

/** Warped µs advanced per wall-clock millisecond at 1×: one warped second per second. */
const WARPED_PER_WALL_MS = 1_000;

/**
 * The next playhead while playing: advance warped time by the wall time elapsed × speed and map
 * back to simulated time. Pure, so the pacing is testable without requestAnimationFrame.
 */
export function advance(warp: TimeWarp, warped: number, wallMs: number, speed: number): { warped: number; t: Micros; ended: boolean } {
  const next = Math.min(warp.total, warped + wallMs * WARPED_PER_WALL_MS * speed);
  return { warped: next, t: Math.round(warp.toSim(next)), ended: next >= warp.total };
}

/** Wall-clock seconds the whole trace takes at a speed. */
export function playDurationSeconds(warp: TimeWarp, speed: number): number {
  return warp.total / (WARPED_PER_WALL_MS * speed) / 1000;
}

/** Player commands for one session: step, restart, play/pause. */
export interface PlayerControls {
  play(): void;
  pause(): void;
  toggle(): void;
  stepForward(): void;
  stepBack(): void;
  restart(): void;
  seek(t: Micros): void;
}

/** Builds the commands; exported for the embed's postMessage handler and tests. */
export function playerControls(store: SessionStore, timeline: Timeline): PlayerControls {
  const s = () => store.getState();
  const clamp = (t: Micros) => Math.max(timeline.startTime, Math.min(timeline.endTime, t));
  return {
    play() {
      // Playing from the very end starts over, as a media player does.
      if (s().t >= timeline.endTime) s().seek(timeline.startTime);
      s().play();
    },
    pause: () => s().pause(),
    toggle() {
      if (s().playing) this.pause();
      else this.play();
    },
    stepForward() {
      s().pause();
      s().seek(timeline.nextEventTime(s().t) ?? timeline.endTime);
    },
    stepBack() {
      s().pause();
      s().seek(timeline.prevEventTime(s().t) ?? timeline.startTime);
    },
    restart() {
      s().pause();
      s().seek(timeline.startTime);
    },
    seek: (t) => s().seek(clamp(t)),
  };
}

/** The player commands of the enclosing session. */
export function usePlayerControls(): PlayerControls {
  const store = useSessionStore();
  const { timeline } = useTrace();
  return useMemo(() => playerControls(store, timeline), [store, timeline]);
}

/**
 * Drives the playhead with requestAnimationFrame while the session is playing. Mount once per
 * view instance. The loop keeps its own warped cursor so rounding the playhead to whole µs
 * never stalls it; an outside seek (scrub, step) is picked up by comparing playheads.
 */
export function usePlaybackLoop(): void {
  const store = useSessionStore();
  const { warp } = useTrace();
  useEffect(() => {
    let frame = 0;
    let last = 0;
    let warped = 0;
    let lastT: Micros | undefined;
    const tick = (now: number) => {
      const s = store.getState();
      if (!s.playing) return;
      if (lastT !== s.t) warped = warp.toWarped(s.t);
      const dt = last === 0 ? 0 : Math.min(100, now - last); // a background tab must not jump ahead
      last = now;
      const step = advance(warp, warped, dt, s.speed);
      warped = step.warped;
      lastT = step.t;
      if (step.t !== s.t) s.seek(step.t);
      if (step.ended) {
        s.pause();
        return;
      }
      frame = requestAnimationFrame(tick);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      last = 0;
      lastT = undefined;
      if (store.getState().playing) frame = requestAnimationFrame(tick);
    };
    start();
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.playing !== prev.playing) start();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [store, warp]);
}
