// Commands on a node (docs/scenario-format.md "Commands on a node"): `ssh <node> <command>` must
// name a node of the cluster and give a command, checked when the script is read.
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { ScenarioError } from './types.ts';

const FILE = 'examples/x.scenario.yaml';
const yaml = (...lines: string[]): string => `${lines.join('\n')}\n`;

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error('expected a ScenarioError');
}

describe('ssh steps', () => {
  it('accepts a node of the cluster, with options and a user before it, and nodes joined earlier', () => {
    const s = parseScenario(yaml('steps:', '  - run: ssh node-1 crictl ps', '  - run: ssh -t root@node-2 crictl pods', '  - join: {name: node-3}', '  - run: ssh node-3 crictl images'), FILE);
    expect(s.steps.filter((st) => st.type === 'run').map((st) => (st as { command: string }).command)).toEqual(['ssh node-1 crictl ps', 'ssh -t root@node-2 crictl pods', 'ssh node-3 crictl images']);
  });

  it('names an unknown node at its column, listing the nodes', () => {
    expect(errorOf(() => parseScenario(yaml('steps:', '  - run: ssh node-9 crictl ps'), FILE))).toBe(
      'examples/x.scenario.yaml:2:14: steps[0]: ssh names node "node-9", which is not in the cluster (nodes: node-1, node-2)',
    );
    // a node that joins later does not count yet
    expect(errorOf(() => parseScenario(yaml('steps:', '  - run: ssh node-3 crictl ps', '  - join: {name: node-3}'), FILE))).toMatch(/:2:14: steps\[0\]: ssh names node "node-3", which is not in the cluster \(nodes: node-1, node-2\)$/);
  });

  it('needs a node and a command', () => {
    expect(errorOf(() => parseScenario(yaml('steps:', '  - run: ssh'), FILE))).toBe('examples/x.scenario.yaml:2:10: steps[0]: "ssh" needs a node and a command, like ssh node-1 crictl ps (nodes: node-1, node-2)');
    expect(errorOf(() => parseScenario(yaml('steps:', '  - run: ssh node-2'), FILE))).toBe('examples/x.scenario.yaml:2:14: steps[0]: "ssh node-2" needs the command to run on the node, like ssh node-2 crictl ps');
  });
});
