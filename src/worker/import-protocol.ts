import type { ImportError, ImportedSource, ImportProgress } from '../replay/types.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';

/**
 * The messages between the page and the import worker (import.worker.ts). Plain data, as
 * everything crossing `postMessage` is: `File` objects clone (the worker reads them itself, the
 * page never holds their bytes), errors travel as fields and are rebuilt on the page's side.
 *
 * The result comes in pieces (`header`, then `events` batches of at most `EVENT_BATCH` events,
 * then `done`), so a trace of millions of events never needs one giant structured clone.
 */

/** One input: a file the user picked or dropped (with its path in a dropped folder), or a URL. */
export type ImportSpec = { kind: 'file'; file: Blob; name: string } | { kind: 'url'; url: string; name?: string };

export interface ImportRequest {
  type: 'import';
  id: number;
  inputs: ImportSpec[];
  /** Default node for node-side files that name none. */
  node?: string;
}

/** Stop the import `id`: the worker answers with an `error` of kind `cancelled`. */
export interface CancelRequest {
  type: 'cancel';
  id: number;
}

export type ImportWorkerRequest = ImportRequest | CancelRequest;

export type ImportWorkerResponse =
  | { type: 'progress'; id: number; progress: ImportProgress }
  /** The merged trace's header, every bad line and what each file gave; `events` batches follow. */
  | { type: 'header'; id: number; header: TraceHeader; errors: ImportError[]; sources: ImportedSource[]; events: number }
  | { type: 'events'; id: number; events: TraceEvent[] }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; error: WireImportError };

/** The biggest `events` message: small enough to clone in a few milliseconds, big enough to be few. */
export const EVENT_BATCH = 5_000;

/** Progress is posted at most this often (ms), plus on every change of file or phase. */
export const PROGRESS_INTERVAL_MS = 100;

/** An import error as it crosses the worker boundary. */
export type WireImportError =
  | { kind: 'cancelled' }
  | { kind: 'unknown-format'; file: string; known: string[] }
  | { kind: 'fetch'; url: string; message: string }
  | { kind: 'internal'; name: string; message: string };
