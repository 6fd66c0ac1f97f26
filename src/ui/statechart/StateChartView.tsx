import { useMemo, useState } from 'react';
import { machineGraphs } from '../../source/machine-graphs.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { formatTime } from '../swimlane/lanes.ts';
import { machineForSelection, machineRuns, runAt, runKey, runLabel } from './history.ts';
import { activePaths, layoutChart, takenEdge, type ChartLayout } from './layout.ts';
import './statechart.css';

/** At most this many machines in the picker (a big trace runs thousands at once). */
const PICKER_LIMIT = 400;

const layouts = new Map<string, ChartLayout>();
function layoutOf(machine: string): ChartLayout | undefined {
  const g = machineGraphs().get(machine);
  if (!g) return undefined;
  let l = layouts.get(machine);
  if (!l) {
    l = layoutChart(g);
    layouts.set(machine, l);
  }
  return l;
}

/**
 * The state chart of one machine instance, drawn from the engine's xstate definition (through
 * source/machine-graphs.ts), with its state at the playhead lit, the transition that led there
 * highlighted, and the states it went through. The machine is the selected event's (or the
 * actor's), or one picked from the machines running at the playhead.
 */
export function StateChartView() {
  const t = useT();
  const { timeline, version } = useTrace();
  const world = useWorld();
  const selection = useSession((s) => s.selection);
  const seek = useSession((s) => s.seek);
  const select = useSession((s) => s.select);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const runs = useMemo(() => machineRuns(timeline), [timeline, version]);
  const fromSelection = machineForSelection(timeline, world, selection);
  // A machine picked by hand holds until the selection changes.
  const [picked, setPicked] = useState<{ selection: typeof selection; key: string } | undefined>();
  const pickedKey = picked && picked.selection === selection ? picked.key : undefined;
  const options = useMemo(() => {
    const keys: string[] = [];
    for (const s of world.actorStates.values()) {
      keys.push(runKey(s.actor, s.machine, s.instance));
      if (keys.length >= PICKER_LIMIT) break;
    }
    return keys.sort();
  }, [world.actorStates]);
  const key = pickedKey ?? fromSelection ?? options.find((k) => layoutOf(runs.get(k)?.machine ?? '')) ?? options[0];
  const run = key ? runs.get(key) : undefined;
  const at = run ? runAt(run, world.t) : undefined;
  const layout = run ? layoutOf(run.machine) : undefined;
  const current = at?.current;
  const currentState = current?.op;
  const active = new Set(currentState ? activePaths(currentState) : []);
  const from = typeof current?.attrs?.from === 'string' ? current.attrs.from : undefined;
  const taken = layout && currentState ? takenEdge(layout, from, currentState) : undefined;
  const known = !layout || !currentState || layout.byPath.has(currentState);
  const pickerKeys = key && !options.includes(key) ? [key, ...options] : options;

  return (
    <section className="ka-panel ka-statechart" data-testid="statechart" aria-label={t('statechart.title')}>
      <header className="ka-panel-header">
        <h2>{t('statechart.title')}</h2>
        <label className="ka-sc-picker">
          <span className="ka-visually-hidden">{t('statechart.machine')}</span>
          <select
            value={key ?? ''}
            onChange={(ev) => setPicked({ selection, key: ev.target.value })}
            data-testid="statechart-picker"
            aria-label={t('statechart.machine')}
          >
            {pickerKeys.length === 0 && <option value="">{t('statechart.none')}</option>}
            {pickerKeys.map((k) => {
              const r = runs.get(k);
              return (
                <option key={k} value={k}>
                  {r ? runLabel(r) : k}
                </option>
              );
            })}
          </select>
        </label>
      </header>
      <div className="ka-sc-body">
        {/* The chart scrolls when it is wider than the pane: a focusable region, so the keyboard can scroll it. */}
        <div className="ka-sc-chart" tabIndex={0} role="region" aria-label={t('statechart.title')}>
          {!run && <p className="ka-sc-empty">{t('statechart.empty')}</p>}
          {run && !layout && <p className="ka-sc-empty">{t('statechart.noDefinition', { machine: run.machine })}</p>}
          {run && layout && (
            <>
              {!at?.current && <p className="ka-sc-note">{t('statechart.notStarted')}</p>}
              {!known && <p className="ka-sc-note">{t('statechart.unknownState', { state: currentState ?? '' })}</p>}
              <svg
                className="ka-sc-svg"
                viewBox={`-8 ${Math.min(-24, layout.top - 8)} ${layout.width + 16} ${layout.height + 8 - Math.min(-24, layout.top - 8)}`}
                preserveAspectRatio="xMinYMin meet"
                // Scaled to the pane's width, but never below --sc-min-scale (text stays readable; the pane scrolls).
                style={{ minWidth: `calc(${Math.round(layout.width + 16)}px * var(--sc-min-scale, 0.85))` }}
                role="img"
                aria-label={t('statechart.chartLabel', { machine: run.machine, state: currentState ?? '—' })}
              >
                <defs>
                  <marker id="ka-sc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" className="ka-sc-arrowhead" />
                  </marker>
                  <marker id="ka-sc-arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" className="ka-sc-arrowhead is-taken" />
                  </marker>
                </defs>
                {layout.boxes.map((b) => {
                  const isCurrent = b.path === currentState;
                  const isActive = active.has(b.path);
                  const compound = b.type === 'compound' || b.type === 'parallel';
                  return (
                    <g
                      key={b.path}
                      className={`ka-sc-state is-${b.type}${isActive ? ' is-active' : ''}${isCurrent ? ' is-current' : ''}`}
                      data-state={b.path}
                      data-current={isCurrent ? 'true' : undefined}
                    >
                      <rect x={b.x} y={b.y} width={b.w} height={b.h} rx={compound ? 10 : 14} />
                      {b.type === 'final' && <rect className="ka-sc-final-inner" x={b.x + 3} y={b.y + 3} width={b.w - 6} height={b.h - 6} rx={11} />}
                      <text x={compound ? b.x + 10 : b.x + b.w / 2} y={compound ? b.y + 16 : b.y + b.h / 2} textAnchor={compound ? 'start' : 'middle'} dominantBaseline="central">
                        {b.key}
                      </text>
                      {b.initial && <circle className="ka-sc-initial" cx={b.x - 6} cy={b.y + Math.min(b.h / 2, 15)} r={3.5} />}
                    </g>
                  );
                })}
                {layout.edges.map((e) => {
                  const isTaken = e === taken;
                  return (
                    <g key={e.id} className={`ka-sc-edge is-${e.kind}${isTaken ? ' is-taken' : ''}`} data-event={e.edge.event} data-taken={isTaken ? 'true' : undefined}>
                      <path d={e.d} markerEnd={`url(#${isTaken ? 'ka-sc-arrow-taken' : 'ka-sc-arrow'})`} />
                      <text x={e.labelX} y={e.labelY} textAnchor={e.kind === 'entry' ? 'start' : 'middle'}>
                        {e.label}
                      </text>
                    </g>
                  );
                })}
              </svg>
            </>
          )}
        </div>
        {run && (
          <aside className="ka-sc-history" aria-label={t('statechart.history')}>
            <h3>{t('statechart.history')}</h3>
            <p className="ka-sc-count">{t('statechart.visited', { n: at?.visited ?? 0 })}</p>
            <ol data-testid="statechart-history">
              {[...(at?.history ?? [])].reverse().map((e) => (
                <li key={e.seq} className={e === current ? 'is-current' : undefined}>
                  <button
                    type="button"
                    onClick={() => {
                      select({ type: 'event', seq: e.seq });
                      seek(e.t);
                    }}
                  >
                    <span className="ka-sc-time">{formatTime(e.t)}</span> <code>{e.op}</code>
                  </button>
                </li>
              ))}
            </ol>
          </aside>
        )}
      </div>
    </section>
  );
}
