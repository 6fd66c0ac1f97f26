/// <reference lib="webworker" />
import { importFiles } from '../replay/index.ts';
import { createImportHost } from './import-host.ts';
import type { ImportWorkerRequest } from './import-protocol.ts';

/**
 * The import Web Worker: receives `{type: 'import', id, inputs}` (File objects and URLs) and
 * `{type: 'cancel', id}`; posts progress, then the trace in batches (import-protocol.ts).
 * Created by src/source/replay-file-source.ts; the logic is in import-host.ts.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createImportHost({ importFiles }, (msg) => scope.postMessage(msg));

scope.addEventListener('message', (e: MessageEvent<ImportWorkerRequest>) => {
  const msg = e.data;
  if (msg?.type === 'import' || msg?.type === 'cancel') void host.handle(msg);
});
