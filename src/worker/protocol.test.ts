import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../engine/scenario/types.ts';
import { fromWireError, toWireError } from './protocol.ts';

describe('worker protocol errors', () => {
  it('carries a ScenarioError as {file, line, column, problem} and rebuilds it', () => {
    const wire = toWireError(new ScenarioError('web.scenario.yaml', 12, 7, 'unknown command "kubctl"'));
    expect(wire).toEqual({ kind: 'scenario', file: 'web.scenario.yaml', line: 12, column: 7, problem: 'unknown command "kubctl"' });
    const back = fromWireError(structuredClone(wire));
    expect(back).toBeInstanceOf(ScenarioError);
    expect(back.message).toBe('web.scenario.yaml:12:7: unknown command "kubctl"');
  });

  it('keeps the name, message and stack of other errors', () => {
    const err = new TypeError('boom');
    const back = fromWireError(structuredClone(toWireError(err)));
    expect(back.name).toBe('TypeError');
    expect(back.message).toBe('boom');
    expect(back.stack).toBe(err.stack);
    expect(fromWireError(toWireError('a string'))).toMatchObject({ name: 'Error', message: 'a string' });
  });
});
