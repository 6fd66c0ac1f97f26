import { describe, it, expect } from 'vitest';
import { helloTimeline } from '../ui/fixtures/fixtureTimeline.ts';
import { playerControls } from '../ui/playback/usePlayer.ts';
import { createSessionStore } from '../ui/session/store.ts';
import { handleEmbedMessage } from './protocol.ts';

describe('embed postMessage protocol', () => {
  const tl = helloTimeline();
  const store = createSessionStore();
  const controls = playerControls(store, tl);

  it('answers PING with PONG and ignores junk', () => {
    expect(handleEmbedMessage({ type: 'PING' }, controls, store)).toEqual({ type: 'PONG' });
    expect(handleEmbedMessage('PING', controls, store)).toBeUndefined();
    expect(handleEmbedMessage({ type: 'nope' }, controls, store)).toBeUndefined();
  });

  it('plays, pauses, seeks, steps and reports its state', () => {
    handleEmbedMessage({ type: 'play' }, controls, store);
    expect(store.getState().playing).toBe(true);
    handleEmbedMessage({ type: 'pause' }, controls, store);
    handleEmbedMessage({ type: 'seek', t: 5_000 }, controls, store);
    expect(handleEmbedMessage({ type: 'getState' }, controls, store)).toEqual({ type: 'state', t: 5_000, playing: false });
    handleEmbedMessage({ type: 'step' }, controls, store);
    expect(store.getState().t).toBe(tl.nextEventTime(5_000));
    handleEmbedMessage({ type: 'step', direction: 'back' }, controls, store);
    expect(store.getState().t).toBeLessThan(tl.nextEventTime(5_000)!);
  });

  it('clamps seeks to the trace', () => {
    handleEmbedMessage({ type: 'seek', t: 1e12 }, controls, store);
    expect(store.getState().t).toBe(tl.endTime);
  });
});
