import type { parseScenario, runScenario, StepOutput, UserActionInRun } from '../engine/index.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';

/** What a simulation run needs: the scenario text and where it came from (for error messages). */
export interface SimulationInput {
  scenarioText: string;
  scenarioFile: string;
  seed?: number;
  /** Files that `kubectl apply -f <path>` in the scenario may read, by path. */
  files?: Record<string, string>;
  /** What the user did at paused playheads (a branch of the run). */
  actions?: UserActionInRun[];
}

/** The two engine entry points, passed in so tests can stand in for the engine. */
export interface EngineApi {
  parseScenario: typeof parseScenario;
  runScenario: typeof runScenario;
}

export interface SimulationOutput {
  header: TraceHeader;
  events: TraceEvent[];
  outputs: StepOutput[];
}

/**
 * Parses and runs a scenario on the calling thread; throws `ScenarioError` for a bad scenario.
 * The worker host runs it inside the worker; src/source runs it directly where there is no Worker.
 */
export function runSimulation(input: SimulationInput, engine: EngineApi): SimulationOutput {
  const scenario = engine.parseScenario(input.scenarioText, input.scenarioFile);
  const result = engine.runScenario(scenario, {
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
    ...(input.files !== undefined ? { files: input.files } : {}),
    ...(input.actions !== undefined ? { actions: input.actions } : {}),
  });
  return { header: result.header, events: result.events, outputs: result.outputs };
}
