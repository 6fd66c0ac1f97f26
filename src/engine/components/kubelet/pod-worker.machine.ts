import { setup } from 'xstate';

/**
 * One pod worker of the kubelet (pkg/kubelet/pod_workers.go): SyncPod, then TerminatingPod and
 * TerminatedPod. Inside SyncPod, the order of kuberuntime SyncPod (DOMAIN.md 5.1): the sandbox
 * first, then for each container its image, CreateContainer and StartContainer. Inside
 * TerminatingPod, SyncTerminatingPod: killPod stops the containers (StopContainer, all at once)
 * then the sandbox (StopPodSandbox), and the terminal status is reported. Inside TerminatedPod,
 * SyncTerminatedPod (the pod cgroup goes), then the status manager's final DELETE.
 */
export const podWorkerMachine = setup({
  types: {} as {
    events:
      | { type: 'SANDBOX_READY' }
      | { type: 'IMAGE_READY' }
      | { type: 'CONTAINER_CREATED' }
      | { type: 'CONTAINER_STARTED' }
      | { type: 'NEXT_CONTAINER' }
      | { type: 'ALL_STARTED' }
      | { type: 'FAILED' }
      | { type: 'TERMINATE' }
      | { type: 'CONTAINERS_KILLED' }
      | { type: 'SANDBOX_STOPPED' }
      | { type: 'TERMINATED' }
      | { type: 'DELETED' };
  },
}).createMachine({
  id: 'pod-worker',
  initial: 'syncPod',
  states: {
    syncPod: {
      initial: 'creatingSandbox',
      on: { TERMINATE: 'terminatingPod' },
      states: {
        creatingSandbox: { on: { SANDBOX_READY: 'ensuringImage', FAILED: 'backOff' } },
        ensuringImage: { on: { IMAGE_READY: 'creatingContainer', FAILED: 'backOff' } },
        creatingContainer: { on: { CONTAINER_CREATED: 'startingContainer', FAILED: 'backOff' } },
        startingContainer: { on: { CONTAINER_STARTED: 'containerStarted', FAILED: 'backOff' } },
        containerStarted: { on: { NEXT_CONTAINER: 'ensuringImage', ALL_STARTED: 'running' } },
        running: {},
        backOff: {},
      },
    },
    terminatingPod: {
      initial: 'killingContainers',
      on: { TERMINATED: 'terminatedPod' },
      states: {
        killingContainers: { on: { CONTAINERS_KILLED: 'stoppingSandbox' } },
        stoppingSandbox: { on: { SANDBOX_STOPPED: 'reportingStatus' } },
        reportingStatus: {},
      },
    },
    terminatedPod: {
      initial: 'cleaningUp',
      states: {
        cleaningUp: { on: { DELETED: 'deleted' } },
        deleted: { type: 'final' },
      },
    },
  },
});
