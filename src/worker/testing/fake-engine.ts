import type { RunResult } from '../../engine/scenario/runner.ts';
import { ScenarioError, type Scenario } from '../../engine/scenario/types.ts';
import { helloEvents, helloHeader } from '../../timeline/fixtures/hello-deployment.ts';
import type { EngineApi } from '../run-simulation.ts';

/**
 * A stand-in for the engine: "parses" any text that does not contain `stpes:` (it throws the
 * ScenarioError a typo there would give) and "runs" it into the hello-deployment fixture trace.
 * Records the calls, so tests can check what reached the engine.
 */
export function fakeEngine(): EngineApi & { calls: { file: string; seed: number | undefined }[] } {
  const calls: { file: string; seed: number | undefined }[] = [];
  return {
    calls,
    parseScenario(text: string, file: string): Scenario {
      const bad = text.indexOf('stpes:');
      if (bad >= 0) {
        const line = text.slice(0, bad).split('\n').length;
        throw new ScenarioError(file, line, 1, 'unknown key "stpes" (did you mean "steps"?)');
      }
      return { file, seed: 1, timeOrigin: helloHeader.timeOrigin, cluster: { controlPlane: 'control-plane', nodes: [] }, objects: [], steps: [] };
    },
    runScenario(scenario, options): RunResult {
      calls.push({ file: scenario.file, seed: options?.seed });
      return {
        header: { ...helloHeader, scenario: scenario.file, seed: options?.seed ?? scenario.seed },
        events: helloEvents,
        outputs: [{ step: 0, t: 0, command: 'kubectl apply -f web.yaml', exitCode: 0, stdout: 'deployment.apps/web created\n', stderr: '' }],
        settled: true,
        endTime: 12_200,
        eventCount: helloEvents.length,
      };
    },
  };
}
