import type { RunRequest, WorkerResponse } from '../../worker/protocol.ts';
import type { WorkerLike } from '../worker-client.ts';

/**
 * A Worker double: answers each posted request with `respond(request)` on a later microtask,
 * passing both through structuredClone as postMessage does, so class identities are lost on
 * the way as they would be in a browser. `'fails-to-start'` fires an `error` event instead, as
 * a worker whose script cannot load does.
 */
export class FakeWorker implements WorkerLike {
  terminated = false;
  readonly posted: RunRequest[] = [];
  private readonly listeners = new Map<string, Set<(e: never) => void>>();

  constructor(private readonly respond: ((req: RunRequest) => WorkerResponse) | 'fails-to-start') {}

  postMessage(message: RunRequest): void {
    this.posted.push(message);
    queueMicrotask(() => {
      if (this.terminated) return;
      if (this.respond === 'fails-to-start') {
        this.dispatch('error', { type: 'error', message: 'Failed to fetch dynamically imported module' });
        return;
      }
      this.dispatch('message', { data: structuredClone(this.respond(structuredClone(message))) });
    });
  }

  addEventListener(type: string, listener: (e: never) => void): void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener);
  }

  removeEventListener(type: string, listener: (e: never) => void): void {
    this.listeners.get(type)?.delete(listener);
  }

  terminate(): void {
    this.terminated = true;
  }

  private dispatch(type: string, event: unknown): void {
    for (const l of [...(this.listeners.get(type) ?? [])]) l(event as never);
  }
}
