import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../../domain/k8s/objects.ts';
import type { TraceEvent } from '../../../trace/schema.ts';
import { nginxPod, TestCluster } from '../apiserver/test-cluster.ts';

const PODS = '/api/v1/namespaces/default/pods';

function running(c: TestCluster, name: string): Pod {
  c.create(nginxPod(name));
  c.settle();
  const pod = c.request('GET', `${PODS}/${name}`).body as Pod;
  expect(pod.status?.phase).toBe('Running');
  return pod;
}

function kubeletOf(pod: Pod): string {
  return `kubelet/${pod.spec.nodeName ?? ''}`;
}

/** The messages an actor sent after `from`, as `op` (CRI) or `METHOD path` (API). */
function sent(c: TestCluster, actor: string, from = 0): TraceEvent[] {
  return c.events.filter((e) => e.seq > from && e.kind === 'message' && e.actor === actor);
}

function firstSeq(events: TraceEvent[], pred: (e: TraceEvent) => boolean): number {
  return events.find(pred)?.seq ?? -1;
}

describe('pod termination in the kubelet (pkg/kubelet/pod_workers.go, kubelet.go SyncTerminatingPod, kuberuntime_container.go killContainer, status/status_manager.go)', () => {
  it('kills a deleted pod through the CRI, reports it terminal, and sends the final DELETE', () => {
    const c = new TestCluster();
    const pod = running(c, 'web');
    const start = c.events.length ? (c.events[c.events.length - 1] as TraceEvent).seq : 0;
    expect(c.request('DELETE', `${PODS}/web`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } }).code).toBe(200);
    c.settle();
    expect(c.request('GET', `${PODS}/web`).code).toBe(404);
    const kubelet = kubeletOf(pod);
    const out = sent(c, kubelet, start);
    const killing = c.events.find((e) => e.seq > start && e.kind === 'event' && e.op === 'Killing');
    expect(killing?.attrs).toMatchObject({ type: 'Normal', reason: 'Killing', message: 'Stopping container nginx' });
    const stop = out.find((e) => e.op === 'StopContainer');
    expect((stop?.attrs?.request as { timeout?: number }).timeout).toBe(30);
    const stopSandbox = firstSeq(out, (e) => e.op === 'StopPodSandbox');
    const status = out.find((e) => String(e.attrs?.path).endsWith('/web/status') && e.attrs?.method === 'PATCH');
    const finalDelete = out.find((e) => e.attrs?.method === 'DELETE');
    const removeContainer = firstSeq(out, (e) => e.op === 'RemoveContainer');
    const removeSandbox = firstSeq(out, (e) => e.op === 'RemovePodSandbox');
    expect(killing?.seq).toBeLessThan(stop?.seq ?? -1);
    expect(stop?.seq).toBeLessThan(stopSandbox);
    expect(stopSandbox).toBeLessThan(status?.seq ?? -1);
    expect(status?.seq).toBeLessThan(finalDelete?.seq ?? -1);
    expect(finalDelete?.seq).toBeLessThan(removeContainer);
    expect(removeContainer).toBeLessThan(removeSandbox);
    const reported = (status?.attrs?.body as { status: Pod['status'] }).status;
    expect(reported?.phase).toBe('Succeeded');
    expect(reported?.containerStatuses?.[0]?.state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(reported?.conditions?.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(finalDelete?.attrs?.body).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    // containerd sends the image's STOPSIGNAL (nginx: SIGQUIT) through runc kill, then deletes the task.
    const runc = `runc/${pod.spec.nodeName ?? ''}`;
    expect(c.events.some((e) => e.seq > start && e.actor === runc && e.op === 'kill' && String(e.attrs?.syscall).includes('SIGQUIT'))).toBe(true);
  });

  it('uses the deletion grace period as the StopContainer timeout', () => {
    const c = new TestCluster();
    const pod = running(c, 'short');
    const start = c.events.length;
    c.request('DELETE', `${PODS}/short`, { body: { gracePeriodSeconds: 5 } });
    c.settle();
    const stop = sent(c, kubeletOf(pod), start).find((e) => e.op === 'StopContainer');
    expect((stop?.attrs?.request as { timeout?: number }).timeout).toBe(5);
  });

  it('stops a pod deleted while it is still being set up, without starting its container', () => {
    const c = new TestCluster();
    c.create(nginxPod('early'));
    // Run until the kubelet has asked for the sandbox, then delete.
    c.sim.runWhile(() => !c.events.some((e) => e.kind === 'message' && e.op === 'RunPodSandbox'), 60_000_000);
    const start = (c.events[c.events.length - 1] as TraceEvent).seq;
    c.request('DELETE', `${PODS}/early`, { body: { propagationPolicy: 'Background' } });
    c.settle();
    expect(c.request('GET', `${PODS}/early`).code).toBe(404);
    const after = c.events.filter((e) => e.seq > start && e.kind === 'message');
    expect(after.some((e) => e.op === 'StartContainer')).toBe(false);
    expect(after.some((e) => e.op === 'StopPodSandbox')).toBe(true);
  });

  it('kills a force-deleted pod with the 2 s minimum and sends no DELETE of its own', () => {
    const c = new TestCluster();
    const pod = running(c, 'forced');
    const start = c.events.length;
    const res = c.request('DELETE', `${PODS}/forced`, { body: { gracePeriodSeconds: 0, propagationPolicy: 'Background' } });
    expect(res.code).toBe(200);
    expect((res.body as KubeObject).metadata.deletionGracePeriodSeconds).toBe(0);
    c.settle();
    const out = sent(c, kubeletOf(pod), start);
    expect((out.find((e) => e.op === 'StopContainer')?.attrs?.request as { timeout?: number }).timeout).toBe(2);
    expect(out.some((e) => e.attrs?.method === 'DELETE')).toBe(false);
    expect(out.some((e) => e.op === 'RemovePodSandbox')).toBe(true);
  });
});
