import { sha1 } from './sha1.ts';

/**
 * The 64-bit identifiers etcd prints, computed as etcd computes them. They are bigints: a
 * member ID such as 3319814642761637952 does not fit a JavaScript number.
 */

const UINT64 = (1n << 64n) - 1n;

function firstUint64(digest: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(digest[i] as number);
  return v;
}

/**
 * A member's ID (membership/member.go NewMember): SHA-1 of its sorted peer URLs joined with no
 * separator, then the cluster token (`--initial-cluster-token`, default "etcd-cluster"); the
 * first eight bytes, big-endian. A member of the initial cluster gets no time salt, so the
 * same flags give the same ID on every machine: `default` on http://localhost:2380 is the
 * well-known 8e9e05c52164694d.
 */
export function memberId(peerURLs: readonly string[], clusterToken: string): bigint {
  const text = [...peerURLs].sort().join('') + clusterToken;
  return firstUint64(sha1(new TextEncoder().encode(text)));
}

/** The cluster ID (membership/cluster.go genID): SHA-1 of the sorted member IDs, 8 bytes each. */
export function clusterId(memberIds: readonly bigint[]): bigint {
  const sorted = [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Uint8Array(sorted.length * 8);
  sorted.forEach((id, i) => {
    for (let j = 0; j < 8; j++) bytes[i * 8 + j] = Number((id >> BigInt(56 - j * 8)) & 0xffn);
  });
  return firstUint64(sha1(bytes));
}

/** `%016x`, as etcd prints member and lease IDs. */
export function hex16(id: bigint): string {
  return (id & UINT64).toString(16).padStart(16, '0');
}

/** `%x`, as etcd's types.ID prints a member ID in `endpoint status` and `member list`. */
export function hexId(id: bigint): string {
  return (id & UINT64).toString(16);
}

const TS_BITS = 40n;
const COUNT_BITS = 8n;
const SUFFIX_BITS = TS_BITS + COUNT_BITS;

/**
 * etcd's request ID generator (pkg/idutil/id.go): the low 16 bits of the member ID, then the
 * low 40 bits of the start time in Unix milliseconds, then an 8-bit counter that carries into
 * the time part. Every raft proposal takes the next ID, and so does a lease grant that names no
 * ID (etcdserver LeaseGrant), which is why two grants in a row differ by 2. A lease ID is the
 * next ID with the top bit cleared (a positive int64).
 */
export class RequestIdGenerator {
  private readonly prefix: bigint;
  private suffix: bigint;

  constructor(member: bigint, unixMillis: number) {
    this.prefix = (member & 0xffffn) << SUFFIX_BITS;
    this.suffix = (BigInt(Math.floor(unixMillis)) & ((1n << TS_BITS) - 1n)) << COUNT_BITS;
  }

  next(): bigint {
    this.suffix += 1n;
    return this.prefix | (this.suffix & ((1n << SUFFIX_BITS) - 1n));
  }

  nextLeaseId(): bigint {
    return this.next() & ((1n << 63n) - 1n);
  }
}
