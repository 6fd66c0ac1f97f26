import type { KubeObject, Pod } from '../../domain/k8s/objects.ts';
import { kubectlPodColumns } from '../../domain/pod/status.ts';

/**
 * A Pod as its card shows it: kubectl's STATUS and READY columns (the rules of printPod in
 * kubernetes pkg/printers/internalversion/printers.go live in domain/pod/status.ts, shared with
 * the `kubectl get pods` printer), plus the phase and node.
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

/** Summarises a Pod object the way `kubectl get pods` prints it. */
export function summarizePod(obj: KubeObject): PodSummary {
  const pod = { ...obj, spec: { containers: [], ...((obj.spec as object | undefined) ?? {}) } } as Pod;
  const columns = kubectlPodColumns(pod);
  const status = pod.status ?? {};
  const restarts = [...(status.containerStatuses ?? []), ...(status.initContainerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
  return {
    name: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    phase: status.phase ? status.phase : 'Pending',
    status: columns.status || 'Pending',
    ready: columns.ready,
    restarts,
    nodeName: pod.spec.nodeName ? pod.spec.nodeName : undefined,
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
