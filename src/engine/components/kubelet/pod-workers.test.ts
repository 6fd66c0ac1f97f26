import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from '../../../domain/k8s/objects.ts';
import { terminatePod } from './pod-workers.ts';

const base = { lastState: {}, ready: false, restartCount: 0, image: 'busybox:1.36', imageID: '' };

describe('terminatePod (pkg/kubelet/status/status_manager.go TerminatePod)', () => {
  it('reports a container never seen to end as ContainerStatusUnknown 137, and the pod Failed', () => {
    const running: ContainerStatus = { ...base, name: 'app', state: { running: { startedAt: '2026-01-01T09:00:00Z' } } };
    const s = terminatePod({ phase: 'Running', containerStatuses: [running] });
    expect(s.phase).toBe('Failed');
    expect(s.containerStatuses?.[0]?.state).toEqual({ terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' } });
  });

  it('keeps what terminated, and a terminal phase', () => {
    const done: ContainerStatus = { ...base, name: 'app', state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    expect(terminatePod({ phase: 'Succeeded', containerStatuses: [done] })).toEqual({ phase: 'Succeeded', containerStatuses: [done] });
  });

  it('leaves the app containers of a pod that never initialized waiting', () => {
    const waiting: ContainerStatus = { ...base, name: 'web', state: { waiting: { reason: 'PodInitializing' } } };
    const failedInit: ContainerStatus = { ...base, name: 'check', state: { terminated: { exitCode: 2, reason: 'Error' } } };
    const s = terminatePod({ phase: 'Failed', containerStatuses: [waiting], initContainerStatuses: [failedInit] });
    expect(s.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });
});
