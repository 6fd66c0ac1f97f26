import { describe, expect, it } from 'vitest';
import { fakeEngine } from './testing/fake-engine.ts';
import { helloEvents } from '../timeline/fixtures/hello-deployment.ts';
import { handleRequest } from './host.ts';

describe('engine worker host', () => {
  it('answers a run with the trace and outputs, under the request id', () => {
    const reply = handleRequest({ type: 'run', id: 7, scenarioText: 'steps: []', scenarioFile: 'a.yaml', seed: 9 }, fakeEngine());
    expect(reply).toMatchObject({ type: 'result', id: 7, events: helloEvents, header: { seed: 9 } });
    expect(reply.type === 'result' && reply.outputs).toHaveLength(1);
  });

  it('answers a bad scenario with a structured scenario error instead of throwing', () => {
    const reply = handleRequest({ type: 'run', id: 8, scenarioText: 'stpes: []', scenarioFile: 'a.yaml' }, fakeEngine());
    expect(reply).toEqual({ type: 'error', id: 8, error: { kind: 'scenario', file: 'a.yaml', line: 1, column: 1, problem: 'unknown key "stpes" (did you mean "steps"?)' } });
  });

  it('answers an engine crash with an internal error', () => {
    const engine = fakeEngine();
    engine.runScenario = () => {
      throw new RangeError('queue overflow');
    };
    const reply = handleRequest({ type: 'run', id: 9, scenarioText: '', scenarioFile: 'a.yaml' }, engine);
    expect(reply).toMatchObject({ type: 'error', id: 9, error: { kind: 'internal', name: 'RangeError', message: 'queue overflow' } });
  });
});
