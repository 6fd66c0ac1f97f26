import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../engine/scenario/types.ts';
import { helloEvents, helloHeader } from '../timeline/fixtures/hello-deployment.ts';
import { loadTimeline } from './load-timeline.ts';
import { createSimulationSource } from './simulation-source.ts';
import type { RunRequest, WorkerResponse } from '../worker/protocol.ts';
import { fakeEngine } from '../worker/testing/fake-engine.ts';
import { FakeWorker } from './testing/fake-worker.ts';
import { SourceDisposedError } from './types.ts';

const GOOD = 'seed: 7\nsteps:\n  - run: kubectl apply -f web.yaml\n';
const BAD = 'seed: 7\nstpes:\n  - run: kubectl apply -f web.yaml\n';

/** What the engine worker answers, written out by hand (round-trip.test.ts runs the real host). */
function cannedReply(req: RunRequest): WorkerResponse {
  if (req.scenarioText.includes('stpes:')) {
    return { type: 'error', id: req.id, error: { kind: 'scenario', file: req.scenarioFile, line: 2, column: 1, problem: 'unknown key "stpes" (did you mean "steps"?)' } };
  }
  return { type: 'result', id: req.id, header: helloHeader, events: helloEvents, outputs: [{ step: 0, t: 0, command: 'kubectl apply -f web.yaml', exitCode: 0, stdout: 'deployment.apps/web created\n', stderr: '' }] };
}

describe('createSimulationSource, in-process', () => {
  it('runs the scenario through the engine and returns its trace and outputs', async () => {
    const engine = fakeEngine();
    const source = createSimulationSource({ scenarioText: GOOD, scenarioFile: 'web.scenario.yaml', seed: 42 }, { engine });
    expect(source.kind).toBe('sim');
    const loaded = await source.load();
    expect(engine.calls).toEqual([{ file: 'web.scenario.yaml', seed: 42 }]);
    expect(loaded.header.scenario).toBe('web.scenario.yaml');
    expect(loaded.events).toBe(helloEvents);
    expect(loaded.outputs?.[0]?.stdout).toBe('deployment.apps/web created\n');
    expect(loaded.errors).toEqual([]);
  });

  it('runs in-process when no Worker exists (as in Node), whatever useWorker says', async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    const engine = fakeEngine();
    await createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { engine }).load();
    expect(engine.calls).toHaveLength(1);
  });

  it('rejects with the ScenarioError of a bad scenario', async () => {
    const source = createSimulationSource({ scenarioText: BAD, scenarioFile: 'web.scenario.yaml', useWorker: false }, { engine: fakeEngine() });
    const err = await source.load().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).message).toBe('web.scenario.yaml:2:1: unknown key "stpes" (did you mean "steps"?)');
  });

  it('runs once however often load() is called', async () => {
    const engine = fakeEngine();
    const source = createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { engine });
    const [a, b] = await Promise.all([source.load(), source.load()]);
    expect(a).toBe(b);
    expect(engine.calls).toHaveLength(1);
  });

  it('builds a timeline from the run', async () => {
    const { timeline, loaded } = await loadTimeline(createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { engine: fakeEngine() }));
    expect(timeline.length).toBe(helloEvents.length);
    expect(timeline.header).toBe(loaded.header);
    expect(timeline.stateAt(timeline.endTime).objects.size).toBe(3);
  });

  it('rejects once disposed', async () => {
    const source = createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { engine: fakeEngine() });
    const loading = source.load();
    source.dispose();
    await expect(loading).rejects.toBeInstanceOf(SourceDisposedError);
    await expect(source.load()).rejects.toBeInstanceOf(SourceDisposedError);
  });
});

describe('createSimulationSource, in a worker', () => {
  it('sends the run to the worker and terminates it after the reply', async () => {
    const worker = new FakeWorker(cannedReply);
    const loaded = await createSimulationSource({ scenarioText: GOOD, scenarioFile: 'web.scenario.yaml', seed: 3 }, { createWorker: () => worker }).load();
    expect(worker.posted).toEqual([{ type: 'run', id: expect.any(Number), scenarioText: GOOD, scenarioFile: 'web.scenario.yaml', seed: 3 }]);
    expect(loaded.events).toEqual(helloEvents);
    expect(loaded.outputs).toHaveLength(1);
    expect(worker.terminated).toBe(true);
  });

  it('turns the structured error from the worker back into a ScenarioError', async () => {
    const worker = new FakeWorker(cannedReply);
    const err = await createSimulationSource({ scenarioText: BAD, scenarioFile: 'web.scenario.yaml' }, { createWorker: () => worker })
      .load()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err).toMatchObject({ file: 'web.scenario.yaml', line: 2, column: 1, problem: 'unknown key "stpes" (did you mean "steps"?)' });
  });

  it('falls back to this thread when the worker cannot start', async () => {
    const engine = fakeEngine();
    const worker = new FakeWorker('fails-to-start');
    const loaded = await createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { createWorker: () => worker, engine }).load();
    expect(loaded.events).toBe(helloEvents); // same array: it never crossed a structuredClone
    expect(engine.calls).toHaveLength(1);
  });

  it('falls back to this thread when creating the worker throws', async () => {
    const engine = fakeEngine();
    const loaded = await createSimulationSource(
      { scenarioText: GOOD, scenarioFile: 'a.yaml' },
      {
        createWorker: () => {
          throw new Error('SecurityError: Failed to construct Worker');
        },
        engine,
      },
    ).load();
    expect(loaded.events).toBe(helloEvents);
  });

  it('does not use the worker when told not to', async () => {
    const worker = new FakeWorker(cannedReply);
    await createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml', useWorker: false }, { createWorker: () => worker, engine: fakeEngine() }).load();
    expect(worker.posted).toEqual([]);
  });

  it('terminates the worker when disposed mid-run', async () => {
    const worker = new FakeWorker(cannedReply);
    const source = createSimulationSource({ scenarioText: GOOD, scenarioFile: 'a.yaml' }, { createWorker: () => worker });
    const loading = source.load();
    source.dispose();
    await expect(loading).rejects.toBeInstanceOf(SourceDisposedError);
    expect(worker.terminated).toBe(true);
  });
});
