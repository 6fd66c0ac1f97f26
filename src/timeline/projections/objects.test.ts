import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../trace/schema.ts';
import { fold } from '../projection.ts';
import { isSelfContained, nextObjectEntry, objectsProjection } from './objects.ts';

const ref = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-1', uid: 'u1' };
const pod = (rv: string, phase: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', resourceVersion: rv }, status: { phase } });
const ev = (seq: number, op: string, attrs?: Record<string, unknown>): TraceEvent => {
  const e: TraceEvent = { seq, t: seq * 10, kind: 'object', actor: 'kube-apiserver', op, ref, src: 'sim' };
  if (attrs) e.attrs = attrs;
  return e;
};

describe('objectsProjection', () => {
  it('adds, modifies and deletes objects by apiVersion/kind/namespace/name', () => {
    const s1 = fold(objectsProjection, [ev(1, 'ADDED', { resourceVersion: '10', object: pod('10', 'Pending') })]);
    expect([...s1.keys()]).toEqual(['v1/Pod/default/web-1']);
    expect(s1.get('v1/Pod/default/web-1')).toMatchObject({ resourceVersion: '10', lastSeq: 1, ref });

    const s2 = objectsProjection.apply(s1, ev(2, 'MODIFIED', { resourceVersion: '11', object: pod('11', 'Running') }));
    expect(s2.get('v1/Pod/default/web-1')?.object.status).toEqual({ phase: 'Running' });
    expect(s2.get('v1/Pod/default/web-1')?.lastSeq).toBe(2);

    const s3 = objectsProjection.apply(s2, ev(3, 'DELETED', { resourceVersion: '12', object: pod('12', 'Running') }));
    expect(s3.size).toBe(0);
  });

  it('keeps the previous body when an importer sends a change without one', () => {
    const s = fold(objectsProjection, [ev(1, 'ADDED', { resourceVersion: '10', object: pod('10', 'Pending') }), ev(2, 'MODIFIED', { resourceVersion: '11' })]);
    const entry = s.get('v1/Pod/default/web-1');
    expect(entry?.resourceVersion).toBe('11');
    expect(entry?.object.status).toEqual({ phase: 'Pending' });
  });

  it('makes a stub from the ref when no body was ever seen', () => {
    const s = fold(objectsProjection, [ev(1, 'ADDED')]);
    expect(s.get('v1/Pod/default/web-1')?.object).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'default', uid: 'u1' } });
    expect(s.get('v1/Pod/default/web-1')?.resourceVersion).toBe('');
  });

  it('takes the resourceVersion from the body when attrs do not carry it', () => {
    expect(nextObjectEntry(undefined, ev(1, 'ADDED', { object: pod('42', 'Pending') }))?.resourceVersion).toBe('42');
  });

  it('ignores other kinds of events', () => {
    const s = objectsProjection.init();
    objectsProjection.apply(s, { seq: 1, t: 0, kind: 'state', actor: 'kubelet/node-1', op: 'running', ref, src: 'sim' });
    expect(s.size).toBe(0);
  });

  it('snapshots are independent of later applies', () => {
    const s = fold(objectsProjection, [ev(1, 'ADDED', { resourceVersion: '10', object: pod('10', 'Pending') })]);
    const snap = objectsProjection.snapshot(s);
    objectsProjection.apply(s, ev(2, 'DELETED'));
    expect(snap.size).toBe(1);
    expect(s.size).toBe(0);
  });

  it('knows which events do not depend on the previous version', () => {
    expect(isSelfContained(ev(1, 'DELETED'))).toBe(true);
    expect(isSelfContained(ev(1, 'MODIFIED', { resourceVersion: '1', object: pod('1', 'Running') }))).toBe(true);
    expect(isSelfContained(ev(1, 'MODIFIED', { resourceVersion: '1' }))).toBe(false);
    expect(isSelfContained(ev(1, 'MODIFIED', { object: { apiVersion: 'v1', kind: 'Pod', metadata: {} } }))).toBe(false);
  });
});
