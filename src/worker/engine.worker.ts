/// <reference lib="webworker" />
import { parseScenario, runScenario } from '../engine/index.ts';
import { handleRequest } from './host.ts';
import type { WorkerRequest } from './protocol.ts';

/**
 * The engine's Web Worker: receives `{type: 'run', id, scenarioText, scenarioFile, seed}` and
 * posts `{type: 'result', id, header, events, outputs}` or `{type: 'error', id, error}`. Created
 * by src/source/simulation-source.ts; the logic is in host.ts.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = { parseScenario, runScenario };

scope.addEventListener('message', (e: MessageEvent<WorkerRequest>) => {
  if (e.data?.type === 'run') scope.postMessage(handleRequest(e.data, engine));
});
