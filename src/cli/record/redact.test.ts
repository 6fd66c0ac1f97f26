import { describe, expect, it } from 'vitest';
import { REDACTED, redactJsonLine, redactValue } from './redact.ts';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'default',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","data":{"password":"aHVudGVyMg=="},"kind":"Secret"}\n' },
  },
  type: 'Opaque',
  data: { password: 'aHVudGVyMg==', user: 'YWRtaW4=' },
  stringData: { extra: 'plain' },
};

describe('redactValue', () => {
  it('keeps the keys of a Secret and hides every value, and its last-applied-configuration', () => {
    const out = redactValue({ type: 'ADDED', object: secret }) as { object: typeof secret };
    expect(out.object.data).toEqual({ password: REDACTED, user: REDACTED });
    expect(out.object.stringData).toEqual({ extra: REDACTED });
    expect(out.object.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(REDACTED);
    expect(out.object.metadata.name).toBe('db');
    expect(out.object.type).toBe('Opaque');
  });

  it('hides service-account and bootstrap token Secrets, and SecretList items (no kind on items)', () => {
    const list = { kind: 'SecretList', apiVersion: 'v1', items: [{ metadata: { name: 'sa-token' }, type: 'kubernetes.io/service-account-token', data: { token: 'ZXlK', 'ca.crt': 'LS0t' } }] };
    expect((redactValue(list) as { items: { data: unknown }[] }).items[0]?.data).toEqual({ token: REDACTED, 'ca.crt': REDACTED });
    const boot = { ...secret, type: 'bootstrap.kubernetes.io/token', data: { 'token-id': 'YWJjZGVm', 'token-secret': 'MDEyMzQ1' } };
    expect((redactValue(boot) as typeof secret).data).toEqual({ 'token-id': REDACTED, 'token-secret': REDACTED });
  });

  it('hides audit bodies of secrets (a patch has no kind) and of TokenRequest / TokenReview', () => {
    const patch = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      verb: 'patch',
      objectRef: { resource: 'secrets', namespace: 'default', name: 'db', apiVersion: 'v1' },
      requestObject: { data: { password: 'bmV3' } },
      responseObject: secret,
    };
    const out = redactValue(patch) as { requestObject: { data: unknown }; responseObject: typeof secret };
    expect(out.requestObject.data).toEqual({ password: REDACTED });
    expect(out.responseObject.data.password).toBe(REDACTED);
    const tokenRequest = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      objectRef: { resource: 'serviceaccounts', subresource: 'token', name: 'default' },
      responseObject: { kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1', spec: { audiences: ['https://kubernetes.default.svc'] }, status: { token: 'eyJhbGciOi', expirationTimestamp: '2026-01-01T10:00:00Z' } },
    };
    const tr = redactValue(tokenRequest) as { responseObject: { status: { token: string; expirationTimestamp: string }; spec: unknown } };
    expect(tr.responseObject.status).toEqual({ token: REDACTED, expirationTimestamp: '2026-01-01T10:00:00Z' });
    expect(tr.responseObject.spec).toEqual({ audiences: ['https://kubernetes.default.svc'] });
    const review = redactValue({ kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', spec: { token: 'eyJ' }, status: { authenticated: true } }) as { spec: { token: string }; status: unknown };
    expect(review.spec.token).toBe(REDACTED);
    expect(review.status).toEqual({ authenticated: true });
  });

  it('hides env values named like secrets, also inside last-applied-configuration, and keeps the others', () => {
    const deploy = {
      kind: 'Deployment',
      metadata: { name: 'web', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"API_TOKEN","value":"t0k"}]}]}}}}\n' } },
      spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'LOG_LEVEL', value: 'debug' }, { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws', key: 'k' } } }] }] } } },
    };
    const out = redactValue(deploy) as typeof deploy;
    const env = out.spec.template.spec.containers[0]?.env;
    expect(env).toEqual([{ name: 'DB_PASSWORD', value: REDACTED }, { name: 'LOG_LEVEL', value: 'debug' }, { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'aws', key: 'k' } } }]);
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"API_TOKEN","value":"<redacted>"}]}]}}}}\n');
  });

  it('hides Authorization headers and Bearer tokens', () => {
    const span = { attributes: [{ key: 'http.request.header.authorization', value: { arrayValue: { values: [{ stringValue: 'Bearer abc.def' }] } } }, { key: 'http.method', value: { stringValue: 'GET' } }] };
    expect(redactValue(span)).toEqual({ attributes: [{ key: 'http.request.header.authorization', value: { arrayValue: { values: [{ stringValue: REDACTED }] } } }, { key: 'http.method', value: { stringValue: 'GET' } }] });
    expect(redactValue({ headers: { Authorization: ['Basic Zm9v'] } })).toEqual({ headers: { Authorization: [REDACTED] } });
    expect(redactValue({ message: 'curl -H "Authorization: Bearer eyJhbGci.x-y_z" https://x' })).toEqual({ message: `curl -H "Authorization: Bearer ${REDACTED}" https://x` });
  });
});

describe('redactJsonLine', () => {
  it('returns unchanged lines byte for byte', () => {
    const line = '{"type":"ADDED", "object":{"kind":"Pod","metadata":{"name":"web-1","resourceVersion":"812"}}}';
    expect(redactJsonLine(line)).toBe(line);
  });

  it('keeps uint64 ids exact when it rewrites an etcd line, and hides Secret values in etcd', () => {
    const key = btoa('/registry/secrets/default/db');
    const watchLine = `{"Header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":5,"raft_term":2},"Events":[{"kv":{"key":"${key}","create_revision":5,"mod_revision":5,"version":1,"value":"azhzAAo="},"prev_kv":{"key":"${key}","value":"b2xk"}}]}`;
    const getLine = `{"header":{"cluster_id":14841639068965178418,"revision":5},"kvs":[{"key":"${key}","value":"azhzAAo="}],"count":1}`;
    expect(redactJsonLine(watchLine)).toBe(watchLine.replace('"azhzAAo="', '"PHJlZGFjdGVkPg=="').replace('"b2xk"', '"PHJlZGFjdGVkPg=="'));
    expect(redactJsonLine(getLine)).toBe(getLine.replace('"azhzAAo="', '"PHJlZGFjdGVkPg=="'));
    const other = `{"Header":{"cluster_id":14841639068965178418},"Events":[{"kv":{"key":"${btoa('/registry/pods/default/web')}","value":"azhzAAo="}}]}`;
    expect(redactJsonLine(other)).toBe(other);
  });

  it('applies the Bearer rule to lines that are not JSON', () => {
    expect(redactJsonLine('GET /api Authorization: Bearer abc')).toBe(`GET /api Authorization: Bearer ${REDACTED}`);
  });
});
