import { describe, expect, it } from 'vitest';
import { base64, containerStatusView, matchesFilter, nanosString } from './cri-views.ts';

describe('CRI views (containerd internal/cri/server container_status.go, container_list.go; protobuf JSON)', () => {
  it('writes int64 nanoseconds as strings and bytes as base64', () => {
    expect(nanosString(Date.parse('2026-01-01T09:00:00Z'), 1_500_000)).toBe('1767258001500000000');
    expect(nanosString(0, undefined)).toBe('0');
    expect(base64("cat: can't open\n")).toBe(Buffer.from("cat: can't open\n").toString('base64'));
    expect(base64('ab')).toBe('YWI=');
  });

  it('derives the exit reason from the code unless the plugin set one (StartError)', () => {
    const view = { id: 'c1', sandboxId: 's1', name: 'app', attempt: 2, state: 'CONTAINER_EXITED', labels: {}, annotations: {}, logPath: '/var/log/pods/x/app/2.log', exitCode: 1 };
    expect(containerStatusView(view, 0)).toMatchObject({ metadata: { name: 'app', attempt: 2 }, state: 'CONTAINER_EXITED', exitCode: 1, reason: 'Error' });
    expect(containerStatusView({ ...view, exitCode: 128, reason: 'StartError' }, 0)).toMatchObject({ reason: 'StartError' });
    expect(containerStatusView({ ...view, state: 'creating' }, 0)).toMatchObject({ state: 'CONTAINER_UNKNOWN' });
  });

  it('filters by id, state and labels', () => {
    const item = { id: 'c1', state: 'CONTAINER_RUNNING', labels: { 'io.kubernetes.pod.uid': 'u1' } };
    expect(matchesFilter(item, { labelSelector: { 'io.kubernetes.pod.uid': 'u1' } })).toBe(true);
    expect(matchesFilter(item, { labelSelector: { 'io.kubernetes.pod.uid': 'u2' } })).toBe(false);
    expect(matchesFilter(item, { state: { state: 'CONTAINER_EXITED' } })).toBe(false);
    expect(matchesFilter(item, undefined)).toBe(true);
  });
});
