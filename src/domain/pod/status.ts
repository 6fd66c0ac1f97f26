import type { Micros } from '../../base/time.ts';
import type { Container, ContainerStatus, Pod } from '../k8s/objects.ts';
import { humanDuration, isoToMicros } from '../k8s/duration.ts';
import { isRestartableInitContainer } from './resources.ts';

/**
 * The READY, STATUS and RESTARTS columns of `kubectl get pods`, computed like printPod in
 * pkg/printers/internalversion/printers.go (1.29+: sidecar containers, SchedulingGated,
 * "NotReady" for a Completed pod with a running container, "N (Xs ago)" restarts).
 */

/** node.NodeUnreachablePodReason: the reason the node lifecycle controller sets on pods of a lost node. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

/** The columns of one `kubectl get pods` row (without AGE formatting of creation time). */
export interface KubectlPodColumns {
  name: string;
  ready: string;
  status: string;
  restarts: string;
  restartCount: number;
  /** AGE, when `now` was given. */
  age?: string;
}

function hasPodReadyCondition(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

function isPodInitializedConditionTrue(pod: Pod): boolean {
  const c = pod.status?.conditions?.find((x) => x.type === 'Initialized');
  return c?.status === 'True';
}

interface Signalled {
  signal?: number;
}

/** Updates `latest` with the container's last termination time, when later. */
function laterRestart(latest: number | undefined, cs: ContainerStatus): number | undefined {
  const finishedAt = cs.lastState?.terminated?.finishedAt;
  if (!finishedAt) return latest;
  const t = isoToMicros(finishedAt);
  return latest === undefined || t > latest ? t : latest;
}

/** Computes every column at once: they share one walk over the container statuses, as upstream. */
export function kubectlPodColumns(pod: Pod, now?: string | Micros): KubectlPodColumns {
  // `now` as RFC 3339, or as microseconds since the Unix epoch (what printers carry).
  const nowMicros = typeof now === 'number' ? now : now !== undefined ? isoToMicros(now) : undefined;
  const status = pod.status ?? {};
  const spec = pod.spec;
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | undefined;
  let lastRestartableInitRestart: number | undefined;

  const phase = status.phase ?? '';
  let reason: string = status.reason ? status.reason : phase;
  if (status.conditions?.some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';

  const initSpecs = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initSpecs.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] as ContainerStatus;
    restarts += cs.restartCount;
    lastRestart = laterRestart(lastRestart, cs);
    const sidecar = isRestartableInitContainer(initSpecs.get(cs.name));
    if (sidecar) {
      restartableInitRestarts += cs.restartCount;
      lastRestartableInitRestart = laterRestart(lastRestartableInitRestart, cs);
    }
    const term = cs.state?.terminated;
    const waiting = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (sidecar && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      // Initialization failed.
      const signal = (term as Signalled).signal ?? 0;
      if (!term.reason) reason = signal !== 0 ? `Init:Signal:${signal}` : `Init:ExitCode:${term.exitCode}`;
      else reason = `Init:${term.reason}`;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(pod)) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    // Walked backwards, so the first container's state wins the STATUS column.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] as ContainerStatus;
      restarts += cs.restartCount;
      lastRestart = laterRestart(lastRestart, cs);
      const waiting = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (term && term.reason) {
        reason = term.reason;
      } else if (term) {
        const signal = (term as Signalled).signal ?? 0;
        reason = signal !== 0 ? `Signal:${signal}` : `ExitCode:${term.exitCode}`;
      } else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // A pod whose first container completed while another still runs shows Running (or NotReady).
    if (reason === 'Completed' && hasRunning) reason = hasPodReadyCondition(pod) ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && status.reason === NODE_UNREACHABLE_POD_REASON) reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined && nowMicros !== undefined) {
    restartsText = `${restarts} (${humanDuration(nowMicros - lastRestart)} ago)`;
  }
  const out: KubectlPodColumns = {
    name: pod.metadata.name ?? '',
    ready: `${readyContainers}/${totalContainers}`,
    status: reason,
    restarts: restartsText,
    restartCount: restarts,
  };
  if (nowMicros !== undefined) {
    out.age = pod.metadata.creationTimestamp ? humanDuration(nowMicros - isoToMicros(pod.metadata.creationTimestamp)) : '<unknown>';
  }
  return out;
}

/**
 * The STATUS column: Pending, ContainerCreating, Running, Completed, Error, CrashLoopBackOff,
 * Init:0/1, PodInitializing, Terminating, ImagePullBackOff, ErrImagePull, OOMKilled,
 * SchedulingGated, NodeLost, Unknown…
 */
export function kubectlPodStatus(pod: Pod): string {
  return kubectlPodColumns(pod).status;
}

/** The READY column: ready/total, counting started sidecar init containers ('1/1', '0/2'). */
export function kubectlPodReady(pod: Pod): string {
  return kubectlPodColumns(pod).ready;
}

/** The RESTARTS column: '0', or '3 (20s ago)' when `now` is given and a container has restarted. */
export function podRestarts(pod: Pod, now?: string): string {
  return kubectlPodColumns(pod, now).restarts;
}
