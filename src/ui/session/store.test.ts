import { describe, it, expect } from 'vitest';
import { createSessionStore } from './store.ts';

describe('createSessionStore', () => {
  it('makes independent stores, so two embeds do not share a playhead', () => {
    const a = createSessionStore();
    const b = createSessionStore({ lang: 'ja', theme: 'projector-dark' });
    a.getState().seek(1500.4);
    a.getState().play();
    expect(a.getState().t).toBe(1500);
    expect(a.getState().playing).toBe(true);
    expect(b.getState().t).toBe(0);
    expect(b.getState().playing).toBe(false);
    expect(b.getState().lang).toBe('ja');
    expect(b.getState().theme).toBe('projector-dark');
  });

  it('keeps the selection until it is changed', () => {
    const s = createSessionStore();
    s.getState().select({ type: 'event', seq: 7 });
    expect(s.getState().selection).toEqual({ type: 'event', seq: 7 });
    s.getState().select(null);
    expect(s.getState().selection).toBeNull();
  });
});
