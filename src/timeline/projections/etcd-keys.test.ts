import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { etcdKeysProjection } from './etcd-keys.ts';

const span = (seq: number, op: string, attrs: Record<string, unknown>, actor = 'etcd/etcd-0'): TraceEvent => ({ seq, t: seq, dur: 5, kind: 'span', actor, op, src: 'sim', attrs });

describe('etcdKeysProjection', () => {
  it('records the revisions a Put reports', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/registry/pods/default/a', revision: 7, createRevision: 7, modRevision: 7, version: 1 }),
      span(2, 'Put', { key: '/registry/pods/default/a', revision: 9, createRevision: 7, modRevision: 9, version: 2 }),
    ]);
    expect(s.get('/registry/pods/default/a')).toEqual({ key: '/registry/pods/default/a', createRevision: 7, modRevision: 9, version: 2 });
  });

  it('derives missing revision fields the way etcd assigns them', () => {
    const s = fold(etcdKeysProjection, [span(1, 'Put', { key: '/k', revision: 3 }), span(2, 'Put', { key: '/k', revision: 5 })]);
    expect(s.get('/k')).toEqual({ key: '/k', createRevision: 3, modRevision: 5, version: 2 });
  });

  it('deletes a key, and re-creating it starts a new version count', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/k', revision: 3 }),
      span(2, 'DeleteRange', { key: '/k', revision: 4 }),
      span(3, 'Put', { key: '/k', revision: 5 }),
    ]);
    expect(s.get('/k')).toEqual({ key: '/k', createRevision: 5, modRevision: 5, version: 1 });
  });

  it('deletes a half-open range [key, rangeEnd) like a prefix delete', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/registry/pods/default/a', revision: 1 }),
      span(2, 'Put', { key: '/registry/pods/default/b', revision: 2 }),
      span(3, 'Put', { key: '/registry/pods/kube-system/c', revision: 3 }),
      span(4, 'DeleteRange', { key: '/registry/pods/default/', rangeEnd: '/registry/pods/default0', revision: 4 }),
    ]);
    expect([...s.keys()]).toEqual(['/registry/pods/kube-system/c']);
  });

  it('only listens to etcd actors', () => {
    const s = fold(etcdKeysProjection, [span(1, 'Put', { key: '/k', revision: 1 }, 'kube-apiserver')]);
    expect(s.size).toBe(0);
  });
});
