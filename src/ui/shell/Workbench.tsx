import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import type { Timeline } from '../../timeline/index.ts';
import { Controls } from '../controls/Controls.tsx';
import { Settings } from '../controls/Settings.tsx';
import { useT } from '../i18n/useT.ts';
import type { Lang } from '../i18n/translate.ts';
import { usePlaybackLoop } from '../playback/usePlayer.ts';
import { SessionProvider, useSession } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { FaultMenu } from '../faults/FaultMenu.tsx';
import type { ThemeName } from '../theme/themes.ts';
import { Topology } from '../topology/Topology.tsx';
import { BottomTabs, BottomView, ConsolePanel, EventsTable, StateChartView } from './BottomPane.tsx';
import { DeferredView } from './Deferred.tsx';
import { lazyView, preloadWhenIdle } from './lazyView.ts';
import { NodeColumn } from '../node/NodePanel.tsx';
import { PanelDock } from './PanelDock.tsx';
import { ScenarioPicker, type ScenarioChoice } from './ScenarioPicker.tsx';
import { TourPicker, type TourPickerProps } from './TourPicker.tsx';
import { TraceProvider } from './TraceContext.tsx';
import { useTourKeys } from '../tour/useTourKeys.ts';
import { AppBarShare } from '../share/AppBarShare.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import '../styles.css';
import './layout.css';

export interface WorkbenchProps {
  timeline: Timeline;
  store: SessionStore;
  /** `full` for the app; `minimal` for embeds (no header, smaller controls). */
  chrome?: 'full' | 'minimal';
  /** Called when the user switches language or theme, so the shell can update the URL. */
  onSettingsChange?: (change: { lang?: Lang; theme?: ThemeName }) => void;
  /** Extra content for the header's right side (e.g. a link to the full app from an embed). */
  headerExtra?: ReactNode;
  /**
   * The scenarios the app bar offers and what to do when one is picked (the app loads it and
   * updates the URL). Without them the bar shows only the scenario's file name.
   */
  scenarioPicker?: { scenarios: readonly ScenarioChoice[]; current: string; onChange(name: string): void };
  /** The guided tours the app bar offers (and the one on, if any). */
  tourPicker?: TourPickerProps;
  /** Presenter keys listen here (default: the window). */
  keyTarget?: Window | HTMLElement | null;
  /**
   * A guided tour's narration, shown in a column beside the topology. With a tour on, its own
   * keys step the tour (the caller wires them), so the plain presenter keys are off.
   */
  narration?: ReactNode;
}

/**
 * One complete view instance: topology, inspector, playback controls and swimlane over one
 * timeline, with its own session store. Two workbenches on a page are fully independent.
 */
export function Workbench(props: WorkbenchProps) {
  return (
    <SessionProvider store={props.store}>
      <TraceProvider timeline={props.timeline}>
        <WorkbenchBody {...props} />
      </TraceProvider>
    </SessionProvider>
  );
}

/** The inspector (YAML of object versions and their diff: the yaml library) comes with the first selection. */
const Inspector = lazyView(() => import('../inspector/Inspector.tsx'), 'Inspector');

/** The views of a Workbench that load on demand. */
const DEFERRED_VIEWS = [Inspector, EventsTable, ConsolePanel, StateChartView, NodeColumn] as const;

/** Loads every on-demand view of the Workbench (server rendering and tests render them at once after it). */
export const preloadWorkbenchViews = async (): Promise<void> => {
  await Promise.all(DEFERRED_VIEWS.map((v) => v.preload()));
};

/** Where the app bar's language and theme switches fold into one button (layout.css hides the brand name there too). */
const APPBAR_COMPACT = '(max-width: 1399px)';

/** The bottom pane's height bounds, in px: the controls and a few lanes at least, the cluster's share at most. */
const MIN_BOTTOM = 160;
const maxBottom = (): number => Math.max(MIN_BOTTOM, window.innerHeight - 260);

function WorkbenchBody({ timeline, chrome = 'full', onSettingsChange, headerExtra, scenarioPicker, tourPicker, keyTarget, narration }: WorkbenchProps) {
  const t = useT();
  const theme = useSession((s) => s.theme);
  const lang = useSession((s) => s.lang);
  const hasSelection = useSession((s) => s.selection !== null);
  usePlaybackLoop();
  // The first frame needs none of these; fetched when the browser is idle after it, opening one
  // then shows no placeholder.
  useEffect(() => preloadWhenIdle(...DEFERRED_VIEWS), []);
  // The tour's keys when a tour is on (PageDown/PageUp step it), the plain presenter keys otherwise.
  useTourKeys(keyTarget === undefined ? (typeof window === 'undefined' ? null : window) : keyTarget);
  const scenario = timeline.header.scenario;
  const bottomRef = useRef<HTMLDivElement>(null);
  // Unset: the theme's --bottom-h (40% of the height, bounded); set by dragging the splitter.
  const [bottomH, setBottomH] = useState<number | undefined>(undefined);
  const dragBottom = (e: PointerEvent<HTMLDivElement>) => {
    const box = bottomRef.current?.getBoundingClientRect();
    if (!box || e.button !== 0) return;
    e.preventDefault();
    const el = e.currentTarget;
    const startY = e.clientY;
    el.setPointerCapture(e.pointerId);
    const move = (ev: globalThis.PointerEvent) => setBottomH(Math.min(maxBottom(), Math.max(MIN_BOTTOM, box.height + (startY - ev.clientY))));
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      el.removeEventListener('pointercancel', up);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
    el.addEventListener('pointercancel', up);
  };
  const bottomKeys = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.key === 'ArrowUp' ? 24 : e.key === 'ArrowDown' ? -24 : 0;
    const box = bottomRef.current?.getBoundingClientRect();
    if (step === 0 || !box) return;
    e.preventDefault();
    e.stopPropagation();
    setBottomH(Math.min(maxBottom(), Math.max(MIN_BOTTOM, box.height + step)));
  };
  const rootStyle = bottomH === undefined ? undefined : ({ '--bottom-h': `${Math.round(bottomH)}px` } as CSSProperties);

  return (
    <div className={`ka-root ka-chrome-${chrome}`} data-theme={theme} lang={lang} style={rootStyle}>
      {chrome === 'full' ? (
        <header className="ka-appbar">
          <div className="ka-brand">
            <Logo />
            <span className="ka-brand-name">{t('app.title')}</span>
            <span className="ka-brand-tagline">{t('app.tagline')}</span>
          </div>
          {scenarioPicker && <ScenarioPicker {...scenarioPicker} />}
          {tourPicker && <TourPicker {...tourPicker} />}
          {scenario && (
            <div className="ka-scenario" title={t('app.scenario')}>
              {!scenarioPicker && <span className="ka-scenario-label">{t('app.scenario')}</span>}
              <code data-testid="scenario-file">{scenario}</code>
            </div>
          )}
          <FaultMenu />
          {/* app-bar actions: share (src/ui/share) and export (src/ui/export) mount here */}
          <AppBarShare />
          <ExportMenu />
          {/* Below 1400 px the two switches fold into one button: the bar must fit at 1024 px in Japanese with projector type. */}
          <Settings onChange={onSettingsChange} compactWhen={APPBAR_COMPACT} />
          {headerExtra}
        </header>
      ) : null}
      <main className={`ka-main${hasSelection ? ' has-inspector' : ''}${narration !== undefined ? ' has-narration' : ''}`}>
        {narration !== undefined && (
          <section className="ka-narration" aria-label={t('shell.narration')}>
            {narration}
          </section>
        )}
        <div className="ka-views">
          <div className="ka-topology-wrap">
            <Topology />
          </div>
          {chrome === 'full' && <PanelDock />}
        </div>
        {hasSelection && (
          <DeferredView what="inspector.title" className="ka-inspector">
            <Inspector />
          </DeferredView>
        )}
      </main>
      <div className="ka-bottom" ref={bottomRef}>
        <div
          className="ka-splitter ka-splitter--h ka-bottom-splitter"
          role="separator"
          aria-orientation="horizontal"
          aria-label={t('shell.resizeBottom')}
          aria-valuenow={bottomH === undefined ? 40 : Math.round((bottomH / Math.max(1, typeof window === 'undefined' ? 900 : window.innerHeight)) * 100)}
          aria-valuemin={15}
          aria-valuemax={85}
          title={t('shell.resizeBottom')}
          tabIndex={0}
          onPointerDown={dragBottom}
          onKeyDown={bottomKeys}
          onDoubleClick={() => setBottomH(undefined)}
        />
        <div className="ka-controls-row">
          <Controls />
          <BottomTabs />
          {chrome === 'minimal' && (
            <div className="ka-embed-extra">
              <Settings onChange={onSettingsChange} />
              {headerExtra}
            </div>
          )}
        </div>
        <BottomView />
      </div>
    </div>
  );
}

function Logo() {
  return (
    <svg className="ka-logo" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" />
      <circle cx="16" cy="16" r="8.5" fill="none" strokeWidth="2.5" />
      <circle cx="16" cy="16" r="2.8" />
      <path d="M16 4.5v5M16 22.5v5M4.5 16h5M22.5 16h5" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
