import type { UserActionInRun } from '../engine/index.ts';
import type { RunRequest } from '../worker/protocol.ts';
import type { EngineApi } from '../worker/run-simulation.ts';
import { loadEngine, runSimulationInProcess } from './run-in-process.ts';
import { SourceDisposedError, type LoadedTrace, type TraceSource } from './types.ts';
import { runInWorker, WorkerUnavailableError, type WorkerLike } from './worker-client.ts';

export interface SimulationSourceOptions {
  /** The scenario script (`*.scenario.yaml`) as text. */
  scenarioText: string;
  /** Its file name, used in error messages (`file:line:column: problem`). */
  scenarioFile: string;
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Run in a Web Worker when one is available (default true). */
  useWorker?: boolean;
  /** Files that `kubectl apply -f <path>` in the scenario may read, by path. */
  files?: Record<string, string>;
  /** What the user did at paused playheads: run a branch (src/source/branch.ts). */
  actions?: readonly UserActionInRun[];
}

/** Lets tests stand in for the browser's Worker and for the engine. */
export interface SimulationSourceDeps {
  createWorker?: () => WorkerLike;
  /** The engine for in-process runs (default: src/engine, loaded on demand). */
  engine?: EngineApi;
}

let nextRequestId = 1;

/**
 * A trace made by running a scenario through the engine: in a Web Worker when one is available,
 * so a long simulation never blocks the page, else on this thread. A worker that fails to start
 * (blocked by a CSP, or a file:// page) falls back to this thread too. A bad scenario rejects
 * with `ScenarioError` either way.
 */
export function createSimulationSource(opts: SimulationSourceOptions, deps: SimulationSourceDeps = {}): TraceSource {
  let worker: WorkerLike | undefined;
  let pending: Promise<LoadedTrace> | undefined;
  let disposed = false;
  let rejectPending: ((err: Error) => void) | undefined;

  const request: RunRequest = { type: 'run', id: nextRequestId++, scenarioText: opts.scenarioText, scenarioFile: opts.scenarioFile };
  if (opts.seed !== undefined) request.seed = opts.seed;
  if (opts.files !== undefined) request.files = opts.files;
  if (opts.actions !== undefined) request.actions = [...opts.actions];

  const inProcess = async (): Promise<LoadedTrace> => {
    const engine = deps.engine ?? (await loadEngine());
    if (disposed) throw new SourceDisposedError();
    return runSimulationInProcess(request, engine);
  };

  const run = async (): Promise<LoadedTrace> => {
    const make = (opts.useWorker ?? true) ? (deps.createWorker ?? defaultWorkerFactory()) : undefined;
    if (!make) return inProcess();
    try {
      worker = make();
    } catch {
      return inProcess();
    }
    try {
      return await runInWorker(worker, request);
    } catch (err) {
      if (err instanceof WorkerUnavailableError && !disposed) return inProcess();
      throw err;
    } finally {
      worker.terminate();
      worker = undefined;
    }
  };

  return {
    kind: 'sim',
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
      worker?.terminate();
      worker = undefined;
      rejectPending?.(new SourceDisposedError());
    },
  };
}

/** The browser's module worker, or undefined where there is none (Node, old test runners). */
function defaultWorkerFactory(): (() => WorkerLike) | undefined {
  if (typeof Worker === 'undefined') return undefined;
  // Vite recognises this exact form and bundles the worker with its own chunk of the engine.
  return () => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module' }) as WorkerLike;
}
