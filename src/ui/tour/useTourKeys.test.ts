import { describe, it, expect, vi } from 'vitest';
import { createSessionStore } from '../session/store.ts';
import { isPassKey, registerKeyPass, registerTourKeys, tourKeyAction, tourKeyStep, type TourKeyTarget } from './useTourKeys.ts';

function tourOf(count: number, start = 0): TourKeyTarget & { at: () => number } {
  let index = start;
  return {
    next: () => (index = Math.min(count, index + 1)),
    back: () => (index = Math.max(-1, index - 1)),
    goto: (i) => (index = i),
    position: () => ({ name: 'x', index, count }),
    at: () => index,
  };
}

describe('tourKeyAction', () => {
  it('maps clicker and presentation keys; Shift+Space goes back', () => {
    expect(tourKeyAction('PageDown')).toBe('next');
    expect(tourKeyAction('ArrowRight')).toBe('next');
    expect(tourKeyAction(' ')).toBe('next');
    expect(tourKeyAction(' ', true)).toBe('back');
    expect(tourKeyAction('PageUp')).toBe('back');
    expect(tourKeyAction('ArrowLeft')).toBe('back');
    expect(tourKeyAction('ArrowLeft', true)).toBeUndefined();
    expect(tourKeyAction('b')).toBeUndefined();
  });
  it('passes the keys a deck uses and keeps its own', () => {
    expect(['B', 'b', '.', 'f', 'Escape'].every(isPassKey)).toBe(true);
    expect([' ', 'PageDown', 'ArrowRight', 'Home'].some(isPassKey)).toBe(false);
  });
});

describe('tourKeyStep', () => {
  it('outside an embed, steps to the end page and the cover as before', () => {
    const store = createSessionStore();
    const tour = tourOf(2, 1);
    registerTourKeys(store, tour);
    expect(tourKeyStep(store, 'next', 'PageDown')).toBe(false);
    expect(tour.at()).toBe(2);
  });
  it('in an embed, hands next on the last step to the host as ended + keypass', () => {
    const store = createSessionStore();
    const tour = tourOf(3, 1);
    registerTourKeys(store, tour);
    const pass = vi.fn();
    registerKeyPass(store, pass);
    expect(tourKeyStep(store, 'next', 'PageDown')).toBe(false);
    expect(tour.at()).toBe(2);
    expect(pass).not.toHaveBeenCalled();
    expect(tourKeyStep(store, 'next', 'PageDown')).toBe(true);
    expect(tour.at()).toBe(2);
    expect(pass).toHaveBeenCalledWith('PageDown', true);
  });
  it('in an embed, hands back on the first step to the host', () => {
    const store = createSessionStore();
    const tour = tourOf(3, 0);
    registerTourKeys(store, tour);
    const pass = vi.fn();
    const off = registerKeyPass(store, pass);
    expect(tourKeyStep(store, 'back', 'ArrowLeft')).toBe(true);
    expect(pass).toHaveBeenCalledWith('ArrowLeft', false);
    expect(tour.at()).toBe(0);
    off();
    tourKeyStep(store, 'back', 'ArrowLeft');
    expect(tour.at()).toBe(-1);
  });
});
