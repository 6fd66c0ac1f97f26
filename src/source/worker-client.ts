import { fromWireError, type RunRequest, type WorkerResponse } from '../worker/protocol.ts';
import type { LoadedTrace } from './types.ts';

/** The part of `Worker` the client uses; a fake in tests. */
export interface WorkerLike {
  postMessage(message: RunRequest): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (e: Event) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent<WorkerResponse>) => void): void;
  removeEventListener(type: 'error' | 'messageerror', listener: (e: Event) => void): void;
  terminate(): void;
}

/** The worker could not run at all (its script failed to load): the caller may run in-process instead. */
export class WorkerUnavailableError extends Error {
  constructor(detail: string) {
    super(`the engine worker is unavailable: ${detail}`);
    this.name = 'WorkerUnavailableError';
  }
}

/**
 * Sends one run to a worker and resolves with its trace, or rejects with the rebuilt error
 * (`ScenarioError` for a bad scenario). Rejects with WorkerUnavailableError when the worker
 * dies before answering.
 */
export function runInWorker(worker: WorkerLike, request: RunRequest): Promise<LoadedTrace> {
  return new Promise<LoadedTrace>((resolve, reject) => {
    const onMessage = (e: MessageEvent<WorkerResponse>): void => {
      const msg = e.data;
      if (msg.id !== request.id) return;
      cleanup();
      if (msg.type === 'result') resolve({ header: msg.header, events: msg.events, outputs: msg.outputs, errors: [] });
      else reject(fromWireError(msg.error));
    };
    const onError = (e: Event): void => {
      cleanup();
      const detail = (e as ErrorEvent).message;
      reject(new WorkerUnavailableError(detail ? detail : e.type === 'messageerror' ? 'a message could not be deserialized' : 'the worker failed to start'));
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
