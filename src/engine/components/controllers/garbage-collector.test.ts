import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../../domain/k8s/objects.ts';
import type { HttpRequest } from '../../api/http.ts';
import { TestCluster } from '../apiserver/test-cluster.ts';

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const GC = 'kube-controller-manager/garbage-collector';

function cm(name: string, owners: OwnerReference[] = []): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ...(owners.length ? { ownerReferences: owners } : {}) }, data: { n: name } };
}

function ownerRef(owner: KubeObject, block = false): OwnerReference {
  return { apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', ...(block ? { blockOwnerDeletion: true } : {}) };
}

function exists(c: TestCluster, name: string): boolean {
  return c.request('GET', `${CONFIGMAPS}/${name}`).code === 200;
}

/** The seq of the DELETED object event of a ConfigMap. */
function deletedAt(c: TestCluster, name: string): number {
  return c.events.find((e) => e.kind === 'object' && e.op === 'DELETED' && e.ref?.kind === 'ConfigMap' && e.ref.name === name)?.seq ?? -1;
}

/** The requests the garbage collector sent, as `METHOD path`. */
function gcRequests(c: TestCluster): { line: string; req: HttpRequest }[] {
  return c.events
    .filter((e) => e.kind === 'message' && e.actor === GC && e.to === 'kube-apiserver' && typeof e.attrs?.method === 'string')
    .map((e) => ({ line: `${String(e.attrs?.method)} ${String(e.attrs?.path)}`, req: e.attrs as unknown as HttpRequest }));
}

describe('GarbageCollector (pkg/controller/garbagecollector/garbagecollector.go, graph_builder.go)', () => {
  it('deletes dependents whose owners are all gone (Background), with uid and resourceVersion preconditions', () => {
    const c = new TestCluster();
    const owner = c.create(cm('owner'));
    c.create(cm('dep-1', [ownerRef(owner)]));
    c.create(cm('dep-2', [ownerRef(owner)]));
    c.settle();
    expect(c.request('DELETE', `${CONFIGMAPS}/owner`, { body: { propagationPolicy: 'Background' } }).code).toBe(200);
    c.settle();
    expect(exists(c, 'dep-1')).toBe(false);
    expect(exists(c, 'dep-2')).toBe(false);
    const deletes = gcRequests(c).filter((r) => r.line.startsWith('DELETE'));
    expect(deletes.map((r) => r.line).sort()).toEqual([`DELETE ${CONFIGMAPS}/dep-1`, `DELETE ${CONFIGMAPS}/dep-2`]);
    expect((deletes[0]?.req as unknown as { body: unknown }).body).toMatchObject({ kind: 'DeleteOptions', propagationPolicy: 'Background', preconditions: { uid: expect.any(String), resourceVersion: expect.any(String) } });
    // Each item is a span of the attemptToDelete worker, as the other controllers' syncs.
    expect(c.events.some((e) => e.kind === 'span' && e.actor === GC && e.op === 'attemptToDeleteItem')).toBe(true);
  });

  it('only removes the dangling reference of a dependent that still has an owner', () => {
    const c = new TestCluster();
    const a = c.create(cm('a'));
    const b = c.create(cm('b'));
    c.create(cm('dep', [ownerRef(a), ownerRef(b)]));
    c.settle();
    c.request('DELETE', `${CONFIGMAPS}/a`, { body: { propagationPolicy: 'Background' } });
    c.settle();
    const dep = c.request('GET', `${CONFIGMAPS}/dep`).body as KubeObject;
    expect(dep.metadata.ownerReferences).toEqual([ownerRef(b)]);
  });

  it('deletes in Foreground: the blocking dependents go first, then the owner loses foregroundDeletion and goes', () => {
    const c = new TestCluster();
    const owner = c.create(cm('owner'));
    c.create(cm('dep-1', [ownerRef(owner, true)]));
    c.create(cm('dep-2', [ownerRef(owner, true)]));
    c.settle();
    const res = c.request('DELETE', `${CONFIGMAPS}/owner`, { body: { propagationPolicy: 'Foreground' } });
    expect(res.body).toMatchObject({ metadata: { finalizers: ['foregroundDeletion'] } });
    c.settle();
    expect(exists(c, 'owner')).toBe(false);
    expect(deletedAt(c, 'dep-1')).toBeGreaterThan(0);
    expect(deletedAt(c, 'owner')).toBeGreaterThan(Math.max(deletedAt(c, 'dep-1'), deletedAt(c, 'dep-2')));
    // The finalizer went with a JSON merge patch carrying the resourceVersion read just before.
    const patch = gcRequests(c).find((r) => r.line === `PATCH ${CONFIGMAPS}/owner`);
    expect((patch?.req as unknown as { body: unknown }).body).toMatchObject({ metadata: { finalizers: null, resourceVersion: expect.any(String) } });
  });

  it('orphans: strips the owner from its dependents, then removes the orphan finalizer', () => {
    const c = new TestCluster();
    const owner = c.create(cm('owner'));
    c.create(cm('dep', [ownerRef(owner, true)]));
    c.settle();
    c.request('DELETE', `${CONFIGMAPS}/owner`, { body: { propagationPolicy: 'Orphan' } });
    c.settle();
    expect(exists(c, 'owner')).toBe(false);
    const dep = c.request('GET', `${CONFIGMAPS}/dep`).body as KubeObject;
    expect(dep.metadata.ownerReferences).toBeUndefined();
    const patch = gcRequests(c).find((r) => r.line === `PATCH ${CONFIGMAPS}/dep`);
    expect((patch?.req as unknown as { body: unknown }).body).toEqual({ metadata: { ownerReferences: [{ $patch: 'delete', uid: owner.metadata.uid }], uid: dep.metadata.uid } });
    expect(c.events.some((e) => e.kind === 'span' && e.actor === GC && e.op === 'attemptToOrphanWorker')).toBe(true);
  });

  it('deletes an object whose owner never existed (a virtual owner checked with a GET)', () => {
    const c = new TestCluster();
    c.create(cm('stray', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-4000-8000-000000000000' }]));
    c.settle();
    expect(exists(c, 'stray')).toBe(false);
    expect(gcRequests(c).map((r) => r.line)).toContain(`GET ${CONFIGMAPS}/ghost`);
  });
});

describe('cascading deletion of workloads (kubectl delete deployment web)', () => {
  const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';

  function deployment(c: TestCluster): void {
    c.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    c.settle();
  }

  function names(c: TestCluster, path: string): string[] {
    return ((c.request('GET', path).body as { items: KubeObject[] }).items ?? []).map((o) => o.metadata.name ?? '');
  }

  it('Background (what kubectl sends): the Deployment goes at once, the GC deletes the ReplicaSet, then its pods, each terminating gracefully', () => {
    const c = new TestCluster();
    deployment(c);
    const pods = names(c, '/api/v1/namespaces/default/pods');
    expect(pods).toHaveLength(2);
    const res = c.request('DELETE', `${DEPLOYMENTS}/web`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'web', group: 'apps', kind: 'deployments' } });
    c.settle();
    expect(names(c, '/apis/apps/v1/namespaces/default/replicasets')).toEqual([]);
    expect(names(c, '/api/v1/namespaces/default/pods')).toEqual([]);
    const gcDeletes = gcRequests(c).filter((r) => r.line.startsWith('DELETE')).map((r) => r.line.split('/').slice(-2).join('/'));
    expect(gcDeletes[0]).toMatch(/^replicasets\/web-/);
    expect(gcDeletes.slice(1).sort()).toEqual(pods.map((p) => `pods/${p}`).sort());
    // Every pod was killed by its kubelet, which then sent the final DELETE.
    const killed = c.events.filter((e) => e.kind === 'event' && e.op === 'Killing').map((e) => e.ref?.name);
    expect(killed.sort()).toEqual([...pods].sort());
    const finalDeletes = c.events.filter((e) => e.kind === 'message' && e.actor.startsWith('kubelet/') && e.attrs?.method === 'DELETE');
    expect(finalDeletes).toHaveLength(2);
  });

  it('Foreground: the pods go first, then the ReplicaSet, then the Deployment', () => {
    const c = new TestCluster();
    deployment(c);
    const res = c.request('DELETE', `${DEPLOYMENTS}/web`, { body: { propagationPolicy: 'Foreground' } });
    expect(res.body).toMatchObject({ kind: 'Deployment', metadata: { finalizers: ['foregroundDeletion'] } });
    c.settle();
    expect(c.request('GET', `${DEPLOYMENTS}/web`).code).toBe(404);
    const deleted = (kind: string): number[] => c.events.filter((e) => e.kind === 'object' && e.op === 'DELETED' && e.ref?.kind === kind).map((e) => e.seq);
    const [pods, rs, d] = [deleted('Pod'), deleted('ReplicaSet'), deleted('Deployment')];
    expect(pods).toHaveLength(2);
    expect(rs).toHaveLength(1);
    expect(d).toHaveLength(1);
    expect(Math.max(...pods)).toBeLessThan(rs[0] as number);
    expect(rs[0]).toBeLessThan(d[0] as number);
  });

  it('Orphan: the ReplicaSet and pods stay, without their owner reference', () => {
    const c = new TestCluster();
    deployment(c);
    c.request('DELETE', `${DEPLOYMENTS}/web`, { body: { propagationPolicy: 'Orphan' } });
    c.settle();
    expect(c.request('GET', `${DEPLOYMENTS}/web`).code).toBe(404);
    const rs = (c.request('GET', '/apis/apps/v1/namespaces/default/replicasets').body as { items: KubeObject[] }).items;
    expect(rs).toHaveLength(1);
    expect(rs[0]?.metadata.ownerReferences).toBeUndefined();
    expect(names(c, '/api/v1/namespaces/default/pods')).toHaveLength(2);
  });
});
