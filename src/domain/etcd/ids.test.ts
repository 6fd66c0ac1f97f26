import { describe, expect, it } from 'vitest';
import { clusterId, hex16, hexId, memberId, RequestIdGenerator } from './ids.ts';
import { minLeaseTTL } from './errors.ts';
import { inRange, prefixEnd } from './keys.ts';

// membership/member.go NewMember, membership/cluster.go genID, pkg/idutil/id.go, etcdserver/server.go minTTL.
describe('etcd IDs', () => {
  it('derives the well-known ID of a default member on localhost:2380', () => {
    const id = memberId(['http://localhost:2380'], 'etcd-cluster');
    expect(hexId(id)).toBe('8e9e05c52164694d');
    expect(hexId(clusterId([id]))).toBe('cdf818194e3a8c32');
  });

  it('derives the IDs a real etcd 3.4.23 reported for a member on 127.0.0.1:23800', () => {
    const id = memberId(['http://127.0.0.1:23800'], 'etcd-cluster');
    expect(id.toString()).toBe('3319814642761637952');
    expect(clusterId([id]).toString()).toBe('324952591200643719');
  });

  it('prints IDs as %016x', () => {
    expect(hex16(0x1234n)).toBe('0000000000001234');
  });

  it('builds lease IDs from the member ID, the start time and a counter, top bit cleared', () => {
    const gen = new RequestIdGenerator(0x2e1259d415f2a040n, 0x11ee291e00 / 256);
    const lease = gen.nextLeaseId();
    expect(lease >> 48n).toBe(0xa040n & 0x7fffn);
    expect(gen.nextLeaseId() - lease).toBe(1n);
  });

  it('clamps lease TTLs to 1.5 election timeouts rounded up to seconds', () => {
    expect(minLeaseTTL(100, 1000)).toBe(2);
    expect(minLeaseTTL(10, 100)).toBe(1);
    expect(minLeaseTTL(100, 5000)).toBe(8);
  });
});

// clientv3/op.go getPrefix, WithFromKey.
describe('etcd key ranges', () => {
  it('ends a prefix range at the prefix with its last byte incremented', () => {
    expect(prefixEnd('/registry/pods/')).toBe('/registry/pods0');
    expect(prefixEnd('a')).toBe('b');
    expect(prefixEnd('')).toBe('\0');
  });

  it('reads one key, a half-open range and "from key"', () => {
    expect(inRange('a', 'a', undefined)).toBe(true);
    expect(inRange('a1', 'a', undefined)).toBe(false);
    expect(inRange('a1', 'a', 'b')).toBe(true);
    expect(inRange('b', 'a', 'b')).toBe(false);
    expect(inRange('zzz', 'b', '\0')).toBe(true);
  });
});
