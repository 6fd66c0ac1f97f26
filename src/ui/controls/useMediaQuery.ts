import { useEffect, useState } from 'react';

/**
 * Whether a CSS media query matches, following changes (a window resized, a projector plugged
 * in). Outside a browser (server-side tests) it does not match.
 */
export function useMediaQuery(query: string | undefined): boolean {
  const get = () => query !== undefined && typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    if (query === undefined || typeof window === 'undefined' || typeof window.matchMedia !== 'function') return;
    const mq = window.matchMedia(query);
    const update = () => setMatches(mq.matches);
    update();
    mq.addEventListener('change', update);
    return () => mq.removeEventListener('change', update);
  }, [query]);
  return matches;
}
