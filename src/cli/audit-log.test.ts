import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { memoryIO } from './test-io.ts';

/**
 * Integration: `kube-anatomy run examples/hello-deployment.scenario.yaml --audit-log FILE` through
 * the real engine writes a valid audit.k8s.io/v1 log (staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go,
 * pkg/endpoints/filters/audit.go). It checks the shape and the order of what kube-apiserver would
 * write, not exact names or times, so engine tuning does not break it.
 */
const EXAMPLE = 'examples/hello-deployment.scenario.yaml';
const text = readFileSync(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');

interface Event {
  kind: string;
  apiVersion: string;
  level: string;
  auditID: string;
  stage: string;
  requestURI: string;
  verb: string;
  user: { username: string; groups?: string[] };
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: { resource?: string; namespace?: string; name?: string; apiGroup?: string; apiVersion?: string; subresource?: string };
  responseStatus?: { metadata: object; code: number; status?: string; reason?: string; message?: string };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

const STAGES = ['RequestReceived', 'ResponseStarted', 'ResponseComplete'];
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function auditLog(): Promise<{ code: number; stderr: string; file: string }> {
  const io = memoryIO({ [EXAMPLE]: text });
  const code = await main(['run', EXAMPLE, '--audit-log', 'audit.log'], io);
  return { code, stderr: io.stderr, file: io.files.get('audit.log') ?? '' };
}

const first = await auditLog();

describe('kube-anatomy run examples/hello-deployment.scenario.yaml --audit-log (real engine)', () => {
  const lines = first.file.split('\n');
  const events = lines.slice(0, -1).map((l) => JSON.parse(l) as Event);

  it('writes one audit.k8s.io/v1 Event per line, each with the required fields', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(lines.at(-1)).toBe('');
    expect(events.length).toBeGreaterThan(50);
    for (const ev of events) {
      expect(ev.kind).toBe('Event');
      expect(ev.apiVersion).toBe('audit.k8s.io/v1');
      expect(ev.level).toBe('Metadata');
      expect(ev.auditID).toMatch(UUID);
      expect(STAGES).toContain(ev.stage);
      expect(ev.requestURI).toMatch(/^\/(api|apis)\//);
      expect(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']).toContain(ev.verb);
      expect(ev.user.username).not.toBe('');
      expect(ev.sourceIPs?.length).toBe(1);
      expect(ev.userAgent).toMatch(/^(kubectl|kube-controller-manager|kube-scheduler|kubelet)\/v1\.34\./);
      expect(ev.objectRef?.resource).toMatch(/^[a-z]+$/);
      expect(ev.requestReceivedTimestamp).toMatch(MICRO_TIME);
      expect(ev.stageTimestamp).toMatch(MICRO_TIME);
      if (ev.stage === 'RequestReceived') {
        expect(ev.stageTimestamp).toBe(ev.requestReceivedTimestamp);
        expect(ev).not.toHaveProperty('responseStatus');
      } else {
        expect(ev.responseStatus?.metadata).toEqual({});
        expect(ev.responseStatus?.code).toBeGreaterThanOrEqual(200);
        expect(ev.annotations?.['authorization.k8s.io/decision']).toBe('allow');
      }
    }
  });

  it('writes the stages of each request in order, under one audit ID, with non-decreasing timestamps', () => {
    const byId = new Map<string, Event[]>();
    for (const ev of events) byId.set(ev.auditID, [...(byId.get(ev.auditID) ?? []), ev]);
    for (const [id, evs] of byId) {
      const stages = evs.map((e) => STAGES.indexOf(e.stage));
      expect(stages[0], id).toBe(0);
      for (let i = 1; i < stages.length; i++) expect((stages[i] as number) > (stages[i - 1] as number), id).toBe(true);
      for (const e of evs) expect(e.requestReceivedTimestamp).toBe(evs[0]?.requestReceivedTimestamp);
      for (let i = 1; i < evs.length; i++) expect((evs[i]?.stageTimestamp ?? '') >= (evs[i - 1]?.stageTimestamp ?? '')).toBe(true);
      // Only long-running requests (the informers' watches) have a ResponseStarted.
      if (evs.some((e) => e.stage === 'ResponseStarted')) expect(evs[0]?.verb).toBe('watch');
    }
    // The log is written as the apiserver goes: stage timestamps never go back in the file.
    for (let i = 1; i < events.length; i++) expect((events[i]?.stageTimestamp ?? '') >= (events[i - 1]?.stageTimestamp ?? '')).toBe(true);
  });

  it('shows kubectl apply as a get of the deployment (404) and then its create (201)', () => {
    const kubectl = events.filter((e) => e.user.username === 'kubernetes-admin' && e.stage === 'ResponseComplete');
    const [get, create] = kubectl;
    expect(get).toMatchObject({
      verb: 'get',
      requestURI: '/apis/apps/v1/namespaces/default/deployments/web',
      objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' },
      responseStatus: { code: 404, status: 'Failure', reason: 'NotFound', message: 'deployments.apps "web" not found' },
    });
    expect(create).toMatchObject({
      verb: 'create',
      requestURI: '/apis/apps/v1/namespaces/default/deployments',
      objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 201 },
      annotations: { 'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"' },
    });
    // kubectl sends the create only after the 404 came back.
    expect(events.indexOf(create as Event)).toBeGreaterThan(events.indexOf(get as Event));
    expect(events.findIndex((e) => e.auditID === create?.auditID)).toBeGreaterThan(events.indexOf(get as Event));
  });

  it('shows the controllers, the scheduler and the kubelets doing their part, as themselves', () => {
    const done = events.filter((e) => e.stage === 'ResponseComplete');
    const who = (verb: string, resource: string, subresource?: string) =>
      new Set(done.filter((e) => e.verb === verb && e.objectRef?.resource === resource && (e.objectRef?.subresource ?? '') === (subresource ?? '')).map((e) => e.user.username));
    expect(who('create', 'replicasets')).toEqual(new Set(['system:serviceaccount:kube-system:deployment-controller']));
    expect(who('create', 'pods')).toEqual(new Set(['system:serviceaccount:kube-system:replicaset-controller']));
    expect(who('create', 'pods', 'binding')).toEqual(new Set(['system:kube-scheduler']));
    expect(who('patch', 'pods', 'status')).toEqual(new Set(['system:node:node-1', 'system:node:node-2']));
    expect(done.filter((e) => e.verb === 'create' && e.objectRef?.subresource === 'binding').map((e) => e.responseStatus)).toEqual([
      { metadata: {}, status: 'Success', code: 201 },
      { metadata: {}, status: 'Success', code: 201 },
      { metadata: {}, status: 'Success', code: 201 },
    ]);
  });

  it('is the same, byte for byte, on a second run', async () => {
    expect((await auditLog()).file).toBe(first.file);
  });
});
