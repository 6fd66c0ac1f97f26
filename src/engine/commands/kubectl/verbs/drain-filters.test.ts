import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../domain/k8s/objects.ts';
import { plainError } from './drain-errors.ts';
import { daemonSetToLookUp, filterPod, PodDeleteList, shouldSkipPod, type FilterOptions } from './drain-filters.ts';

/** The pod filters of `kubectl drain`, after k8s.io/kubectl/pkg/drain/filters.go (and filter_test.go). */

const NOW = '2026-01-01T09:01:00Z';
const opts = (o: Partial<FilterOptions> = {}): FilterOptions => ({ force: false, ignoreDaemonsets: false, deleteEmptydirData: false, skipWaitForDeleteTimeout: 0, now: NOW, ...o });

function pod(name: string, extra: { owner?: string; phase?: 'Running' | 'Succeeded' | 'Failed'; emptyDir?: boolean; mirror?: boolean; deletedAt?: string; ns?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: extra.ns ?? 'default',
      uid: `uid-${name}`,
      ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: extra.owner, name: 'owner', uid: 'owner-uid', controller: true }] } : {}),
      ...(extra.mirror ? { annotations: { 'kubernetes.io/config.mirror': 'abc' } } : {}),
      ...(extra.deletedAt ? { deletionTimestamp: extra.deletedAt } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...(extra.emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {}) },
    status: { phase: extra.phase ?? 'Running' },
  };
}

describe('filterPod', () => {
  it('lets a pod with a controller go, refuses a bare one without --force and warns with it', () => {
    expect(filterPod(pod('web', { owner: 'ReplicaSet' }), opts())).toEqual({ delete: true, reason: 'Okay' });
    expect(filterPod(pod('bare'), opts())).toEqual({ delete: false, reason: 'Error', message: 'cannot delete Pods that declare no controller (use --force to override)' });
    expect(filterPod(pod('bare'), opts({ force: true }))).toEqual({ delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' });
  });

  it('needs the DaemonSet looked up, then refuses or ignores its pod; an orphan goes only with --force', () => {
    const ds = pod('agent', { owner: 'DaemonSet', ns: 'kube-system' });
    expect(daemonSetToLookUp(ds, opts())).toEqual({ namespace: 'kube-system', name: 'owner' });
    expect(filterPod(ds, opts(), { found: true })).toEqual({ delete: false, reason: 'Error', message: 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' });
    expect(filterPod(ds, opts({ ignoreDaemonsets: true }), { found: true })).toEqual({ delete: false, reason: 'Warning', message: 'ignoring DaemonSet-managed Pods' });
    const gone = { found: false as const, notFound: true, error: plainError('daemonsets.apps "owner" not found') };
    expect(filterPod(ds, opts(), gone)).toEqual({ delete: false, reason: 'Error', message: 'daemonsets.apps "owner" not found' });
    // With --force the orphan may go; its warning is overwritten by the filters after it, which
    // see a controller reference and say Okay (the last status is kept, as upstream).
    expect(filterPod(ds, opts({ force: true }), gone)).toEqual({ delete: true, reason: 'Okay' });
    // A finished DaemonSet pod is not looked up and may go.
    expect(daemonSetToLookUp(pod('done', { owner: 'DaemonSet', phase: 'Succeeded' }), opts())).toBeUndefined();
  });

  it('skips mirror pods before asking about local storage or a controller', () => {
    expect(filterPod(pod('static', { mirror: true, emptyDir: true }), opts())).toEqual({ delete: false, reason: 'Skip' });
  });

  it('refuses emptyDir without --delete-emptydir-data; with it, the next filter overwrites the warning', () => {
    expect(filterPod(pod('cache', { owner: 'ReplicaSet', emptyDir: true }), opts())).toEqual({ delete: false, reason: 'Error', message: 'Pods with local storage (use --delete-emptydir-data to override)' });
    expect(filterPod(pod('cache', { owner: 'ReplicaSet', emptyDir: true }), opts({ deleteEmptydirData: true }))).toEqual({ delete: true, reason: 'Okay' });
    expect(filterPod(pod('cache', { emptyDir: true }), opts({ deleteEmptydirData: true, force: true }))).toEqual({ delete: true, reason: 'Warning', message: 'deleting Pods that declare no controller' });
  });

  it('lets finished pods go whatever their storage or controller', () => {
    expect(filterPod(pod('job', { phase: 'Failed', emptyDir: true }), opts())).toEqual({ delete: true, reason: 'Okay' });
  });

  it('skips pods deleted more than --skip-wait-for-delete-timeout whole seconds ago', () => {
    const deleted = pod('old', { deletedAt: '2026-01-01T09:00:49Z' });
    expect(shouldSkipPod(deleted, 10, NOW)).toBe(true);
    expect(shouldSkipPod(deleted, 11, NOW)).toBe(false);
    expect(shouldSkipPod(deleted, 0, NOW)).toBe(false);
    expect(filterPod(deleted, opts({ skipWaitForDeleteTimeout: 10 }))).toEqual({ delete: false, reason: 'Skip' });
  });
});

describe('PodDeleteList', () => {
  it('groups warnings and errors by message, pods as namespace/name in list order', () => {
    const o = opts({ force: false, ignoreDaemonsets: true });
    const items = [pod('a'), pod('web', { owner: 'ReplicaSet' }), pod('b'), pod('c', { owner: 'ReplicaSet', emptyDir: true })].map((p) => ({ pod: p, status: filterPod(p, o) }));
    const list = new PodDeleteList(items);
    expect(list.pods().map((p) => p.metadata.name)).toEqual(['web']);
    expect(list.errors()).toEqual([plainError('cannot delete cannot delete Pods that declare no controller (use --force to override): default/a, default/b'), plainError('cannot delete Pods with local storage (use --delete-emptydir-data to override): default/c')]);
    const warned = new PodDeleteList([pod('x'), pod('y')].map((p) => ({ pod: p, status: filterPod(p, opts({ force: true })) })));
    expect(warned.warnings()).toBe('deleting Pods that declare no controller: default/x, default/y');
    expect(new PodDeleteList([]).warnings()).toBe('');
  });
});
