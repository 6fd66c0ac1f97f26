import { describe, expect, it } from 'vitest';
import { clusterId, hexId, memberId } from './ids.ts';
import { memberName, memberURLs, shiftPort } from './members.ts';

// membership/member.go NewMember and cluster.go genID over three members; the IDs are what a
// real three-member etcd 3.4.23 printed (`etcdctl member list`, `endpoint status -w json`).
describe('a cluster of three members', () => {
  it('derives the member IDs and the cluster ID a real 3.4.23 cluster reported', () => {
    const ids = ['http://127.0.0.1:40380', 'http://127.0.0.1:40390', 'http://127.0.0.1:40400'].map((u) => memberId([u], 'etcd-cluster'));
    expect(ids.map(hexId)).toEqual(['4e024829197c4c81', 'acf680314717f90e', 'dd593311146bab15']);
    expect(clusterId(ids).toString()).toBe('12079148157408310781');
  });

  it('does not depend on the order the members are listed in', () => {
    const ids = ['http://127.0.0.1:47380', 'http://127.0.0.1:47390', 'http://127.0.0.1:47400'].map((u) => memberId([u], 'etcd-cluster'));
    expect(hexId(ids[0] as bigint)).toBe('f693f74fd84ada81');
    expect(clusterId(ids).toString()).toBe('5810284316728039983');
    expect(clusterId([...ids].reverse()).toString()).toBe('5810284316728039983');
  });
});

describe('member flags on one host', () => {
  it('names member i <name>-<i>', () => {
    expect(memberName('control-plane', 2)).toBe('control-plane-2');
  });

  it('moves the ports on by 10000 per member, as a local multi-member cluster does', () => {
    expect(memberURLs(['https://control-plane:2380'], ['https://control-plane:2379'], 1)).toEqual({ peerURLs: ['https://control-plane:12380'], clientURLs: ['https://control-plane:12379'] });
    expect(memberURLs(['http://127.0.0.1:2380'], ['http://127.0.0.1:2379'], 0)).toEqual({ peerURLs: ['http://127.0.0.1:2380'], clientURLs: ['http://127.0.0.1:2379'] });
  });

  it('gives a URL without a port etcd\'s default port first', () => {
    expect(shiftPort('http://10.0.0.1', 20_000, 2380)).toBe('http://10.0.0.1:22380');
  });
});
