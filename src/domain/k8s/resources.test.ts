import { describe, expect, it } from 'vitest';
import {
  apiPath,
  etcdKey,
  etcdPrefixFor,
  KNOWN_RESOURCES,
  kubectlObjectName,
  objectKey,
  parseApiPath,
  resourceByKind,
  resourceByName,
  type ResourceInfo,
} from './resources.ts';

function info(apiVersion: string, kind: string): ResourceInfo {
  const r = resourceByKind(apiVersion, kind);
  if (!r) throw new Error(`no resource for ${apiVersion} ${kind}`);
  return r;
}

describe('KNOWN_RESOURCES', () => {
  it('describes the core resources like API discovery does', () => {
    expect(info('v1', 'Pod')).toEqual({
      group: '',
      version: 'v1',
      apiVersion: 'v1',
      kind: 'Pod',
      resource: 'pods',
      singular: 'pod',
      shortNames: ['po'],
      namespaced: true,
      etcdPrefix: '/registry/pods',
      kubectlName: 'pod',
    });
    expect(info('apps/v1', 'Deployment')).toMatchObject({ group: 'apps', resource: 'deployments', shortNames: ['deploy'], kubectlName: 'deployment.apps' });
    expect(info('coordination.k8s.io/v1', 'Lease')).toMatchObject({ namespaced: true, etcdPrefix: '/registry/leases', kubectlName: 'lease.coordination.k8s.io' });
    expect(info('v1', 'Node')).toMatchObject({ namespaced: false, etcdPrefix: '/registry/minions', kubectlName: 'node' });
    expect(info('v1', 'Namespace').namespaced).toBe(false);
    expect(info('batch/v1', 'Job').kubectlName).toBe('job.batch');
  });

  it('gives every resource its own etcd prefix, none a prefix of another', () => {
    const prefixes = KNOWN_RESOURCES.map((r) => `${r.etcdPrefix}/`);
    for (const a of prefixes) for (const b of prefixes) if (a !== b) expect(b.startsWith(a)).toBe(false);
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });

  it('has unique short names and plurals per group', () => {
    const names = KNOWN_RESOURCES.flatMap((r) => [r.resource, ...r.shortNames].map((n) => `${r.group}/${n}`));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('resourceByName (kubectl resolution)', () => {
  it.each([
    ['pods', 'pods'],
    ['pod', 'pods'],
    ['po', 'pods'],
    ['PODS', 'pods'],
    ['Pod', 'pods'],
    [' pods ', 'pods'],
    ['deploy', 'deployments'],
    ['deployment', 'deployments'],
    ['Deployment', 'deployments'],
    ['deployments.apps', 'deployments'],
    ['deployment.apps', 'deployments'],
    ['deployments.v1.apps', 'deployments'],
    ['rs', 'replicasets'],
    ['replicaset.apps', 'replicasets'],
    ['no', 'nodes'],
    ['node', 'nodes'],
    ['ev', 'events'],
    ['events', 'events'],
    ['ns', 'namespaces'],
    ['svc', 'services'],
    ['ep', 'endpoints'],
    ['cm', 'configmaps'],
    ['sa', 'serviceaccounts'],
    ['sts', 'statefulsets'],
    ['ds', 'daemonsets'],
    ['job', 'jobs'],
    ['jobs.batch', 'jobs'],
    ['cj', 'cronjobs'],
    ['lease', 'leases'],
    ['leases.coordination.k8s.io', 'leases'],
    ['lease.v1.coordination.k8s.io', 'leases'],
    ['pvc', 'persistentvolumeclaims'],
  ])('%j → %s', (name, plural) => {
    expect(resourceByName(name)?.resource).toBe(plural);
  });

  it('resolves the shared name "events" to the core group, as kubectl does', () => {
    expect(resourceByName('events')?.group).toBe('');
  });

  it.each(['foo', '', 'deployments.batch', 'pods.apps', 'deployments.v2.apps'])('%j is unknown', (name) => {
    expect(resourceByName(name)).toBeUndefined();
  });
});

describe('etcdKey', () => {
  it('builds the storage keys the apiserver uses', () => {
    expect(etcdKey(info('v1', 'Pod'), 'default', 'web-1')).toBe('/registry/pods/default/web-1');
    expect(etcdKey(info('apps/v1', 'Deployment'), 'default', 'web')).toBe('/registry/deployments/default/web');
    expect(etcdKey(info('v1', 'Node'), undefined, 'node-1')).toBe('/registry/minions/node-1');
    expect(etcdKey(info('v1', 'Service'), 'default', 'kubernetes')).toBe('/registry/services/specs/default/kubernetes');
    expect(etcdKey(info('coordination.k8s.io/v1', 'Lease'), 'kube-node-lease', 'node-1')).toBe('/registry/leases/kube-node-lease/node-1');
    expect(etcdKey(info('v1', 'Namespace'), 'ignored', 'default')).toBe('/registry/namespaces/default');
  });

  it('refuses a namespaced key without a namespace', () => {
    expect(() => etcdKey(info('v1', 'Pod'), undefined, 'web')).toThrow('namespaced');
  });

  it('gives list prefixes with a trailing slash', () => {
    expect(etcdPrefixFor(info('v1', 'Pod'))).toBe('/registry/pods/');
    expect(etcdPrefixFor(info('v1', 'Pod'), 'default')).toBe('/registry/pods/default/');
    expect(etcdPrefixFor(info('v1', 'Node'), 'default')).toBe('/registry/minions/');
  });
});

describe('apiPath', () => {
  it('builds core and group paths', () => {
    expect(apiPath(info('v1', 'Pod'), 'default', 'web', 'status')).toBe('/api/v1/namespaces/default/pods/web/status');
    expect(apiPath(info('v1', 'Pod'), 'default', 'web', 'binding')).toBe('/api/v1/namespaces/default/pods/web/binding');
    expect(apiPath(info('apps/v1', 'Deployment'), 'default')).toBe('/apis/apps/v1/namespaces/default/deployments');
    expect(apiPath(info('v1', 'Pod'))).toBe('/api/v1/pods');
    expect(apiPath(info('v1', 'Node'), undefined, 'node-1')).toBe('/api/v1/nodes/node-1');
    expect(apiPath(info('v1', 'Namespace'), undefined, 'kube-system')).toBe('/api/v1/namespaces/kube-system');
    expect(apiPath(info('coordination.k8s.io/v1', 'Lease'), 'kube-node-lease', 'node-1')).toBe(
      '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1',
    );
  });
});

describe('parseApiPath', () => {
  it('round-trips apiPath for every resource', () => {
    for (const r of KNOWN_RESOURCES) {
      const ns = r.namespaced ? 'team-a' : undefined;
      const parsed = parseApiPath(apiPath(r, ns, 'obj-1', 'status'));
      expect(parsed?.info).toBe(r);
      expect(parsed?.namespace).toBe(ns);
      expect(parsed?.name).toBe('obj-1');
      expect(parsed?.subresource).toBe('status');
      expect(parseApiPath(apiPath(r, ns))?.info).toBe(r);
    }
  });

  it('ignores the query string', () => {
    expect(parseApiPath('/api/v1/namespaces/default/pods?watch=true&resourceVersion=12')).toEqual({ info: info('v1', 'Pod'), namespace: 'default' });
    expect(parseApiPath('/apis/apps/v1/namespaces/default/deployments/web?fieldManager=kubectl-client-side-apply')).toEqual({
      info: info('apps/v1', 'Deployment'),
      namespace: 'default',
      name: 'web',
    });
  });

  it('tells namespaces apart from namespaced resources', () => {
    expect(parseApiPath('/api/v1/namespaces')).toEqual({ info: info('v1', 'Namespace') });
    expect(parseApiPath('/api/v1/namespaces/kube-system')).toEqual({ info: info('v1', 'Namespace'), name: 'kube-system' });
    expect(parseApiPath('/api/v1/namespaces/team-a/status')).toEqual({ info: info('v1', 'Namespace'), name: 'team-a', subresource: 'status' });
    expect(parseApiPath('/api/v1/namespaces/team-a/finalize')).toEqual({ info: info('v1', 'Namespace'), name: 'team-a', subresource: 'finalize' });
  });

  it('parses all-namespaces lists and the legacy watch prefix', () => {
    expect(parseApiPath('/api/v1/pods')).toEqual({ info: info('v1', 'Pod') });
    expect(parseApiPath('/api/v1/watch/namespaces/default/pods')).toEqual({ info: info('v1', 'Pod'), namespace: 'default', watch: true });
  });

  it.each([
    '/healthz',
    '/api',
    '/apis/apps',
    '/apis/apps/v1beta1/namespaces/default/deployments',
    '/api/v1/namespaces/default/nodes',
    '/api/v1/pods/web',
    '/api/v1/namespaces/default/pods/web/status/extra',
    '/api/v1/widgets',
  ])('%s is not served', (path) => {
    expect(parseApiPath(path)).toBeUndefined();
  });
});

describe('objectKey and kubectlObjectName', () => {
  it('makes stable keys', () => {
    expect(objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' })).toBe('apps/v1/Deployment/default/web');
    expect(objectKey({ apiVersion: 'v1', kind: 'Node', name: 'node-1' })).toBe('v1/Node/node-1');
  });

  it('names objects as kubectl prints them', () => {
    expect(kubectlObjectName(info('apps/v1', 'Deployment'), 'web')).toBe('deployment.apps/web');
    expect(kubectlObjectName(info('v1', 'Pod'), 'web-1')).toBe('pod/web-1');
  });
});
