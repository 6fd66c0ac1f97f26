import type { ImportInput, ImportOptions, ImportProgress, ImportResult } from '../replay/types.ts';
import { toWireImportError } from './import-errors.ts';
import { toImportInputs } from './import-inputs.ts';
import { EVENT_BATCH, PROGRESS_INTERVAL_MS, type ImportRequest, type ImportWorkerRequest, type ImportWorkerResponse } from './import-protocol.ts';

/** The replay backend's entry point (src/replay/index.ts `importFiles`), injected so tests can stand in. */
export type ImportFilesFn = (inputs: ImportInput[], opts: ImportOptions) => Promise<ImportResult>;

export interface ImportHostDeps {
  importFiles: ImportFilesFn;
  fetch?: typeof fetch;
  /** The clock for progress throttling (ms). */
  now?: () => number;
}

/**
 * What the import worker does, as plain functions so it runs without a Worker (tests, and the
 * page's own thread where there is no Worker). `handle` never throws: every failure becomes an
 * `error` reply. Several imports may run at once, each cancelled by its id.
 */
export function createImportHost(deps: ImportHostDeps, post: (msg: ImportWorkerResponse) => void) {
  const running = new Map<number, AbortController>();
  const now = deps.now ?? (() => Date.now());

  async function run(req: ImportRequest): Promise<void> {
    const abort = new AbortController();
    running.set(req.id, abort);
    try {
      const inputs = await toImportInputs(req.inputs, deps.fetch ?? fetch);
      const onProgress = throttledProgress((progress) => post({ type: 'progress', id: req.id, progress }), now);
      const opts: ImportOptions = { signal: abort.signal, onProgress };
      if (req.node !== undefined) opts.node = req.node;
      const result = await deps.importFiles(inputs, opts);
      onProgress.flush();
      if (abort.signal.aborted) throw new DOMException('cancelled', 'AbortError');
      postResult(req.id, result, post);
    } catch (err) {
      post({ type: 'error', id: req.id, error: abort.signal.aborted ? { kind: 'cancelled' } : toWireImportError(err) });
    } finally {
      running.delete(req.id);
    }
  }

  return {
    /** Starts an import or cancels one; the returned promise settles when the reply is posted. */
    handle(msg: ImportWorkerRequest): Promise<void> {
      if (msg.type === 'cancel') {
        running.get(msg.id)?.abort();
        return Promise.resolve();
      }
      return run(msg);
    },
  };
}

/** Header first, then the events in bounded batches, then `done`. */
export function postResult(id: number, result: ImportResult, post: (msg: ImportWorkerResponse) => void): void {
  post({ type: 'header', id, header: result.header, errors: result.errors, sources: result.sources, events: result.events.length });
  for (let i = 0; i < result.events.length; i += EVENT_BATCH) post({ type: 'events', id, events: result.events.slice(i, i + EVENT_BATCH) });
  post({ type: 'done', id });
}

/**
 * Progress at most every PROGRESS_INTERVAL_MS, but always when the file or the phase changes, so
 * the bar never misses "merging" or "done". `flush` posts the last report held back.
 */
export function throttledProgress(send: (p: ImportProgress) => void, now: () => number) {
  let last = -Infinity;
  let held: ImportProgress | undefined;
  let prev: ImportProgress | undefined;
  const fn = (p: ImportProgress) => {
    const changed = !prev || prev.phase !== p.phase || prev.fileIndex !== p.fileIndex;
    prev = p;
    const at = now();
    if (changed || at - last >= PROGRESS_INTERVAL_MS) {
      last = at;
      held = undefined;
      send({ ...p });
    } else held = { ...p };
  };
  fn.flush = () => {
    if (held) send(held);
    held = undefined;
  };
  return fn;
}
