import { useState } from 'react';
import type { Timeline } from '../../timeline/index.ts';
import { useT } from '../i18n/useT.ts';
import { SessionProvider, useSession } from '../session/context.tsx';
import type { SessionStore } from '../session/store.ts';
import { CompareView } from './CompareView.tsx';
import { scenarioForReplay } from './model.ts';
import './compare.css';

export interface CompareWithSimulationProps {
  /** The replayed (real) trace on screen. */
  real: Timeline;
  /** The scenarios that can be simulated (the app's catalog), by name. */
  scenarios: readonly string[];
  /** The scenario to offer when the replay's header names none the catalog has. */
  fallback: string;
  /** Runs a scenario's simulation (the app's loader: a Web Worker, cached). */
  load(name: string): Promise<Timeline>;
  /** The app's session store: language and theme. */
  store: SessionStore;
}

type Run = { status: 'loading'; scenario: string } | { status: 'ready'; scenario: string; sim: Timeline } | { status: 'error'; scenario: string; message: string };

/**
 * The "Compare with simulation" action of a replay: choose the scenario (the replay header's
 * `scenario` when the catalog has it), run its simulation, and open the side-by-side view.
 */
export function CompareWithSimulation(props: CompareWithSimulationProps) {
  return (
    <SessionProvider store={props.store}>
      <CompareBar {...props} />
    </SessionProvider>
  );
}

function CompareBar({ real, scenarios, fallback, load, store }: CompareWithSimulationProps) {
  const t = useT();
  const theme = useSession((s) => s.theme);
  // The user's pick, else the scenario the replay's header names (or the app's).
  const [picked, setScenario] = useState<string | undefined>(undefined);
  const scenario = picked !== undefined && scenarios.includes(picked) ? picked : scenarioForReplay(real.header.scenario, scenarios, fallback);
  const [run, setRun] = useState<Run | null>(null);

  const start = () => {
    if (!scenario) return;
    setRun({ status: 'loading', scenario });
    load(scenario).then(
      (sim) => setRun((cur) => (cur?.status === 'loading' && cur.scenario === scenario ? { status: 'ready', scenario, sim } : cur)),
      (err: unknown) => setRun((cur) => (cur?.status === 'loading' && cur.scenario === scenario ? { status: 'error', scenario, message: err instanceof Error ? err.message : String(err) } : cur)),
    );
  };

  return (
    <div className="ka-root ka-compare-bar" data-theme={theme} data-testid="compare-bar">
      <label>
        <span>{t('compare.scenario')}</span>
        <select value={scenario ?? ''} onChange={(e) => setScenario(e.target.value)} data-testid="compare-scenario">
          {scenarios.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="ka-compare-button" data-testid="compare-open" disabled={!scenario || run?.status === 'loading'} onClick={start}>
        {t('compare.action')}
      </button>
      {run?.status === 'loading' && (
        <span role="status" className="ka-compare-muted" data-testid="compare-loading">
          {t('compare.loading', { scenario: run.scenario })}
        </span>
      )}
      {run?.status === 'error' && (
        <span role="alert" className="ka-compare-error" data-testid="compare-error">
          {t('compare.failed', { message: run.message })}
        </span>
      )}
      {run?.status === 'ready' && <CompareView sim={run.sim} real={real} scenario={run.scenario} host={store} onClose={() => setRun(null)} />}
    </div>
  );
}
