import { describe, expect, it } from 'vitest';
import { base64, containerListView, containerResourcesOf, containerStatusView, matchesFilter, nanosString, runtimeStatusView } from './cri-views.ts';
import type { OciSpec } from '../../../domain/oci/spec.ts';

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

  // container_status.go toCRIContainerStatus (Mounts = Config.GetMounts()), container_create.go copyResourcesToStatus.
  it('reports the config\'s mounts and the resources of the spec it generated', () => {
    const spec = { process: { oomScoreAdj: 968 }, linux: { resources: { cpu: { shares: 256, quota: 50000, period: 100000 }, memory: { limit: 134217728, swap: 134217728 }, hugepageLimits: [{ pageSize: '2MB', limit: 0 }] } } } as unknown as OciSpec;
    const resources = containerResourcesOf(spec);
    expect(resources).toEqual({ linux: { oomScoreAdj: 968, cpuPeriod: 100000, cpuQuota: 50000, cpuShares: 256, cpusetCpus: '', cpusetMems: '', memoryLimitInBytes: 134217728, memorySwapLimitInBytes: 134217728, hugepageLimits: [{ pageSize: '2MB', limit: 0 }] } });
    const mounts = [{ containerPath: '/etc/hosts', hostPath: '/var/lib/kubelet/pods/u/etc-hosts', readonly: false }];
    const view = { id: 'c1', sandboxId: 's1', name: 'app', attempt: 0, state: 'CONTAINER_RUNNING', labels: {}, annotations: {}, logPath: '', mounts, resources };
    expect(containerStatusView(view, 0)).toMatchObject({ mounts, resources });
  });

  // container_list.go toCRIContainer: Image = Config.GetImage().
  it('lists a container with the ImageSpec the kubelet sent (the image id)', () => {
    const view = { id: 'c1', sandboxId: 's1', name: 'app', attempt: 0, state: 'CONTAINER_RUNNING', labels: {}, annotations: {}, logPath: '', imageSpec: { image: 'sha256:abc', userSpecifiedImage: 'busybox:1.36' } };
    expect(containerListView(view, 0)['image']).toEqual({ image: 'sha256:abc', userSpecifiedImage: 'busybox:1.36' });
  });

  // internal/cri/server/status.go Status; introspectRuntimeHandlers (the default handler again as "").
  it('answers Status with RuntimeReady and NetworkReady, and the runtime handlers', () => {
    const ready = runtimeStatusView({ networkReady: true, handler: 'runc' });
    expect(ready['status']).toEqual({ conditions: [{ type: 'RuntimeReady', status: true, reason: '', message: '' }, { type: 'NetworkReady', status: true, reason: '', message: '' }] });
    expect((ready['runtimeHandlers'] as { name: string }[]).map((h) => h.name)).toEqual(['runc', '']);
    const noCni = runtimeStatusView({ networkReady: false, handler: 'runc' });
    expect((noCni['status'] as { conditions: unknown[] }).conditions[1]).toMatchObject({ type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady' });
  });
});
