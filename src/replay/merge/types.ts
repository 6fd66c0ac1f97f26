import type { TraceSourceName } from '../../trace/schema.ts';
import type { RawEvent, SourceFacts } from '../types.ts';

/** One file's contribution to the merge: what its importer read. */
export interface MergeSource {
  file: string;
  /** The importer's `name`: the default `src` of the events, `ImportedSource.format`. */
  format: TraceSourceName;
  label: string;
  events: RawEvent[];
  /** How many of the file's lines were reported as errors (for `ImportedSource.errors`). */
  errors: number;
  facts: SourceFacts;
  /** A clock correction given for the file (µs, added to its times); absent: estimate one. */
  clockOffset?: number;
  node?: string;
}

export interface MergeOptions {
  /** The header's `generator`; default `kube-anatomy <version>`. */
  generator?: string;
}

/**
 * One event on its way through the merge. `T` is its time after clock alignment (epoch µs),
 * absent for sources without time; the rest is the placement's bookkeeping.
 */
export interface MergeNode {
  raw: RawEvent;
  file: number;
  /** Position in its file's event list (the source sequence). */
  index: number;
  T: number | undefined;
  /** Position among the timed events in time order; -1 for events without time. */
  order: number;
  state: 'new' | 'pending' | 'emitted';
  /** Prerequisites not emitted yet (pending events only). */
  waiting: number;
  waiters: MergeNode[] | undefined;
  seq: number;
  t: number;
}
