import { describe, expect, it } from 'vitest';
import { MvccStore } from './mvcc.ts';

const put = (key: string, value: unknown) => ({ requestPut: { key, value } });

describe('MvccStore', () => {
  it('starts at revision 1 and makes revision 2 with the first write', () => {
    const s = new MvccStore();
    expect(s.currentRevision).toBe(1);
    const { response } = s.txn({ compare: [], success: [put('/a', 1)], failure: [] });
    expect(response.header.revision).toBe(2);
    expect(s.get('/a')).toMatchObject({ createRevision: 2, modRevision: 2, version: 1 });
  });

  it('gives one revision to a transaction with several puts', () => {
    const s = new MvccStore();
    s.txn({ compare: [], success: [put('/a', 1), put('/b', 2)], failure: [] });
    expect(s.currentRevision).toBe(2);
    expect(s.get('/b')?.modRevision).toBe(2);
  });

  it('keeps create_revision and bumps version and mod_revision on update, even with the same value', () => {
    const s = new MvccStore();
    s.txn({ compare: [], success: [put('/a', 1)], failure: [] });
    s.txn({ compare: [], success: [put('/a', 1)], failure: [] });
    expect(s.get('/a')).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
  });

  it('creates only when mod_revision is 0, as kube-apiserver does', () => {
    const s = new MvccStore();
    const create = { compare: [{ key: '/a', target: 'MOD' as const, result: 'EQUAL' as const, value: 0 }], success: [put('/a', 1)], failure: [{ requestRange: { key: '/a' } }] };
    expect(s.txn(create).response.succeeded).toBe(true);
    const again = s.txn(create);
    expect(again.response.succeeded).toBe(false);
    expect(again.response.header.revision).toBe(2);
    expect(again.response.responses[0]).toMatchObject({ responseRange: { count: 1 } });
  });

  it('does not bump the revision for a delete of a missing key', () => {
    const s = new MvccStore();
    s.txn({ compare: [], success: [{ requestDeleteRange: { key: '/missing' } }], failure: [] });
    expect(s.currentRevision).toBe(1);
  });

  it('restarts version and create_revision after delete and create', () => {
    const s = new MvccStore();
    s.txn({ compare: [], success: [put('/a', 1)], failure: [] });
    const del = s.txn({ compare: [], success: [{ requestDeleteRange: { key: '/a' } }], failure: [] });
    expect(del.events[0]).toMatchObject({ type: 'DELETE', kv: { key: '/a', modRevision: 3 } });
    s.txn({ compare: [], success: [put('/a', 2)], failure: [] });
    expect(s.get('/a')).toMatchObject({ createRevision: 4, version: 1 });
  });

  it('refuses the same key twice in one transaction', () => {
    const s = new MvccStore();
    expect(() => s.txn({ compare: [], success: [put('/a', 1), put('/a', 2)], failure: [] })).toThrow('etcdserver: duplicate key given in txn request');
  });
});
