import { useCallback, useState, type KeyboardEvent } from 'react';
import type { Timeline } from '../timeline/index.ts';
import { Controls } from '../ui/controls/Controls.tsx';
import { Icon } from '../ui/controls/Icon.tsx';
import { Settings } from '../ui/controls/Settings.tsx';
import { useMediaQuery } from '../ui/controls/useMediaQuery.ts';
import type { Lang } from '../ui/i18n/translate.ts';
import { useT } from '../ui/i18n/useT.ts';
import { Inspector } from '../ui/inspector/Inspector.tsx';
import { usePlaybackLoop } from '../ui/playback/usePlayer.ts';
import { SessionProvider, useSession, useSessionStore } from '../ui/session/context.tsx';
import type { BottomTab, DockPanel, SessionStore } from '../ui/session/store.ts';
import { BottomView } from '../ui/shell/BottomPane.tsx';
import { PanelDock } from '../ui/shell/PanelDock.tsx';
import { TraceProvider } from '../ui/shell/TraceContext.tsx';
import type { ThemeName } from '../ui/theme/themes.ts';
import { Topology } from '../ui/topology/Topology.tsx';
import { TourPanel, type TourStepInfo } from '../ui/tour/TourPanel.tsx';
import type { Tour, TourView } from '../ui/tour/types.ts';
import { useTourKeys } from '../ui/tour/useTourKeys.ts';
import type { ControlsLevel, EmbedViewName, UrlNote } from './url.ts';
import '../ui/styles.css';
import '../ui/shell/layout.css';
import './embed.css';

/** Wide enough for the inspector beside the topology. */
const EMBED_ROOMY = '(min-width: 1200px)';
/** Where the language and theme switches fold into one button and "open" is an icon (embed.css). */
const EMBED_NARROW = '(max-width: 1199px)';

const BOTTOM: Partial<Record<EmbedViewName, BottomTab>> = { timeline: 'timeline', events: 'events', console: 'console', statechart: 'statechart' };
const DOCK: Partial<Record<EmbedViewName, DockPanel>> = { etcd: 'etcd', scheduler: 'scheduler', node: 'node' };
/** A tour step names `swimlane` for what the embed's `views` calls `timeline`. */
const TOUR_VIEW: Partial<Record<TourView, EmbedViewName>> = { swimlane: 'timeline', events: 'events', console: 'console', statechart: 'statechart', etcd: 'etcd', scheduler: 'scheduler', node: 'node' };

export interface EmbedLayoutProps {
  timeline: Timeline;
  store: SessionStore;
  views: readonly EmbedViewName[];
  controls: ControlsLevel;
  fullAppHref: string;
  notes: readonly UrlNote[];
  onSettingsChange?: (change: { lang?: Lang; theme?: ThemeName }) => void;
  tour?: Tour;
  initialStep?: number;
  /** Every tour step change (index 0-based; -1 on the cover). */
  onStep(index: number): void;
}

/**
 * The embed's own layout: only the views `views=` names (the topology above, dock panels beside
 * it, one of the bottom views below with a tab per named one), the tour's narration in its
 * compact form on the left, and as much of the controls as `controls=` asks for: `full` (the
 * player, settings, a link to the app), `min` (the player only), `none` (nothing: the host drives).
 */
export function EmbedLayout(props: EmbedLayoutProps) {
  // The views are fixed before the first frame, so the URL's frame is the first one drawn.
  useState(() => {
    const s = props.store.getState();
    const tab = props.views.map((v) => BOTTOM[v]).find((x) => x !== undefined);
    if (tab) s.setBottomTab(tab);
    s.setDockOpen({ etcd: props.views.includes('etcd'), scheduler: props.views.includes('scheduler'), node: props.views.includes('node') });
  });
  return (
    <SessionProvider store={props.store}>
      <TraceProvider timeline={props.timeline}>
        <EmbedBody {...props} />
      </TraceProvider>
    </SessionProvider>
  );
}

function EmbedBody({ views, controls, fullAppHref, notes, onSettingsChange, tour, initialStep, onStep }: EmbedLayoutProps) {
  const t = useT();
  const store = useSessionStore();
  const theme = useSession((s) => s.theme);
  const lang = useSession((s) => s.lang);
  const hasSelection = useSession((s) => s.selection !== null);
  usePlaybackLoop();
  useTourKeys(typeof window === 'undefined' ? null : window);
  const bottomViews = views.map((v) => BOTTOM[v]).filter((x): x is BottomTab => x !== undefined);
  const hasDock = views.some((v) => DOCK[v] !== undefined);
  const hasBottom = bottomViews.length > 0 || controls !== 'none';
  const main = views.includes('topology') || hasDock || tour !== undefined;

  // A step brings forward the views it talks about, among the ones this embed shows.
  const onTourStep = useCallback(
    ({ index, views: stepViews }: TourStepInfo) => {
      const s = store.getState();
      const wanted = stepViews.map((v) => TOUR_VIEW[v]).filter((v): v is EmbedViewName => v !== undefined && views.includes(v));
      const tab = wanted.map((v) => BOTTOM[v]).find((x) => x !== undefined);
      if (tab && s.bottomTab !== tab) s.setBottomTab(tab);
      const panels = wanted.map((v) => DOCK[v]).filter((x): x is DockPanel => x !== undefined);
      if (panels.length > 0) s.setDockOpen(Object.fromEntries(panels.map((p) => [p, true])));
      onStep(index);
    },
    [store, views, onStep],
  );

  // A slide is often 960 px wide: below 1200 px the inspector would leave the topology a
  // thumbnail, and the language/theme switches and the "open" label would push the player out.
  const roomy = useMediaQuery(EMBED_ROOMY);
  const showInspector = hasSelection && controls === 'full' && roomy;
  const rows = [main ? 'minmax(0, 1fr)' : '', hasBottom ? (bottomViews.length > 0 ? (main ? 'var(--bottom-h)' : 'minmax(0, 1fr)') : 'auto') : ''].filter(Boolean).join(' ');
  return (
    <div
      className={`ka-root ka-chrome-minimal ka-embed`}
      data-theme={theme}
      lang={lang}
      data-testid="embed"
      data-views={views.join(',')}
      data-controls={controls}
      style={{ gridTemplateRows: rows || 'minmax(0, 1fr)' }}
    >
      {main && (
        <main className={`ka-main${showInspector ? ' has-inspector' : ''}${tour ? ' has-narration' : ''}`}>
          {tour && (
            <section className="ka-narration ka-embed-narration" aria-label={t('shell.narration')}>
              <TourPanel tour={tour} compact onStep={onTourStep} {...(initialStep !== undefined ? { initialStep } : {})} />
            </section>
          )}
          <div className="ka-views">
            {views.includes('topology') && (
              <div className="ka-topology-wrap">
                <Topology />
              </div>
            )}
            {hasDock && <PanelDock />}
          </div>
          {/* The inspector needs room a slide rarely has: only with the full controls, on a wide frame. */}
          {showInspector && <Inspector />}
        </main>
      )}
      {hasBottom && (
        <div className={`ka-bottom ka-embed-bottom${controls === 'none' ? ' is-bare' : ''}`}>
          {controls !== 'none' && (
            <div className="ka-controls-row">
              <Controls />
              {bottomViews.length > 1 && <EmbedTabs tabs={bottomViews} />}
              {controls === 'full' && (
                <div className="ka-embed-extra">
                  <Settings compactWhen={EMBED_NARROW} {...(onSettingsChange ? { onChange: onSettingsChange } : {})} />
                  <a className="ka-btn ka-btn--small ka-open-full" href={fullAppHref} target="_blank" rel="noopener" title={t('app.openFull')} aria-label={t('app.openFull')}>
                    <Icon name="open-external" />
                    <span className="ka-open-full-label">{t('app.openFull')}</span>
                  </a>
                </div>
              )}
            </div>
          )}
          {bottomViews.length > 0 && <BottomView />}
        </div>
      )}
      {notes.length > 0 && <EmbedNotes notes={notes} />}
    </div>
  );
}

const TAB_LABEL = { timeline: 'shell.tab.timeline', events: 'shell.tab.events', console: 'shell.tab.console', statechart: 'shell.tab.statechart' } as const satisfies Record<BottomTab, string>;

/** A tab per bottom view the URL names (the app's tab strip offers all four). */
function EmbedTabs({ tabs }: { tabs: readonly BottomTab[] }) {
  const t = useT();
  const tab = useSession((s) => s.bottomTab);
  const setTab = useSession((s) => s.setBottomTab);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : undefined;
    if (next === undefined) return;
    // The arrows step the tour elsewhere; here they move between tabs.
    e.preventDefault();
    e.stopPropagation();
    const to = tabs[(next + tabs.length) % tabs.length];
    if (to) setTab(to);
  };
  return (
    <div className="ka-tabs" role="tablist" aria-label={t('embed.views')} onKeyDown={onKey}>
      {tabs.map((x) => (
        <button key={x} type="button" role="tab" id={`ka-tab-${x}`} className="ka-tab" aria-selected={x === tab} aria-controls="ka-bottom-view" tabIndex={x === tab ? 0 : -1} data-testid={`tab-${x}`} onClick={() => setTab(x)}>
          {t(TAB_LABEL[x])}
        </button>
      ))}
    </div>
  );
}

/** The parameters the URL carried in vain: a small note in a corner, dismissable, never in the way of the views. */
function EmbedNotes({ notes }: { notes: readonly UrlNote[] }) {
  const t = useT();
  const [open, setOpen] = useState(true);
  if (!open) return null;
  return (
    <aside className="ka-embed-notes" data-testid="embed-notes" role="status" aria-label={t('embed.notes')}>
      <ul>
        {notes.map((n) => (
          <li key={n.param} data-param={n.param}>
            {n.range ? t('embed.stepRange', { value: n.value, tour: n.range.tour, total: n.range.total }) : t('embed.note', { param: n.param, value: n.value, expected: t(`embed.expect.${n.param}` as Parameters<typeof t>[0]) })}
          </li>
        ))}
      </ul>
      <button type="button" className="ka-btn ka-btn--small" onClick={() => setOpen(false)}>
        {t('embed.dismiss')}
      </button>
    </aside>
  );
}
