// The `join` step (docs/scenario-format.md): the keys, defaults and checks of a cluster.nodes
// entry, errors as file:line:column, and the runner's checks of what parsing cannot see.
import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse.ts';
import { runScenario } from './runner.ts';
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

describe('join steps', () => {
  it('parses a node with the cluster.nodes defaults', () => {
    const s = parseScenario(yaml('steps:', '  - join: {name: node-3, cpu: "8", memory: 16Gi}'), FILE);
    expect(s.steps).toEqual([
      { type: 'join', line: 2, node: { name: 'node-3', cpu: '8', memory: '16Gi', pods: 110, labels: {}, taints: [], runtime: 'containerd+runc', line: 2 } },
    ]);
  });

  it('validates like cluster.nodes, with the position of the problem', () => {
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {name: node-3, cpu: lots}'), FILE))).toBe(
      'examples/x.scenario.yaml:2:31: steps[0].join: "cpu" must be a Kubernetes quantity like "4" or "500m", got "lots"',
    );
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {cpu: "8"}'), FILE))).toBe('examples/x.scenario.yaml:2:11: steps[0].join: a node needs a "name"');
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: node-3'), FILE))).toMatch(/^examples\/x\.scenario\.yaml:2:11: steps\[0\]: "join" must be a node mapping/);
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {name: node-3, gpus: 1}'), FILE))).toMatch(/steps\[0\]\.join: unknown key "gpus"/);
  });

  it('refuses a name the cluster already has, counting nodes that joined earlier', () => {
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {name: node-1}'), FILE))).toBe(
      'examples/x.scenario.yaml:2:18: steps[0].join: node name "node-1" is already in the cluster (nodes: node-1, node-2)',
    );
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {name: node-3}', '  - join: {name: node-3}'), FILE))).toMatch(/^examples\/x\.scenario\.yaml:3:18: steps\[1\]\.join: node name "node-3" is already/);
  });

  it('lets later fault steps name a joined node', () => {
    const s = parseScenario(yaml('steps:', '  - join: {name: node-3}', '  - fault: {type: node-down, node: node-3}'), FILE);
    expect(s.steps[1]).toMatchObject({ type: 'fault', fault: { node: 'node-3' } });
  });

  it('is refused when it runs on a cluster without Kubernetes, or with a runtime not simulated', () => {
    const etcdOnly = parseScenario(yaml('cluster:', '  kubernetes: false', 'steps:', '  - join: {name: node-3}'), FILE);
    expect(errorOf(() => runScenario(etcdOnly))).toBe('examples/x.scenario.yaml:4:1: join: node "node-3" needs "kubernetes: true"; without Kubernetes the cluster is etcd alone');
    // Every runtime the format knows is simulated now (dockershim was the last): an unknown one is refused by the parser.
    expect(errorOf(() => parseScenario(yaml('steps:', '  - join: {name: node-3, runtime: cri-dockerd}'), FILE))).toMatch(/^examples\/x\.scenario\.yaml:2:\d+: steps\[0\]\.join: unknown runtime "cri-dockerd" \(known: /);
  });
});
