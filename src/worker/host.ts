import { toWireError, type WorkerRequest, type WorkerResponse } from './protocol.ts';
import { runSimulation, type EngineApi } from './run-simulation.ts';

/**
 * What the engine worker does with one request, as a plain function so it can be tested
 * without a Worker. Never throws: every failure becomes an `error` reply.
 */
export function handleRequest(req: WorkerRequest, engine: EngineApi): WorkerResponse {
  try {
    const { header, events, outputs } = runSimulation(req, engine);
    return { type: 'result', id: req.id, header, events, outputs };
  } catch (err) {
    return { type: 'error', id: req.id, error: toWireError(err) };
  }
}
