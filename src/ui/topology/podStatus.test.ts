import { describe, it, expect } from 'vitest';
import type { KubeObject } from '../../domain/k8s/objects.ts';
import { summarizePod, statusTone } from './podStatus.ts';

const pod = (status: Record<string, unknown>, extra: Partial<KubeObject> = {}, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }], ...spec },
  status,
  ...extra,
});

describe('summarizePod (kubectl get pods STATUS/READY)', () => {
  it('shows Pending for a new Pod', () => {
    const s = summarizePod(pod({ phase: 'Pending' }));
    expect(s).toMatchObject({ phase: 'Pending', status: 'Pending', ready: '0/1', nodeName: undefined });
  });
  it('defaults a missing phase to Pending', () => {
    expect(summarizePod(pod({})).phase).toBe('Pending');
  });
  it('shows the waiting reason while containers are created', () => {
    const s = summarizePod(pod({ phase: 'Pending', containerStatuses: [{ name: 'nginx', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }, {}, { nodeName: 'node-1' }));
    expect(s.status).toBe('ContainerCreating');
    expect(s.nodeName).toBe('node-1');
  });
  it('shows Running 1/1 once ready', () => {
    const s = summarizePod(pod({ phase: 'Running', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 2, state: { running: {} } }] }));
    expect(s).toMatchObject({ status: 'Running', ready: '1/1', restarts: 2 });
  });
  it('shows CrashLoopBackOff from the waiting reason', () => {
    const s = summarizePod(pod({ phase: 'Running', containerStatuses: [{ name: 'nginx', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }));
    expect(s.status).toBe('CrashLoopBackOff');
  });
  it('shows Init:0/1 while an init container runs', () => {
    const s = summarizePod(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', state: { running: {} } }] }, {}, { initContainers: [{ name: 'init', image: 'busybox' }] }));
    expect(s.status).toBe('Init:0/1');
  });
  it('shows Terminating once deletionTimestamp is set', () => {
    const s = summarizePod(pod({ phase: 'Running' }, { metadata: { name: 'web-1', deletionTimestamp: '2025-01-01T00:00:00Z' } }));
    expect(s.status).toBe('Terminating');
  });
  it('shows Completed for a finished Pod', () => {
    const s = summarizePod(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'nginx', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }));
    expect(s.status).toBe('Completed');
  });
  it('maps statuses to tones', () => {
    expect(statusTone('Running')).toBe('ok');
    expect(statusTone('ContainerCreating')).toBe('progress');
    expect(statusTone('ErrImagePull')).toBe('bad');
    expect(statusTone('Terminating')).toBe('warn');
  });
});
