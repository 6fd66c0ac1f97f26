/**
 * Registers the hosted build's service worker (dist/sw.js, see sw-source.ts), so the app works
 * offline after the first visit. Not in dev (Vite serves modules that change under you; a cache
 * would hide edits), not in the single-file build (it has nothing to fetch), and not from
 * file:// (browsers refuse service workers there). A failed registration leaves the app online-only
 * and says so once on the console; it never stops the app.
 */
export function registerServiceWorker(
  env: { prod: boolean; single: boolean },
  loc: Pick<Location, 'protocol'> = location,
  nav: Pick<Navigator, 'serviceWorker'> | undefined = typeof navigator === 'undefined' ? undefined : navigator,
): 'registered' | 'skipped' {
  if (!env.prod || env.single || loc.protocol === 'file:' || !nav || !('serviceWorker' in nav) || !nav.serviceWorker) return 'skipped';
  const register = () => {
    nav.serviceWorker.register('./sw.js').catch((e: unknown) => {
      console.warn(`kube-anatomy: the service worker (sw.js) could not be registered, so the app will not work offline: ${e instanceof Error ? e.message : String(e)}`);
    });
  };
  // After load: the precache download must not compete with the first frame.
  if (typeof document !== 'undefined' && document.readyState !== 'complete') window.addEventListener('load', register, { once: true });
  else register();
  return 'registered';
}
