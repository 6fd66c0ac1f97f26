import type { StepOutput } from '../engine/index.ts';
import type { ImportError, ImportedSource } from '../replay/types.ts';
import type { TraceLineError } from '../trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';

export type { StepOutput };

/** A whole trace, loaded: what a view needs to build its timeline. */
export interface LoadedTrace {
  header: TraceHeader;
  /** In `(t, seq)` order once `loadTimeline` has seen them. */
  events: TraceEvent[];
  /** The outputs of the scenario's commands (simulation only). */
  outputs?: StepOutput[];
  /** Lines of a trace file that could not be read; the rest of the trace is kept. */
  errors: TraceLineError[];
  /** A replay (recorded files imported): what each file gave and every bad line with its file. */
  replay?: ReplaySummary;
}

/** What the import made of the files of a replay (issue 5): the banner's per-file summary and error list. */
export interface ReplaySummary {
  sources: ImportedSource[];
  /** Every line that could not be read, as `file:line: reason`; line 0 for a whole file. */
  errors: ImportError[];
}

/**
 * A trace that keeps growing after `load()` (live mode, src/source/replay-live-source.ts): the
 * batches that come after the loaded trace, in `(t, seq)` order with `seq`s after its last.
 * Returns the unsubscribe function. `end` once the recording ended (or the connection closed).
 */
export interface StreamingTraceSource extends TraceSource {
  follow(listener: { batch(events: TraceEvent[], errors: ImportError[]): void; end(reason?: string): void }): () => void;
}

/** Whether a source streams more events after `load()`. */
export function isStreaming(source: TraceSource): source is StreamingTraceSource {
  return typeof (source as Partial<StreamingTraceSource>).follow === 'function';
}

/**
 * Where a trace comes from (architecture-models 4.8): the simulator, in a Worker or in-process,
 * or a recorded trace. One interface with interchangeable backends, as Perfetto's EngineBase
 * has a WASM-worker and an HTTP-RPC engine; the UI wires source → timeline and views see only
 * the timeline.
 */
export interface TraceSource {
  readonly kind: 'sim' | 'replay';
  /**
   * Produces the trace. Calling it again returns the same promise. Rejects with a
   * `ScenarioError` for a bad scenario, a `TraceFormatError` for an unreadable trace header,
   * and a `SourceDisposedError` once disposed.
   */
  load(): Promise<LoadedTrace>;
  /** Stops any work in progress (terminates the worker) and releases resources. */
  dispose(): void;
}

/** `load()` on a source that was disposed, or disposed while loading. */
export class SourceDisposedError extends Error {
  constructor() {
    super('the trace source was disposed');
    this.name = 'SourceDisposedError';
  }
}
