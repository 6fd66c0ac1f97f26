import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { compareTraces, type Timeline } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { createSessionStore, type SessionStore } from '../session/store.ts';
import { ComparePane } from './ComparePane.tsx';
import { CompareSummary } from './CompareSummary.tsx';
import { followPresentation, linkPlayheads } from './link-playheads.ts';
import { buildRows, rowAtPlayhead, type StepRow } from './model.ts';
import { StepList } from './StepList.tsx';

/** Steps compared per side (compareTraces is quadratic; see its comment). */
const MAX_STEPS = 3000;

function eventsOf(tl: Timeline) {
  const out = [];
  for (let i = 0; i < tl.length; i++) out.push(tl.at(i));
  return out;
}

/**
 * The simulation and the recording side by side, under one playhead (real t = sim t + offset),
 * with the compared steps between them. Both panes follow the app's language and theme.
 */
export function CompareView({ sim, real, scenario, host, onClose }: { sim: Timeline; real: Timeline; scenario: string; host: SessionStore; onClose(): void }) {
  const t = useT();
  const cmp = useMemo(() => compareTraces(eventsOf(sim), eventsOf(real), MAX_STEPS), [sim, real]);
  const rows = useMemo(() => buildRows(cmp, sim, real), [cmp, sim, real]);
  const [stores] = useState(() => ({ sim: createSessionStore({ t: sim.startTime }), real: createSessionStore() }));
  useEffect(() => linkPlayheads(stores.sim, stores.real, cmp.offset), [stores, cmp.offset]);
  useEffect(() => followPresentation(host, [stores.sim, stores.real]), [host, stores]);
  // The views start at the first common step, where the two stories meet.
  useEffect(() => {
    const first = rows.find((r) => r.status === 'same');
    if (first) stores.sim.getState().seek(first.at);
  }, [rows, stores]);

  const [chosen, setChosen] = useState<number | null>(null);
  const active = rowAtPlayhead(rows, useStoreValue(stores.sim, (s) => s.t), chosen);
  const playing = usePlaying(stores.sim);
  const theme = useSession((s) => s.theme);

  const choose = (row: StepRow) => {
    setChosen(row.index);
    stores.sim.getState().pause();
    stores.sim.getState().seek(row.at);
    stores.sim.getState().select(row.simSeq === undefined ? null : { type: 'event', seq: row.simSeq });
    stores.real.getState().select(row.realSeq === undefined ? null : { type: 'event', seq: row.realSeq });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div className="ka-root ka-compare" role="dialog" aria-modal="true" aria-labelledby="ka-compare-title" data-testid="compare-view" data-theme={theme}>
      <header className="ka-compare-head">
        <h2 id="ka-compare-title">{t('compare.title', { scenario })}</h2>
        <button type="button" className="ka-compare-button" data-testid="compare-play" onClick={() => (playing ? stores.sim.getState().pause() : stores.sim.getState().play())}>
          {t(playing ? 'compare.pause' : 'compare.play')}
        </button>
        <button type="button" className="ka-compare-button ka-compare-button--quiet" data-testid="compare-close" onClick={onClose}>
          {t('compare.close')}
        </button>
      </header>
      <CompareSummary cmp={cmp} maxSteps={MAX_STEPS} />
      <div className="ka-compare-panes">
        <ComparePane timeline={sim} store={stores.sim} side="sim" drives />
        <ComparePane timeline={real} store={stores.real} side="real" drives={false} />
      </div>
      <StepList rows={rows} active={active} onChoose={choose} />
      <p className="ka-compare-muted ka-compare-keys">{t('compare.keys')}</p>
    </div>
  );
}

function useStoreValue<T>(store: SessionStore, pick: (s: ReturnType<SessionStore['getState']>) => T): T {
  return useSyncExternalStore(store.subscribe, () => pick(store.getState()), () => pick(store.getState()));
}

const usePlaying = (store: SessionStore) => useStoreValue(store, (s) => s.playing);
