import { describe, expect, it } from 'vitest';
import { encodeTrace } from '../../../trace/jsonl.ts';
import { requestLine, statusError, type HttpRequest, type HttpResponse } from '../../api/http.ts';
import type { Delivery } from '../../runtime/actor.ts';
import { Simulation } from '../../runtime/simulation.ts';
import { runScenario } from '../../scenario/runner.ts';
import { helloScenario } from '../../testing/hello-scenario.ts';
import { AuditLog, CONTROL_PLANE_SOURCE_IP, WORKSTATION_SOURCE_IP } from './audit.ts';
import type { AuditPolicy } from './audit-policy.ts';
import { WatchCache } from './watch-cache.ts';

const ADMIN = { user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'], userAgent: 'kubectl/v1.34.2 (linux/amd64) kubernetes/kubectl' };
const RS_CONTROLLER = {
  user: 'system:serviceaccount:kube-system:replicaset-controller',
  groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'],
  userAgent: 'kube-controller-manager/v1.34.2 (linux/amd64) kubernetes/replicaset-controller',
};
const KUBELET = { user: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'], userAgent: 'kubelet/v1.34.2 (linux/amd64) kubernetes/kubelet' };

type Line = Record<string, unknown> & { stage: string; auditID: string; objectRef?: Record<string, unknown>; annotations?: Record<string, string>; responseStatus?: Record<string, unknown> };

/** An apiserver's audit log on a bare simulation: clients on the workstation, the control plane and node-1. */
function harness(policy?: AuditPolicy) {
  const sim = new Simulation({ seed: 7, timeOrigin: '2026-01-01T09:00:00Z' });
  for (const [id, host] of [
    ['kubectl', 'workstation'],
    ['kube-controller-manager/replicaset-controller', 'control-plane'],
    ['kubelet/node-1', 'node-1'],
  ] as const) {
    sim.network.register({ id, host, receive: () => undefined });
  }
  const cache = new WatchCache();
  const log = new AuditLog(sim, { host: 'control-plane', cache });
  log.enable(policy);
  let id = 0;
  const deliver = (from: string, req: Omit<HttpRequest, 'user' | 'groups' | 'userAgent'>, who = ADMIN): Delivery<HttpRequest> => {
    const payload: HttpRequest = { ...req, ...who };
    return { id: ++id, seq: id, from, to: 'kube-apiserver', op: requestLine(payload), payload };
  };
  const later = (us: number) => sim.runUntil(sim.now + us);
  const lines = (): Line[] => log.lines.map((l) => JSON.parse(l) as Line);
  return { sim, cache, log, deliver, later, lines };
}

const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } };

describe('AuditLog stages (apiserver/pkg/endpoints/filters/audit.go WithAudit)', () => {
  it('writes RequestReceived, then ResponseComplete, with one audit ID and microsecond timestamps', () => {
    const h = harness();
    h.later(1_000_250);
    const get = h.deliver('kubectl', { method: 'GET', path: '/apis/apps/v1/namespaces/default/deployments/web' });
    const id = h.log.requestReceived(get);
    h.later(95);
    expect(h.log.responded(get, { code: 404, body: statusError(404, 'NotFound', 'deployments.apps "web" not found', { name: 'web', group: 'apps', kind: 'deployments' }) })).toBe(id);
    const [received, complete] = h.lines();
    expect(h.lines()).toHaveLength(2);
    expect(received).toMatchObject({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: id, stage: 'RequestReceived', verb: 'get', requestReceivedTimestamp: '2026-01-01T09:00:01.000250Z', stageTimestamp: '2026-01-01T09:00:01.000250Z' });
    expect(received).not.toHaveProperty('responseStatus');
    expect(received).not.toHaveProperty('annotations');
    expect(complete).toMatchObject({ auditID: id, stage: 'ResponseComplete', requestReceivedTimestamp: '2026-01-01T09:00:01.000250Z', stageTimestamp: '2026-01-01T09:00:01.000345Z' });
    expect(complete?.responseStatus).toEqual({ metadata: {}, status: 'Failure', message: 'deployments.apps "web" not found', reason: 'NotFound', details: { name: 'web', group: 'apps', kind: 'deployments' }, code: 404 });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('writes ResponseStarted for a watch when the stream opens, and ResponseComplete only when it ends', () => {
    const h = harness();
    const watch = h.deliver('kube-controller-manager/replicaset-controller', { method: 'GET', path: '/api/v1/pods', query: { allowWatchBookmarks: 'true', sendInitialEvents: 'true', watch: 'true' } }, RS_CONTROLLER);
    h.log.requestReceived(watch);
    h.later(30);
    h.log.responded(watch, { code: 200, body: { watch: 'established' } });
    expect(h.lines().map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted']);
    expect(h.lines()[1]).toMatchObject({ verb: 'watch', responseStatus: { metadata: {}, code: 200 } });
    h.later(60_000_000);
    h.log.closed(watch.id);
    const [, started, complete] = h.lines();
    expect(complete).toMatchObject({ stage: 'ResponseComplete', auditID: started?.auditID, requestReceivedTimestamp: started?.requestReceivedTimestamp, stageTimestamp: '2026-01-01T09:01:00.000030Z' });
    expect(complete).not.toHaveProperty('responseObject');
  });

  it('completes a watch refused with an error at once: ResponseStarted with the headers, then ResponseComplete', () => {
    const h = harness();
    const watch = h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods', query: { fieldSelector: 'data.n=a', watch: 'true' } });
    h.log.requestReceived(watch);
    h.later(40);
    h.log.responded(watch, { code: 400, body: statusError(400, 'BadRequest', '"data.n" is not a known field selector') });
    expect(h.lines().map((l) => [l.stage, l.responseStatus?.code])).toEqual([
      ['RequestReceived', undefined],
      ['ResponseStarted', 400],
      ['ResponseComplete', 400],
    ]);
    // Nothing is left in flight: a later close writes nothing.
    h.log.closed(watch.id);
    expect(h.lines()).toHaveLength(3);
  });

  it('ends a started watch when it is answered again, and refuses an answer to an unknown request', () => {
    const h = harness();
    const watch = h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } });
    h.log.requestReceived(watch);
    h.log.responded(watch, { code: 200, body: { watch: 'established' } });
    h.log.responded(watch, { code: 200, body: {} });
    expect(h.lines().map((l) => l.stage)).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete']);
    expect(() => h.log.responded(watch, { code: 200, body: {} })).toThrow(/never received \(or was already answered\)/);
  });

  it('leaves out the stages the policy omits, and writes nothing at level None', () => {
    const h = harness({ omitStages: ['RequestReceived'], rules: [{ level: 'None', users: ['system:node:node-1'] }, { level: 'Metadata' }] });
    const a = h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods' });
    const b = h.deliver('kubelet/node-1', { method: 'GET', path: '/api/v1/pods' }, KUBELET);
    const idA = h.log.requestReceived(a);
    const idB = h.log.requestReceived(b);
    h.log.responded(a, { code: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] } });
    h.log.responded(b, { code: 200, body: {} });
    expect(idB).not.toBe(idA);
    expect(h.lines().map((l) => [l.auditID, l.stage])).toEqual([[idA, 'ResponseComplete']]);
  });

  it('still hands out audit IDs (the Audit-Id header) when no log is enabled', () => {
    const h = harness(undefined);
    const quiet = new AuditLog(h.sim, { host: 'control-plane', cache: h.cache });
    const req = h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods' });
    const id = quiet.requestReceived(req);
    expect(quiet.responded(req, { code: 200, body: {} })).toBe(id);
    expect(quiet.lines).toEqual([]);
  });
});

describe('AuditLog fields (apiserver/pkg/audit/request.go, context.go)', () => {
  it('takes user, user agent, requestURI with its query and objectRef from the request as the client sent it', () => {
    const h = harness();
    const req = h.deliver('kubelet/node-1', { method: 'GET', path: '/api/v1/pods', query: { fieldSelector: 'spec.nodeName=node-1', watch: 'true' } }, KUBELET);
    h.log.requestReceived(req);
    expect(h.lines()[0]).toMatchObject({
      requestURI: '/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1&watch=true',
      verb: 'watch',
      user: { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] },
      userAgent: 'kubelet/v1.34.2 (linux/amd64) kubernetes/kubelet',
      objectRef: { resource: 'pods', apiVersion: 'v1' },
    });
    expect(h.log.lines[0]).toContain('"requestURI":"/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1\\u0026watch=true"');
  });

  it('truncates a user agent longer than 1024 characters', () => {
    const h = harness();
    const req = h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods' }, { ...ADMIN, userAgent: 'x'.repeat(1100) });
    h.log.requestReceived(req);
    expect(h.lines()[0]?.userAgent).toBe(`${'x'.repeat(1024)}...TRUNCATED`);
  });

  it('gives kubectl the gateway, control-plane components their host, and a kubelet its InternalIP as source IP', () => {
    const h = harness();
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { addresses: [{ type: 'InternalIP', address: '172.18.0.4' }, { type: 'Hostname', address: 'node-1' }] } };
    const register = h.deliver('kubelet/node-1', { method: 'POST', path: '/api/v1/nodes', body: node }, KUBELET);
    h.log.requestReceived(register);
    h.cache.set('/registry/minions/node-1', { object: node, modRevision: 2 });
    h.log.requestReceived(h.deliver('kubelet/node-1', { method: 'GET', path: '/api/v1/pods' }, KUBELET));
    h.log.requestReceived(h.deliver('kubectl', { method: 'GET', path: '/api/v1/pods' }));
    h.log.requestReceived(h.deliver('kube-controller-manager/replicaset-controller', { method: 'GET', path: '/api/v1/pods' }, RS_CONTROLLER));
    expect(h.lines().map((l) => l.sourceIPs)).toEqual([['172.18.0.4'], ['172.18.0.4'], [WORKSTATION_SOURCE_IP], [CONTROL_PLANE_SOURCE_IP]]);
  });

  it("names a create's object in objectRef only once the body is decoded (not at RequestReceived)", () => {
    const h = harness();
    const create = h.deliver('kubectl', { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: DEPLOYMENT });
    h.log.requestReceived(create);
    h.log.responded(create, { code: 201, body: { ...DEPLOYMENT, metadata: { ...DEPLOYMENT.metadata, uid: 'u-1', resourceVersion: '2' } } });
    const [received, complete] = h.lines();
    expect(received?.objectRef).toEqual({ resource: 'deployments', namespace: 'default', apiGroup: 'apps', apiVersion: 'v1' });
    expect(complete?.objectRef).toEqual({ resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1' });
    expect(complete?.responseStatus).toEqual({ metadata: {}, code: 201 });
    expect(complete).not.toHaveProperty('requestObject');
    expect(complete).not.toHaveProperty('responseObject');
  });

  it("adds an update's uid and resourceVersion, and a binding's pod uid, to objectRef", () => {
    const h = harness();
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-1', namespace: 'default', uid: 'u-rs', resourceVersion: '7' }, spec: { replicas: 1, selector: { matchLabels: {} }, template: { spec: { containers: [] } } }, status: { replicas: 1 } };
    const put = h.deliver('kube-controller-manager/replicaset-controller', { method: 'PUT', path: '/apis/apps/v1/namespaces/default/replicasets/web-1/status', body: rs }, RS_CONTROLLER);
    h.log.requestReceived(put);
    h.log.responded(put, { code: 200, body: rs });
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-1-abcde', namespace: 'default', uid: 'u-pod' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } };
    const bind = h.deliver('kubectl', { method: 'POST', path: '/api/v1/namespaces/default/pods/web-1-abcde/binding', body: binding });
    h.log.requestReceived(bind);
    h.log.responded(bind, { code: 201, body: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 } as HttpResponse['body'] });
    const [, putDone, , bindDone] = h.lines();
    expect(putDone?.objectRef).toEqual({ resource: 'replicasets', namespace: 'default', name: 'web-1', uid: 'u-rs', apiGroup: 'apps', apiVersion: 'v1', resourceVersion: '7', subresource: 'status' });
    expect(bindDone?.objectRef).toEqual({ resource: 'pods', namespace: 'default', name: 'web-1-abcde', uid: 'u-pod', apiVersion: 'v1', subresource: 'binding' });
    expect(bindDone?.responseStatus).toEqual({ metadata: {}, status: 'Success', code: 201 });
  });

  it('records the authorization decision and reason, and PodSecurity on pod creates', () => {
    const h = harness();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-1-', namespace: 'default' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };
    const create = h.deliver('kube-controller-manager/replicaset-controller', { method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod }, RS_CONTROLLER);
    h.log.requestReceived(create);
    h.log.responded(create, { code: 201, body: { ...pod, metadata: { ...pod.metadata, name: 'web-1-abcde' } } });
    const invalid = h.deliver('kube-controller-manager/replicaset-controller', { method: 'POST', path: '/api/v1/namespaces/default/pods', body: pod }, RS_CONTROLLER);
    h.log.requestReceived(invalid);
    h.log.responded(invalid, { code: 422, body: statusError(422, 'Invalid', 'Pod "web-1-" is invalid') });
    const [, created, , refused] = h.lines();
    expect(created?.annotations).toEqual({
      'authorization.k8s.io/decision': 'allow',
      'authorization.k8s.io/reason': 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"',
      'pod-security.kubernetes.io/enforce-policy': 'privileged:latest',
    });
    // generateName: the name is only known after the create, so objectRef has none.
    expect(created?.objectRef).toEqual({ resource: 'pods', namespace: 'default', apiVersion: 'v1' });
    expect(refused?.annotations).not.toHaveProperty('pod-security.kubernetes.io/enforce-policy');
  });

  it('records the decoded body at level Request, and the response too at RequestResponse', () => {
    const h = harness({ rules: [{ level: 'RequestResponse', resources: [{ group: 'apps', resources: ['deployments'] }] }, { level: 'Request' }] });
    const create = h.deliver('kubectl', { method: 'POST', path: '/apis/apps/v1/namespaces/default/deployments', body: DEPLOYMENT });
    h.log.requestReceived(create);
    const stored = { ...DEPLOYMENT, metadata: { ...DEPLOYMENT.metadata, uid: 'u-1', resourceVersion: '2' } };
    h.log.responded(create, { code: 201, body: stored });
    const patch = { status: { phase: 'Running' } };
    const status = h.deliver('kubelet/node-1', { method: 'PATCH', path: '/api/v1/namespaces/default/pods/web-1/status', body: patch, contentType: 'application/strategic-merge-patch+json' }, KUBELET);
    h.log.requestReceived(status);
    h.log.responded(status, { code: 200, body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1' } } });
    const [received, complete, , patched] = h.lines();
    expect(received).not.toHaveProperty('requestObject');
    const requestObject = complete?.requestObject as { kind: string; spec: { strategy?: unknown; revisionHistoryLimit?: number } };
    // Decoding applies the Deployment defaults (strategy, revisionHistoryLimit, progressDeadlineSeconds…).
    expect(requestObject.kind).toBe('Deployment');
    expect(requestObject.spec.revisionHistoryLimit).toBe(10);
    expect(requestObject.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(Object.keys(complete?.responseObject as object).slice(0, 2)).toEqual(['kind', 'apiVersion']);
    expect((complete?.responseObject as { metadata: { uid: string } }).metadata.uid).toBe('u-1');
    expect(patched?.requestObject).toEqual(patch);
    expect(patched).not.toHaveProperty('responseObject');
  });
});

describe('the audit log of a simulated run (hello-deployment)', () => {
  const run = (seed?: number, audit = true) => runScenario(helloScenario(), { ...(seed !== undefined ? { seed } : {}), ...(audit ? { audit: {} } : {}) });
  const a = run();

  it('is the same, byte for byte, for the same scenario and seed, and differs in audit IDs for another seed', () => {
    expect(run().audit).toEqual(a.audit);
    const ids = (lines: string[] | undefined) => new Set((lines ?? []).map((l) => (JSON.parse(l) as Line).auditID));
    const other = ids(run(2).audit);
    for (const id of ids(a.audit)) expect(other.has(id)).toBe(false);
  });

  it('does not change the trace: audit IDs are handed out whether or not the log is written', () => {
    expect(encodeTrace(run(undefined, false).header, run(undefined, false).events)).toBe(encodeTrace(a.header, a.events));
    expect(run(undefined, false).audit).toBeUndefined();
  });

  it("puts each request's audit ID on the apiserver's response in the trace (attrs.auditID)", () => {
    const responses = a.events.filter((e) => e.kind === 'message' && e.actor === 'kube-apiserver' && e.attrs?.replyTo !== undefined && !e.op.startsWith('WATCH ') && e.to !== 'etcd/etcd-0');
    expect(responses.length).toBeGreaterThan(20);
    for (const r of responses) expect(r.attrs?.auditID).toMatch(/^[0-9a-f-]{36}$/);
    const traced = new Set(responses.map((r) => r.attrs?.auditID));
    for (const line of a.audit ?? []) {
      const ev = JSON.parse(line) as Line;
      if (ev.stage !== 'RequestReceived') expect(traced.has(ev.auditID), ev.auditID).toBe(true);
    }
  });
});
