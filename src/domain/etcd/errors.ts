/**
 * Error texts of etcd 3.4 as a client sees them: the server's gRPC errors
 * (api/v3rpc/rpctypes/error.go, prefixed "etcdserver: ") and the mvcc errors they wrap
 * (mvcc/kvstore.go). Each is also the text etcdctl prints after "Error: ".
 */
export const ETCD_ERRORS = {
  compacted: 'etcdserver: mvcc: required revision has been compacted',
  futureRev: 'etcdserver: mvcc: required revision is a future revision',
  duplicateKey: 'etcdserver: duplicate key given in txn request',
  leaseNotFound: 'etcdserver: requested lease not found',
  leaseTTLTooLarge: 'etcdserver: too large lease TTL',
  noLeader: 'etcdserver: no leader',
  requestTimedOut: 'etcdserver: request timed out',
  requestTimedOutLeaderFail: 'etcdserver: request timed out, possibly due to previous leader failure',
  requestTimedOutConnectionLost: 'etcdserver: request timed out, possibly due to connection lost',
  leaderChanged: 'etcdserver: leader changed',
  // A proposal that waited for a leader until its deadline: raft's Propose returns the bare
  // context error, which gRPC sends with code Unknown and clientv3 passes through as it is
  // (etcdserver/v3_server.go processInternalRaftRequestOnce, v3rpc/util.go togRPCError).
  proposalDeadline: 'rpc error: code = Unknown desc = context deadline exceeded',
  tooManyOps: 'etcdserver: too many operations in txn request',
  emptyKey: 'etcdserver: key is not provided',
} as const;

/** The gRPC status code each error travels with (clientv3 logs it; tests compare it). */
export const ETCD_ERROR_CODES: Record<keyof typeof ETCD_ERRORS, string> = {
  compacted: 'OutOfRange',
  futureRev: 'OutOfRange',
  duplicateKey: 'InvalidArgument',
  leaseNotFound: 'NotFound',
  leaseTTLTooLarge: 'OutOfRange',
  noLeader: 'Unavailable',
  requestTimedOut: 'Unavailable',
  requestTimedOutLeaderFail: 'Unavailable',
  requestTimedOutConnectionLost: 'Unavailable',
  leaderChanged: 'Unavailable',
  proposalDeadline: 'Unknown',
  tooManyOps: 'InvalidArgument',
  emptyKey: 'InvalidArgument',
};

/** An etcd server error, carrying the exact text. */
export class EtcdError extends Error {
  constructor(readonly code: keyof typeof ETCD_ERRORS) {
    super(ETCD_ERRORS[code]);
    this.name = 'EtcdError';
  }
}

/** etcd's lease TTL ceiling (lease/lessor.go MaxLeaseTTL). */
export const MAX_LEASE_TTL = 9_000_000_000;

/**
 * The smallest lease TTL (etcdserver/server.go): 1.5 election timeouts, in whole seconds
 * rounded up: ceil(3 * electionTicks / 2 * heartbeat). 2 s with the default 100 ms heartbeat
 * and 1,000 ms election timeout.
 */
export function minLeaseTTL(heartbeatMs: number, electionTimeoutMs: number): number {
  const electionTicks = Math.floor(electionTimeoutMs / heartbeatMs);
  const ms = Math.floor((3 * electionTicks) / 2) * heartbeatMs;
  return Math.ceil(ms / 1000);
}
