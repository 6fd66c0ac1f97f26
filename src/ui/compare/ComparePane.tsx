import { useState } from 'react';
import type { Timeline } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { usePlaybackLoop } from '../playback/usePlayer.ts';
import { SessionProvider } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { TraceProvider } from '../shell/TraceContext.tsx';
import { Swimlane } from '../swimlane/Swimlane.tsx';
import { Topology } from '../topology/Topology.tsx';

type PaneView = 'swimlane' | 'topology';

/** Runs the playback loop of the pane that drives the shared playhead. */
function PlaybackLoop() {
  usePlaybackLoop();
  return null;
}

/**
 * One side of the comparison: its own timeline and session store, shown as a swimlane or a
 * topology (the user picks). `drives` marks the pane whose playback loop moves the shared
 * playhead (the other follows through linkPlayheads).
 */
export function ComparePane({ timeline, store, side, drives }: { timeline: Timeline; store: SessionStore; side: 'sim' | 'real'; drives: boolean }) {
  const [view, setView] = useState<PaneView>('swimlane');
  return (
    <SessionProvider store={store}>
      <TraceProvider timeline={timeline}>
        {drives && <PlaybackLoop />}
        <PaneBody side={side} view={view} onView={setView} />
      </TraceProvider>
    </SessionProvider>
  );
}

function PaneBody({ side, view, onView }: { side: 'sim' | 'real'; view: PaneView; onView(v: PaneView): void }) {
  const t = useT();
  return (
    <section className={`ka-compare-pane ka-compare-pane--${side}`} data-testid={`compare-pane-${side}`} data-view={view} aria-label={t(side === 'sim' ? 'compare.sim' : 'compare.real')}>
      <header className="ka-compare-pane-head">
        <strong>{t(side === 'sim' ? 'compare.sim' : 'compare.real')}</strong>
        <label>
          <span>{t('compare.view')}</span>
          <select value={view} onChange={(e) => onView(e.target.value as PaneView)} data-testid={`compare-view-${side}`}>
            <option value="swimlane">{t('compare.viewSwimlane')}</option>
            <option value="topology">{t('compare.viewTopology')}</option>
          </select>
        </label>
      </header>
      <div className="ka-compare-pane-body">{view === 'swimlane' ? <Swimlane /> : <Topology />}</div>
    </section>
  );
}
