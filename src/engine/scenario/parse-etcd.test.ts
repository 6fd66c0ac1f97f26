// cluster.etcd.members and the etcd-member-stop / etcd-member-start faults
// (docs/scenario-format.md): what parses, and errors as file:line:column.
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

const THREE = ['cluster:', '  kubernetes: false', '  etcd:', '    members: 3'];

describe('cluster.etcd.members', () => {
  it('is read as a count, and left out by default', () => {
    expect(parseScenario(yaml(...THREE), FILE).cluster.etcd).toEqual({ members: 3 });
    expect(parseScenario(yaml('cluster:', '  kubernetes: false'), FILE).cluster.etcd).toBeUndefined();
  });

  it('must be a whole number from 1 to 7', () => {
    expect(errorOf(yaml('cluster:', '  etcd:', '    members: 0'))).toBe(
      `${FILE}:3:14: cluster.etcd: "members" is how many etcd members the cluster has, 1 to 7 (3 survives the loss of one), got number 0`,
    );
    expect(errorOf(yaml('cluster:', '  etcd:', '    members: three'))).toMatch(/^examples\/x\.scenario\.yaml:3:14: cluster\.etcd: "members" is how many/);
    expect(errorOf(yaml('cluster:', '  etcd:', '    members: 9'))).toMatch(/1 to 7/);
  });
});

describe('etcd member faults', () => {
  it('parse with the member they name', () => {
    const s = parseScenario(yaml(...THREE, 'steps:', '  - fault: {type: etcd-member-stop, member: etcd-1}', '  - fault: {type: etcd-member-start, member: etcd-1}'), FILE);
    expect(s.steps).toEqual([
      { type: 'fault', line: 6, fault: { type: 'etcd-member-stop', member: 'etcd-1' } },
      { type: 'fault', line: 7, fault: { type: 'etcd-member-start', member: 'etcd-1' } },
    ]);
  });

  it('refuse a member the cluster does not have, at its position', () => {
    expect(errorOf(yaml(...THREE, 'steps:', '  - fault: {type: etcd-member-stop, member: etcd-3}'))).toBe(
      `${FILE}:6:45: steps[0]: fault names etcd member "etcd-3", which is not in the cluster (members: etcd-0, etcd-1, etcd-2; cluster.etcd.members sets how many)`,
    );
    expect(errorOf(yaml('steps:', '  - fault: {type: etcd-member-stop, member: etcd-1}'))).toBe(
      `${FILE}:2:45: steps[0]: fault names etcd member "etcd-1", which is not in the cluster (members: etcd-0; cluster.etcd.members sets how many)`,
    );
  });

  it('need a member', () => {
    expect(errorOf(yaml(...THREE, 'steps:', '  - fault: {type: etcd-member-start}'))).toBe(
      `${FILE}:6:12: steps[0]: fault "etcd-member-start" needs a "member" like etcd-1 (members: etcd-0, etcd-1, etcd-2)`,
    );
  });
});
