import { setup } from 'xstate';

/**
 * One pod worker of the kubelet (pkg/kubelet/pod_workers.go): SyncPod, then TerminatingPod and
 * TerminatedPod.
 *
 * Inside SyncPod, a sync is under way (`syncing`: waiting for the pod cache, generating the
 * status, computePodActions) and goes through the runtime manager's steps (the sandbox, the
 * image, CreateContainer, StartContainer, killing a container that must restart); it ends
 * `synced` when everything it had to start started, or `backOff` when a start failed (a
 * CrashLoopBackOff or image pull back-off, an error): the worker waits for its requeue (10–15 s)
 * or for the next event (PLEG, a probe result, an update of the pod) to sync again.
 *
 * Inside TerminatingPod, SyncTerminatingPod: killPod stops the containers (StopContainer, all at
 * once) then the sandbox (StopPodSandbox), and the terminal status is reported. Inside
 * TerminatedPod, SyncTerminatedPod (the pod cgroup goes), then the status manager's final DELETE
 * once the pod is being deleted.
 */
export const podWorkerMachine = setup({
  types: {} as {
    events:
      | { type: 'SYNC' }
      | { type: 'CREATE_SANDBOX' }
      | { type: 'ENSURE_IMAGE' }
      | { type: 'CREATE_CONTAINER' }
      | { type: 'START_CONTAINER' }
      | { type: 'KILL_CONTAINER' }
      | { type: 'SYNCED' }
      | { type: 'BACK_OFF' }
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
      initial: 'syncing',
      on: {
        SYNC: '.syncing',
        CREATE_SANDBOX: '.creatingSandbox',
        ENSURE_IMAGE: '.ensuringImage',
        CREATE_CONTAINER: '.creatingContainer',
        START_CONTAINER: '.startingContainer',
        KILL_CONTAINER: '.killingContainer',
        SYNCED: '.synced',
        BACK_OFF: '.backOff',
        TERMINATE: 'terminatingPod',
      },
      states: {
        syncing: {},
        creatingSandbox: {},
        ensuringImage: {},
        creatingContainer: {},
        startingContainer: {},
        killingContainer: {},
        synced: {},
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
