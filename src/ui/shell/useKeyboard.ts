import { useEffect } from 'react';
import { usePlayerControls } from '../playback/usePlayer.ts';

/**
 * Presenter keys: Space plays or pauses, → and ← step one event, Home restarts. Keys typed into
 * form fields are left alone. `target` scopes the keys to one view instance (an embed listens
 * on its own document only).
 */
export function usePresenterKeys(target: Window | HTMLElement | null = typeof window === 'undefined' ? null : window): void {
  const controls = usePlayerControls();
  useEffect(() => {
    if (!target) return;
    const onKey = (ev: Event) => {
      const e = ev as KeyboardEvent;
      // A key the focused element already handled (a grid, a tab list, a splitter) is not a presenter key.
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable)) return;
      if (e.key === ' ' && el?.tagName === 'BUTTON') return; // Space on a focused button clicks it
      const action = { ' ': controls.toggle.bind(controls), ArrowRight: controls.stepForward, ArrowLeft: controls.stepBack, Home: controls.restart }[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    target.addEventListener('keydown', onKey);
    return () => target.removeEventListener('keydown', onKey);
  }, [target, controls]);
}
