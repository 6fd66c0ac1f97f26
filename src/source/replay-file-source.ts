import type { ImportProgress } from '../replay/types.ts';
import type { ImportFilesFn } from '../worker/import-host.ts';
import type { ImportRequest, ImportSpec } from '../worker/import-protocol.ts';
import { importThrough, ImportWorkerUnavailableError, type ImportWorkerLike } from './import-client.ts';
import { InProcessImportWorker } from './in-process-import.ts';
import { SourceDisposedError, type LoadedTrace, type TraceSource } from './types.ts';

export interface ReplaySourceOptions {
  /** Files the user picked or dropped (`name` with the folder path for a dropped folder), or URLs. */
  inputs: ImportSpec[];
  /** Default node for node-side files that name none (the importer's default is `node-1`). */
  node?: string;
  onProgress?(p: ImportProgress): void;
  /** Import in a Web Worker when one is available (default true). */
  useWorker?: boolean;
}

/** Lets tests stand in for the Worker and for src/replay's `importFiles`. */
export interface ReplaySourceDeps {
  createWorker?: () => ImportWorkerLike;
  /** For imports on this thread (default: src/replay's, loaded on demand). */
  importFiles?: ImportFilesFn;
  fetch?: typeof fetch;
}

let nextRequestId = 1;

/**
 * A replay of recorded files (issue 5): the files are imported in a Web Worker (streamed, never
 * read as one string), with progress, and the merged trace comes back in batches. Bad lines are
 * in `loaded.replay.errors` (file, line, reason) and the good ones are kept; an unknown format
 * rejects with `UnknownFormatError`, a cancelled import (`dispose()`) with `SourceDisposedError`.
 * Where there is no Worker, or it cannot start, the same import runs on this thread.
 */
export function createReplayFileSource(opts: ReplaySourceOptions, deps: ReplaySourceDeps = {}): TraceSource {
  let worker: ImportWorkerLike | undefined;
  let pending: Promise<LoadedTrace> | undefined;
  let disposed = false;
  let rejectPending: ((err: Error) => void) | undefined;
  const request: ImportRequest = { type: 'import', id: nextRequestId++, inputs: opts.inputs };
  if (opts.node !== undefined) request.node = opts.node;

  let heard = false;
  const onProgress = (p: ImportProgress) => {
    heard = true;
    opts.onProgress?.(p);
  };

  const through = async (w: ImportWorkerLike): Promise<LoadedTrace> => {
    worker = w;
    try {
      return await importThrough(w, request, onProgress);
    } finally {
      w.terminate();
      if (worker === w) worker = undefined;
    }
  };

  const inProcess = () => through(new InProcessImportWorker(deps.importFiles, deps.fetch));

  const run = async (): Promise<LoadedTrace> => {
    const make = (opts.useWorker ?? true) ? (deps.createWorker ?? defaultWorkerFactory()) : undefined;
    if (!make) return inProcess();
    let w: ImportWorkerLike;
    try {
      w = make();
    } catch {
      return inProcess();
    }
    try {
      return await through(w);
    } catch (err) {
      // Only a worker that never started is replaced: one that died while importing (out of
      // memory) would take this page down with it on this thread.
      if (err instanceof ImportWorkerUnavailableError && !heard && !disposed) return inProcess();
      throw err;
    }
  };

  return {
    kind: 'replay',
    load() {
      if (disposed) return Promise.reject(new SourceDisposedError());
      pending ??= new Promise<LoadedTrace>((resolve, reject) => {
        rejectPending = reject;
        run().then(resolve, reject);
      });
      return pending;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      // Ask the import to stop (so it frees what it holds), then end the worker outright.
      worker?.postMessage({ type: 'cancel', id: request.id });
      worker?.terminate();
      worker = undefined;
      rejectPending?.(new SourceDisposedError());
    },
  };
}

/** The browser's module worker, or undefined where there is none. */
function defaultWorkerFactory(): (() => ImportWorkerLike) | undefined {
  if (typeof Worker === 'undefined') return undefined;
  // Vite recognises this exact form and bundles the worker with its own chunk of src/replay.
  return () => new Worker(new URL('../worker/import.worker.ts', import.meta.url), { type: 'module' }) as ImportWorkerLike;
}
