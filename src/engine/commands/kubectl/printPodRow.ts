import { humanDuration as formatAge } from '../../../domain/k8s/duration.ts';
import { isoToMicros } from '../../../domain/k8s/duration.ts';
import type { Container, ContainerStatus, Pod } from '../../../domain/k8s/objects.ts';

/**
 * The READY, STATUS and RESTARTS cells of `kubectl get pods`, computed as printPod in
 * kubernetes pkg/printers/internalversion/printers.go does (read at a 1.33-era commit):
 * init containers first (Init:N/M, Init:<reason>, Init:ExitCode:N), then app containers from
 * last to first (a waiting or terminated reason wins), "Completed" turned back into Running or
 * NotReady while a container still runs, Terminating/Unknown for deleted pods, and restarts
 * with "(5m ago)" from the newest lastState.terminated.finishedAt.
 *
 * Kept here beside the printer because it is the printer's logic; a domain helper with the
 * same rules may replace it (see README).
 */
export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

export function podCells(pod: Pod, nowMicros: number): PodCells {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = status.phase ?? '';
  let reason: string = status.reason ? status.reason : phase;
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (c.restartPolicy === 'Always') totalContainers++;
  }
  const newer = (current: number | undefined, cs: ContainerStatus): number | undefined => {
    const finished = cs.lastState?.terminated?.finishedAt;
    if (!finished) return current;
    const t = isoToMicros(finished);
    return current === undefined || t > current ? t : current;
  };

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] as ContainerStatus;
    restarts += cs.restartCount ?? 0;
    lastRestart = newer(lastRestart, cs);
    const restartable = initSpecs.get(cs.name)?.restartPolicy === 'Always';
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      lastRestartableInitRestart = newer(lastRestartableInitRestart, cs);
    }
    const terminated = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (terminated && terminated.exitCode === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (terminated) {
      const signal = (terminated as { signal?: number }).signal ?? 0;
      reason = terminated.reason ? `Init:${terminated.reason}` : signal !== 0 ? `Init:Signal:${signal}` : `Init:ExitCode:${terminated.exitCode}`;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as ContainerStatus;
      restarts += cs.restartCount ?? 0;
      lastRestart = newer(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const terminated = cs.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        const signal = (terminated as { signal?: number }).signal ?? 0;
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${terminated.exitCode}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsCell = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsCell = `${restarts} (${formatAge(nowMicros - lastRestart)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsCell };
}
