import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../engine/scenario/types.ts';
import { helloEvents } from '../timeline/fixtures/hello-deployment.ts';
import { handleRequest } from '../worker/host.ts';
import { fakeEngine } from '../worker/testing/fake-engine.ts';
import { createSimulationSource } from './simulation-source.ts';
import { FakeWorker } from './testing/fake-worker.ts';

/** The page side (this simulation source) talking to the worker's real host through a postMessage double. */
describe('simulation source ⇄ engine worker host', () => {
  it('brings the trace across', async () => {
    const engine = fakeEngine();
    const worker = new FakeWorker((req) => handleRequest(req, engine));
    const loaded = await createSimulationSource({ scenarioText: 'steps: []', scenarioFile: 'web.scenario.yaml', seed: 5 }, { createWorker: () => worker }).load();
    expect(engine.calls).toEqual([{ file: 'web.scenario.yaml', seed: 5 }]);
    expect(loaded.events).toEqual(helloEvents);
    expect(loaded.header.seed).toBe(5);
  });

  it('brings a scenario error across as a ScenarioError', async () => {
    const engine = fakeEngine();
    const worker = new FakeWorker((req) => handleRequest(req, engine));
    const err = await createSimulationSource({ scenarioText: 'seed: 1\n\nstpes: []', scenarioFile: 'web.scenario.yaml' }, { createWorker: () => worker })
      .load()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toBe('web.scenario.yaml:3:1: unknown key "stpes" (did you mean "steps"?)');
  });
});
