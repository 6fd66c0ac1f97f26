import { describe, expect, it } from 'vitest';
import type { ContainerPort } from '../../k8s/objects.ts';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { addPodToNodeInfo, createNodeInfo } from '../node-info.ts';
import { nodePortsFilter } from './node-ports.ts';

function fits(existing: ContainerPort[], wanted: ContainerPort[]): boolean {
  const info = createNodeInfo(makeNode('n'));
  addPodToNodeInfo(info, makePod('old', { ports: existing }));
  return nodePortsFilter(newCycleState(makePod('new', { ports: wanted }), [info]), info) === null;
}

describe('NodePorts', () => {
  it.each([
    ['same port, both wildcard', [{ containerPort: 80, hostPort: 8080 }], [{ containerPort: 80, hostPort: 8080 }], false],
    ['different port', [{ containerPort: 80, hostPort: 8080 }], [{ containerPort: 80, hostPort: 8081 }], true],
    ['different protocol', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' as const }], [{ containerPort: 53, hostPort: 53 }], true],
    ['different specific IPs', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }], true],
    ['same specific IP', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], false],
    ['wanted 0.0.0.0 vs used specific IP', [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], [{ containerPort: 80, hostPort: 80 }], false],
    ['wanted specific IP vs used 0.0.0.0', [{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.2' }], false],
    ['no hostPort', [{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80 }], true],
  ])('%s', (_name, existing, wanted, want) => expect(fits(existing, wanted)).toBe(want));

  it('gives the upstream reason, Unschedulable', () => {
    const info = createNodeInfo(makeNode('n'));
    addPodToNodeInfo(info, makePod('old', { ports: [{ containerPort: 80, hostPort: 80 }] }));
    expect(nodePortsFilter(newCycleState(makePod('new', { ports: [{ containerPort: 80, hostPort: 80 }] }), [info]), info)).toEqual({
      code: 'Unschedulable',
      reasons: ["node(s) didn't have free ports for the requested pod ports"],
    });
  });
});
