import { describe, expect, it } from 'vitest';
import { isoToMicros } from '../../../domain/k8s/duration.ts';
import type { ContainerStatus, Pod } from '../../../domain/k8s/objects.ts';
import { podCells } from './printPodRow.ts';

const NOW = isoToMicros('2026-01-01T09:10:00Z');

function pod(status: Pod['status'], extra: Partial<Pod['spec']> = {}, meta: Partial<Pod['metadata']> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', ...meta },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...extra },
    status,
  };
}

function cs(partial: Partial<ContainerStatus>): ContainerStatus {
  return { name: 'nginx', ready: false, restartCount: 0, image: 'nginx:1.27', imageID: '', state: {}, lastState: {}, ...partial };
}

describe('podCells (kubectl get pods READY, STATUS, RESTARTS)', () => {
  it('shows Pending before the pod is scheduled', () => {
    expect(podCells(pod({ phase: 'Pending' }), NOW)).toEqual({ ready: '0/1', status: 'Pending', restarts: '0' });
  });

  it('shows the waiting reason of a container', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [cs({ state: { waiting: { reason: 'ContainerCreating' } } })] });
    expect(podCells(p, NOW).status).toBe('ContainerCreating');
  });

  it('shows Running and counts ready containers', () => {
    const p = pod({ phase: 'Running', containerStatuses: [cs({ ready: true, state: { running: { startedAt: '2026-01-01T09:00:00Z' } } })] });
    expect(podCells(p, NOW)).toEqual({ ready: '1/1', status: 'Running', restarts: '0' });
  });

  it('shows CrashLoopBackOff with restarts and how long ago the last one ended', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [
        cs({
          restartCount: 4,
          state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2026-01-01T09:09:20Z' } },
        }),
      ],
    });
    expect(podCells(p, NOW)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: '4 (40s ago)' });
  });

  it('shows a terminated reason, or the exit code when there is none', () => {
    const done = pod({ phase: 'Succeeded', containerStatuses: [cs({ state: { terminated: { exitCode: 0, reason: 'Completed' } } })] });
    expect(podCells(done, NOW).status).toBe('Completed');
    const failed = pod({ phase: 'Failed', containerStatuses: [cs({ state: { terminated: { exitCode: 2 } } })] });
    expect(podCells(failed, NOW).status).toBe('ExitCode:2');
  });

  it('turns Completed back into NotReady while another container still runs', () => {
    const p = pod(
      {
        phase: 'Running',
        containerStatuses: [
          cs({ name: 'a', ready: true, state: { running: {} } }),
          cs({ name: 'b', state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
        ],
      },
      { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] },
    );
    expect(podCells(p, NOW)).toMatchObject({ ready: '1/2', status: 'NotReady' });
  });

  it('shows init container progress', () => {
    const spec = { initContainers: [{ name: 'init', image: 'busybox' }] };
    const running = pod({ phase: 'Pending', initContainerStatuses: [cs({ name: 'init', state: { running: {} } })] }, spec);
    expect(podCells(running, NOW).status).toBe('Init:0/1');
    const crashing = pod({ phase: 'Pending', initContainerStatuses: [cs({ name: 'init', state: { waiting: { reason: 'CrashLoopBackOff' } } })] }, spec);
    expect(podCells(crashing, NOW).status).toBe('Init:CrashLoopBackOff');
    const failed = pod({ phase: 'Pending', initContainerStatuses: [cs({ name: 'init', state: { terminated: { exitCode: 3 } } })] }, spec);
    expect(podCells(failed, NOW).status).toBe('Init:ExitCode:3');
  });

  it('counts a started sidecar (restartable init container) as a container', () => {
    const spec = { initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' as const }] };
    const p = pod(
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [cs({ name: 'proxy', ready: true, started: true, state: { running: {} } })],
        containerStatuses: [cs({ ready: true, state: { running: {} } })],
      },
      spec,
    );
    expect(podCells(p, NOW)).toMatchObject({ ready: '2/2', status: 'Running' });
  });

  it('shows Terminating for a deleted pod and SchedulingGated for a gated one', () => {
    const deleting = pod({ phase: 'Running' }, {}, { deletionTimestamp: '2026-01-01T09:09:00Z' });
    expect(podCells(deleting, NOW).status).toBe('Terminating');
    const lost = pod({ phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: '2026-01-01T09:09:00Z' });
    expect(podCells(lost, NOW).status).toBe('Unknown');
    const gated = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
    expect(podCells(gated, NOW).status).toBe('SchedulingGated');
  });
});
