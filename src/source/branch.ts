import type { FAULT_FIELDS } from '../engine/faults/fields.ts';
import type { UserActionInRun } from '../engine/index.ts';
import type { Timeline } from '../timeline/index.ts';
import type { EngineApi } from '../worker/run-simulation.ts';
import { loadTimeline } from './load-timeline.ts';
import { createSimulationSource } from './simulation-source.ts';

/** One user action of a branch, at the playhead it was taken at (RunOptions.actions of the engine). */
export type BranchAction = UserActionInRun;

/** A branch of a run: the scenario as written, its seed, and what the user did at paused playheads. */
export interface BranchRunInput {
  scenarioText: string;
  scenarioFile: string;
  seed?: number;
  actions: readonly BranchAction[];
  files?: Record<string, string>;
}

/** Lets tests pass the engine in. */
export interface BranchRunDeps {
  engine?: EngineApi;
}

/**
 * Runs one branch from scratch and builds its timeline (issue 6, forking the run). The engine is
 * deterministic, so the same input gives a byte-identical trace, and everything before the
 * earliest action is the same as in the run it was forked from. Runs in the engine's Web Worker
 * like any simulation (on this thread where there is no worker, or when a test passes the
 * engine in). Rejects with `ScenarioError` for a bad scenario, `Error` for a bad action.
 */
export async function runBranch(input: BranchRunInput, deps: BranchRunDeps = {}): Promise<Timeline> {
  const source = createSimulationSource(
    {
      scenarioText: input.scenarioText,
      scenarioFile: input.scenarioFile,
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.files !== undefined ? { files: input.files } : {}),
      actions: input.actions,
      useWorker: deps.engine === undefined,
    },
    deps.engine ? { engine: deps.engine } : {},
  );
  try {
    const { timeline } = await loadTimeline(source);
    return timeline;
  } finally {
    source.dispose();
  }
}

/** The fault types the engine runs, for the console's `fault` command and its completion (loads the engine's fault table on demand). */
export async function knownFaultTypes(): Promise<readonly string[]> {
  const faults = await import('../engine/faults/index.ts');
  return faults.FAULTS;
}

/** The engine's fault table (types and their fields), for the console's `fault` line and its completion. */
export async function knownFaultFields(): Promise<typeof FAULT_FIELDS> {
  return (await import('../engine/faults/fields.ts')).FAULT_FIELDS;
}
