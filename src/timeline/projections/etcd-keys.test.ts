import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { Timeline } from '../timeline.ts';
import { etcdKeysProjection, lastChanges, latestRevisionChanges } from './etcd-keys.ts';
import { toArray } from './kube-log.ts';

const span = (seq: number, op: string, attrs: Record<string, unknown>, actor = 'etcd/etcd-0', extra: Partial<TraceEvent> = {}): TraceEvent => ({ seq, t: seq, dur: 5, kind: 'span', actor, op, src: 'sim', attrs, ...extra });
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'web' };

describe('etcdKeysProjection: keys (etcd api/mvccpb/kv.proto, server/storage/mvcc/kvstore_txn.go)', () => {
  it('records the revisions a Put reports', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/registry/pods/default/a', revision: 7, createRevision: 7, modRevision: 7, version: 1 }),
      span(2, 'Put', { key: '/registry/pods/default/a', revision: 9, createRevision: 7, modRevision: 9, version: 2 }),
    ]);
    expect(s.keys.get('/registry/pods/default/a')).toEqual({ key: '/registry/pods/default/a', createRevision: 7, modRevision: 9, version: 2 });
  });

  it('derives missing revision fields the way etcd assigns them', () => {
    const s = fold(etcdKeysProjection, [span(1, 'Put', { key: '/k', revision: 3 }), span(2, 'Put', { key: '/k', revision: 5 })]);
    expect(s.keys.get('/k')).toEqual({ key: '/k', createRevision: 3, modRevision: 5, version: 2 });
  });

  it('deletes a key, and re-creating it starts a new version count', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/k', revision: 3 }),
      span(2, 'DeleteRange', { key: '/k', revision: 4 }),
      span(3, 'Put', { key: '/k', revision: 5 }),
    ]);
    expect(s.keys.get('/k')).toEqual({ key: '/k', createRevision: 5, modRevision: 5, version: 1 });
  });

  it('deletes a half-open range [key, rangeEnd) like a prefix delete', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/registry/pods/default/a', revision: 1 }),
      span(2, 'Put', { key: '/registry/pods/default/b', revision: 2 }),
      span(3, 'Put', { key: '/registry/pods/kube-system/c', revision: 3 }),
      span(4, 'DeleteRange', { key: '/registry/pods/default/', rangeEnd: '/registry/pods/default0', revision: 4 }),
    ]);
    expect([...s.keys.keys()]).toEqual(['/registry/pods/kube-system/c']);
    expect(toArray(s.changes).at(-1)).toMatchObject({ type: 'DELETE', key: '/registry/pods/default/', rangeEnd: '/registry/pods/default0', revision: 4 });
  });

  it('only listens to etcd actors', () => {
    const s = fold(etcdKeysProjection, [span(1, 'Put', { key: '/k', revision: 1 }, 'kube-apiserver')]);
    expect(s.keys.size).toBe(0);
    expect(s.revision).toBe(0);
  });

  it('keeps the lease (kv.proto lease, 0 = none) and an etcdctl value', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/a', revision: 2, lease: '694d9b78c90a8006', value: 'v1' }),
      span(2, 'Put', { key: '/b', revision: 3, lease: '0' }),
    ]);
    expect(s.keys.get('/a')).toMatchObject({ lease: '694d9b78c90a8006', value: 'v1' });
    expect(s.keys.get('/b')?.lease).toBeUndefined();
  });
});

describe('etcdKeysProjection: the store around the keys', () => {
  it('starts at revision 1 when an etcd member shows up (kvstore.go: a new store has currentRev 1)', () => {
    const s = fold(etcdKeysProjection, [{ seq: 1, t: 0, kind: 'state', actor: 'etcd/etcd-0', op: 'follower', src: 'sim', attrs: { machine: 'etcd-member' } }]);
    expect(s.revision).toBe(1);
  });

  it('follows the store revision from spans and response headers (a new store is at revision 1)', () => {
    const s = fold(etcdKeysProjection, [
      { seq: 1, t: 1, dur: 1, kind: 'message', actor: 'etcd/etcd-0', to: 'etcdctl', op: 'WatchResponse', src: 'sim', attrs: { header: { revision: 1 }, created: true } },
      span(2, 'Put', { key: '/k', revision: 2, createRevision: 2, modRevision: 2, version: 1 }),
      // A read reports the current revision and changes no key.
      span(3, 'Range', { key: '/k', count: 1, revision: 2 }),
      // A canceled watch's header says revision 0 (watch-hub): it must not lower anything.
      { seq: 4, t: 4, dur: 1, kind: 'message', actor: 'etcd/etcd-0', to: 'etcdctl', op: 'WatchResponse', src: 'sim', attrs: { header: { revision: 0 }, canceled: true, compactRevision: 3 } },
    ]);
    expect(s.revision).toBe(2);
  });

  it('moves the compaction revision with Compact spans, not the store revision', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/k', revision: 2 }),
      span(2, 'Put', { key: '/k', revision: 3 }),
      span(3, 'Put', { key: '/k', revision: 4 }),
      span(4, 'Compact', { revision: 3 }),
      // A refused compaction (ErrCompacted) moves nothing.
      span(5, 'Compact', { revision: 2, error: 'etcdserver: mvcc: required revision has been compacted' }),
    ]);
    expect(s.compactRevision).toBe(3);
    expect(s.revision).toBe(4);
  });

  it('keeps the history of changes, and a delete of nothing is no change (DeleteRange returns the current revision)', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/a', revision: 2 }),
      span(2, 'Put', { key: '/b', revision: 3 }),
      span(3, 'DeleteRange', { key: '/zzz', deleted: 0, revision: 3 }),
      span(4, 'DeleteRange', { key: '/a', deleted: 1, revision: 4 }),
    ]);
    expect(toArray(s.changes).map((c) => [c.revision, c.type, c.key])).toEqual([
      [2, 'PUT', '/a'],
      [3, 'PUT', '/b'],
      [4, 'DELETE', '/a'],
    ]);
    expect(lastChanges(s.changes, 2).map((c) => c.revision)).toEqual([3, 4]);
  });

  it('groups the keys one revision changed (a lease revoke deletes all its keys in one txn, lessor.go)', () => {
    const s = fold(etcdKeysProjection, [
      span(1, 'Put', { key: '/a', revision: 2, lease: '1' }),
      span(2, 'Put', { key: '/b', revision: 3, lease: '1' }),
      span(3, 'DeleteRange', { key: '/a', deleted: 1, revision: 4 }),
      span(4, 'DeleteRange', { key: '/b', deleted: 1, revision: 4 }),
    ]);
    expect(latestRevisionChanges(s.changes).map((c) => c.key)).toEqual(['/a', '/b']);
  });

  it('records a write seen from two members once', () => {
    const put = { key: '/k', revision: 2, createRevision: 2, modRevision: 2, version: 1 };
    const s = fold(etcdKeysProjection, [span(1, 'Put', put, 'etcd/etcd-0'), span(2, 'Put', put, 'etcd/etcd-1'), span(3, 'Put', put, 'etcd/etcd-2')]);
    expect(s.changes.length).toBe(1);
    expect(s.keys.get('/k')?.version).toBe(1);
  });

  it('finds the API object a key holds through the Txn request that named it', () => {
    const s = fold(etcdKeysProjection, [
      { seq: 1, t: 1, dur: 250, kind: 'message', actor: 'kube-apiserver', to: 'etcd/etcd-0', op: 'Txn', ref: DEPLOY, src: 'sim', attrs: { id: 1 } },
      span(2, 'Txn', { succeeded: true, revision: 4 }, 'etcd/etcd-0', { cause: 1 }),
      span(3, 'Put', { key: '/registry/deployments/default/web', revision: 4, createRevision: 4, modRevision: 4, version: 1 }, 'etcd/etcd-0', { cause: 2 }),
      // A later write of the same key from a request without ref keeps the object.
      span(4, 'Put', { key: '/registry/deployments/default/web', revision: 5, createRevision: 4, modRevision: 5, version: 2 }),
      span(5, 'Put', { key: '/registry/etcdctl', revision: 6, value: 'x' }),
    ]);
    expect(s.keys.get('/registry/deployments/default/web')?.objectKey).toBe('apps/v1/Deployment/default/web');
    expect(s.keys.get('/registry/etcdctl')?.objectKey).toBeUndefined();
    expect(toArray(s.changes)[0]?.objectKey).toBe('apps/v1/Deployment/default/web');
  });

  it('forgets old requests that never wrote, so the table stays small', () => {
    const events: TraceEvent[] = [];
    for (let i = 1; i <= 500; i++) events.push({ seq: i, t: i, dur: 1, kind: 'message', actor: 'kube-apiserver', to: 'etcd/etcd-0', op: 'Txn', ref: DEPLOY, src: 'sim' });
    expect(fold(etcdKeysProjection, events).pendingRefs.size).toBeLessThanOrEqual(64);
  });

  it('gives the same store at every playhead through the timeline (checkpoints) as a fold from scratch', () => {
    const events: TraceEvent[] = [];
    let seq = 0;
    for (let rev = 2; rev < 400; rev++) {
      const t = rev * 10;
      events.push({ seq: ++seq, t, dur: 5, kind: 'span', actor: 'etcd/etcd-0', op: rev % 7 === 0 ? 'DeleteRange' : 'Put', src: 'sim', attrs: { key: `/k/${rev % 13}`, revision: rev, deleted: 1 } });
      if (rev % 50 === 0) events.push({ seq: ++seq, t: t + 1, dur: 5, kind: 'span', actor: 'etcd/etcd-0', op: 'Compact', src: 'sim', attrs: { revision: rev - 10 } });
    }
    const tl = new Timeline({ format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: '2026-01-01T09:00:00Z' }, { checkpoints: { minInterval: 32, sizeFactor: 0 } });
    tl.append(events);
    for (const t of [0, 25, 777, 1_999, 2_501, 3_990, 100_000, 1_234]) {
      const w = tl.stateAt(t);
      const p = fold(etcdKeysProjection, events.filter((e) => e.t <= t));
      expect([...w.etcdKeys.entries()]).toEqual([...p.keys.entries()]);
      expect([w.etcd.revision, w.etcd.compactRevision]).toEqual([p.revision, p.compactRevision]);
      expect(toArray(w.etcd.changes)).toEqual(toArray(p.changes));
    }
  });
});
