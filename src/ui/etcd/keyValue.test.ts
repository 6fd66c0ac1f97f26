import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { keyValue } from './keyValue.ts';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };
const version = (seq: number, rv: string, replicas: number, op = 'MODIFIED'): TraceEvent => ({
  seq,
  t: seq,
  kind: 'object',
  actor: 'kube-apiserver',
  op,
  ref,
  src: 'sim',
  attrs: { resourceVersion: rv, object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', resourceVersion: rv }, spec: { replicas } } },
});
const history = [version(1, '4', 1, 'ADDED'), version(2, '7', 3)];

describe('keyValue', () => {
  it('is the object version whose resourceVersion is the key mod_revision (apiserver/pkg/storage/etcd3/store.go)', () => {
    const v = keyValue({ key: '/registry/deployments/default/web', createRevision: 4, modRevision: 4, version: 1, objectKey: 'apps/v1/Deployment/default/web' }, () => history);
    expect(v.kind).toBe('object');
    if (v.kind === 'object') expect((v.object as { spec?: { replicas?: number } }).spec?.replicas).toBe(1);
  });

  it('shows the object as stored: without metadata.resourceVersion (api_object_versioner.go PrepareObjectForStorage)', () => {
    const v = keyValue({ key: '/registry/deployments/default/web', createRevision: 4, modRevision: 7, version: 2, objectKey: 'apps/v1/Deployment/default/web' }, () => history);
    expect(v.kind === 'object' && v.object.metadata).toEqual({ name: 'web', namespace: 'default' });
  });

  it('gives an etcdctl value as text, and says absent when the trace has no value', () => {
    expect(keyValue({ key: '/k', createRevision: 2, modRevision: 2, version: 1, value: 'v1' }, () => [])).toEqual({ kind: 'text', text: 'v1' });
    expect(keyValue({ key: '/k', createRevision: 2, modRevision: 2, version: 1 }, () => [])).toEqual({ kind: 'absent' });
    expect(keyValue({ key: '/registry/deployments/default/web', createRevision: 4, modRevision: 9, version: 3, objectKey: 'apps/v1/Deployment/default/web' }, () => history)).toEqual({ kind: 'absent' });
  });
});
