import type { Pod } from '../../../domain/k8s/objects.ts';
import { kubectlPodColumns } from '../../../domain/pod/status.ts';

/**
 * The READY, STATUS and RESTARTS cells of `kubectl get pods`. The rules (printPod in kubernetes
 * pkg/printers/internalversion/printers.go) live in domain/pod/status.ts, shared with the views.
 */
export interface PodCells {
  ready: string;
  status: string;
  restarts: string;
}

/** `nowMicros`: the simulated now, in microseconds since the Unix epoch. */
export function podCells(pod: Pod, nowMicros: number): PodCells {
  const { ready, status, restarts } = kubectlPodColumns(pod, nowMicros);
  return { ready, status, restarts };
}
