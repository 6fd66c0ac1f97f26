import type { MergeTable } from './types.ts';

/**
 * The merge's order of timed events (rows of `table`): time (after clock alignment), then etcd
 * revision, then the file's position in the input and the event's position in its file — which
 * is the row number, as rows are in file order. Events without a revision come after those with
 * one at the same microsecond, so the comparison stays a total order (comparing revisions only
 * when both have one would not be transitive); within a file the importer's order is kept.
 */
export function timeOrder(table: MergeTable): (a: number, b: number) => number {
  const { raws, T } = table;
  // The revisions read once into an array, so the sort does not chase each event's object.
  const n = raws.length;
  const hasRevision = new Uint8Array(n);
  const revision = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = raws[i]!.revision;
    if (r !== undefined) {
      hasRevision[i] = 1;
      revision[i] = r;
    }
  }
  return (a, b) => {
    const dt = T[a]! - T[b]!;
    if (dt !== 0) return dt;
    const ha = hasRevision[a];
    const hb = hasRevision[b];
    if (ha || hb) {
      if (!ha) return 1;
      if (!hb) return -1;
      const ra = revision[a]!;
      const rb = revision[b]!;
      if (ra !== rb) return ra - rb;
    }
    return a - b;
  };
}
