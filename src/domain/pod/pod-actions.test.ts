import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/objects.ts';
import { computePodActions, findNextInitContainerToRun, shouldContainerBeRestarted } from './pod-actions.ts';
import type { RuntimeContainerStatus, RuntimePodStatus } from './runtime-status.ts';

function pod(restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always', inits: string[] = []): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { restartPolicy, containers: [{ name: 'app', image: 'busybox:1.36' }], ...(inits.length ? { initContainers: inits.map((n) => ({ name: n, image: 'busybox:1.36' })) } : {}) },
  };
}

function c(name: string, state: RuntimeContainerStatus['state'], exitCode = 0, restartCount = 0): RuntimeContainerStatus {
  return { id: `${name}-${restartCount}`, name, state, restartCount, createdAt: restartCount, exitCode, reason: exitCode ? 'Error' : 'Completed', message: '', image: 'docker.io/library/busybox:1.36', imageRef: '' };
}

function status(...containers: RuntimeContainerStatus[]): RuntimePodStatus {
  return { uid: 'u1', sandboxes: [{ id: 'sb', ready: true, attempt: 0, createdAt: 0, ip: '10.244.1.2' }], containers };
}

describe('computePodActions (pkg/kubelet/kuberuntime/kuberuntime_manager.go, container/helpers.go ShouldContainerBeRestarted)', () => {
  it('creates the sandbox and starts every app container of a new pod', () => {
    const a = computePodActions(pod(), { uid: 'u1', sandboxes: [], containers: [] });
    expect(a).toMatchObject({ createSandbox: true, killPod: true, attempt: 0, containersToStart: [0] });
  });

  it('restarts an exited container per restartPolicy', () => {
    expect(shouldContainerBeRestarted(pod('Always').spec.containers[0]!, pod('Always'), status(c('app', 'exited', 0)))).toBe(true);
    expect(shouldContainerBeRestarted(pod('OnFailure').spec.containers[0]!, pod('OnFailure'), status(c('app', 'exited', 0)))).toBe(false);
    expect(shouldContainerBeRestarted(pod('OnFailure').spec.containers[0]!, pod('OnFailure'), status(c('app', 'exited', 1)))).toBe(true);
    expect(shouldContainerBeRestarted(pod('Never').spec.containers[0]!, pod('Never'), status(c('app', 'exited', 1)))).toBe(false);
    // Unknown and created containers start again whatever the policy.
    expect(shouldContainerBeRestarted(pod('Never').spec.containers[0]!, pod('Never'), status(c('app', 'created')))).toBe(true);
    expect(computePodActions(pod('Always'), status(c('app', 'exited', 1))).containersToStart).toEqual([0]);
    expect(computePodActions(pod('Never'), status(c('app', 'exited', 1)))).toMatchObject({ containersToStart: [], killPod: true });
  });

  it('kills and restarts a container that failed its liveness probe', () => {
    const a = computePodActions(pod(), status(c('app', 'running')), { liveness: () => 'Failure', startup: () => undefined });
    expect(a.containersToKill).toEqual([{ name: 'app', containerId: 'app-0', message: 'Container app failed liveness probe, will be restarted', reason: 'LivenessProbe' }]);
    expect(a.containersToStart).toEqual([0]);
  });

  it('runs init containers one at a time, each after the last exited 0', () => {
    const p = pod('Always', ['one', 'two']);
    expect(computePodActions(p, status()).nextInitContainerToStart?.name).toBe('one');
    expect(computePodActions(p, status(c('one', 'running'))).nextInitContainerToStart).toBeUndefined();
    expect(computePodActions(p, status(c('one', 'exited', 0))).nextInitContainerToStart?.name).toBe('two');
    expect(computePodActions(p, status(c('two', 'exited', 0), c('one', 'exited', 0)))).toMatchObject({ containersToStart: [0] });
    expect(findNextInitContainerToRun(p, status(c('two', 'exited', 0), c('one', 'exited', 0))).done).toBe(true);
  });

  it('runs a failed init container again, or kills the pod under Never', () => {
    const failed = status(c('one', 'exited', 1));
    expect(computePodActions(pod('Always', ['one']), failed).nextInitContainerToStart?.name).toBe('one');
    expect(computePodActions(pod('Never', ['one']), failed)).toMatchObject({ killPod: true });
  });
});
