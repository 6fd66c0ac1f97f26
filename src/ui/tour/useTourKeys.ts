import { useEffect } from 'react';
import { useSessionStore } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { usePresenterKeys } from '../shell/useKeyboard.ts';

/** What the keys (and an embed's host) do to the tour shown in one view instance. */
export interface TourKeyTarget {
  next(): void;
  back(): void;
  /** Jump to a step (0-based); out of range does nothing. */
  goto(index: number): void;
  /** Where the tour is: index 0-based (-1 on the cover, `count` on the end page). */
  position(): { name: string; index: number; count: number };
}

/**
 * Where an embed hands the keys it does not use to its host deck (src/embed posts them as
 * `keypass`); `ended` is set when "next" was pressed on the tour's last step.
 */
export type KeyPass = (key: string, ended: boolean) => void;
const PASS = new WeakMap<SessionStore, KeyPass>();

/** Registers the embed's key pass for a session; returns the unregister function. */
export function registerKeyPass(store: SessionStore, pass: KeyPass): () => void {
  PASS.set(store, pass);
  return () => {
    if (PASS.get(store) === pass) PASS.delete(store);
  };
}

/** The tour on screen for a session, if any (the embed's postMessage handler reads it). */
export function activeTour(store: SessionStore): TourKeyTarget | undefined {
  return ACTIVE.get(store);
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
export function tourKeyAction(key: string, shift = false): 'next' | 'back' | undefined {
  if (key === ' ') return shift ? 'back' : 'next';
  if (shift) return undefined;
  if (key === 'PageDown' || key === 'ArrowRight') return 'next';
  if (key === 'PageUp' || key === 'ArrowLeft') return 'back';
  return undefined;
}

/**
 * Keys an embed never uses itself, so they belong to the deck around it: reveal.js's `B` and `.`
 * (black screen), `F`, `O`, `S`, Escape, and any other single character. Space and the step keys
 * are the embed's own, except at a tour's ends (tourKeyStep).
 */
export function isPassKey(key: string): boolean {
  return key === 'Escape' || (key.length === 1 && key !== ' ');
}

/**
 * One "next" or "back" of the tour, presenter-style. In an embed (a KeyPass registered), "next"
 * on the last step and "back" on the first do not leave the steps: the key goes to the host
 * (with `ended` on the last step) so the deck moves to its next or previous slide. Outside an
 * embed they go to the end page and the cover as before. Returns whether the key was handed on.
 */
export function tourKeyStep(store: SessionStore, action: 'next' | 'back', key: string): boolean {
  const tour = ACTIVE.get(store);
  const pass = PASS.get(store);
  if (!tour) return false;
  if (pass) {
    const { index, count } = tour.position();
    if (action === 'next' && index >= count - 1) {
      pass(key, true);
      return true;
    }
    if (action === 'back' && index <= 0) {
      pass(key, false);
      return true;
    }
  }
  tour[action]();
  return false;
}

/**
 * Presenter keys that step the tour while one is on: PageDown, → and Space go to the next step,
 * PageUp, ← and Shift+Space back. In an embed, keys it does not use (`B`, `.`) and the step keys
 * at the tour's ends go to the host deck (registerKeyPass). With no tour on screen they are the plain presenter keys (usePresenterKeys:
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
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (e.key === ' ' && el?.tagName === 'BUTTON') return;
      const tour = ACTIVE.get(store);
      const pass = PASS.get(store);
      // Not swallowed: the key's default stays, and the host deck gets it too.
      if (pass && isPassKey(e.key)) {
        pass(e.key, false);
        return;
      }
      const action = tourKeyAction(e.key, e.shiftKey);
      if (!action) return;
      if (!tour) {
        // Without a tour the slide clicker's keys mean nothing here: the deck's.
        if (pass && (e.key === 'PageDown' || e.key === 'PageUp')) pass(e.key, false);
        return;
      }
      e.preventDefault();
      // Capture phase on the same target as the presenter keys' bubble listener: stopping here
      // keeps them from also stepping an event.
      e.stopPropagation();
      e.stopImmediatePropagation();
      tourKeyStep(store, action, e.key);
    };
    target.addEventListener('keydown', onKey, { capture: true });
    return () => target.removeEventListener('keydown', onKey, { capture: true });
  }, [target, store]);
}
