import { describe, expect, it } from 'vitest';
import { asServedJson, encodeAuditEvent, type AuditEvent } from './audit-event.ts';

const base: AuditEvent = {
  level: 'Metadata',
  auditID: '3f1da018-7349-44e6-9c9f-753f36947992',
  stage: 'ResponseComplete',
  requestURI: '/api/v1/pods?allowWatchBookmarks=true&watch=true',
  verb: 'watch',
  user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
  requestReceivedTimestamp: '2026-01-01T09:00:00.000250Z',
  stageTimestamp: '2026-01-01T09:00:00.000300Z',
};

describe('encodeAuditEvent (apiserver/pkg/apis/audit/v1/types.go Event)', () => {
  it('writes the fields in the order of the Go struct, whatever order they were set in', () => {
    const ev: AuditEvent = {
      annotations: { 'authorization.k8s.io/reason': '', 'authorization.k8s.io/decision': 'allow' },
      stageTimestamp: base.stageTimestamp,
      requestReceivedTimestamp: base.requestReceivedTimestamp,
      responseObject: { kind: 'Status' },
      requestObject: { kind: 'Binding' },
      responseStatus: { code: 201, status: 'Success' },
      objectRef: { subresource: 'binding', apiVersion: 'v1', name: 'web-1', namespace: 'default', resource: 'pods', uid: 'u-1' },
      userAgent: 'kube-scheduler/v1.34.2',
      sourceIPs: ['172.18.0.2'],
      impersonatedUser: { groups: ['system:authenticated'], username: 'bob' },
      user: { groups: ['system:authenticated'], username: 'system:kube-scheduler' },
      verb: 'create',
      requestURI: '/api/v1/namespaces/default/pods/web-1/binding',
      stage: 'ResponseComplete',
      auditID: base.auditID,
      level: 'RequestResponse',
    };
    const keys = Object.keys(JSON.parse(encodeAuditEvent(ev)) as object);
    expect(keys).toEqual([
      'kind',
      'apiVersion',
      'level',
      'auditID',
      'stage',
      'requestURI',
      'verb',
      'user',
      'impersonatedUser',
      'sourceIPs',
      'userAgent',
      'objectRef',
      'responseStatus',
      'requestObject',
      'responseObject',
      'requestReceivedTimestamp',
      'stageTimestamp',
      'annotations',
    ]);
    const parsed = JSON.parse(encodeAuditEvent(ev)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(parsed.user ?? {})).toEqual(['username', 'groups']);
    expect(Object.keys(parsed.objectRef ?? {})).toEqual(['resource', 'namespace', 'name', 'uid', 'apiVersion', 'subresource']);
    expect(Object.keys(parsed.annotations ?? {})).toEqual(['authorization.k8s.io/decision', 'authorization.k8s.io/reason']);
  });

  it('leaves out empty optional fields and writes a RequestReceived line like the real ones', () => {
    expect(encodeAuditEvent({ ...base, stage: 'RequestReceived', stageTimestamp: base.requestReceivedTimestamp, sourceIPs: [], annotations: {} })).toBe(
      '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"3f1da018-7349-44e6-9c9f-753f36947992","stage":"RequestReceived",' +
        '"requestURI":"/api/v1/pods?allowWatchBookmarks=true\\u0026watch=true","verb":"watch","user":{"username":"system:kube-scheduler","groups":["system:authenticated"]},' +
        '"requestReceivedTimestamp":"2026-01-01T09:00:00.000250Z","stageTimestamp":"2026-01-01T09:00:00.000250Z"}',
    );
  });

  it('writes responseStatus as metav1.Status: metadata {} first, then status, message, reason, details, code', () => {
    const line = encodeAuditEvent({
      ...base,
      responseStatus: { code: 404, details: { kind: 'deployments', group: 'apps', name: 'web' }, reason: 'NotFound', message: 'deployments.apps "web" not found', status: 'Failure' },
    });
    expect(line).toContain(
      '"responseStatus":{"metadata":{},"status":"Failure","message":"deployments.apps \\"web\\" not found","reason":"NotFound","details":{"name":"web","group":"apps","kind":"deployments"},"code":404}',
    );
    expect(encodeAuditEvent({ ...base, responseStatus: { code: 200 } })).toContain('"responseStatus":{"metadata":{},"code":200}');
  });

  it("escapes <, > and & as Go's encoding/json does, everywhere in the line", () => {
    const line = encodeAuditEvent({ ...base, requestObject: { note: '<a&b>' } });
    expect(line).toContain('\\u0026watch=true');
    expect(line).toContain('"note":"\\u003ca\\u0026b\\u003e"');
    expect(line).not.toMatch(/[<>&]/);
    expect((JSON.parse(line) as { requestObject: { note: string } }).requestObject.note).toBe('<a&b>');
  });
});

describe('asServedJson (the JSON serializer of typed objects: TypeMeta, then ObjectMeta in struct order)', () => {
  it('puts kind before apiVersion, orders metadata as ObjectMeta and sorts its maps', () => {
    const obj = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': '3' },
        creationTimestamp: '2026-01-01T09:00:01Z',
        labels: { 'pod-template-hash': '64bf787f5f', app: 'web' },
        name: 'web-64bf787f5f',
        namespace: 'default',
        ownerReferences: [{ uid: 'u-d', name: 'web', kind: 'Deployment', apiVersion: 'apps/v1', controller: true, blockOwnerDeletion: true }],
        resourceVersion: '5',
        uid: 'u-rs',
      },
      spec: { replicas: 3 },
    };
    const out = asServedJson(obj) as { metadata: Record<string, unknown> };
    expect(Object.keys(out)).toEqual(['kind', 'apiVersion', 'metadata', 'spec']);
    expect(Object.keys(out.metadata)).toEqual(['name', 'namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels', 'annotations', 'ownerReferences']);
    expect(Object.keys(out.metadata.labels as object)).toEqual(['app', 'pod-template-hash']);
    expect(Object.keys(out.metadata.annotations as object)).toEqual(['deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/revision']);
    expect(Object.keys((out.metadata.ownerReferences as object[])[0] as object)).toEqual(['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion']);
  });

  it('orders a list and its items, and a Status by its own fields', () => {
    const list = asServedJson({ apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: '9' }, items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { uid: 'u', name: 'a' } }] }) as { items: { metadata: object }[] };
    expect(Object.keys(list)).toEqual(['kind', 'apiVersion', 'metadata', 'items']);
    expect(Object.keys(list.items[0]?.metadata ?? {})).toEqual(['name', 'uid']);
    const status = asServedJson({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'm', reason: 'NotFound', code: 404, details: { kind: 'pods', name: 'a' } });
    expect(Object.keys(status as object)).toEqual(['kind', 'apiVersion', 'metadata', 'status', 'message', 'reason', 'details', 'code']);
    expect(Object.keys((status as { details: object }).details)).toEqual(['name', 'kind']);
  });
});
