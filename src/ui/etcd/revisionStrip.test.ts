import { describe, expect, it } from 'vitest';
import { fold } from '../../timeline/index.ts';
import type { EtcdStoreView } from '../../timeline/index.ts';
import type { TraceEvent } from '../../trace/schema.ts';
import { etcdKeysProjection } from '../../timeline/projections/etcd-keys.ts';
import { revisionCells } from './revisionStrip.ts';

const span = (seq: number, op: string, attrs: Record<string, unknown>): TraceEvent => ({ seq, t: seq, dur: 1, kind: 'span', actor: 'etcd/etcd-0', op, src: 'sim', attrs });
const storeOf = (events: TraceEvent[]): EtcdStoreView => {
  const s = fold(etcdKeysProjection, events);
  return { revision: s.revision, compactRevision: s.compactRevision, changes: s.changes, members: new Map() };
};

describe('revisionCells (etcd-mvcc: compaction at 3 keeps 3 readable, DOMAIN.md 1)', () => {
  const store = storeOf([
    span(1, 'Put', { key: '/registry/deployments/default/web', revision: 2 }),
    span(2, 'Put', { key: '/registry/deployments/default/web', revision: 3 }),
    span(3, 'Put', { key: '/registry/deployments/default/web', revision: 4 }),
    span(4, 'Compact', { revision: 3 }),
  ]);

  it('starts at revision 1, the new store, and greys what compaction dropped', () => {
    expect(revisionCells(store, 12).map((c) => [c.revision, c.compacted, c.compactMark, c.current, c.changes.length])).toEqual([
      [1, true, false, false, 0],
      [2, true, false, false, 1],
      [3, false, true, false, 1],
      [4, false, false, true, 1],
    ]);
  });

  it('shows only the newest revisions', () => {
    expect(revisionCells(store, 2).map((c) => c.revision)).toEqual([3, 4]);
    expect(revisionCells(storeOf([]), 12)).toEqual([]);
  });
});
