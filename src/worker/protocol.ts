import type { StepOutput, UserActionInRun } from '../engine/index.ts';
// Only the error class, not engine/index.ts: the page imports this file, and must not pull the
// engine into its bundle just to recognise a scenario error coming back from the worker.
import { ScenarioError } from '../engine/scenario/types.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';

/**
 * The messages between the page and the engine worker (engine.worker.ts). Plain
 * data only: it crosses `postMessage` by structured clone, which drops class identity, so
 * errors travel as fields and are rebuilt on this side.
 */
export interface RunRequest {
  type: 'run';
  /** Matches the reply to its request when one worker serves several runs. */
  id: number;
  scenarioText: string;
  scenarioFile: string;
  seed?: number;
  /** Files that `kubectl apply -f <path>` in the scenario may read, by path. */
  files?: Record<string, string>;
  /** What the user did at paused playheads: the run is a branch (RunOptions.actions). */
  actions?: UserActionInRun[];
}

export type WorkerRequest = RunRequest;

export interface RunResultMessage {
  type: 'result';
  id: number;
  header: TraceHeader;
  events: TraceEvent[];
  outputs: StepOutput[];
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  error: WireError;
}

export type WorkerResponse = RunResultMessage | ErrorMessage;

/** An error as it crosses the worker boundary. */
export type WireError =
  | { kind: 'scenario'; file: string; line: number; column: number; problem: string }
  | { kind: 'internal'; name: string; message: string; stack?: string };

export function toWireError(err: unknown): WireError {
  if (err instanceof ScenarioError) return { kind: 'scenario', file: err.file, line: err.line, column: err.column, problem: err.problem };
  if (err instanceof Error) {
    const wire: WireError = { kind: 'internal', name: err.name, message: err.message };
    if (err.stack !== undefined) wire.stack = err.stack;
    return wire;
  }
  return { kind: 'internal', name: 'Error', message: String(err) };
}

/** Rebuilds the error thrown on the other side: a real `ScenarioError` for scenario errors. */
export function fromWireError(wire: WireError): Error {
  if (wire.kind === 'scenario') return new ScenarioError(wire.file, wire.line, wire.column, wire.problem);
  const err = new Error(wire.message);
  err.name = wire.name;
  if (wire.stack !== undefined) err.stack = wire.stack;
  return err;
}
