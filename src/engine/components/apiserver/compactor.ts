import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { TxnRequest, TxnResponse } from '../etcd/mvcc.ts';

const SECOND = 1_000_000;

/** --etcd-compaction-interval (default 5m). */
export const COMPACTION_INTERVAL = 300 * SECOND;
/** The key whose version is the compactors' shared clock (storage/etcd3/compact.go). */
export const COMPACT_REV_KEY = 'compact_rev_key';

/** What the compactor needs of kube-apiserver's etcd client. */
export interface CompactorOps {
  txn(txn: TxnRequest, onResponse: (res: TxnResponse | { error: string }, delivery: Delivery) => void): void;
  compact(revision: number, onResponse: (res: { error?: string }, delivery: Delivery) => void): void;
}

/**
 * kube-apiserver's etcd compactor (staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go).
 * Every interval it runs one transaction on `compact_rev_key`: if the key's version still is
 * the compact time it knows, it writes the revision it saw last time (bumping the version, so
 * the other apiservers' compares fail and they learn the new time), then compacts etcd at that
 * revision. So etcd keeps between one and two intervals of history: the first compaction
 * happens at the second tick (10 minutes), at the revision seen at the first (5 minutes).
 * A background timer: a cluster that only waits for the next compaction is settled.
 */
export class Compactor {
  private compactTime = 0;
  private rev = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly ops: CompactorOps,
    private readonly interval = COMPACTION_INTERVAL,
  ) {}

  start(): void {
    const tick = (): void => {
      this.compact();
      this.sim.after(this.interval, tick, { background: true, label: 'etcd compactor' });
    };
    this.sim.after(this.interval, tick, { background: true, label: 'etcd compactor' });
  }

  private compact(): void {
    const t = this.compactTime;
    const rev = this.rev;
    const txn: TxnRequest = {
      compare: [{ key: COMPACT_REV_KEY, target: 'VERSION', result: 'EQUAL', value: t }],
      success: [{ requestPut: { key: COMPACT_REV_KEY, value: String(rev) } }],
      failure: [{ requestRange: { key: COMPACT_REV_KEY } }],
    };
    this.ops.txn(txn, (res) => {
      // An error leaves the compactor's state as it was: it tries again next interval.
      if ('error' in res) return;
      const curRev = res.header.revision;
      if (!res.succeeded) {
        // Another compactor won: take its compact time.
        const r = res.responses[0];
        const version = r && 'responseRange' in r ? r.responseRange.kvs[0]?.version : undefined;
        this.compactTime = version ?? t;
        this.rev = curRev;
        return;
      }
      this.compactTime = t + 1;
      this.rev = curRev;
      // No compaction on the first tick: there is no revision from an interval ago yet.
      if (rev === 0) return;
      this.ops.compact(rev, () => {});
    });
  }
}
