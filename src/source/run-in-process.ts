import { runSimulation, type EngineApi, type SimulationInput } from '../worker/run-simulation.ts';
import type { LoadedTrace } from './types.ts';

/**
 * Loads the engine on demand: the page's bundle does not carry it when the worker runs the
 * simulation, and Vite puts it in a chunk of its own.
 */
export async function loadEngine(): Promise<EngineApi> {
  const engine = await import('../engine/index.ts');
  return { parseScenario: engine.parseScenario, runScenario: engine.runScenario };
}

/** Runs a scenario on this thread (no Worker: Node, tests, a strict CSP). Throws `ScenarioError` for a bad scenario. */
export function runSimulationInProcess(input: SimulationInput, engine: EngineApi): LoadedTrace {
  return { ...runSimulation(input, engine), errors: [] };
}
