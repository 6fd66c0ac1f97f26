import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { helloEvents } from '../fixtures/hello-deployment.ts';
import { compareTraces } from './compare-traces.ts';
import { actorRole, normalizeOp, stepSignature } from './step-signature.ts';

/** A "real" recording of the same story: other generated names, other node, times shifted. */
function asRecorded(events: readonly TraceEvent[]): TraceEvent[] {
  const rename = (s: string): string => s.replaceAll('web-7d4b9c-x2k4q', 'web-5f8c6d-q9z7m').replaceAll('node-1', 'kind-worker');
  return events.map((ev) => ({
    ...ev,
    t: ev.t + 1_000_000,
    actor: rename(ev.actor),
    ...(ev.to ? { to: rename(ev.to) } : {}),
    op: rename(ev.op),
    src: 'audit',
  }));
}

describe('step signatures', () => {
  it('blanks namespaces and object names in request paths, keeps resource and subresource', () => {
    expect(normalizeOp('PATCH /api/v1/namespaces/default/pods/web-7d4b9c-x2k4q/status?fieldManager=kubelet')).toBe('PATCH /api/v1/namespaces/*/pods/*/status');
    expect(normalizeOp('POST /apis/apps/v1/namespaces/default/deployments')).toBe('POST /apis/apps/v1/namespaces/*/deployments');
    expect(normalizeOp('GET /api/v1/nodes/node-1')).toBe('GET /api/v1/nodes/*');
    expect(normalizeOp('RunPodSandbox')).toBe('RunPodSandbox');
  });

  it('drops the node from per-node components only', () => {
    expect(actorRole('kubelet/node-1')).toBe('kubelet');
    expect(actorRole('runc/kind-worker')).toBe('runc');
    expect(actorRole('kube-controller-manager/replicaset-controller')).toBe('kube-controller-manager/replicaset-controller');
  });

  it('does not compare responses, watch deliveries, machine states or logs', () => {
    const base = { seq: 1, t: 0, actor: 'kube-apiserver', src: 'sim' } as const;
    expect(stepSignature({ ...base, kind: 'message', to: 'kubectl', op: '201 Created', attrs: { id: 2, replyTo: 1 } })).toBeUndefined();
    expect(stepSignature({ ...base, kind: 'message', to: 'scheduler', op: 'WATCH ADDED', attrs: { id: 3 } })).toBeUndefined();
    expect(stepSignature({ ...base, kind: 'state', op: 'authenticating' })).toBeUndefined();
    expect(stepSignature({ ...base, kind: 'log', op: 'log' })).toBeUndefined();
  });
});

describe('compareTraces', () => {
  it('matches a recording of the same story step for step, with the offset of the first common step', () => {
    const cmp = compareTraces(helloEvents, asRecorded(helloEvents));
    expect(cmp.counts.missing).toBe(0);
    expect(cmp.counts.extra).toBe(0);
    expect(cmp.counts.reordered).toBe(0);
    expect(cmp.counts.same).toBeGreaterThan(20);
    expect(cmp.offset).toBe(1_000_000);
    expect(cmp.anchor).toEqual({ sim: 1, real: 1 });
  });

  it('names missing, extra and reordered steps', () => {
    const real = asRecorded(helloEvents).filter((ev) => ev.op !== 'Scheduled'); // the Event was lost (rate-limited)
    // The recording has Score before Filter (two adjacent steps swapped).
    const score = real.findIndex((ev) => ev.op === 'Score');
    const filter = real.findIndex((ev) => ev.op === 'Filter');
    [real[score], real[filter]] = [real[filter] as TraceEvent, real[score] as TraceEvent];
    real.push({ seq: 999, t: 99_000_000, kind: 'event', actor: 'kubelet/kind-worker', op: 'Pulled', ref: { apiVersion: 'v1', kind: 'Pod', name: 'web-5f8c6d-q9z7m' }, src: 'k8s-events', attrs: { reason: 'Pulled' } });
    const cmp = compareTraces(helloEvents, real);
    expect(cmp.steps.filter((s) => s.type === 'missing').map((s) => s.signature)).toEqual(['event|Scheduled|Pod']);
    expect(cmp.steps.filter((s) => s.type === 'extra').map((s) => s.signature)).toEqual(['event|Pulled|Pod']);
    expect(cmp.steps.filter((s) => s.type === 'reordered').map((s) => s.signature)).toHaveLength(1);
    expect(['span|scheduler|Filter', 'span|scheduler|Score']).toContain(cmp.steps.find((s) => s.type === 'reordered')?.signature);
    // Every step of either side appears once.
    const simSeqs = cmp.steps.flatMap((s) => ('sim' in s ? [s.sim] : []));
    const realSeqs = cmp.steps.flatMap((s) => ('real' in s ? [s.real] : []));
    expect(new Set(simSeqs).size).toBe(simSeqs.length);
    expect(new Set(realSeqs).size).toBe(realSeqs.length);
  });

  it('compares only the layers the recording can see, from its first common step', () => {
    // An audit log sees API requests only; it starts with unrelated traffic.
    const prefix: TraceEvent = { seq: 500, t: 10, kind: 'message', actor: 'kubelet/kind-worker', to: 'kube-apiserver', op: 'PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kind-worker', src: 'audit', attrs: { id: 500 } };
    const apiOnly = [prefix, ...asRecorded(helloEvents).filter((ev) => ev.kind === 'message' && ev.to === 'kube-apiserver')];
    const cmp = compareTraces(helloEvents, apiOnly);
    expect(cmp.layers).toEqual(['message|kubelet>kube-apiserver', 'message|kubectl>kube-apiserver'].sort());
    expect(cmp.steps.every((s) => s.signature.startsWith('message|'))).toBe(true);
    expect(cmp.counts.missing).toBe(0);
    expect(cmp.anchor?.sim).toBe(2);
    // The lease update before the first common step is outside the compared story.
    expect(cmp.steps.some((s) => 'real' in s && s.real === 500)).toBe(false);
  });

  it('says when only the first steps were compared', () => {
    expect(compareTraces(helloEvents, asRecorded(helloEvents), 5).truncated).toBe(true);
  });
});
