import type { StepOutput } from '../engine/index.ts';
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
