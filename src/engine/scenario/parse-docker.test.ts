// cluster.docker (docs/scenario-format.md): Docker hosts without Kubernetes; errors as file:line:column.
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

describe('cluster.docker', () => {
  it('gives Docker hosts and no Kubernetes nodes', () => {
    const s = parseScenario(yaml('cluster:', '  docker:', '    - name: host-1', '    - name: host-2'), FILE);
    expect(s.cluster).toMatchObject({ kubernetes: false, nodes: [], docker: [{ name: 'host-1', line: 3 }, { name: 'host-2', line: 4 }] });
  });

  it('refuses Kubernetes nodes, bad names and twice the same host', () => {
    expect(errorOf(yaml('cluster:', '  kubernetes: true', '  docker:', '    - name: host-1'))).toBe(`${FILE}:2:3: cluster: "docker" hosts run without Kubernetes; leave out "kubernetes: true" (dockershim nodes come later)`);
    expect(errorOf(yaml('cluster:', '  docker:', '    - name: Host_1'))).toBe(`${FILE}:3:13: cluster.docker[0]: "name" must be a host name like host-1, got "Host_1"`);
    expect(errorOf(yaml('cluster:', '  docker:', '    - name: a', '    - name: a'))).toBe(`${FILE}:4:13: cluster.docker[1]: host name "a" is used twice`);
    expect(errorOf(yaml('cluster:', '  docker: []'))).toMatch(/cluster: "docker" must be a list of hosts like \[\{name: host-1\}\]/);
  });
});
