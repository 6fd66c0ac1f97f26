import { useEffect } from 'react';
import { useSessionStore } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { usePresenterKeys } from '../shell/useKeyboard.ts';

/** What the keys do to the tour shown in one view instance. */
export interface TourKeyTarget {
  next(): void;
  back(): void;
}

/**
 * The tour on screen per session store. Keyed by the store (one per view instance), so two
 * embeds on one page step their own tours; a WeakMap, so a dropped session takes its entry along.
 */
const ACTIVE = new WeakMap<SessionStore, TourKeyTarget>();

/** Registers the tour shown for a session (TourPanel does this); returns the unregister function. */
export function registerTourKeys(store: SessionStore, target: TourKeyTarget): () => void {
  ACTIVE.set(store, target);
  return () => {
    if (ACTIVE.get(store) === target) ACTIVE.delete(store);
  };
}

/** The key → tour action map: a slide clicker sends PageDown/PageUp; → ← and Space as in presentation tools. */
export function tourKeyAction(key: string): 'next' | 'back' | undefined {
  if (key === 'PageDown' || key === 'ArrowRight' || key === ' ') return 'next';
  if (key === 'PageUp' || key === 'ArrowLeft') return 'back';
  return undefined;
}

/**
 * Presenter keys that step the tour while one is on: PageDown, → and Space go to the next step,
 * PageUp and ← back. With no tour on screen they are the plain presenter keys (usePresenterKeys:
 * Space plays, arrows step events, Home restarts), so the shell can use this hook in their place.
 * Keys typed into form fields are left alone; Space on a focused button clicks it.
 */
export function useTourKeys(target: Window | HTMLElement | null = typeof window === 'undefined' ? null : window): void {
  const store = useSessionStore();
  usePresenterKeys(target);
  useEffect(() => {
    if (!target) return;
    const onKey = (ev: Event) => {
      const e = ev as KeyboardEvent;
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const tour = ACTIVE.get(store);
      if (!tour) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (e.key === ' ' && el?.tagName === 'BUTTON') return;
      const action = tourKeyAction(e.key);
      if (!action) return;
      e.preventDefault();
      // Capture phase on the same target as the presenter keys' bubble listener: stopping here
      // keeps them from also stepping an event.
      e.stopPropagation();
      e.stopImmediatePropagation();
      tour[action]();
    };
    target.addEventListener('keydown', onKey, { capture: true });
    return () => target.removeEventListener('keydown', onKey, { capture: true });
  }, [target, store]);
}
