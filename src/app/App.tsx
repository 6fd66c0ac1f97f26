import { useEffect, useMemo, useState } from 'react';
import type { Timeline } from '../timeline/index.ts';
import { parseUrl, urlNotes, withHashParam, type UrlState } from '../embed/url.ts';
import { pickLang, translate, type Lang } from '../ui/i18n/translate.ts';
import { createSessionStore } from '../ui/session/store.ts';
import { Workbench } from '../ui/shell/Workbench.tsx';
import type { ScenarioChoice } from '../ui/shell/ScenarioPicker.tsx';
import type { ThemeName } from '../ui/theme/themes.ts';
import { ReplayHost } from '../ui/replay/ReplayHost.tsx';
import type { Replay, ReplayRequest } from '../ui/replay/useReplayImport.ts';
import { resolveScenario, scenarioTitle, UnknownScenarioError, type ScenarioCatalog, type ScenarioEntry } from './scenarios.ts';
import { scenarioTimeline } from './scenarioTimeline.ts';
import type { TourCatalog } from '../ui/tour/catalog.ts';
import type { Tour } from '../ui/tour/types.ts';
import { BranchHost } from '../ui/branches/BranchHost.tsx';
import { ExportTourContext } from '../ui/export/tourContext.ts';
// Sharing and the user's own files (issue 7): src/ui/share, src/ui/library.
import { AppActionsProvider, type AppActions } from '../ui/share/host.tsx';
import { savedParam, useSavedItem, type SavedLoad } from '../ui/library/useSavedItem.ts';
import { fileName } from '../ui/library/files.ts';
import type { parseTour } from '../ui/tour/parse.ts';
import { lazyView } from '../ui/shell/lazyView.ts';
import { Deferred } from '../ui/shell/Deferred.tsx';

// What only some routes or actions show is its own chunk (the initial JavaScript stays within its
// budget, BENCHMARKS.md "Bundle size"): the embed (#/embed), the print page (#/print), a tour's
// narration (its panel, machine and glossary), the replay's banner and its comparison. The ones a
// URL names are fetched beside the scenario's run, so their first frame waits for nothing more.
const EmbedView = lazyView(() => import('../embed/EmbedView.tsx'), 'EmbedView');
const PrintTour = lazyView(() => import('../ui/export/print/PrintTour.tsx'), 'PrintTour');
const TourNarration = lazyView(() => import('../ui/shell/TourNarration.tsx'), 'TourNarration');
const ReplayBanner = lazyView(() => import('../ui/replay/ReplayBanner.tsx'), 'ReplayBanner');
const CompareWithSimulation = lazyView(() => import('../ui/compare/CompareWithSimulation.tsx'), 'CompareWithSimulation');

/** The tour parser (and the yaml library under it), loaded once a saved tour is to be read. */
type TourParser = typeof parseTour;
let tourParser: TourParser | undefined;
const loadTourParser = (): Promise<TourParser> => import('../ui/tour/parse.ts').then((m) => (tourParser = m.parseTour));

/** The chunks the URL's first frame shows; a failure is left to the view's own boundary, which says what failed. */
function chunksFor(hash: string, route: UrlState['route'], tour: Tour | undefined): Promise<unknown>[] {
  const chunks: Promise<unknown>[] = [];
  if (/^#\/print(\?|$)/.test(hash)) chunks.push(PrintTour.preload());
  else if (route === 'embed') chunks.push(EmbedView.preload());
  else if (tour) chunks.push(TourNarration.preload());
  return chunks.map((c) => c.catch(() => undefined));
}

/** How the app gets a scenario's timeline: resolves once the trace is ready to show. */
export type TimelineLoader = (entry: ScenarioEntry, seed?: number) => Promise<Timeline>;

// One load per loader, scenario and seed: React's StrictMode runs effects twice in development,
// a simulation is too costly to run twice, and switching back to a scenario should be instant.
const loads = new WeakMap<TimelineLoader, Map<string, Promise<Timeline>>>();
function loadOnce(load: TimelineLoader, entry: ScenarioEntry, seed: number | undefined): Promise<Timeline> {
  let byKey = loads.get(load);
  if (!byKey) loads.set(load, (byKey = new Map()));
  const key = `${entry.name}\n${seed ?? ''}`;
  let p = byKey.get(key);
  if (!p) byKey.set(key, (p = load(entry, seed)));
  return p;
}

/** The outcome of loading one target (while it differs from the current target, the app is loading). */
type Loaded = { target: Target } & ({ status: 'ready'; timeline: Timeline; scenario: string; file: string; text: string } | { status: 'error'; message: string });

/** What the URL asks to show; `t` and `seed` belong to the scenario they came with. */
// `saved`: an item of the user's library (`#/?saved=<id>`); `savedRev` re-reads it after an edit.
type Target = Pick<UrlState, 'scenario' | 't' | 'seed' | 'tour' | 'step'> & { saved?: string; savedRev?: number };
const targetOf = (u: UrlState): Target => ({ scenario: u.scenario, t: u.t, seed: u.seed, tour: u.tour, step: u.step, saved: savedParam(window.location.hash) });
const sameTarget = (a: Target, b: Target) => a.scenario === b.scenario && a.t === b.t && a.seed === b.seed && a.tour === b.tour && a.step === b.step && a.saved === b.saved;

/** A tour named by the URL, once its file is read (it names the scenario to run). */
type LoadedTour = { name: string } & ({ tour: Tour } | { error: string });

/**
 * The app shell: reads the URL (route, lang, theme, t, seed, scenario), makes the session store,
 * loads the named example (the default without a name) and shows the full app (`#/`, with the
 * scenario picker) or the embed (`#/embed`). An unknown scenario name shows an error that lists
 * the known ones as links.
 */
export function App({ catalog, tours, load = scenarioTimeline }: { catalog: ScenarioCatalog; tours?: TourCatalog; load?: TimelineLoader }) {
  const [url] = useState<UrlState>(() => parseUrl(window.location.search, window.location.hash));
  const [target, setTarget] = useState<Target>(() => targetOf(url));
  const [store] = useState(() =>
    createSessionStore({
      lang: pickLang(url.lang, navigator.languages ?? [navigator.language]),
      ...(url.theme ? { theme: url.theme } : {}),
    }),
  );
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [titles, setTitles] = useState<ReadonlyMap<string, Readonly<Record<Lang, string>>>>(new Map());
  // A replay of recorded traces (issue 5) is shown instead of the scenario, which stays loaded
  // so "Back to scenario" returns to it as it was. `?trace=<url>` in the hash starts one.
  const [replay, setReplay] = useState<{ replay: Replay; n: number } | null>(null);
  const [initialTrace] = useState<ReplayRequest | undefined>(() => traceParam(window.location.hash));

  // `?tour=<name>`: the tour's file is read first, since it names the scenario to run.
  const [loadedTour, setLoadedTour] = useState<LoadedTour | null>(null);
  useEffect(() => {
    const name = target.tour;
    if (name === undefined) return;
    let cancelled = false;
    const open = tours ? tours.open(name) : Promise.reject(new Error('this page has no tours'));
    open.then(
      (tour) => !cancelled && setLoadedTour({ name, tour }),
      (err: unknown) => !cancelled && setLoadedTour({ name, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [tours, target.tour]);
  const tourNow = target.tour !== undefined && loadedTour?.name === target.tour ? loadedTour : undefined;
  const saved = useSavedItem(target.saved, target.savedRev);
  // A saved tour is parsed once the parser's chunk is in (until then the item is pending).
  const [parser, setParser] = useState<TourParser | undefined>(() => tourParser);
  const [parserError, setParserError] = useState<string | undefined>(undefined);
  const wantsParser = saved !== undefined && 'item' in saved && saved.item.kind === 'tour' && !parser;
  useEffect(() => {
    if (!wantsParser) return;
    let cancelled = false;
    loadTourParser().then(
      (p) => !cancelled && setParser(() => p),
      (err: unknown) => !cancelled && setParserError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [wantsParser]);
  const savedRun = useMemo(() => savedTarget(saved, store.getState().lang, parser, parserError), [saved, store, parser, parserError]);
  const tour = savedRun && 'tour' in savedRun ? savedRun.tour : tourNow && 'tour' in tourNow ? tourNow.tour : undefined;

  const resolved = useMemo(() => {
    if (target.saved !== undefined && !(savedRun && 'entry' in savedRun) && !tour) return { pending: true as const };
    if (savedRun && 'entry' in savedRun) return { entry: savedRun.entry };
    if (target.tour !== undefined && !tour) return { pending: true as const };
    try {
      return { entry: resolveScenario(catalog, tour ? tour.scenario : target.scenario) };
    } catch (err) {
      if (err instanceof UnknownScenarioError) return { unknown: err };
      throw err;
    }
  }, [catalog, target, tour, savedRun]);

  useEffect(() => {
    const entry = resolved.entry;
    if (!entry) return;
    let cancelled = false;
    // The scenario's text too: a command typed in the console forks the run from it (BranchHost).
    Promise.all([loadOnce(load, entry, target.seed), entry.load(), ...chunksFor(window.location.hash, url.route, tour)]).then(
      ([timeline, text]) => {
        if (cancelled) return;
        const t = target.t === undefined ? timeline.startTime : Math.max(timeline.startTime, Math.min(timeline.endTime, target.t));
        const s = store.getState();
        s.pause();
        s.select(null);
        s.seek(t);
        setLoaded({ target, status: 'ready', timeline, scenario: entry.name, file: entry.file, text });
      },
      (err: unknown) => {
        if (!cancelled) setLoaded({ target, status: 'error', message: err instanceof Error ? err.message : String(err) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, store, target, resolved, url.route, tour]);

  // The picker's titles come from the files' first comment lines: fetched once the first
  // scenario is on screen, so they never delay it (each file is its own small chunk).
  const ready = loaded?.status === 'ready';
  useEffect(() => {
    if (!ready || titles.size > 0) return;
    let cancelled = false;
    // A chunk that fails to come leaves the file names in the picker: titles are a nicety.
    // Both languages at once: the picker shows the session's, and follows a switch without a refetch.
    Promise.all(
      catalog.entries.map(async (e) => {
        const text = await e.load();
        return [e.name, { en: scenarioTitle(e.name, text, 'en'), ja: scenarioTitle(e.name, text, 'ja') }] as const;
      }),
    ).then(
      (pairs) => {
        if (!cancelled) setTitles(new Map(pairs));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [catalog, ready, titles]);

  // The tour picker's titles, read from the tour files once the first frame is on screen.
  const [tourTitles, setTourTitles] = useState<ReadonlyMap<string, Tour['title']>>(new Map());
  useEffect(() => {
    if (!ready || !tours || tourTitles.size > 0) return;
    let cancelled = false;
    Promise.all(tours.entries.map(async (e) => [e.name, (await tours.open(e.name)).title] as const)).then(
      (pairs) => {
        if (!cancelled) setTourTitles(new Map(pairs));
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [tours, ready, tourTitles]);

  // A hand-edited URL, a link of the unknown-scenario page or the browser's back button.
  useEffect(() => {
    const onHash = () => {
      const next = targetOf(parseUrl(window.location.search, window.location.hash));
      setTarget((cur) => (sameTarget(cur, next) ? cur : next));
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Keep <html> in step with the session: language for fonts and screen readers, theme for the page background.
  useEffect(() => {
    const apply = (lang: Lang, theme: ThemeName) => {
      document.documentElement.lang = lang;
      document.documentElement.dataset.theme = theme;
    };
    apply(store.getState().lang, store.getState().theme);
    return store.subscribe((s) => apply(s.lang, s.theme));
  }, [store]);

  const replaceHash = (hash: string) => window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);

  const onSettingsChange = (change: { lang?: Lang; theme?: ThemeName }) => {
    let hash = window.location.hash || '#/';
    if (change.lang) hash = withHashParam(hash, 'lang', change.lang);
    if (change.theme) hash = withHashParam(hash, 'theme', change.theme);
    replaceHash(hash);
  };

  // The playhead and seed of the URL were the old scenario's: the new one starts at its beginning.
  const onScenarioChange = (name: string) => {
    let hash = withHashParam(window.location.hash || '#/', 'scenario', name);
    hash = withHashParam(withHashParam(hash, 't', undefined), 'seed', undefined);
    // Picking a scenario leaves the tour (its narration belongs to its own scenario).
    hash = withHashParam(withHashParam(hash, 'tour', undefined), 'step', undefined);
    hash = withHashParam(hash, 'saved', undefined);
    replaceHash(hash);
    setTarget({ scenario: name });
  };

  // A tour runs its own scenario from its first step: the scenario's playhead and seed go.
  const onTourChange = (name: string) => {
    let hash = withHashParam(window.location.hash || '#/', 'tour', name);
    for (const key of ['scenario', 't', 'seed', 'step', 'saved']) hash = withHashParam(hash, key, undefined);
    replaceHash(hash);
    setTarget({ tour: name });
  };

  // A saved item opens like an example: `#/?saved=<id>`, keeping the language and theme.
  const runSaved = (id: string) => {
    const s = store.getState();
    replaceHash(withHashParam(withHashParam(withHashParam('#/', 'saved', id), 'lang', s.lang), 'theme', s.theme));
    setTarget((cur) => ({ saved: id, savedRev: (cur.savedRev ?? 0) + 1 }));
  };
  const actions = appActions(catalog, tours, runSaved);
  const lang = store.getState().lang;
  if (savedRun && 'error' in savedRun) return <div className="ka-splash ka-splash--error" data-testid="saved-error" role="alert">{savedRun.error}</div>;
  if (tourNow && 'error' in tourNow) return <div className="ka-splash ka-splash--error" data-testid="tour-error" role="alert">{tourNow.error}</div>;
  if (resolved.unknown) return <UnknownScenario lang={lang} scenario={resolved.unknown.scenario} known={resolved.unknown.known} />;
  const state = loaded?.target === target ? loaded : null;
  if (!state) return <div className="ka-splash">{translate(lang, 'app.loading')}</div>;
  if (state.status === 'error') return <div className="ka-splash ka-splash--error">{translate(lang, 'app.loadError', { message: state.message })}</div>;
  // "Print the tour" (src/ui/export/print): every step of ?tour= on its own page.
  if (/^#\/print(\?|$)/.test(window.location.hash)) {
    return tour ? (
      <Deferred lang={lang} what={translate(lang, 'lazy.view')} className="ka-splash">
        <PrintTour tour={tour} timeline={state.timeline} lang={lang} />
      </Deferred>
    ) : <div className="ka-splash ka-splash--error" role="alert" data-testid="print-error">{translate(lang, 'export.printNoTour')}</div>;
  }
  if (url.route === 'embed') {
    const fullAppHref = `${window.location.pathname}${window.location.search}${(window.location.hash || '#/embed').replace(/^#\/embed/, '#/')}`;
    // A slide shows a tour's step, never its cover: no step= (or one out of range, noted) is step 1.
    const notes = urlNotes(window.location.search, window.location.hash);
    const steps = tour?.steps.length ?? 0;
    const stepOk = target.step !== undefined && target.step <= steps;
    if (tour && target.step !== undefined && !stepOk) notes.push({ param: 'step', value: String(target.step), expected: `a step of 1–${steps}`, range: { tour: tour.name, total: steps } });
    return (
      <Deferred lang={lang} what={translate(lang, 'lazy.view')} className="ka-splash">
      <EmbedView
        key={tour ? `tour-${tour.name}` : state.scenario}
        timeline={state.timeline}
        store={store}
        scenario={state.scenario}
        fullAppHref={fullAppHref}
        onSettingsChange={onSettingsChange}
        notes={notes}
        {...(url.views ? { views: url.views } : {})}
        {...(url.controls ? { controls: url.controls } : {})}
        {...(url.origins ? { origins: url.origins } : {})}
        {...(tour ? { tour, initialStep: stepOk ? (target.step as number) - 1 : 0 } : {})}
        {...(tour && target.t !== undefined ? { initialT: target.t } : {})}
      />
      </Deferred>
    );
  }
  const choices: ScenarioChoice[] = catalog.entries.map((e) => {
    const title = titles.get(e.name);
    return title === undefined ? { name: e.name } : { name: e.name, title };
  });
  // A saved scenario is the picker's current choice, named by its file.
  if (saved && 'item' in saved && saved.item.kind === 'scenario') choices.unshift({ name: state.scenario, title: fileName(saved.item) });
  const onReplay = (r: Replay) => {
    // A live trace calls again with the same timeline as it grows: keep its views as they are.
    setReplay((cur) => (cur && cur.replay.timeline === r.timeline ? { replay: r, n: cur.n } : { replay: r, n: (cur?.n ?? 0) + 1 }));
    if (!replay || replay.replay.timeline !== r.timeline) {
      const s = store.getState();
      s.pause();
      s.select(null);
      s.seek(r.timeline.startTime);
    }
  };
  const onBack = () => {
    setReplay(null);
    const s = store.getState();
    s.pause();
    s.select(null);
    s.seek(state.timeline.startTime);
  };
  return (
    <AppActionsProvider value={actions}>
    <ReplayHost store={store} onReplay={onReplay} {...(initialTrace ? { initial: initialTrace } : {})}>
      {(openTrace) =>
        replay ? (
          <div className="ka-replay-app">
            <Deferred lang={lang} what={translate(lang, 'lazy.view')} className="ka-replay-banner">
            <ReplayBanner replay={replay.replay} scenario={state.scenario} onBack={onBack} />
            {/* Simulated vs real (issue 5, item 7): src/ui/compare. */}
            <CompareWithSimulation real={replay.replay.timeline} scenarios={catalog.entries.map((e) => e.name)} fallback={state.scenario} load={(name) => loadOnce(load, resolveScenario(catalog, name), undefined)} store={store} />
            </Deferred>
            <Workbench key={`replay-${replay.n}`} timeline={replay.replay.timeline} store={store} onSettingsChange={onSettingsChange} headerExtra={openTrace} />
          </div>
        ) : (
          <BranchHost key={tour ? `tour-${tour.name}` : state.scenario} scenario={{ text: state.text, file: state.file, ...(target.seed !== undefined ? { seed: target.seed } : {}) }} base={state.timeline} store={store}>
            {(timeline) => (
              <ExportTourContext.Provider value={tour}>
              <Workbench
                timeline={timeline}
                store={store}
                onSettingsChange={onSettingsChange}
                {...(tour
                  ? {
                      narration: (
                        <Deferred lang={lang} what={translate(lang, 'tour.label')} className="ka-lazy--fill">
                          <TourNarration tour={tour} {...(target.step !== undefined ? { initialStep: target.step - 1 } : {})} />
                        </Deferred>
                      ),
                    }
                  : {})}
                scenarioPicker={{ scenarios: choices, current: state.scenario, onChange: onScenarioChange }}
                {...(tours ? { tourPicker: { tours: tours.entries.map((e) => ({ name: e.name, ...(tourTitles.has(e.name) ? { title: tourTitles.get(e.name) as Tour['title'] } : {}) })), ...(tour ? { current: tour.name } : {}), onChange: onTourChange } } : {})}
                headerExtra={openTrace}
              />
              </ExportTourContext.Provider>
            )}
          </BranchHost>
        )
      }
    </ReplayHost>
    </AppActionsProvider>
  );
}

/** `#/?trace=<url>`: a trace to replay on opening (a file URL, a served trace, a live trace). */
function traceParam(hash: string): ReplayRequest | undefined {
  const q = hash.indexOf('?');
  const url = q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get('trace');
  return url ? { kind: 'url', url } : undefined;
}

/** The page for a URL naming no known example: what was asked, and a link to each known one. */
function UnknownScenario({ lang, scenario, known }: { lang: Lang; scenario: string; known: readonly string[] }) {
  const hash = window.location.hash || '#/';
  return (
    <div className="ka-splash ka-splash--error" data-testid="unknown-scenario" role="alert">
      <div className="ka-unknown">
        <p>{translate(lang, 'app.unknownScenario', { name: scenario })}</p>
        <p>{translate(lang, 'app.knownScenarios')}</p>
        <ul>
          {known.map((name) => (
            <li key={name}>
              <a href={withHashParam(hash, 'scenario', name)}>{name}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The saved item as something to run: a scenario entry, a parsed tour, or the error to show. */
function savedTarget(saved: SavedLoad | undefined, lang: Lang, parse: TourParser | undefined, parserError: string | undefined): { entry: ScenarioEntry } | { tour: Tour } | { error: string } | undefined {
  if (!saved) return undefined;
  if ('missing' in saved) return { error: translate(lang, 'library.missing', { id: saved.id }) };
  if ('error' in saved) return { error: translate(lang, 'library.openFailed', { id: saved.id, message: saved.error }) };
  const { item } = saved;
  const file = fileName(item);
  // The name keys the run cache (loadOnce): with the save time in it, an edited item runs anew.
  if (item.kind === 'scenario') return { entry: { name: `saved:${item.id}:${item.updated}`, file, load: () => Promise.resolve(item.text) } };
  try {
    if (parserError !== undefined) return { error: translate(lang, 'library.openFailed', { id: saved.item.id, message: parserError }) };
    return parse ? { tour: parse(item.text, file) } : undefined;
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** What the share and library buttons need from the app: URL building, the examples, the real parsers. */
function appActions(catalog: ScenarioCatalog, tours: TourCatalog | undefined, run: (id: string) => void): AppActions {
  return {
    withHashParam,
    examples: [...catalog.entries.map((e) => ({ kind: 'scenario' as const, name: e.name, load: e.load })), ...(tours?.entries ?? []).map((e) => ({ kind: 'tour' as const, name: e.name, load: e.load }))],
    async validate(kind, text, file) {
      try {
        if (kind === 'scenario') {
          // The engine's parser, in its own chunk: only the editor needs it on the main thread.
          const { parseScenario } = await import('../engine/scenario/parse.ts');
          parseScenario(text, file);
          return undefined;
        }
        const tour = (tourParser ?? (await loadTourParser()))(text, file);
        if (!catalog.get(tour.scenario)) return `${file}: scenario: "${tour.scenario}" is not an example (known: ${catalog.entries.map((e) => e.name).join(', ')})`;
        return undefined;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
    run,
  };
}
