import type { ContainerStatus, Pod } from '../../domain/k8s/objects.ts';
import { useT } from '../i18n/useT.ts';
import { useSessionStore } from '../session/context.tsx';
import { useWorld } from '../shell/TraceContext.tsx';
import { statusTone, summarizePod } from './podStatus.ts';

/** A container's state as `kubectl describe pod` names it: Running, Waiting (reason), Terminated (reason, exit code). */
export function containerStateText(c: ContainerStatus | undefined): { state: string; detail: string } {
  if (!c) return { state: 'Waiting', detail: '' };
  if (c.state.running) return { state: 'Running', detail: c.state.running.startedAt ?? '' };
  if (c.state.terminated) return { state: 'Terminated', detail: `${c.state.terminated.reason ?? ''}${c.state.terminated.reason ? ', ' : ''}exit code ${c.state.terminated.exitCode}` };
  return { state: 'Waiting', detail: c.state.waiting?.reason ?? '' };
}

/** The deepest level of the topology: one Pod, its containers and their status, at the playhead. */
export function PodDetail({ podKey }: { podKey: string | undefined }) {
  const t = useT();
  const world = useWorld();
  const store = useSessionStore();
  const entry = podKey ? world.objects.get(podKey) : undefined;
  if (!entry || entry.object.kind !== 'Pod') {
    return (
      <div className="ka-pod-detail" data-testid="pod-detail">
        <p className="ka-empty-note">{t('topology.pod.none')}</p>
      </div>
    );
  }
  const pod = entry.object as Pod;
  const summary = summarizePod(pod);
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((c) => [c.name, c]));
  return (
    <div className={`ka-pod-detail ka-tone-${statusTone(summary.status)}`} data-testid="pod-detail" data-pod={summary.name} data-status={summary.status}>
      <header className="ka-pod-detail-head">
        <h3 className="ka-mono">{`${summary.namespace}/${summary.name}`}</h3>
        <span className="ka-pod-detail-status">{summary.status}</span>
        <span className="ka-mono">{summary.ready}</span>
        <button type="button" className="ka-btn ka-btn--small" onClick={() => podKey && store.getState().select({ type: 'object', key: podKey })}>
          {t('topology.pod.inspect')}
        </button>
      </header>
      <dl className="ka-fields">
        <dt>status.phase</dt>
        <dd>{summary.phase}</dd>
        <dt>{t('topology.pod.node')}</dt>
        <dd className="ka-mono">{summary.nodeName ?? '<none>'}</dd>
        <dt>{t('topology.pod.ip')}</dt>
        <dd className="ka-mono">{pod.status?.podIP ?? '<none>'}</dd>
        {pod.status?.qosClass && (
          <>
            <dt>{t('topology.pod.qos')}</dt>
            <dd>{pod.status.qosClass}</dd>
          </>
        )}
      </dl>
      <h4>{t('topology.pod.containers')}</h4>
      <ul className="ka-pod-containers">
        {[...(pod.spec.initContainers ?? []).map((c) => ({ c, init: true })), ...(pod.spec.containers ?? []).map((c) => ({ c, init: false }))].map(({ c, init }) => {
          const st = init ? pod.status?.initContainerStatuses?.find((s) => s.name === c.name) : statuses.get(c.name);
          const { state, detail } = containerStateText(st);
          return (
            <li key={`${init ? 'init:' : ''}${c.name}`} className={`ka-pod-container is-${state.toLowerCase()}`} data-testid="pod-container" data-state={state}>
              <span className="ka-pod-container-name ka-mono">{init ? `${c.name} (init)` : c.name}</span>
              <span className="ka-mono ka-pod-container-image">{c.image}</span>
              <span className="ka-pod-container-state">{detail ? `${state} (${detail})` : state}</span>
              <span>{`Ready ${st?.ready ? 'True' : 'False'}`}</span>
              <span>{t('topology.pod.restarts', { n: st?.restartCount ?? 0 })}</span>
            </li>
          );
        })}
      </ul>
      {(pod.status?.conditions?.length ?? 0) > 0 && (
        <>
          <h4>{t('topology.pod.conditions')}</h4>
          <ul className="ka-pod-conditions">
            {pod.status?.conditions?.map((c) => (
              <li key={c.type} className={c.status === 'True' ? 'is-true' : 'is-false'}>
                <span className="ka-mono">{c.type}</span> <span>{c.status}</span>
                {c.reason ? <span className="ka-muted"> {c.reason}</span> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
