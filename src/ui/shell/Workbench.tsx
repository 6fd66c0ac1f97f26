import type { ReactNode } from 'react';
import type { Timeline } from '../../timeline/index.ts';
import { Controls } from '../controls/Controls.tsx';
import { Settings } from '../controls/Settings.tsx';
import { useT } from '../i18n/useT.ts';
import type { Lang } from '../i18n/translate.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { usePlaybackLoop } from '../playback/usePlayer.ts';
import { SessionProvider, useSession } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { Swimlane } from '../swimlane/Swimlane.tsx';
import type { ThemeName } from '../theme/themes.ts';
import { Topology } from '../topology/Topology.tsx';
import { PanelDock } from './PanelDock.tsx';
import { ScenarioPicker, type ScenarioChoice } from './ScenarioPicker.tsx';
import { TraceProvider } from './TraceContext.tsx';
import { usePresenterKeys } from './useKeyboard.ts';
import '../styles.css';

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
  /** Presenter keys listen here (default: the window). */
  keyTarget?: Window | HTMLElement | null;
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

function WorkbenchBody({ timeline, chrome = 'full', onSettingsChange, headerExtra, scenarioPicker, keyTarget }: WorkbenchProps) {
  const t = useT();
  const theme = useSession((s) => s.theme);
  const lang = useSession((s) => s.lang);
  const hasSelection = useSession((s) => s.selection !== null);
  usePlaybackLoop();
  usePresenterKeys(keyTarget === undefined ? (typeof window === 'undefined' ? null : window) : keyTarget);
  const scenario = timeline.header.scenario;

  return (
    <div className={`ka-root ka-chrome-${chrome}`} data-theme={theme} lang={lang}>
      {chrome === 'full' ? (
        <header className="ka-appbar">
          <div className="ka-brand">
            <Logo />
            <span className="ka-brand-name">{t('app.title')}</span>
            <span className="ka-brand-tagline">{t('app.tagline')}</span>
          </div>
          {scenarioPicker && <ScenarioPicker {...scenarioPicker} />}
          {scenario && (
            <div className="ka-scenario" title={t('app.scenario')}>
              {!scenarioPicker && <span className="ka-scenario-label">{t('app.scenario')}</span>}
              <code data-testid="scenario-file">{scenario}</code>
            </div>
          )}
          <Settings onChange={onSettingsChange} />
          {headerExtra}
        </header>
      ) : null}
      <main className={hasSelection ? 'ka-main has-inspector' : 'ka-main'}>
        <div className="ka-views">
          <div className="ka-topology-wrap">
            <Topology />
          </div>
          {chrome === 'full' && <PanelDock />}
        </div>
        {hasSelection && <Inspector />}
      </main>
      <div className="ka-bottom">
        <div className="ka-controls-row">
          <Controls />
          {chrome === 'minimal' && (
            <div className="ka-embed-extra">
              <Settings onChange={onSettingsChange} />
              {headerExtra}
            </div>
          )}
        </div>
        <Swimlane />
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
