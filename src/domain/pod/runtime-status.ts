/**
 * The kubelet's view of a pod in the runtime (pkg/kubelet/container/runtime.go PodStatus,
 * Status), as GetPodStatus builds it from the CRI: the pod's sandboxes and every container
 * instance the runtime still has (each restart is a new container with the next attempt),
 * newest first (kuberuntime/helpers.go sorts containers by CreatedAt). Times are microseconds
 * since the Unix epoch (the CRI's nanoseconds, truncated).
 */

export type RuntimeContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface RuntimeContainerStatus {
  id: string;
  name: string;
  state: RuntimeContainerState;
  /** io.kubernetes.container.restartCount, which is also the CRI metadata.attempt. */
  restartCount: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode: number;
  /** The runtime's reason: Completed, Error, OOMKilled, StartError. */
  reason: string;
  message: string;
  image: string;
  imageRef: string;
}

export interface RuntimeSandboxStatus {
  id: string;
  ready: boolean;
  attempt: number;
  createdAt: number;
  ip: string;
}

export interface RuntimePodStatus {
  uid: string;
  /** Newest first. */
  sandboxes: RuntimeSandboxStatus[];
  /** Newest first. */
  containers: RuntimeContainerStatus[];
}

/** An empty status: what the cache has for a pod the runtime knows nothing of yet. */
export function emptyPodStatus(uid: string): RuntimePodStatus {
  return { uid, sandboxes: [], containers: [] };
}

/** FindContainerStatusByName: the newest instance of a container. */
export function findContainerStatus(status: RuntimePodStatus, name: string): RuntimeContainerStatus | undefined {
  return status.containers.find((c) => c.name === name);
}

/** The CRI container state as the kubelet names it (toKubeContainerState). */
export function fromCriState(state: string): RuntimeContainerState {
  switch (state) {
    case 'CONTAINER_CREATED':
      return 'created';
    case 'CONTAINER_RUNNING':
      return 'running';
    case 'CONTAINER_EXITED':
      return 'exited';
    default:
      return 'unknown';
  }
}
