import { createImportHost, type ImportFilesFn } from '../worker/import-host.ts';
import type { ImportWorkerRequest, ImportWorkerResponse } from '../worker/import-protocol.ts';
import type { ImportWorkerLike } from './import-client.ts';

/** The replay backend's `importFiles`, loaded on demand so it stays out of the page's bundle when the worker runs it. */
export async function loadImportFiles(): Promise<ImportFilesFn> {
  const replay = await import('../replay/index.ts');
  return replay.importFiles;
}

/**
 * The import worker's host on this thread, behind the same message interface, for pages with
 * no Worker (Node, tests) or whose worker cannot start (a CSP, file://). Replies are delivered
 * asynchronously, as a worker's are.
 */
export class InProcessImportWorker implements ImportWorkerLike {
  private readonly listeners = new Set<(e: MessageEvent<ImportWorkerResponse>) => void>();
  private terminated = false;
  private readonly host;
  private readonly ids = new Set<number>();

  /** `importFiles` defaults to src/replay's, loaded on first use. */
  constructor(importFiles?: ImportFilesFn, fetchImpl?: typeof fetch) {
    let fn: Promise<ImportFilesFn> | undefined;
    const resolve = () => (fn ??= importFiles ? Promise.resolve(importFiles) : loadImportFiles());
    this.host = createImportHost(
      { importFiles: async (inputs, opts) => (await resolve())(inputs, opts), ...(fetchImpl ? { fetch: fetchImpl } : {}) },
      (msg) => {
        if (this.terminated) return;
        const event = { data: msg } as MessageEvent<ImportWorkerResponse>;
        for (const l of [...this.listeners]) l(event);
      },
    );
  }

  postMessage(message: ImportWorkerRequest): void {
    if (message.type === 'import') this.ids.add(message.id);
    queueMicrotask(() => void this.host.handle(message));
  }

  addEventListener(type: string, listener: (e: never) => void): void {
    if (type === 'message') this.listeners.add(listener as (e: MessageEvent<ImportWorkerResponse>) => void);
  }

  removeEventListener(type: string, listener: (e: never) => void): void {
    if (type === 'message') this.listeners.delete(listener as (e: MessageEvent<ImportWorkerResponse>) => void);
  }

  /** Cancels what is running (the host sees the abort) and drops every later reply. */
  terminate(): void {
    this.terminated = true;
    for (const id of this.ids) void this.host.handle({ type: 'cancel', id });
  }
}
