import { describe, it, expect } from 'vitest';
import { helloTimeline } from '../fixtures/fixtureTimeline.ts';
import { createSessionStore } from '../session/store.ts';
import { advance, playDurationSeconds, playerControls } from './usePlayer.ts';
import { breakpointsOf, createTimeWarp } from './warp.ts';

describe('player', () => {
  const tl = helloTimeline();
  const events = Array.from({ length: tl.length }, (_, i) => tl.at(i));
  const warp = createTimeWarp(breakpointsOf(events), tl.startTime, tl.endTime);

  it('advances warped time by wall time × speed and stops at the end', () => {
    const a = advance(warp, 0, 16, 1);
    expect(a.warped).toBe(16_000);
    expect(a.ended).toBe(false);
    const b = advance(warp, 0, 16, 8);
    expect(b.warped).toBe(128_000);
    const end = advance(warp, warp.total - 1, 1000, 1);
    expect(end.ended).toBe(true);
    expect(end.t).toBe(tl.endTime);
  });

  it('plays the hello fixture in a presentable time at 1×', () => {
    const s = playDurationSeconds(warp, 1);
    expect(s).toBeGreaterThan(2);
    expect(s).toBeLessThan(60);
  });

  it('steps from event to event and restarts', () => {
    const store = createSessionStore();
    const c = playerControls(store, tl);
    c.stepForward();
    const first = store.getState().t;
    expect(first).toBe(tl.nextEventTime(0));
    c.stepForward();
    expect(store.getState().t).toBeGreaterThan(first);
    c.stepBack();
    expect(store.getState().t).toBe(first);
    c.play();
    expect(store.getState().playing).toBe(true);
    c.restart();
    expect(store.getState()).toMatchObject({ t: tl.startTime, playing: false });
  });

  it('starts over when play is pressed at the end', () => {
    const store = createSessionStore({ t: tl.endTime });
    playerControls(store, tl).play();
    expect(store.getState().t).toBe(tl.startTime);
    expect(store.getState().playing).toBe(true);
  });
});
