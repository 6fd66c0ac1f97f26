import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { StatusObject } from '../../api/http.ts';
import { nginxPod, TestCluster, webDeployment } from './test-cluster.ts';

const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
const PODS = '/api/v1/namespaces/default/pods';
const MERGE = 'application/merge-patch+json';

function get(c: TestCluster, path: string): KubeObject {
  return c.request('GET', path).body as KubeObject;
}

describe('updates (registry/generic/registry/store.go Update, registry/rest/update.go BeforeUpdate)', () => {
  it('answers a stale resourceVersion on PUT with 409 Conflict, for core and grouped resources', () => {
    const c = new TestCluster();
    c.create(webDeployment(0));
    const stale = get(c, `${DEPLOYMENTS}/web`);
    c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { metadata: { labels: { tier: 'front' } } }, contentType: MERGE });
    const res = c.request('PUT', `${DEPLOYMENTS}/web`, { body: stale });
    expect(res.code).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'web', group: 'apps', kind: 'deployments' },
    });
    c.create(nginxPod('p', { unschedulable: true }));
    const pod = get(c, `${PODS}/p`);
    const patch = c.request('PATCH', `${PODS}/p`, { body: { metadata: { resourceVersion: '2', labels: { x: 'y' } } }, contentType: MERGE });
    expect(patch.code).toBe(409);
    expect((patch.body as StatusObject).message).toBe('Operation cannot be fulfilled on pods "p": the object has been modified; please apply your changes to the latest version and try again');
    // The current resourceVersion goes through.
    expect(c.request('PATCH', `${PODS}/p`, { body: { metadata: { resourceVersion: pod.metadata.resourceVersion, labels: { x: 'y' } } }, contentType: MERGE }).code).toBe(200);
  });

  it('keeps AlreadyExists for a second create', () => {
    const c = new TestCluster();
    c.create(webDeployment(0));
    const again = c.request('POST', DEPLOYMENTS, { body: webDeployment(0) });
    expect(again).toMatchObject({ code: 409, body: { reason: 'AlreadyExists', message: 'deployments.apps "web" already exists', details: { name: 'web', group: 'apps', kind: 'deployments' } } });
  });

  it('bumps metadata.generation on spec changes only, never through status', () => {
    const c = new TestCluster();
    const d = c.create(webDeployment(0));
    expect(d.metadata.generation).toBe(1);
    const labelled = c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { metadata: { labels: { tier: 'a' } } }, contentType: MERGE }).body as KubeObject;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { spec: { replicas: 0, paused: true } }, contentType: MERGE }).body as KubeObject;
    expect(scaled.metadata.generation).toBe(2);
    // Deployments also bump on annotation changes (they are copied to the ReplicaSets).
    const annotated = c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { metadata: { annotations: { note: 'x' } } }, contentType: MERGE }).body as KubeObject;
    expect(annotated.metadata.generation).toBe(3);
    const status = c.request('PUT', `${DEPLOYMENTS}/web/status`, { body: { ...annotated, spec: { replicas: 9 }, status: { observedGeneration: 3 } } }).body as KubeObject;
    expect(status.metadata.generation).toBe(3);
    expect((status.spec as { replicas: number }).replicas).toBe(0);
  });

  it('does not write an update that changes nothing: the resourceVersion stays', () => {
    const c = new TestCluster();
    c.create(webDeployment(0));
    c.settle();
    const before = get(c, `${DEPLOYMENTS}/web`);
    const same = c.request('PUT', `${DEPLOYMENTS}/web`, { body: before }).body as KubeObject;
    expect(same.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('validates updates: 422 Invalid with the field path and one cause per error', () => {
    const c = new TestCluster();
    const d = c.create(webDeployment(0));
    const res = c.request('PUT', `${DEPLOYMENTS}/web`, { body: { ...d, spec: { ...(d.spec as object), replicas: -1 } } });
    expect(res.code).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      details: { name: 'web', group: 'apps', kind: 'Deployment', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'spec.replicas' }] },
    });
    const uid = c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { metadata: { uid: 'other' } }, contentType: MERGE });
    expect((uid.body as StatusObject).message).toBe('Deployment.apps "web" is invalid: metadata.uid: Invalid value: "other": field is immutable');
  });
});

describe('the scale subresource (pkg/registry/apps/deployment/storage ScaleREST)', () => {
  it('reads an autoscaling/v1 Scale with the selector as a string', () => {
    const c = new TestCluster();
    const d = c.create(webDeployment(0));
    const res = c.request('GET', `${DEPLOYMENTS}/web/scale`);
    expect(res).toMatchObject({
      code: 200,
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default', uid: d.metadata.uid }, spec: { replicas: 0 }, status: { replicas: 0, selector: 'app=web' } },
    });
    expect(c.request('GET', `${DEPLOYMENTS}/nope/scale`).body).toMatchObject({ reason: 'NotFound', message: 'deployments.apps "nope" not found' });
    expect(c.request('GET', `${PODS}/x/scale`).code).toBe(404);
  });

  it('writes spec.replicas of the parent through PUT and PATCH, bumping its generation', () => {
    const c = new TestCluster();
    c.create(webDeployment(0));
    // Once the Deployment controller has written its status, nothing else moves the object.
    c.settle();
    const scale = c.request('GET', `${DEPLOYMENTS}/web/scale`).body as KubeObject;
    const put = c.request('PUT', `${DEPLOYMENTS}/web/scale`, { body: { ...scale, spec: { replicas: 0 }, metadata: { ...scale.metadata, labels: { ignored: 'yes' } } } });
    expect(put.code).toBe(200);
    const patched = c.request('PATCH', `${DEPLOYMENTS}/web/scale`, { body: { spec: { replicas: 1 } }, contentType: MERGE });
    expect(patched.body).toMatchObject({ kind: 'Scale', spec: { replicas: 1 } });
    const d = get(c, `${DEPLOYMENTS}/web`);
    expect((d.spec as { replicas: number }).replicas).toBe(1);
    expect(d.metadata.generation).toBe(2);
    expect(d.metadata.labels).toEqual({ app: 'web' });
    expect((patched.body as KubeObject).metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('refuses a negative count as an invalid Scale, and a stale Scale as a Conflict on the parent', () => {
    const c = new TestCluster();
    c.create(webDeployment(0));
    const scale = c.request('GET', `${DEPLOYMENTS}/web/scale`).body as KubeObject;
    const neg = c.request('PATCH', `${DEPLOYMENTS}/web/scale`, { body: { spec: { replicas: -1 } }, contentType: MERGE });
    expect(neg).toMatchObject({ code: 422, body: { message: 'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0' } });
    c.request('PATCH', `${DEPLOYMENTS}/web`, { body: { metadata: { annotations: { x: 'y' } } }, contentType: MERGE });
    const stale = c.request('PUT', `${DEPLOYMENTS}/web/scale`, { body: { ...scale, spec: { replicas: 2 } } });
    expect(stale).toMatchObject({ code: 409, body: { message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again' } });
  });

  it('serves ReplicaSets too', () => {
    const c = new TestCluster();
    c.create({ ...webDeployment(0), kind: 'ReplicaSet', metadata: { name: 'rs', namespace: 'default' } });
    const res = c.request('PATCH', '/apis/apps/v1/namespaces/default/replicasets/rs/scale', { body: { spec: { replicas: 0 } }, contentType: MERGE });
    expect(res.body).toMatchObject({ kind: 'Scale', metadata: { name: 'rs' }, spec: { replicas: 0 }, status: { replicas: 0, selector: 'app=web' } });
  });
});
