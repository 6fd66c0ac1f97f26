import { describe, expect, it } from 'vitest';
import type { ContainerState, ContainerStatus, Pod, PodCondition, PodStatus } from '../k8s/objects.ts';
import { getPodCondition, podIsActive, podIsAvailable, podIsReady, podReadyTime } from './conditions.ts';

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
const running = (extra: Partial<ContainerStatus> = {}): ContainerStatus =>
  cs('web', { running: { startedAt: '2025-06-01T11:56:00Z' } }, { ready: true, started: true, ...extra });

describe('readiness and availability', () => {
  const p = pod({ phase: 'Running', conditions: [ready], containerStatuses: [running()] });

  it('reads the Ready condition', () => {
    expect(podIsReady(p)).toBe(true);
    expect(podIsReady(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] }))).toBe(false);
    expect(podIsReady(pod({ phase: 'Pending' }))).toBe(false);
    expect(getPodCondition(p, 'Ready')).toBe(ready);
    expect(podReadyTime(p)).toBe('2025-06-01T11:56:00Z');
  });

  it('needs minReadySeconds of readiness before now, strictly', () => {
    expect(podIsAvailable(p, 0, NOW)).toBe(true);
    expect(podIsAvailable(p, 60, '2025-06-01T11:57:00Z')).toBe(false);
    expect(podIsAvailable(p, 60, '2025-06-01T11:57:00.000001Z')).toBe(true);
    expect(podIsAvailable(pod({ phase: 'Pending' }), 0, NOW)).toBe(false);
  });

  it('counts pods as active until terminal or deleted', () => {
    expect(podIsActive(p)).toBe(true);
    expect(podIsActive(pod({ phase: 'Succeeded' }))).toBe(false);
    expect(podIsActive(pod({ phase: 'Running' }, { deleting: true }))).toBe(false);
  });
});
