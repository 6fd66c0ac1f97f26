import { describe, expect, it } from 'vitest';
import type { Pod, PodStatus } from '../k8s/objects.ts';
import { generateAPIPodStatus, getPhase, unixMicrosToRfc3339, type StatusInputs } from './api-status.ts';
import type { RuntimeContainerStatus } from './runtime-status.ts';
import { kubectlPodColumns } from './status.ts';

const T0 = Date.parse('2026-01-01T09:00:00Z') * 1000;
const S = 1_000_000;

function pod(restartPolicy: 'Always' | 'OnFailure' | 'Never' = 'Always', inits: string[] = []): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'crash', namespace: 'default', uid: 'u1', creationTimestamp: '2026-01-01T09:00:00Z' },
    spec: { restartPolicy, containers: [{ name: 'app', image: 'busybox:1.36' }], ...(inits.length ? { initContainers: inits.map((n) => ({ name: n, image: 'busybox:1.36' })) } : {}) },
    status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T09:00:00Z' }] },
  };
}

function exited(name: string, restartCount: number, exitCode: number, at: number): RuntimeContainerStatus {
  return { id: `${name}${restartCount}`, name, state: 'exited', restartCount, createdAt: at, startedAt: at + 1000, finishedAt: at + 5000, exitCode, reason: exitCode ? 'Error' : 'Completed', message: '', image: 'docker.io/library/busybox:1.36', imageRef: 'docker.io/library/busybox@sha256:ab' };
}

function inputs(p: Pod, containers: RuntimeContainerStatus[], extra: Partial<StatusInputs> = {}): StatusInputs {
  return {
    pod: p,
    runtime: { uid: 'u1', sandboxes: [{ id: 'sb', ready: true, attempt: 0, createdAt: T0, ip: '10.244.1.2' }], containers },
    reasons: new Map(),
    probes: { ready: () => undefined, started: () => undefined },
    podIsTerminal: false,
    hostIP: '172.18.0.4',
    runtimeName: 'containerd',
    now: T0 + 20 * S,
    ...extra,
  };
}

describe('generateAPIPodStatus (pkg/kubelet/kubelet_pods.go, status/generate.go)', () => {
  it('shows a new pod ContainerCreating, Pending, with its conditions', () => {
    const s = generateAPIPodStatus({ ...inputs(pod(), []), runtime: { uid: 'u1', sandboxes: [], containers: [] } });
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(s.conditions?.map((c) => [c.type, c.status, c.reason ?? '', c.message ?? ''])).toEqual([
      ['PodReadyToStartContainers', 'False', '', ''],
      ['Initialized', 'True', '', ''],
      ['Ready', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
      ['ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [app]'],
      ['PodScheduled', 'True', '', ''],
    ]);
  });

  it("types container IDs with the runtime's name from CRI Version (pkg/kubelet/kuberuntime/kuberuntime_container.go: kubecontainer.BuildContainerID)", () => {
    const { finishedAt: _finished, ...started } = exited('app', 0, 0, T0);
    const running: RuntimeContainerStatus = { ...started, state: 'running', reason: '' };
    for (const runtimeName of ['containerd', 'rkt', 'cri-o', 'docker']) {
      const s = generateAPIPodStatus(inputs(pod(), [running], { runtimeName }));
      expect(s.containerStatuses?.[0]?.containerID).toBe(`${runtimeName}://app0`);
    }
  });

  it('reports the restarted container with lastState, restartCount, and the CrashLoopBackOff waiting reason', () => {
    const reasons = new Map([['app', { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=crash_default(u1)' }]]);
    const s = generateAPIPodStatus(inputs(pod(), [exited('app', 1, 1, T0 + 3 * S), exited('app', 0, 1, T0 + S)], { reasons }));
    const cs = s.containerStatuses?.[0];
    expect(cs?.restartCount).toBe(1);
    expect(cs?.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=app pod=crash_default(u1)' } });
    expect(cs?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error', containerID: 'containerd://app1', finishedAt: unixMicrosToRfc3339(T0 + 3 * S + 5000) });
    expect(s.phase).toBe('Running');
    expect(kubectlPodColumns({ ...pod(), status: s }).status).toBe('CrashLoopBackOff');
  });

  it('shows Error without a reason cache entry, and keeps Never pods Failed', () => {
    const s = generateAPIPodStatus(inputs(pod(), [exited('app', 0, 1, T0)]));
    expect(s.containerStatuses?.[0]?.state.terminated?.reason).toBe('Error');
    expect(kubectlPodColumns({ ...pod(), status: s }).status).toBe('Error');
    expect(generateAPIPodStatus(inputs(pod('Never'), [exited('app', 0, 1, T0)])).phase).toBe('Failed');
    expect(generateAPIPodStatus(inputs(pod('OnFailure'), [exited('app', 0, 0, T0)])).phase).toBe('Succeeded');
  });

  it('keeps lastTransitionTime while a condition stays the same', () => {
    const first = generateAPIPodStatus(inputs(pod(), [exited('app', 0, 1, T0)], { now: T0 + 5 * S }));
    const second = generateAPIPodStatus(inputs(pod(), [exited('app', 1, 1, T0 + 2 * S), exited('app', 0, 1, T0)], { now: T0 + 30 * S, oldStatus: first }));
    expect(second.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(unixMicrosToRfc3339(T0 + 5 * S));
    expect(second.startTime).toBe(first.startTime);
  });

  it('shows init containers one at a time as kubectl Init:N/M', () => {
    const p = pod('Always', ['one', 'two']);
    const running: RuntimeContainerStatus = { ...exited('one', 0, 0, T0), state: 'running' };
    const s = generateAPIPodStatus(inputs(p, [running]));
    expect(s.phase).toBe('Pending');
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(s.conditions?.find((c) => c.type === 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [one two]' });
    expect(kubectlPodColumns({ ...p, status: s }).status).toBe('Init:0/2');
    const s2 = generateAPIPodStatus(inputs(p, [{ ...exited('two', 0, 0, T0 + S), state: 'running' }, exited('one', 0, 0, T0)]));
    expect(kubectlPodColumns({ ...p, status: s2 }).status).toBe('Init:1/2');
  });

  it('computes getPhase from container states', () => {
    const base = { name: 'app', lastState: {}, ready: false, restartCount: 0, image: '', imageID: '' };
    expect(getPhase(pod(), [{ ...base, state: { running: {} } }], false)).toBe('Running');
    expect(getPhase(pod(), [{ ...base, state: { waiting: { reason: 'ErrImagePull' } } }], false)).toBe('Pending');
    expect(getPhase(pod(), [{ ...base, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1 } } }], false)).toBe('Running');
    expect(getPhase(pod('Never'), [{ ...base, state: { terminated: { exitCode: 0 } } }], false)).toBe('Succeeded');
  });

  it('never leaves a terminal phase', () => {
    const old: PodStatus = { phase: 'Failed' };
    expect(generateAPIPodStatus(inputs(pod(), [{ ...exited('app', 0, 0, T0), state: 'running' }], { oldStatus: old })).phase).toBe('Failed');
  });
});
