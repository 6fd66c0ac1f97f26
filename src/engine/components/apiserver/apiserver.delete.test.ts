import { describe, expect, it } from 'vitest';
import { toRfc3339 } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { StatusObject } from '../../api/http.ts';
import { nginxPod, TestCluster, webDeployment } from './test-cluster.ts';

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

function meta(body: unknown): KubeObject['metadata'] {
  return (body as KubeObject).metadata;
}

describe('DELETE (apiserver/pkg/registry/generic/registry/store.go Delete, endpoints/handlers/delete.go)', () => {
  it('answers 404 NotFound naming the resource and its group', () => {
    const c = new TestCluster();
    const pod = c.request('DELETE', `${PODS}/x`, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
    expect(pod.code).toBe(404);
    expect(pod.body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'pods "x" not found', details: { name: 'x', kind: 'pods' }, code: 404 });
    const deploy = c.request('DELETE', `${DEPLOYMENTS}/web`, { body: { propagationPolicy: 'Background' } });
    expect(deploy.body).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "web" not found', details: { name: 'web', group: 'apps', kind: 'deployments' } });
  });

  it('deletes a pod that is not bound at once and returns it (the pod store returns deleted objects)', () => {
    const c = new TestCluster();
    c.create(nginxPod('pending', { unschedulable: true }));
    const res = c.request('DELETE', `${PODS}/pending`, { body: { propagationPolicy: 'Background' } });
    expect(res.code).toBe(200);
    // CheckGracefulDelete gives period 0: the deletionTimestamp is written, then the pod deleted.
    expect(res.body).toMatchObject({ kind: 'Pod', metadata: { name: 'pending', deletionGracePeriodSeconds: 0 } });
    expect(c.request('GET', `${PODS}/pending`).code).toBe(404);
  });

  it('deletes a bound pod gracefully: deletionTimestamp = now + 30 s, deletionGracePeriodSeconds, generation + 1', () => {
    const c = new TestCluster();
    c.create(nginxPod('web'));
    c.settle();
    const res = c.request('DELETE', `${PODS}/web`, { body: { propagationPolicy: 'Background' } });
    expect(res.code).toBe(200);
    const m = meta(res.body);
    expect(m.deletionGracePeriodSeconds).toBe(30);
    expect(m.generation).toBe(2);
    const deleteEvent = c.events.find((e) => e.kind === 'object' && e.op === 'MODIFIED' && (e.attrs?.object as KubeObject | undefined)?.metadata.deletionTimestamp);
    expect(m.deletionTimestamp).toBe(toRfc3339('2025-01-01T00:00:00Z', (deleteEvent?.t ?? 0) + 30_000_000));
    // Still there, Terminating.
    expect(meta(c.request('GET', `${PODS}/web`).body).deletionTimestamp).toBe(m.deletionTimestamp);
    // A second DELETE with the same (or a longer) period changes nothing.
    const again = c.request('DELETE', `${PODS}/web`, { body: { propagationPolicy: 'Background' } });
    expect(meta(again.body).resourceVersion).toBe(m.resourceVersion);
    // A shorter one moves deletionTimestamp back; 0 deletes at once.
    const now = c.request('DELETE', `${PODS}/web`, { body: { gracePeriodSeconds: 0 } });
    expect(now.code).toBe(200);
    expect(c.request('GET', `${PODS}/web`).code).toBe(404);
  });

  it('checks uid and resourceVersion preconditions (rest.BeforeDelete), naming the kind', () => {
    const c = new TestCluster();
    const pod = c.create(nginxPod('p', { unschedulable: true }));
    const uid = c.request('DELETE', `${PODS}/p`, { body: { preconditions: { uid: 'not-the-uid' } } });
    expect(uid.code).toBe(409);
    expect((uid.body as StatusObject).message).toBe(
      `Operation cannot be fulfilled on Pod "p": the UID in the precondition (not-the-uid) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`,
    );
    expect(uid.body).toMatchObject({ reason: 'Conflict', details: { name: 'p', kind: 'Pod' } });
    const d = c.create(webDeployment(0));
    const rv = c.request('DELETE', `${DEPLOYMENTS}/web`, { body: { preconditions: { resourceVersion: '1' } } });
    expect((rv.body as StatusObject).message).toBe(
      `Operation cannot be fulfilled on Deployment.apps "web": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${d.metadata.resourceVersion}). The object might have been modified`,
    );
    expect(c.request('DELETE', `${PODS}/p`, { body: { preconditions: { uid: pod.metadata.uid } } }).code).toBe(200);
  });

  it('refuses an unknown propagationPolicy with 422 Invalid on DeleteOptions', () => {
    const c = new TestCluster();
    c.create(nginxPod('p', { unschedulable: true }));
    const res = c.request('DELETE', `${PODS}/p`, { body: { propagationPolicy: 'Later' } });
    expect(res.code).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'Invalid',
      message: 'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Later": supported values: "Foreground", "Background", "Orphan", "nil"',
      details: { group: 'meta.k8s.io', kind: 'DeleteOptions', causes: [{ reason: 'FieldValueNotSupported', field: 'propagationPolicy' }] },
    });
  });

  it('keeps an object with finalizers, marked as deleting, until an update removes the last one', () => {
    const c = new TestCluster();
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] }, data: { a: '1' } });
    const res = c.request('DELETE', `${CONFIGMAPS}/held`, { body: { propagationPolicy: 'Background' } });
    expect(res.code).toBe(200);
    expect(res.body).toMatchObject({ kind: 'ConfigMap', metadata: { finalizers: ['example.com/hold'], deletionGracePeriodSeconds: 0 } });
    expect(meta(res.body).deletionTimestamp).toBeDefined();
    // No new finalizers on an object being deleted.
    const more = c.request('PATCH', `${CONFIGMAPS}/held`, { body: { metadata: { finalizers: ['example.com/hold', 'example.com/more'] } }, contentType: 'application/merge-patch+json' });
    expect(more.code).toBe(422);
    expect((more.body as StatusObject).message).toBe(
      'ConfigMap "held" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );
    const release = c.request('PATCH', `${CONFIGMAPS}/held`, { body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' });
    expect(release.code).toBe(200);
    expect(c.request('GET', `${CONFIGMAPS}/held`).code).toBe(404);
    expect(c.events.some((e) => e.kind === 'object' && e.op === 'DELETED' && e.ref?.name === 'held')).toBe(true);
  });

  it('returns a Success Status with the uid for stores that do not return the object', () => {
    const c = new TestCluster();
    const cm = c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain', namespace: 'default' } });
    const res = c.request('DELETE', `${CONFIGMAPS}/plain`, { body: { propagationPolicy: 'Background' } });
    expect(res).toMatchObject({ code: 200, body: { kind: 'Status', apiVersion: 'v1', status: 'Success', details: { name: 'plain', kind: 'configmaps', uid: cm.metadata.uid } } });
  });

  it('adds the orphan finalizer by default for batch/v1 Jobs, foregroundDeletion for Foreground', () => {
    const c = new TestCluster();
    c.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once', namespace: 'default' }, spec: {} });
    const job = c.request('DELETE', '/apis/batch/v1/namespaces/default/jobs/once');
    expect(job.body).toMatchObject({ kind: 'Job', metadata: { finalizers: ['orphan'], deletionGracePeriodSeconds: 0 } });
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fg', namespace: 'default' } });
    const fg = c.request('DELETE', `${CONFIGMAPS}/fg`, { body: { propagationPolicy: 'Foreground' } });
    expect(fg.body).toMatchObject({ kind: 'ConfigMap', metadata: { finalizers: ['foregroundDeletion'] } });
  });

  it('reads DeleteOptions from the query when there is no body', () => {
    const c = new TestCluster();
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q', namespace: 'default' } });
    const res = c.request('DELETE', `${CONFIGMAPS}/q`, { query: { propagationPolicy: 'Orphan' } });
    expect(res.body).toMatchObject({ kind: 'ConfigMap', metadata: { finalizers: ['orphan'] } });
    expect(c.request('DELETE', `${CONFIGMAPS}/q`, { query: { gracePeriodSeconds: 'soon' } }).body).toMatchObject({ reason: 'BadRequest', code: 400 });
  });

  it('evicts a pod (POST pods/<name>/eviction): DisruptionTarget, then a graceful delete', () => {
    const c = new TestCluster();
    c.create(nginxPod('web'));
    c.settle();
    const res = c.request('POST', `${PODS}/web/eviction`, { body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web', namespace: 'default' } } });
    expect(res).toMatchObject({ code: 201, body: { kind: 'Status', status: 'Success' } });
    const pod = c.request('GET', `${PODS}/web`).body as KubeObject & { status: { conditions: { type: string; reason?: string }[] } };
    expect(pod.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(pod.status.conditions.find((x) => x.type === 'DisruptionTarget')).toMatchObject({ reason: 'EvictionByEvictionAPI' });
    expect(c.request('POST', `${PODS}/web/eviction`, { body: { metadata: { name: 'other' } } }).body).toMatchObject({ reason: 'BadRequest', message: 'name in URL does not match name in Eviction object' });
    expect(c.request('POST', `${PODS}/nope/eviction`, { body: {} }).body).toMatchObject({ reason: 'NotFound', message: 'pods "nope" not found' });
  });
});
