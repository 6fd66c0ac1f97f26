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
  /**
   * The caller gives the sources' event lists up (importFiles does): they are emptied, and each
   * RawEvent is let go as soon as it is placed, so a large import never holds all its raw and
   * all its placed events at once. The result is the same.
   */
  release?: boolean;
}

/**
 * The events of all files on their way through the merge, one row per event (no object per
 * event: merge/place.ts says why). Rows are in file order, each file's events in its order.
 */
export interface MergeTable {
  /** A row's RawEvent; undefined once placed when the merge releases them (MergeOptions.release). */
  raws: (RawEvent | undefined)[];
  /** Let placed rows' RawEvents go (MergeOptions.release). */
  release: boolean;
  /** The row's file (its position in the input). */
  file: Int32Array;
  /** The row's time after clock alignment (epoch µs); NaN for events without time. */
  T: Float64Array;
}
