import { useEffect, useMemo, useState } from 'react';
import type { Timeline } from '../timeline/index.ts';
import { EmbedView } from '../embed/EmbedView.tsx';
import { parseUrl, withHashParam, type UrlState } from '../embed/url.ts';
import { pickLang, translate, type Lang } from '../ui/i18n/translate.ts';
import { createSessionStore } from '../ui/session/store.ts';
import { Workbench } from '../ui/shell/Workbench.tsx';
import type { ThemeName } from '../ui/theme/themes.ts';

/** How the app gets its timeline: resolves once the trace is ready to show. */
export type TimelineLoader = (seed?: number) => Promise<Timeline>;

// One load per loader and seed: React's StrictMode runs effects twice in development, and a
// simulation is too costly to run twice.
const loads = new WeakMap<TimelineLoader, Map<number | undefined, Promise<Timeline>>>();
function loadOnce(load: TimelineLoader, seed: number | undefined): Promise<Timeline> {
  let bySeed = loads.get(load);
  if (!bySeed) loads.set(load, (bySeed = new Map()));
  let p = bySeed.get(seed);
  if (!p) bySeed.set(seed, (p = load(seed)));
  return p;
}

type LoadState = { status: 'loading' } | { status: 'ready'; timeline: Timeline } | { status: 'error'; message: string };

/**
 * The app shell: reads the URL (route, lang, theme, t), makes the session store, loads the
 * timeline and shows the full app (`#/`) or the embed (`#/embed`).
 */
export function App({ load }: { load: TimelineLoader }) {
  const url = useMemo<UrlState>(() => parseUrl(window.location.search, window.location.hash), []);
  const [store] = useState(() =>
    createSessionStore({
      lang: pickLang(url.lang, navigator.languages ?? [navigator.language]),
      ...(url.theme ? { theme: url.theme } : {}),
    }),
  );
  const [state, setState] = useState<LoadState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    loadOnce(load, url.seed).then(
      (timeline) => {
        if (cancelled) return;
        const t = url.t === undefined ? timeline.startTime : Math.max(timeline.startTime, Math.min(timeline.endTime, url.t));
        store.getState().seek(t);
        setState({ status: 'ready', timeline });
      },
      (err: unknown) => {
        if (!cancelled) setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, store, url.t, url.seed]);

  // Keep <html> in step with the session: language for fonts and screen readers, theme for the page background.
  useEffect(() => {
    const apply = (lang: Lang, theme: ThemeName) => {
      document.documentElement.lang = lang;
      document.documentElement.dataset.theme = theme;
    };
    apply(store.getState().lang, store.getState().theme);
    return store.subscribe((s) => apply(s.lang, s.theme));
  }, [store]);

  const onSettingsChange = (change: { lang?: Lang; theme?: ThemeName }) => {
    let hash = window.location.hash || '#/';
    if (change.lang) hash = withHashParam(hash, 'lang', change.lang);
    if (change.theme) hash = withHashParam(hash, 'theme', change.theme);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  };

  const lang = store.getState().lang;
  if (state.status === 'loading') return <div className="ka-splash">{translate(lang, 'app.loading')}</div>;
  if (state.status === 'error') return <div className="ka-splash ka-splash--error">{translate(lang, 'app.loadError', { message: state.message })}</div>;
  if (url.route === 'embed') {
    const fullAppHref = `${window.location.pathname}${window.location.search}${(window.location.hash || '#/embed').replace(/^#\/embed/, '#/')}`;
    return <EmbedView timeline={state.timeline} store={store} fullAppHref={fullAppHref} onSettingsChange={onSettingsChange} />;
  }
  return <Workbench timeline={state.timeline} store={store} onSettingsChange={onSettingsChange} />;
}
