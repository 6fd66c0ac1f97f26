import type { MergeNode } from './types.ts';

/**
 * The merge's order of timed events: time (after clock alignment), then etcd revision, then
 * the file's position in the input and the event's position in its file. Events without a
 * revision come after those with one at the same microsecond, so the comparison stays a total
 * order (comparing revisions only when both have one would not be transitive); within a file
 * the importer's order is kept.
 */
export function compareTimed(a: MergeNode, b: MergeNode): number {
  const dt = (a.T as number) - (b.T as number);
  if (dt !== 0) return dt;
  const ra = a.raw.revision;
  const rb = b.raw.revision;
  if (ra !== undefined || rb !== undefined) {
    if (ra === undefined) return 1;
    if (rb === undefined) return -1;
    if (ra !== rb) return ra - rb;
  }
  return a.file - b.file || a.index - b.index;
}
