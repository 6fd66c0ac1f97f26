import type { EtcdChange, EtcdStoreView } from '../../timeline/index.ts';
import { lastChanges } from '../../timeline/index.ts';

/** One revision of the store, as a cell of the strip. */
export interface RevisionCell {
  readonly revision: number;
  /** What this revision changed (several keys when one txn wrote them); empty for revision 1, the new store. */
  readonly changes: readonly EtcdChange[];
  /** Below the compaction revision: history gone, reads and watches from here fail. */
  readonly compacted: boolean;
  /** The compaction revision itself: the oldest revision still readable. */
  readonly compactMark: boolean;
  /** The store's current revision. */
  readonly current: boolean;
}

/**
 * The newest `max` revisions, oldest first. Every write txn that changed something is one
 * revision (mvcc/kvstore_txn.go); a new store starts at revision 1 (DOMAIN.md 1). Compaction
 * at R keeps R readable and drops everything before it (mvcc/kvstore_compaction.go).
 */
export function revisionCells(store: EtcdStoreView, max: number): RevisionCell[] {
  if (store.revision <= 0) return [];
  const first = Math.max(1, store.revision - max + 1);
  const byRev = new Map<number, EtcdChange[]>();
  // A revision changes a handful of keys at most (a lease revoke); `max × 8` reaches back far enough.
  for (const c of lastChanges(store.changes, max * 8)) {
    if (c.revision < first) continue;
    const list = byRev.get(c.revision);
    if (list) list.push(c);
    else byRev.set(c.revision, [c]);
  }
  const cells: RevisionCell[] = [];
  for (let rev = first; rev <= store.revision; rev++) {
    cells.push({
      revision: rev,
      changes: byRev.get(rev) ?? [],
      compacted: rev < store.compactRevision,
      compactMark: rev === store.compactRevision,
      current: rev === store.revision,
    });
  }
  return cells;
}
