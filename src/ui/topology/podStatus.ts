import type { KubeObject } from '../../domain/k8s/objects.ts';

/**
 * The STATUS and READY columns of `kubectl get pods`, derived as kubectl's printPod does
 * (kubernetes pkg/printers/internalversion/printers.go, read for this: phase, then status.reason,
 * then init containers as `Init:N/M` or `Init:<reason>`, then the last container with a waiting
 * or terminated reason, `Completed` turned back into `Running` while another container runs,
 * and `Terminating` once deletionTimestamp is set). Only the fields the views need are read.
 *
 * It is a view rule of one well-known tool; if other folders need it, it belongs in domain/k8s.
 */
export interface PodSummary {
  name: string;
  namespace: string;
  /** status.phase as the API reports it ('Pending' when absent, as the apiserver defaults it). */
  phase: string;
  /** kubectl's STATUS column. */
  status: string;
  /** kubectl's READY column, e.g. `1/1`. */
  ready: string;
  restarts: number;
  nodeName: string | undefined;
}

interface ContainerStatusLike {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string };
    running?: unknown;
    terminated?: { reason?: string; exitCode?: number; signal?: number };
  };
}

function asRecord(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}
function asList(v: unknown): ContainerStatusLike[] {
  return Array.isArray(v) ? (v as ContainerStatusLike[]) : [];
}

/** Summarises a Pod object the way `kubectl get pods` prints it. */
export function summarizePod(pod: KubeObject): PodSummary {
  const spec = asRecord(pod.spec);
  const status = asRecord(pod.status);
  const phase = typeof status.phase === 'string' && status.phase !== '' ? status.phase : 'Pending';
  const containers = Array.isArray(spec.containers) ? spec.containers.length : 0;
  const initContainers = Array.isArray(spec.initContainers) ? spec.initContainers.length : 0;
  const statuses = asList(status.containerStatuses);
  const initStatuses = asList(status.initContainerStatuses);

  let reason = phase;
  if (typeof status.reason === 'string' && status.reason !== '') reason = status.reason;

  let restarts = 0;
  let initializing = false;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i] as ContainerStatusLike;
    restarts += c.restartCount ?? 0;
    const term = c.state?.terminated;
    const waiting = c.state?.waiting?.reason;
    if (term && term.exitCode === 0) continue;
    if (term) reason = term.reason ? `Init:${term.reason}` : `Init:ExitCode:${term.exitCode ?? 0}`;
    else if (waiting && waiting !== 'PodInitializing') reason = `Init:${waiting}`;
    else reason = `Init:${i}/${initContainers}`;
    initializing = true;
    break;
  }

  let readyCount = 0;
  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i] as ContainerStatusLike;
      restarts += c.restartCount ?? 0;
      const waiting = c.state?.waiting?.reason;
      const term = c.state?.terminated;
      if (waiting) reason = waiting;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (c.state?.running && c.ready) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const conditions = Array.isArray(status.conditions) ? (status.conditions as { type?: string; status?: string }[]) : [];
      const ready = conditions.some((c) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';

  return {
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    phase,
    status: reason,
    ready: `${readyCount}/${containers}`,
    restarts,
    nodeName: typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined,
  };
}

/** Colour family of a STATUS string, for the card's dot: ok, progress, warn, bad. */
export function statusTone(status: string): 'ok' | 'progress' | 'warn' | 'bad' | 'done' {
  if (status === 'Running') return 'ok';
  if (status === 'Completed') return 'done';
  if (/BackOff|Err|Error|Failed|OOMKilled|Unknown|Invalid|ExitCode|Signal/.test(status)) return 'bad';
  if (status === 'Terminating' || status === 'NotReady') return 'warn';
  return 'progress';
}
