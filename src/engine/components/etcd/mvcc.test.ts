import { describe, expect, it } from 'vitest';
import { ETCD_ERRORS } from '../../../domain/etcd/errors.ts';
import { Lessor } from './lessor.ts';
import { MvccStore, type TxnOp } from './mvcc.ts';

// Rules of DOMAIN.md 1, from etcd mvcc/kvstore.go, kvstore_txn.go, kvstore_compaction.go,
// etcdserver/apply.go (applyCompare) and api/v3rpc/key.go (checkTxnRequest).

const put = (key: string, value: unknown): TxnOp => ({ requestPut: { key, value } });
const del = (key: string, rangeEnd?: string): TxnOp => ({ requestDeleteRange: { key, ...(rangeEnd ? { rangeEnd } : {}) } });
const get = (key: string): TxnOp => ({ requestRange: { key } });

describe('MvccStore revisions (kvstore_txn.go)', () => {
  it('starts at revision 1 and makes revision 2 with the first write', () => {
    const s = new MvccStore();
    expect(s.currentRevision).toBe(1);
    const { response } = s.put({ key: '/a', value: '1' });
    expect(response.header.revision).toBe(2);
    expect(s.get('/a')).toMatchObject({ createRevision: 2, modRevision: 2, version: 1 });
  });

  it('gives one revision to a transaction with several puts, with sub-revisions in order', () => {
    const s = new MvccStore();
    const { events } = s.txn({ compare: [], success: [put('/a', 1), put('/b', 2)], failure: [] });
    expect(s.currentRevision).toBe(2);
    expect(events.map((e) => e.kv.key)).toEqual(['/a', '/b']);
  });

  it('keeps create_revision and bumps version and mod_revision on update, even with the same value', () => {
    const s = new MvccStore();
    s.put({ key: '/a', value: '1' });
    s.put({ key: '/a', value: '1' });
    expect(s.get('/a')).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
  });

  it('starts a key again after a delete: new create_revision, version 1', () => {
    const s = new MvccStore();
    s.put({ key: '/a', value: '1' });
    s.deleteRange({ key: '/a' });
    s.put({ key: '/a', value: '2' });
    expect(s.get('/a')).toMatchObject({ createRevision: 4, modRevision: 4, version: 1 });
  });

  it('does not bump the revision for a read-only txn or a delete of nothing', () => {
    const s = new MvccStore();
    s.put({ key: '/a', value: '1' });
    expect(s.txn({ compare: [], success: [get('/a')], failure: [] }).response.header.revision).toBe(2);
    const d = s.deleteRange({ key: '/missing' });
    expect(d.response).toMatchObject({ deleted: 0, header: { revision: 2 } });
    expect(s.currentRevision).toBe(2);
  });

  it('lets a read after a write in the same txn see the write', () => {
    const s = new MvccStore();
    const { response } = s.txn({ compare: [], success: [get('/a'), put('/a', 'x'), get('/a')], failure: [] });
    const [r0, , r2] = response.responses as [{ responseRange: { kvs: unknown[]; header: { revision: number } } }, unknown, { responseRange: { kvs: { value: unknown }[]; header: { revision: number } } }];
    expect(r0.responseRange.kvs).toHaveLength(0);
    expect(r0.responseRange.header.revision).toBe(1);
    expect(r2.responseRange.kvs[0]?.value).toBe('x');
    expect(r2.responseRange.header.revision).toBe(2);
  });
});

describe('MvccStore txn compares (apply.go applyCompare)', () => {
  it('creates only when mod_revision is 0, as kube-apiserver does', () => {
    const s = new MvccStore();
    const create = { compare: [{ key: '/a', target: 'MOD' as const, result: 'EQUAL' as const, value: 0 }], success: [put('/a', 1)], failure: [get('/a')] };
    expect(s.txn(create).response.succeeded).toBe(true);
    const again = s.txn(create);
    expect(again.response.succeeded).toBe(false);
    expect(s.currentRevision).toBe(2);
  });

  it('compares a missing key as 0 for MOD/CREATE/VERSION and false for any VALUE compare', () => {
    const s = new MvccStore();
    const ok = (target: 'MOD' | 'CREATE' | 'VERSION' | 'VALUE', result: 'EQUAL' | 'NOT_EQUAL', value: number | string): boolean =>
      s.txn({ compare: [{ key: '/none', target, result, value }], success: [], failure: [] }).response.succeeded;
    expect(ok('MOD', 'EQUAL', 0)).toBe(true);
    expect(ok('CREATE', 'EQUAL', 0)).toBe(true);
    expect(ok('VERSION', 'EQUAL', 0)).toBe(true);
    expect(ok('VALUE', 'EQUAL', '')).toBe(false);
    expect(ok('VALUE', 'NOT_EQUAL', 'x')).toBe(false);
  });

  it('compares values as bytes and requires a range compare to hold for every key', () => {
    const s = new MvccStore();
    s.txn({ compare: [], success: [put('a1', 'x'), put('a2', 'y')], failure: [] });
    const cmp = (result: 'GREATER' | 'LESS', value: string): boolean =>
      s.txn({ compare: [{ key: 'a', rangeEnd: 'b', target: 'VALUE', result, value }], success: [], failure: [] }).response.succeeded;
    expect(cmp('GREATER', 'w')).toBe(true);
    expect(cmp('GREATER', 'x')).toBe(false);
    expect(cmp('LESS', 'z')).toBe(true);
  });

  it('refuses a branch that writes a key twice, or puts a key it deletes, whichever branch runs', () => {
    const s = new MvccStore();
    expect(() => s.txn({ compare: [], success: [put('a', 1), put('a', 2)], failure: [] })).toThrow(ETCD_ERRORS.duplicateKey);
    expect(() => s.txn({ compare: [], success: [], failure: [del('a', 'c'), put('b', 1)] })).toThrow(ETCD_ERRORS.duplicateKey);
    // Two deletes may overlap.
    expect(() => s.txn({ compare: [], success: [del('a', 'c'), del('b')], failure: [] })).not.toThrow();
  });
});

describe('MvccStore history and compaction (kvstore_compaction.go)', () => {
  const store = (): MvccStore => {
    const s = new MvccStore();
    s.put({ key: 'a', value: '1' }); // 2
    s.put({ key: 'a', value: '2' }); // 3
    s.put({ key: 'b', value: 'x' }); // 4
    s.deleteRange({ key: 'b' }); // 5
    s.put({ key: 'a', value: '3' }); // 6
    return s;
  };

  it('reads a key as it was at an old revision', () => {
    const s = store();
    expect(s.rangeRequest({ key: 'a', revision: 2 }).kvs[0]?.value).toBe('1');
    expect(s.rangeRequest({ key: 'b', revision: 4 }).kvs[0]?.value).toBe('x');
    expect(s.rangeRequest({ key: 'b', revision: 5 }).kvs).toHaveLength(0);
  });

  it('fails a read in the future with ErrFutureRev and one below the compaction with ErrCompacted', () => {
    const s = store();
    expect(() => s.rangeRequest({ key: 'a', revision: 7 })).toThrow(ETCD_ERRORS.futureRev);
    s.compact(4);
    expect(() => s.rangeRequest({ key: 'a', revision: 3 })).toThrow(ETCD_ERRORS.compacted);
    // Reading at the compact revision itself works.
    expect(s.rangeRequest({ key: 'a', revision: 4 }).kvs[0]?.value).toBe('2');
  });

  it('refuses to compact at or below the last compaction, or in the future', () => {
    const s = store();
    s.compact(4);
    expect(() => s.compact(4)).toThrow(ETCD_ERRORS.compacted);
    expect(() => s.compact(3)).toThrow(ETCD_ERRORS.compacted);
    expect(() => s.compact(99)).toThrow(ETCD_ERRORS.futureRev);
  });

  it('replays history for a watch from a revision, and drops a tombstone that is newest at the compaction', () => {
    const s = store();
    expect(s.eventsSince(3, '', '\0').map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`)).toEqual(['PUT a@3', 'PUT b@4', 'DELETE b@5', 'PUT a@6']);
    s.compact(5);
    // From the compact revision: the DELETE at 5 is gone with its key.
    expect(s.eventsSince(5, '', '\0').map((e) => `${e.type} ${e.kv.key}@${e.kv.modRevision}`)).toEqual(['PUT a@6']);
    expect(() => s.eventsSince(4, '', '\0')).toThrow(ETCD_ERRORS.compacted);
  });

  it('carries the previous version in a replayed event', () => {
    const s = store();
    const [first] = s.eventsSince(3, 'a', undefined);
    expect(first?.prevKv?.value).toBe('1');
  });
});

describe('Lessor (lease/lessor.go)', () => {
  it('clamps to the minimum TTL, refuses above MaxLeaseTTL, and counts down in whole seconds', () => {
    const l = new Lessor(2);
    expect(l.grant('1', 1, 0).ttl).toBe(2);
    expect(() => l.grant('2', 9_000_000_001, 0)).toThrow(ETCD_ERRORS.leaseTTLTooLarge);
    l.grant('3', 60, 0);
    expect(l.remaining('3', 300_000)).toBe(59);
    expect(l.remaining('nope', 0)).toBe(-1);
  });

  it('deletes the attached keys of a revoked lease in one revision, sorted by key', () => {
    const l = new Lessor(2);
    const s = new MvccStore(l);
    l.grant('abc', 60, 0);
    s.put({ key: 'k2', value: 'v', lease: 'abc' });
    s.put({ key: 'k1', value: 'v', lease: 'abc' });
    const { revision, events } = s.deleteKeys(l.revoke('abc'));
    expect(revision).toBe(4);
    expect(events.map((e) => [e.type, e.kv.key, e.kv.modRevision])).toEqual([
      ['DELETE', 'k1', 4],
      ['DELETE', 'k2', 4],
    ]);
  });

  it('refuses a put on a lease that does not exist, and moves a key to its new lease', () => {
    const l = new Lessor(2);
    const s = new MvccStore(l);
    expect(() => s.put({ key: 'k', value: 'v', lease: 'ff' })).toThrow(ETCD_ERRORS.leaseNotFound);
    l.grant('a', 60, 0);
    l.grant('b', 60, 0);
    s.put({ key: 'k', value: 'v', lease: 'a' });
    s.put({ key: 'k', value: 'v', lease: 'b' });
    expect([...(l.lookup('a')?.keys ?? [])]).toEqual([]);
    expect([...(l.lookup('b')?.keys ?? [])]).toEqual(['k']);
  });
});
