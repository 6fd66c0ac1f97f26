import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, runScenario } from '../engine/index.ts';
import { knownFaultTypes, runBranch } from './branch.ts';

const file = 'examples/hello-deployment.scenario.yaml';
const scenarioText = readFileSync(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8');
const engine = { parseScenario, runScenario };

function runningPodsAtEnd(timeline: Awaited<ReturnType<typeof runBranch>>): number {
  const objects = [...timeline.stateAt(timeline.endTime).objects.values()];
  return objects.filter((o) => o.ref.kind === 'Pod' && (o.object as { status?: { phase?: string } }).status?.phase === 'Running').length;
}

describe('runBranch', () => {
  it('runs the scenario with the actions and builds the timeline of the branch', async () => {
    const base = await runBranch({ scenarioText, scenarioFile: file, actions: [] }, { engine });
    const scaled = await runBranch({ scenarioText, scenarioFile: file, actions: [{ t: 3_000_000, type: 'command', line: 'kubectl scale deployment/web --replicas=5' }] }, { engine });
    expect(runningPodsAtEnd(base)).toBe(3);
    expect(runningPodsAtEnd(scaled)).toBe(5);
  });

  it('rejects a bad scenario with its ScenarioError', async () => {
    await expect(runBranch({ scenarioText: 'steps: 3\n', scenarioFile: 'bad.scenario.yaml', actions: [] }, { engine })).rejects.toThrow(/bad\.scenario\.yaml:\d+:\d+:/);
  });

  it('lists the fault types the engine runs', async () => {
    expect(await knownFaultTypes()).toContain('node-down');
  });
});
