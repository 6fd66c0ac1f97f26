import { twoFreePorts } from '../etcd.ts';

/**
 * The etcd both sides run: the same name, URLs and timing, because cluster_id and member_id are
 * hashes of the peer URLs, the name and the cluster token (etcdserver/api/membership/member.go),
 * and the minimum lease TTL comes from the election timeout.
 */
export interface EtcdSetup {
  name: string;
  clientPort: number;
  peerPort: number;
  initialClusterToken: string;
  /** Short, so that a fresh etcd elects itself in about 100 ms instead of 1–2 s. */
  heartbeatIntervalMs: number;
  electionTimeoutMs: number;
}

/** Two free loopback ports for the whole run (away from 2379/2380), and fast elections. */
export async function chooseSetup(): Promise<EtcdSetup> {
  const [clientPort, peerPort] = await twoFreePorts();
  return { name: 'default', clientPort, peerPort, initialClusterToken: 'etcd-cluster', heartbeatIntervalMs: 10, electionTimeoutMs: 100 };
}

export const clientURL = (s: EtcdSetup): string => `http://127.0.0.1:${s.clientPort}`;
export const peerURL = (s: EtcdSetup): string => `http://127.0.0.1:${s.peerPort}`;
