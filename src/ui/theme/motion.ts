import { useSyncExternalStore } from 'react';

/**
 * prefers-reduced-motion: reduce. Views that move things with the playhead (the topology's
 * message dots) then show them in steps instead of gliding; styles.css stops CSS animations
 * and transitions. Server rendering and tests without matchMedia read "no preference".
 */
export const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function query(): MediaQueryList | undefined {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(REDUCED_MOTION_QUERY) : undefined;
}

function subscribe(onChange: () => void): () => void {
  const q = query();
  if (!q) return () => {};
  q.addEventListener('change', onChange);
  return () => q.removeEventListener('change', onChange);
}

export function prefersReducedMotion(): boolean {
  return query()?.matches ?? false;
}

export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, prefersReducedMotion, () => false);
}
