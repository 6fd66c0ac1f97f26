import { describe, expect, it } from 'vitest';
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../k8s/objects.ts';
import { kubectlPodColumns, kubectlPodReady, kubectlPodStatus, podRestarts } from './status.ts';

const NOW = '2025-06-01T12:00:00Z';

function cs(name: string, state: ContainerState, extra: Partial<ContainerStatus> = {}): ContainerStatus {
  return { name, state, lastState: {}, ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', ...extra };
}

function pod(status: PodStatus, opts: { init?: { name: string; sidecar?: boolean }[]; containers?: string[]; deleting?: boolean } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d4b9c-x2k4q',
      namespace: 'default',
      creationTimestamp: '2025-06-01T11:55:00Z',
      ...(opts.deleting ? { deletionTimestamp: '2025-06-01T12:00:30Z' } : {}),
    },
    spec: {
      containers: (opts.containers ?? ['web']).map((name) => ({ name, image: 'nginx:1.27' })),
      ...(opts.init
        ? { initContainers: opts.init.map((i) => ({ name: i.name, image: 'busybox:1.36', ...(i.sidecar ? { restartPolicy: 'Always' as const } : {}) })) }
        : {}),
    },
    status,
  };
}

const ready: PodCondition = { type: 'Ready', status: 'True', lastTransitionTime: '2025-06-01T11:56:00Z' };
const initialized: PodCondition = { type: 'Initialized', status: 'True' };
const running = (extra: Partial<ContainerStatus> = {}): ContainerStatus =>
  cs('web', { running: { startedAt: '2025-06-01T11:56:00Z' } }, { ready: true, started: true, ...extra });

describe('kubectlPodStatus', () => {
  it.each<[string, PodStatus, string]>([
    ['an unscheduled pod', { phase: 'Pending' }, 'Pending'],
    ['a pod whose sandbox is being created', { phase: 'Pending', containerStatuses: [cs('web', { waiting: { reason: 'ContainerCreating' } })] }, 'ContainerCreating'],
    ['a running pod', { phase: 'Running', conditions: [ready], containerStatuses: [running()] }, 'Running'],
    ['a completed pod', { phase: 'Succeeded', containerStatuses: [cs('web', { terminated: { exitCode: 0, reason: 'Completed' } })] }, 'Completed'],
    ['a failed pod', { phase: 'Failed', containerStatuses: [cs('web', { terminated: { exitCode: 1, reason: 'Error' } })] }, 'Error'],
    ['an OOM-killed container', { phase: 'Running', containerStatuses: [cs('web', { terminated: { exitCode: 137, reason: 'OOMKilled' } })] }, 'OOMKilled'],
    ['a crash loop', { phase: 'Running', containerStatuses: [cs('web', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 3 })] }, 'CrashLoopBackOff'],
    ['a failing pull', { phase: 'Pending', containerStatuses: [cs('web', { waiting: { reason: 'ErrImagePull' } })] }, 'ErrImagePull'],
    ['a pull backing off', { phase: 'Pending', containerStatuses: [cs('web', { waiting: { reason: 'ImagePullBackOff' } })] }, 'ImagePullBackOff'],
    ['a terminated container without reason', { phase: 'Running', containerStatuses: [cs('web', { terminated: { exitCode: 2 } })] }, 'ExitCode:2'],
    ['a killed container without reason', { phase: 'Running', containerStatuses: [cs('web', { terminated: { exitCode: 137, signal: 9 } as never })] }, 'Signal:9'],
    ['a pod evicted', { phase: 'Failed', reason: 'Evicted' }, 'Evicted'],
    ['a pod on a lost node', { phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] }, 'NodeLost'],
    ['a gated pod', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }, 'SchedulingGated'],
    ['a pod in phase Unknown', { phase: 'Unknown' }, 'Unknown'],
  ])('%s → %s', (_what, status, expected) => {
    expect(kubectlPodStatus(pod(status))).toBe(expected);
  });

  it('shows init progress', () => {
    const init = [{ name: 'init' }];
    expect(kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('init', { running: {} })] }, { init }))).toBe('Init:0/1');
    expect(kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('init', { waiting: { reason: 'PodInitializing' } })] }, { init }))).toBe(
      'Init:0/1',
    );
    expect(
      kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('init', { waiting: { reason: 'CrashLoopBackOff' } })] }, { init })),
    ).toBe('Init:CrashLoopBackOff');
    expect(kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('init', { terminated: { exitCode: 1, reason: 'Error' } })] }, { init }))).toBe(
      'Init:Error',
    );
    expect(kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('init', { terminated: { exitCode: 3 } })] }, { init }))).toBe(
      'Init:ExitCode:3',
    );
    const two = [{ name: 'a' }, { name: 'b' }];
    expect(
      kubectlPodStatus(pod({ phase: 'Pending', initContainerStatuses: [cs('a', { terminated: { exitCode: 0, reason: 'Completed' } }), cs('b', { running: {} })] }, { init: two })),
    ).toBe('Init:1/2');
  });

  it('shows PodInitializing once init containers are done', () => {
    const status: PodStatus = {
      phase: 'Pending',
      conditions: [initialized],
      initContainerStatuses: [cs('init', { terminated: { exitCode: 0, reason: 'Completed' } })],
      containerStatuses: [cs('web', { waiting: { reason: 'PodInitializing' } })],
    };
    expect(kubectlPodStatus(pod(status, { init: [{ name: 'init' }] }))).toBe('PodInitializing');
  });

  it('shows Terminating for a pod being deleted, unless it already finished', () => {
    expect(kubectlPodStatus(pod({ phase: 'Running', conditions: [ready], containerStatuses: [running()] }, { deleting: true }))).toBe('Terminating');
    expect(kubectlPodStatus(pod({ phase: 'Succeeded', containerStatuses: [cs('web', { terminated: { exitCode: 0, reason: 'Completed' } })] }, { deleting: true }))).toBe(
      'Completed',
    );
    expect(kubectlPodStatus(pod({ phase: 'Running', reason: 'NodeLost', containerStatuses: [running()] }, { deleting: true }))).toBe('Unknown');
  });

  it('reports the first container, and Running/NotReady when one completed while another runs', () => {
    const done = cs('job', { terminated: { exitCode: 0, reason: 'Completed' } });
    const side = cs('web', { running: {} }, { ready: true });
    expect(kubectlPodStatus(pod({ phase: 'Running', conditions: [ready], containerStatuses: [done, side] }, { containers: ['job', 'web'] }))).toBe('Running');
    expect(kubectlPodStatus(pod({ phase: 'Running', containerStatuses: [done, side] }, { containers: ['job', 'web'] }))).toBe('NotReady');
    const crash = cs('a', { waiting: { reason: 'CrashLoopBackOff' } });
    const pull = cs('b', { waiting: { reason: 'ImagePullBackOff' } });
    expect(kubectlPodStatus(pod({ phase: 'Running', containerStatuses: [crash, pull] }, { containers: ['a', 'b'] }))).toBe('CrashLoopBackOff');
  });
});

describe('kubectlPodReady', () => {
  it('counts ready running containers', () => {
    expect(kubectlPodReady(pod({ phase: 'Running', conditions: [ready], containerStatuses: [running()] }))).toBe('1/1');
    expect(kubectlPodReady(pod({ phase: 'Pending' }))).toBe('0/1');
    expect(kubectlPodReady(pod({ phase: 'Running', containerStatuses: [running({ ready: false })] }))).toBe('0/1');
  });

  it('counts started sidecars in both numbers', () => {
    const status: PodStatus = {
      phase: 'Running',
      conditions: [initialized, ready],
      initContainerStatuses: [cs('proxy', { running: {} }, { started: true, ready: true })],
      containerStatuses: [running()],
    };
    expect(kubectlPodReady(pod(status, { init: [{ name: 'proxy', sidecar: true }] }))).toBe('2/2');
    expect(kubectlPodStatus(pod(status, { init: [{ name: 'proxy', sidecar: true }] }))).toBe('Running');
  });
});

describe('podRestarts', () => {
  const crashing = (restartCount: number): PodStatus => ({
    phase: 'Running',
    containerStatuses: [
      cs('web', { waiting: { reason: 'CrashLoopBackOff' } }, { restartCount, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2025-06-01T11:59:40Z' } } }),
    ],
  });

  it('shows the count, and the time since the last restart when now is given', () => {
    expect(podRestarts(pod(crashing(3)))).toBe('3');
    expect(podRestarts(pod(crashing(3)), NOW)).toBe('3 (20s ago)');
    expect(podRestarts(pod({ phase: 'Running', containerStatuses: [running()] }), NOW)).toBe('0');
  });

  it('uses the newest termination across containers', () => {
    const status: PodStatus = {
      phase: 'Running',
      containerStatuses: [
        cs('a', { running: {} }, { restartCount: 1, lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T11:00:00Z' } } }),
        cs('b', { running: {} }, { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: '2025-06-01T11:58:00Z' } } }),
      ],
    };
    expect(podRestarts(pod(status, { containers: ['a', 'b'] }), NOW)).toBe('3 (2m ago)');
  });

  it('gives a full row with the age', () => {
    expect(kubectlPodColumns(pod(crashing(1)), NOW)).toEqual({
      name: 'web-7d4b9c-x2k4q',
      ready: '0/1',
      status: 'CrashLoopBackOff',
      restarts: '1 (20s ago)',
      restartCount: 1,
      age: '5m',
    });
  });
});
