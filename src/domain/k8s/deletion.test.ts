import { describe, expect, it } from 'vitest';
import type { KubeObject } from './objects.ts';
import {
  beforeDelete,
  defaultGarbageCollectionPolicy,
  deletionFinalizers,
  markAsDeleting,
  podGracePeriod,
  shouldDeleteDuringUpdate,
  validateDeleteOptions,
} from './deletion.ts';

const NOW = '2025-01-01T00:00:10Z';

function pod(extra: Partial<KubeObject['metadata']> = {}, spec: Record<string, unknown> = { nodeName: 'node-1', terminationGracePeriodSeconds: 30 }, phase = 'Running'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '7', generation: 1, ...extra }, spec, status: { phase } };
}

const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1', resourceVersion: '5', generation: 2 } };

describe('defaultGarbageCollectionPolicy (pkg/registry/*/strategy.go DefaultGarbageCollectionPolicy)', () => {
  it('orphans for RCs, batch/v1 Jobs and batch/v1beta1 CronJobs, deletes for apps/v1 and batch/v1 CronJobs', () => {
    expect(defaultGarbageCollectionPolicy('', 'v1', 'replicationcontrollers')).toBe('OrphanDependents');
    expect(defaultGarbageCollectionPolicy('batch', 'v1', 'jobs')).toBe('OrphanDependents');
    expect(defaultGarbageCollectionPolicy('batch', 'v1beta1', 'cronjobs')).toBe('OrphanDependents');
    expect(defaultGarbageCollectionPolicy('batch', 'v1', 'cronjobs')).toBe('DeleteDependents');
    expect(defaultGarbageCollectionPolicy('apps', 'v1', 'deployments')).toBe('DeleteDependents');
    expect(defaultGarbageCollectionPolicy('apps', 'v1beta2', 'replicasets')).toBe('OrphanDependents');
    expect(defaultGarbageCollectionPolicy('', 'v1', 'events')).toBe('Unsupported');
    expect(defaultGarbageCollectionPolicy('', 'v1', 'pods')).toBeUndefined();
  });
});

describe('validateDeleteOptions (apimachinery meta/v1/validation ValidateDeleteOptions)', () => {
  it('rejects an unknown policy and both orphanDependents and a policy', () => {
    expect(validateDeleteOptions({ propagationPolicy: 'Later' })).toEqual([
      { field: 'propagationPolicy', type: 'Unsupported value', value: 'Later', detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' },
    ]);
    expect(validateDeleteOptions({ propagationPolicy: 'Orphan', orphanDependents: true })[0]?.detail).toBe('orphanDependents and deletionPropagation cannot be both set');
    expect(validateDeleteOptions({ propagationPolicy: 'Background', gracePeriodSeconds: 0 })).toEqual([]);
  });
});

describe('podGracePeriod (pkg/registry/core/pod/strategy.go CheckGracefulDelete)', () => {
  it('uses the request, else terminationGracePeriodSeconds; 0 for unscheduled or finished pods', () => {
    expect(podGracePeriod(pod(), undefined)).toBe(30);
    expect(podGracePeriod(pod(), 5)).toBe(5);
    expect(podGracePeriod(pod({}, { terminationGracePeriodSeconds: 30 }), undefined)).toBe(0);
    expect(podGracePeriod(pod({}, { nodeName: 'n', terminationGracePeriodSeconds: 30 }, 'Succeeded'), undefined)).toBe(0);
    expect(podGracePeriod(pod(), -3)).toBe(1);
  });
});

describe('beforeDelete (apiserver/pkg/registry/rest/delete.go BeforeDelete)', () => {
  it('checks the UID and resourceVersion preconditions, naming the kind', () => {
    const r = beforeDelete(pod(), { preconditions: { uid: 'other' } }, NOW, podGracePeriod);
    expect(r).toEqual({
      error: {
        code: 409,
        reason: 'Conflict',
        message: 'Operation cannot be fulfilled on Pod "web": the UID in the precondition (other) does not match the UID in record (u1). The object might have been deleted and then recreated',
        details: { name: 'web', kind: 'Pod' },
      },
    });
    const rv = beforeDelete(deployment, { preconditions: { resourceVersion: '4' } }, NOW);
    expect('error' in rv && rv.error.message).toBe(
      'Operation cannot be fulfilled on Deployment.apps "web": the ResourceVersion in the precondition (4) does not match the ResourceVersion in record (5). The object might have been modified',
    );
  });

  it('sets deletionTimestamp = now + grace and deletionGracePeriodSeconds, and bumps the generation', () => {
    const r = beforeDelete(pod(), {}, NOW, podGracePeriod);
    expect(r).toMatchObject({ graceful: true, pending: false, options: { gracePeriodSeconds: 30 } });
    if ('error' in r) throw new Error('unexpected');
    expect(r.object.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:00:40Z', deletionGracePeriodSeconds: 30, generation: 2 });
  });

  it('only shortens a pending grace period, moving the timestamp back by the difference', () => {
    const terminating = pod({ deletionTimestamp: '2025-01-01T00:00:40Z', deletionGracePeriodSeconds: 30 });
    expect(beforeDelete(terminating, { gracePeriodSeconds: 30 }, NOW, podGracePeriod)).toMatchObject({ graceful: false, pending: true });
    expect(beforeDelete(terminating, {}, NOW, podGracePeriod)).toMatchObject({ graceful: false, pending: true, options: { gracePeriodSeconds: 30 } });
    const r = beforeDelete(terminating, { gracePeriodSeconds: 0 }, NOW, podGracePeriod);
    if ('error' in r) throw new Error('unexpected');
    expect(r.graceful).toBe(true);
    expect(r.object.metadata).toMatchObject({ deletionTimestamp: '2025-01-01T00:00:10Z', deletionGracePeriodSeconds: 0 });
  });

  it('is not graceful for resources without graceful deletion', () => {
    expect(beforeDelete(deployment, { gracePeriodSeconds: 30 }, NOW)).toMatchObject({ graceful: false, pending: false });
  });
});

describe('deletionFinalizers (store.go deletionFinalizersForGarbageCollection)', () => {
  it('adds foregroundDeletion or orphan as the policy says, and nothing for Background', () => {
    expect(deletionFinalizers(deployment.metadata, { propagationPolicy: 'Foreground' }, 'DeleteDependents')).toEqual({ changed: true, finalizers: ['foregroundDeletion'] });
    expect(deletionFinalizers(deployment.metadata, { propagationPolicy: 'Orphan' }, 'DeleteDependents')).toEqual({ changed: true, finalizers: ['orphan'] });
    expect(deletionFinalizers(deployment.metadata, { propagationPolicy: 'Background' }, 'DeleteDependents')).toEqual({ changed: false, finalizers: [] });
  });

  it('orphans by default for Jobs, and an explicit policy replaces an existing GC finalizer', () => {
    expect(deletionFinalizers({}, {}, 'OrphanDependents').finalizers).toEqual(['orphan']);
    expect(deletionFinalizers({ finalizers: ['example.com/x', 'orphan'] }, { propagationPolicy: 'Foreground' }, 'OrphanDependents')).toEqual({ changed: true, finalizers: ['example.com/x', 'foregroundDeletion'] });
    expect(deletionFinalizers({ finalizers: ['orphan'] }, {}, 'Unsupported')).toEqual({ changed: true, finalizers: [] });
  });
});

describe('markAsDeleting and shouldDeleteDuringUpdate (store.go)', () => {
  it('stamps now with grace 0 and bumps the generation once', () => {
    const marked = markAsDeleting(deployment, NOW);
    expect(marked.metadata).toMatchObject({ deletionTimestamp: NOW, deletionGracePeriodSeconds: 0, generation: 3 });
    expect(markAsDeleting(marked, '2025-01-01T00:01:00Z').metadata).toMatchObject({ deletionTimestamp: NOW, generation: 3 });
  });

  it('deletes during an update that empties the finalizers of an object being deleted with grace 0', () => {
    const old = markAsDeleting({ ...deployment, metadata: { ...deployment.metadata, finalizers: ['foregroundDeletion'] } }, NOW);
    expect(shouldDeleteDuringUpdate({ ...old, metadata: { ...old.metadata, finalizers: [] } }, old)).toBe(true);
    expect(shouldDeleteDuringUpdate(old, old)).toBe(false);
    const graceful = pod({ deletionTimestamp: NOW, deletionGracePeriodSeconds: 30, finalizers: ['x'] });
    expect(shouldDeleteDuringUpdate({ ...graceful, metadata: { ...graceful.metadata, finalizers: [] } }, graceful)).toBe(false);
  });
});
