import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../testing.ts';
import { clientActor } from './actor.ts';
import { auditImporter } from './importer.ts';

const PUBLIC = '/work/shared/traces/public/audit/';

/** One audit Event line as kube-apiserver writes it (fields of audit/v1 types.go). */
function line(stage: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: 'a1b2c3d4-0000-4000-8000-000000000001',
    stage,
    requestURI: '/api/v1/namespaces/default/pods',
    verb: 'create',
    user: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
    userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/replicaset-controller',
    objectRef: { resource: 'pods', namespace: 'default', name: 'web-1', apiVersion: 'v1' },
    requestReceivedTimestamp: '2026-01-01T09:00:00.000100Z',
    stageTimestamp: stage === 'RequestReceived' ? '2026-01-01T09:00:00.000100Z' : '2026-01-01T09:00:00.004100Z',
    ...(stage === 'RequestReceived' ? {} : { responseStatus: { metadata: {}, code: 201 }, responseObject: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', resourceVersion: '42' } } }),
    ...extra,
  });
}

describe('audit importer', () => {
  it('merges the stages of one auditID into request, write and response', () => {
    const got = parseText(auditImporter, [line('RequestReceived'), line('ResponseComplete')].join('\n'));
    expect(got.errors).toEqual([]);
    expect(got.events.map((e) => `${e.kind} ${e.actor} ${e.op}`)).toEqual([
      'message kube-controller-manager/replicaset-controller POST /api/v1/namespaces/default/pods',
      'object kube-apiserver ADDED',
      'message kube-apiserver 201 Created',
    ]);
    const [req, obj, res] = got.events;
    expect(req).toMatchObject({ at: Date.UTC(2026, 0, 1, 9) * 1000 + 100, dur: 4000, line: 1, keys: ['audit:a1b2c3d4-0000-4000-8000-000000000001'], ref: { kind: 'Pod', name: 'web-1' } });
    expect(obj).toMatchObject({ revision: 42, keys: ['rv:u-1/42', 'obj:u-1'], attrs: { resourceVersion: '42' } });
    expect(res).toMatchObject({ to: 'kube-controller-manager/replicaset-controller', attrs: { code: 201, replyTo: req?.attrs?.id, auditID: 'a1b2c3d4-0000-4000-8000-000000000001' } });
    expect(got.facts.precision).toBe('us');
  });

  it('answers a watch at ResponseStarted and a Panic with 500', () => {
    const watch = { verb: 'watch', requestURI: '/api/v1/pods?watch=true', responseStatus: { metadata: {}, code: 200 }, responseObject: undefined };
    const text = [line('RequestReceived', watch), line('ResponseStarted', watch), line('ResponseComplete', watch), line('Panic', { auditID: 'p', responseStatus: undefined })].join('\n');
    const got = parseText(auditImporter, text);
    expect(got.events.map((e) => e.op)).toEqual(['GET /api/v1/pods?watch=true', '200 OK', 'POST /api/v1/namespaces/default/pods', '500 Internal Server Error']);
    expect(got.events[3]?.attrs?.panic).toBe(true);
  });

  it('keeps a request the log never answered', () => {
    const got = parseText(auditImporter, line('RequestReceived'));
    expect(got.events).toHaveLength(1);
    expect(got.events[0]?.attrs?.unanswered).toBe(true);
  });

  it('at Metadata level emits a bodyless, inferred write; a graceful pod delete is MODIFIED', () => {
    const meta = line('ResponseComplete', { level: 'Metadata', responseObject: undefined, verb: 'update', requestURI: '/apis/apps/v1/namespaces/default/deployments/web', objectRef: { resource: 'deployments', apiGroup: 'apps', apiVersion: 'v1', namespace: 'default', name: 'web' }, responseStatus: { metadata: {}, code: 200 } });
    const graceful = line('ResponseComplete', { auditID: 'd', verb: 'delete', requestURI: '/api/v1/namespaces/default/pods/web-1', user: { username: 'kubernetes-admin' }, userAgent: 'kubectl/v1.34.2 (linux/amd64) kubernetes/abc', responseStatus: { metadata: {}, code: 200 }, responseObject: { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-1', namespace: 'default', uid: 'u-1', resourceVersion: '50', deletionTimestamp: '2026-01-01T09:00:30Z', deletionGracePeriodSeconds: 30 } } });
    const got = parseText(auditImporter, [meta, graceful].join('\n'));
    expect(got.events[1]).toMatchObject({ kind: 'object', op: 'MODIFIED', inferred: true, ref: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, attrs: { bodyless: true } });
    expect(got.events[3]).toMatchObject({ actor: 'kubectl', op: 'DELETE /api/v1/namespaces/default/pods/web-1' });
    expect(got.events[4]).toMatchObject({ kind: 'object', op: 'MODIFIED', revision: 50 });
  });

  it('unwraps AKS, EKS CloudWatch and GKE Cloud Logging envelopes', () => {
    const inner = line('ResponseComplete');
    const aks = JSON.stringify({ category: 'kube-audit', properties: { log: inner, pod: 'kube-apiserver-0' }, time: '2026-01-01T09:00:00.0049Z' });
    const eks = JSON.stringify({ '@timestamp': '2026-01-01 09:00:00.004', '@message': JSON.parse(inner.replace('0001"', '0002"')) as unknown });
    const gke = JSON.stringify({
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        serviceName: 'k8s.io',
        methodName: 'io.k8s.core.v1.pods.binding.create',
        resourceName: 'core/v1/namespaces/default/pods/web-1/binding',
        authenticationInfo: { principalEmail: 'system:kube-scheduler' },
        requestMetadata: { callerIp: '10.0.0.2', callerSuppliedUserAgent: 'kube-scheduler/v1.34.2 (linux/amd64) kubernetes/scheduler' },
        request: { '@type': 'core.k8s.io/v1.Binding', kind: 'Binding', apiVersion: 'v1', metadata: { name: 'web-1', namespace: 'default' }, target: { kind: 'Node', name: 'node-2' } },
        status: {},
      },
      timestamp: '2026-01-01T09:00:01.000200Z',
      operation: { id: 'g-1', producer: 'k8s.io', first: true, last: true },
    });
    const got = parseText(auditImporter, [aks, eks, gke].join('\n'));
    expect(got.errors).toEqual([]);
    const requests = got.events.filter((e) => e.kind === 'message' && e.to === 'kube-apiserver');
    expect(requests.map((e) => `${e.actor} ${e.op}`)).toEqual([
      'kube-controller-manager/replicaset-controller POST /api/v1/namespaces/default/pods',
      'kube-controller-manager/replicaset-controller POST /api/v1/namespaces/default/pods',
      'scheduler POST /api/v1/namespaces/default/pods/web-1/binding',
    ]);
    expect(got.events.find((e) => e.attrs?.inferredFrom === 'pods/binding')).toMatchObject({ op: 'MODIFIED', inferred: true, attrs: { nodeName: 'node-2', object: { spec: { nodeName: 'node-2' } } } });
    expect(auditImporter.detect(aks, 'aks.log', new Uint8Array())).toBeGreaterThan(0.5);
    expect(auditImporter.detect(gke, 'gke.json', new Uint8Array())).toBeGreaterThan(0.5);
  });

  it('reads a pretty-printed JSON array (gcloud logging read --format=json, kubectl-style lists)', () => {
    const pretty = JSON.stringify([JSON.parse(line('ResponseComplete')), JSON.parse(line('ResponseComplete', { auditID: 'x2' }))], null, 2);
    const got = parseText(auditImporter, pretty);
    expect(got.errors).toEqual([]);
    expect(got.events.filter((e) => e.kind === 'object').map((e) => e.line)).toEqual([2, pretty.split('\n').indexOf('  {', 2) + 1]);
  });

  it('reports the bad item of an array on its own line and keeps the others', () => {
    const pretty = JSON.stringify([JSON.parse(line('ResponseComplete')), { kind: 'Event', level: 'Metadata' }], null, 2);
    const got = parseText(auditImporter, pretty, 'list.json');
    expect(got.events.map((e) => e.op)).toEqual(['POST /api/v1/namespaces/default/pods', 'ADDED', '201 Created']);
    expect(got.errors).toEqual([{ file: 'list.json', line: pretty.split('\n').lastIndexOf('  {') + 1, reason: 'item 1: not an audit.k8s.io Event: missing "auditID"' }]);
  });

  it('reports each bad line with its reason and keeps the good ones', () => {
    const text = [line('ResponseComplete'), 'not json', JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseComplete' }), JSON.stringify({ hello: 1 }), line('Weird', { auditID: 'w' }), line('ResponseComplete', { auditID: 't', requestReceivedTimestamp: 'yesterday' })].join('\n');
    const got = parseText(auditImporter, text, 'audit.log');
    expect(got.events).toHaveLength(3);
    expect(got.errors).toEqual([
      { file: 'audit.log', line: 2, reason: 'unexpected "n" between JSON values' },
      { file: 'audit.log', line: 3, reason: 'not an audit.k8s.io Event: missing "auditID"' },
      { file: 'audit.log', line: 4, reason: 'not an audit.k8s.io Event: missing "auditID"' },
      { file: 'audit.log', line: 5, reason: 'not an audit.k8s.io Event: unknown stage "Weird"' },
      { file: 'audit.log', line: 6, reason: 'bad requestReceivedTimestamp "yesterday" (want RFC 3339)' },
    ]);
  });

  it('names clients as the simulator does', () => {
    expect(clientActor('system:node:node-1', 'kubelet/v1.34.2')).toBe('kubelet/node-1');
    expect(clientActor('system:kube-scheduler', undefined)).toBe('scheduler');
    expect(clientActor('system:serviceaccount:kube-system:deployment-controller', undefined)).toBe('kube-controller-manager/deployment-controller');
    expect(clientActor('system:serviceaccount:kube-system:generic-garbage-collector', undefined)).toBe('kube-controller-manager/garbage-collector');
    expect(clientActor('system:kube-controller-manager', undefined)).toBe('kube-controller-manager');
    expect(clientActor('kubernetes-admin', 'kubectl/v1.34.2 (linux/amd64) kubernetes/abc')).toBe('kubectl');
    expect(clientActor('alice', 'curl/8')).toBe('alice');
  });
});

// The public samples are read where they are (/work/shared/traces/public); the tests
// against the simulator's own output (tests/unit/replay/api-importers-vs-simulator.test.ts)
// pass without them.
if (existsSync(PUBLIC)) {
describe('audit importer on the public samples', () => {
  it('reads audit2rbac (v1 with v1beta1 timestamps, impersonation, 403s) without errors', () => {
    const got = parseText(auditImporter, readFileSync(`${PUBLIC}audit2rbac_testdata_demo.log`, 'utf8'));
    expect(got.errors).toEqual([]);
    expect(got.events.filter((e) => e.op === '403 Forbidden').length).toBeGreaterThan(5);
    expect(got.events.some((e) => e.attrs?.impersonatedUser === 'bob')).toBe(true);
  });

  it('reads the AKS-wrapped lease update', () => {
    const got = parseText(auditImporter, readFileSync(`${PUBLIC}elastic_aks_wrapped_kube-audit.log`, 'utf8'));
    expect(got.errors).toEqual([]);
    expect(got.events.map((e) => e.op)).toEqual(['PUT /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kubelet-serving-csr-approver', 'MODIFIED', '200 OK']);
  });

  it('reads falco\'s create-deployment Event (no apiVersion, level Request)', () => {
    const got = parseText(auditImporter, readFileSync(`${PUBLIC}falco_k8s_audit_create_deployment.json`, 'utf8'));
    expect(got.errors).toEqual([]);
    expect(got.events.map((e) => e.op)).toEqual(['POST /apis/extensions/v1beta1/namespaces/default/deployments', 'ADDED', '201 Created']);
  });
});
}
