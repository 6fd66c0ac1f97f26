import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../api/http.ts';
import { DEFAULT_AUDIT_POLICY, evaluatePolicy, isLongRunning, levelAtLeast, requestAttributes, type AuditPolicy } from './audit-policy.ts';

const admin = { user: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };

function attrs(method: HttpRequest['method'], path: string, query?: Record<string, string>): ReturnType<typeof requestAttributes> {
  return requestAttributes({ method, path, ...(query ? { query } : {}), ...admin });
}

describe('requestAttributes (apiserver/pkg/endpoints/request/requestinfo.go NewRequestInfo)', () => {
  it('reads group, version, namespace, resource, name and subresource from the path', () => {
    expect(attrs('PATCH', '/api/v1/namespaces/default/pods/web-1/status')).toMatchObject({
      isResourceRequest: true,
      verb: 'patch',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'default',
      resource: 'pods',
      name: 'web-1',
      subresource: 'status',
    });
    expect(attrs('POST', '/apis/apps/v1/namespaces/default/deployments')).toMatchObject({ verb: 'create', apiGroup: 'apps', apiVersion: 'v1', namespace: 'default', resource: 'deployments', name: '' });
    expect(attrs('PUT', '/apis/apps/v1/namespaces/default/replicasets/web-1/status')).toMatchObject({ verb: 'update', resource: 'replicasets', subresource: 'status' });
    expect(attrs('POST', '/api/v1/namespaces/default/pods/web-1/binding')).toMatchObject({ verb: 'create', resource: 'pods', name: 'web-1', subresource: 'binding' });
    expect(attrs('POST', '/api/v1/nodes')).toMatchObject({ verb: 'create', namespace: '', resource: 'nodes' });
  });

  it('makes a GET without a name a list, or a watch with ?watch=true (not false or 0)', () => {
    expect(attrs('GET', '/apis/apps/v1/namespaces/default/deployments/web').verb).toBe('get');
    expect(attrs('GET', '/api/v1/pods').verb).toBe('list');
    expect(attrs('GET', '/api/v1/pods', { watch: 'true' }).verb).toBe('watch');
    expect(attrs('GET', '/api/v1/pods', { watch: '1' }).verb).toBe('watch');
    expect(attrs('GET', '/api/v1/pods', { watch: 'false' }).verb).toBe('list');
    expect(attrs('GET', '/api/v1/pods', { watch: '0' }).verb).toBe('list');
    expect(attrs('GET', '/api/v1/watch/namespaces/default/pods')).toMatchObject({ verb: 'watch', namespace: 'default', resource: 'pods' });
  });

  it('takes the name of a list or watch from fieldSelector=metadata.name=<name>', () => {
    expect(attrs('GET', '/api/v1/namespaces/default/configmaps', { fieldSelector: 'metadata.name=kube-root-ca.crt', watch: 'true' })).toMatchObject({ verb: 'watch', name: 'kube-root-ca.crt' });
    expect(attrs('GET', '/api/v1/pods', { fieldSelector: 'spec.nodeName=node-1' }).name).toBe('');
  });

  it('makes a DELETE without a name a deletecollection', () => {
    expect(attrs('DELETE', '/api/v1/namespaces/default/pods').verb).toBe('deletecollection');
    expect(attrs('DELETE', '/api/v1/namespaces/default/pods/web-1').verb).toBe('delete');
  });

  it('treats a namespace and its status or finalize subresource as the namespaces resource', () => {
    expect(attrs('GET', '/api/v1/namespaces/default')).toMatchObject({ resource: 'namespaces', name: 'default', namespace: 'default' });
    expect(attrs('PUT', '/api/v1/namespaces/default/finalize')).toMatchObject({ resource: 'namespaces', name: 'default', subresource: 'finalize' });
  });

  it('leaves discovery and other paths as non-resource requests with the lower-case HTTP method', () => {
    for (const path of ['/api', '/apis', '/api/v1', '/apis/apps/v1', '/healthz', '/']) {
      expect(attrs('GET', path), path).toMatchObject({ isResourceRequest: false, verb: 'get', resource: '' });
    }
  });
});

describe('evaluatePolicy (apiserver/pkg/audit/policy/checker.go)', () => {
  const pod = attrs('POST', '/api/v1/namespaces/default/pods');
  const podStatus = attrs('PATCH', '/api/v1/namespaces/default/pods/web-1/status');
  const scale = attrs('PUT', '/apis/apps/v1/namespaces/default/deployments/web/scale');
  const lease = attrs('PUT', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1');
  const node = attrs('GET', '/api/v1/nodes/node-1');
  const healthz = attrs('GET', '/healthz/etcd');

  it('uses the default Metadata rule for everything', () => {
    for (const a of [pod, podStatus, lease, healthz]) expect(evaluatePolicy(DEFAULT_AUDIT_POLICY, a)).toEqual({ level: 'Metadata', omitStages: [], omitManagedFields: false });
  });

  it('gives None when no rule matches, and the first matching rule wins', () => {
    const policy: AuditPolicy = { rules: [{ level: 'None', verbs: ['get', 'list', 'watch'] }, { level: 'RequestResponse', resources: [{ group: '', resources: ['pods'] }] }] };
    expect(evaluatePolicy(policy, node).level).toBe('None');
    expect(evaluatePolicy(policy, pod).level).toBe('RequestResponse');
    expect(evaluatePolicy(policy, lease).level).toBe('None');
  });

  it('matches "pods" only without a subresource; "pods/status", "pods/*" and "*/scale" match subresources', () => {
    const level = (resources: string[], a = podStatus) => evaluatePolicy({ rules: [{ level: 'Request', resources: [{ group: '', resources }] }] }, a).level;
    expect(level(['pods'])).toBe('None');
    expect(level(['pods/status'])).toBe('Request');
    expect(level(['pods/*'])).toBe('Request');
    expect(level(['*'])).toBe('Request');
    expect(level(['*/status'])).toBe('Request');
    expect(evaluatePolicy({ rules: [{ level: 'Request', resources: [{ group: 'apps', resources: ['*/scale'] }] }] }, scale).level).toBe('Request');
    expect(evaluatePolicy({ rules: [{ level: 'Request', resources: [{ group: 'apps' }] }] }, scale).level).toBe('Request');
    expect(evaluatePolicy({ rules: [{ level: 'Request', resources: [{ group: 'apps' }] }] }, pod).level).toBe('None');
  });

  it('matches users, groups, namespaces ("" for cluster-scoped), resourceNames and nonResourceURLs', () => {
    const one = (rule: AuditPolicy['rules'][number], a: ReturnType<typeof requestAttributes>) => evaluatePolicy({ rules: [rule] }, a).level;
    expect(one({ level: 'Metadata', users: ['kubernetes-admin'] }, pod)).toBe('Metadata');
    expect(one({ level: 'Metadata', users: ['system:kube-scheduler'] }, pod)).toBe('None');
    expect(one({ level: 'Metadata', userGroups: ['system:nodes', 'kubeadm:cluster-admins'] }, pod)).toBe('Metadata');
    expect(one({ level: 'Metadata', userGroups: ['system:nodes'] }, pod)).toBe('None');
    expect(one({ level: 'Metadata', namespaces: ['kube-node-lease'] }, lease)).toBe('Metadata');
    expect(one({ level: 'Metadata', namespaces: [''] }, node)).toBe('Metadata');
    expect(one({ level: 'Metadata', namespaces: ['default'] }, node)).toBe('None');
    expect(one({ level: 'Metadata', resources: [{ resources: ['nodes'], resourceNames: ['node-1'] }] }, node)).toBe('Metadata');
    expect(one({ level: 'Metadata', resources: [{ resources: ['nodes'], resourceNames: ['node-2'] }] }, node)).toBe('None');
    expect(one({ level: 'Metadata', nonResourceURLs: ['/healthz*'] }, healthz)).toBe('Metadata');
    expect(one({ level: 'Metadata', nonResourceURLs: ['/healthz'] }, healthz)).toBe('None');
    expect(one({ level: 'Metadata', nonResourceURLs: ['*'] }, pod)).toBe('None');
    expect(one({ level: 'Metadata', resources: [{ resources: ['*'] }] }, healthz)).toBe('None');
  });

  it("unions the policy's omitStages with the rule's", () => {
    const policy: AuditPolicy = { omitStages: ['RequestReceived'], rules: [{ level: 'Metadata', omitStages: ['ResponseStarted', 'RequestReceived'] }] };
    expect(evaluatePolicy(policy, pod).omitStages.sort()).toEqual(['RequestReceived', 'ResponseStarted']);
  });

  it("takes a rule's omitManagedFields when set, the policy's otherwise (checker.go isOmitManagedFields)", () => {
    const policy: AuditPolicy = { omitManagedFields: true, rules: [{ level: 'Request', namespaces: ['kube-node-lease'], omitManagedFields: false }, { level: 'Metadata', verbs: ['create'] }] };
    expect(evaluatePolicy(policy, lease).omitManagedFields).toBe(false);
    expect(evaluatePolicy(policy, pod).omitManagedFields).toBe(true);
    expect(evaluatePolicy(policy, node)).toEqual({ level: 'None', omitStages: [], omitManagedFields: true });
    expect(evaluatePolicy({ rules: [{ level: 'Metadata', omitManagedFields: true }] }, pod).omitManagedFields).toBe(true);
    expect(evaluatePolicy({ rules: [{ level: 'Metadata' }] }, pod).omitManagedFields).toBe(false);
  });
});

describe('levelAtLeast and isLongRunning', () => {
  it('orders None < Metadata < Request < RequestResponse (apis/audit/v1/types.go)', () => {
    expect(levelAtLeast('RequestResponse', 'Request')).toBe(true);
    expect(levelAtLeast('Request', 'Request')).toBe(true);
    expect(levelAtLeast('Metadata', 'Request')).toBe(false);
    expect(levelAtLeast('None', 'Metadata')).toBe(false);
  });

  it('counts watch, proxy, and the attach/exec/log/portforward subresources as long-running (server/filters/longrunning.go)', () => {
    expect(isLongRunning(attrs('GET', '/api/v1/pods', { watch: 'true' }))).toBe(true);
    expect(isLongRunning(attrs('GET', '/api/v1/namespaces/default/pods/web-1/log'))).toBe(true);
    expect(isLongRunning(attrs('POST', '/api/v1/namespaces/default/pods/web-1/exec'))).toBe(true);
    expect(isLongRunning(attrs('GET', '/api/v1/pods'))).toBe(false);
    expect(isLongRunning(attrs('PATCH', '/api/v1/namespaces/default/pods/web-1/status'))).toBe(false);
  });
});
