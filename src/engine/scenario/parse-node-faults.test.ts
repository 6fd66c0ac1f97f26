// The kubelet-stop and node-down faults (docs/scenario-format.md): what parses, and errors as
// file:line:column.
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { ScenarioError } from './types.ts';

const FILE = 'examples/x.scenario.yaml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function errorOf(text: string): string {
  try {
    parseScenario(text, FILE);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('node faults', () => {
  it('parses a fault that names a node of the cluster', () => {
    const s = parseScenario(yaml('steps:', '  - fault: {type: node-down, node: node-2}', '  - fault: {type: kubelet-stop, node: node-1}'), FILE);
    expect(s.steps).toEqual([
      { type: 'fault', line: 2, fault: { type: 'node-down', node: 'node-2' } },
      { type: 'fault', line: 3, fault: { type: 'kubelet-stop', node: 'node-1' } },
    ]);
  });

  it('needs a node, and says which ones there are', () => {
    expect(errorOf(yaml('steps:', '  - fault: {type: node-down}'))).toBe(
      `${FILE}:2:12: steps[0]: fault "node-down" needs a "node" like node-2 (nodes: node-1, node-2)`,
    );
    expect(errorOf(yaml('steps:', '  - fault: {type: kubelet-stop, node: node-9}'))).toBe(
      `${FILE}:2:39: steps[0]: fault names node "node-9", which is not in the cluster (nodes: node-1, node-2)`,
    );
  });
});
