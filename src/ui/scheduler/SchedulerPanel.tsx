import { useMemo, useState, type ReactNode } from 'react';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { latestScheduledPod, objectKey, schedulingAttempts, type SchedulingAttempt } from '../../timeline/index.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/useT.ts';
import { useSession } from '../session/context.tsx';
import { useTrace, useWorld } from '../shell/TraceContext.tsx';
import { formatTime } from '../swimlane/lanes.ts';
import { decisionModel } from './decision.ts';
import { FilterTable, ScoreTable } from './DecisionTables.tsx';
import '../shell/panel.css';
import './scheduler.css';

export interface SchedulerPanelProps {
  /** Extra controls for the header's right side (the dock's collapse button). */
  headerExtra?: ReactNode;
  /** Header only (the dock collapsed it). */
  collapsed?: boolean;
}

/**
 * How kube-scheduler placed the selected Pod, as far as the playhead has got: per node and
 * Filter plugin the verdict, per node and Score plugin the normalized score, weight and total,
 * the chosen node, and the FailedScheduling message when nothing fit. With no Pod selected it
 * follows the newest scheduling cycle, so it works on its own too.
 */
export function SchedulerPanel({ headerExtra, collapsed = false }: SchedulerPanelProps) {
  const t = useT();
  const world = useWorld();
  const { timeline } = useTrace();
  const selection = useSession((s) => s.selection);
  const selectedPod = selection?.type === 'object' ? (isPodKey(selection.key) ? selection.key : undefined) : selection?.type === 'event' ? podKeyOfRef(timeline.bySeq(selection.seq)?.ref) : undefined;
  const log = world.scheduling;
  const podKey = selectedPod ?? latestScheduledPod(log);
  const attempts = useMemo(
    () => (podKey ? schedulingAttempts(log, podKey) : []),
    // The log's content is (items, length); its wrapper object is new at every playhead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [log.items, log.length, podKey],
  );
  const pod = podKey ? world.objects.get(podKey)?.object : undefined;
  const [, , ns, name] = podKey?.split('/') ?? [];

  return (
    <section className={`ka-panel ka-sched${collapsed ? ' is-collapsed' : ''}`} aria-label={t('scheduler.title')} data-testid="scheduler-panel" data-pod={name}>
      <header className="ka-panel-header">
        <h2>{t('scheduler.title')}</h2>
        {podKey && (
          <span className="ka-sched-pod">
            <code>
              Pod {ns ? `${ns}/` : ''}
              {name}
            </code>
            {!selectedPod && <span className="ka-sched-latest">{t('scheduler.latest')}</span>}
          </span>
        )}
        {headerExtra}
      </header>
      {!collapsed && (
        <div className="ka-panel-body ka-sched-body">
          {!podKey ? (
            <p className="ka-empty-note">{t(log.length === 0 ? 'scheduler.noCycles' : 'scheduler.selectPod')}</p>
          ) : attempts.length === 0 ? (
            <p className="ka-empty-note">{t(pod && podNodeName(pod) ? 'scheduler.nodeNameSet' : 'scheduler.notYet')}</p>
          ) : (
            <Attempts key={podKey} attempts={attempts} />
          )}
        </div>
      )}
    </section>
  );
}

/** The attempts of one Pod: the newest by default, an earlier one on request. */
function Attempts({ attempts }: { attempts: readonly SchedulingAttempt[] }) {
  const t = useT();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const attempt = (picked !== undefined ? attempts[picked - 1] : undefined) ?? attempts[attempts.length - 1];
  if (!attempt) return null;
  return (
    <>
      {attempts.length > 1 && (
        <label className="ka-sched-attempt">
          <span>{t('scheduler.attempt')}</span>
          <select value={attempt.number} onChange={(e) => setPicked(Number(e.target.value))} data-testid="scheduler-attempt">
            {attempts.map((a) => (
              <option key={a.number} value={a.number}>
                {t('scheduler.attemptOf', { n: a.number, total: attempts.length })} · {formatTime(a.t)}
              </option>
            ))}
          </select>
        </label>
      )}
      <AttemptView attempt={attempt} />
    </>
  );
}

function AttemptView({ attempt }: { attempt: SchedulingAttempt }) {
  const t = useT();
  const { timeline } = useTrace();
  const model = useMemo(() => decisionModel(attempt), [attempt]);
  const node = attempt.boundTo ?? attempt.selected ?? '';
  const event = attempt.eventSeq !== undefined ? timeline.bySeq(attempt.eventSeq) : undefined;
  const outcome = attempt.phase === 'scheduled' ? 'ok' : attempt.phase === 'unschedulable' ? 'bad' : 'progress';
  const feasible = model.nodes.filter((n) => n.status === 'feasible').length + model.unlistedFeasible;

  return (
    <div className="ka-sched-attempt-view" data-phase={attempt.phase}>
      <p className={`ka-sched-outcome is-${outcome}`} data-testid="scheduler-outcome">
        <span className="ka-sched-outcome-mark" aria-hidden="true">{outcome === 'ok' ? '✓' : outcome === 'bad' ? '✗' : '…'}</span>
        {t(`scheduler.phase.${attempt.phase}` as MessageKey, { node })}
      </p>
      <ol className="ka-sched-steps" aria-label={t('scheduler.steps')}>
        {model.steps.map((s) => (
          <li key={s.step} className={`is-${s.state}`}>
            {s.step}
          </li>
        ))}
      </ol>

      <h3 className="ka-sched-h">
        {t('scheduler.filter')}
        {attempt.evaluatedNodes !== undefined && <span className="ka-sched-sub">{t('scheduler.filterSummary', { evaluated: attempt.evaluatedNodes, feasible: attempt.feasibleNodes ?? feasible })}</span>}
      </h3>
      {!attempt.detailed && <p className="ka-sched-note">{t('scheduler.summaryMode')}</p>}
      {model.filterPlugins.length > 0 && <FilterTable model={model} />}
      {model.unlistedFeasible > 0 && !attempt.detailed && <p className="ka-sched-note">{t('scheduler.otherNodes', { n: model.unlistedFeasible })}</p>}
      {attempt.detailed && <p className="ka-sched-help">{t('scheduler.filterHelp')}</p>}

      {attempt.phase !== 'filtering' && (
        <>
          <h3 className="ka-sched-h">{t('scheduler.score')}</h3>
          {attempt.phase === 'unschedulable' ? (
            <p className="ka-sched-note">{t('scheduler.noFeasible')}</p>
          ) : model.scoringSkipped ? (
            <p className="ka-sched-note">{t('scheduler.singleFeasible')}</p>
          ) : (
            <>
              <ScoreTable model={model} />
              <p className="ka-sched-help">{t('scheduler.scoreHelp')}</p>
            </>
          )}
        </>
      )}

      {event && (
        <>
          <h3 className="ka-sched-h">{t('scheduler.event')}</h3>
          <pre className={`ka-code ka-sched-event is-${outcome}`} data-testid="scheduler-event">
            {`${String(event.attrs?.type ?? '')}  ${String(event.attrs?.reason ?? event.op)}  ${sourceOf(event.attrs?.source)}\n${attempt.message ?? ''}`}
          </pre>
        </>
      )}
    </div>
  );
}

function isPodKey(key: string): boolean {
  return key.split('/')[1] === 'Pod';
}

function podKeyOfRef(ref: Parameters<typeof objectKey>[0] | undefined): string | undefined {
  return ref?.kind === 'Pod' ? objectKey(ref) : undefined;
}

function podNodeName(pod: KubeObject): string | undefined {
  const spec = (pod as { spec?: { nodeName?: unknown } }).spec;
  return typeof spec?.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
}

/** The Event's `source.component`, as `kubectl describe` prints it in the From column. */
function sourceOf(source: unknown): string {
  const c = (source as { component?: unknown } | undefined)?.component;
  return typeof c === 'string' ? c : '';
}
