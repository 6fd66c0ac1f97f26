import type { ImportProgress } from '../replay/types.ts';
import { fromWireImportError } from '../worker/import-errors.ts';
import type { ImportWorkerRequest, ImportWorkerResponse } from '../worker/import-protocol.ts';
import type { TraceEvent } from '../trace/schema.ts';
import type { LoadedTrace } from './types.ts';

/** The part of `Worker` the import client uses; the in-process host or a fake in tests. */
export interface ImportWorkerLike {
  postMessage(message: ImportWorkerRequest): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ImportWorkerResponse>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (e: Event) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent<ImportWorkerResponse>) => void): void;
  removeEventListener(type: 'error' | 'messageerror', listener: (e: Event) => void): void;
  terminate(): void;
}

/** The import worker died before answering (its script failed to load): import on this thread instead. */
export class ImportWorkerUnavailableError extends Error {
  constructor(detail: string) {
    super(`the import worker is unavailable: ${detail}`);
    this.name = 'ImportWorkerUnavailableError';
  }
}

/**
 * Collects one import's replies (progress, header, event batches, done) into a `LoadedTrace`.
 * Rejects with the rebuilt error: `ImportCancelledError`, `UnknownFormatError`, `TraceFetchError`.
 */
export function importThrough(worker: ImportWorkerLike, request: Extract<ImportWorkerRequest, { type: 'import' }>, onProgress?: (p: ImportProgress) => void): Promise<LoadedTrace> {
  return new Promise<LoadedTrace>((resolve, reject) => {
    let loaded: LoadedTrace | undefined;
    let expected = 0;
    const onMessage = (e: MessageEvent<ImportWorkerResponse>): void => {
      const msg = e.data;
      if (msg.id !== request.id) return;
      switch (msg.type) {
        case 'progress':
          onProgress?.(msg.progress);
          return;
        case 'header':
          expected = msg.events;
          loaded = {
            header: msg.header,
            events: [] as TraceEvent[],
            errors: msg.errors.map((er) => ({ line: er.line, reason: `${er.file}: ${er.reason}` })),
            replay: { sources: msg.sources, errors: msg.errors },
          };
          return;
        case 'events':
          if (loaded) for (const ev of msg.events) loaded.events.push(ev);
          return;
        case 'done':
          cleanup();
          if (!loaded || loaded.events.length !== expected) reject(new Error(`the import worker sent ${loaded?.events.length ?? 0} of ${expected} events`));
          else resolve(loaded);
          return;
        case 'error':
          cleanup();
          reject(fromWireImportError(msg.error));
          return;
      }
    };
    const onError = (e: Event): void => {
      cleanup();
      const detail = (e as ErrorEvent).message;
      reject(new ImportWorkerUnavailableError(detail ? detail : e.type === 'messageerror' ? 'a message could not be deserialized' : 'the worker failed to start'));
    };
    const cleanup = (): void => {
      worker.removeEventListener('message', onMessage);
      worker.removeEventListener('error', onError);
      worker.removeEventListener('messageerror', onError);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onError);
    worker.postMessage(request);
  });
}
