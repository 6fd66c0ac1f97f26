import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { createNodeInfo } from '../node-info.ts';
import { nodeUnschedulableFilter } from './node-unschedulable.ts';

describe('NodeUnschedulable', () => {
  const cordoned = createNodeInfo(makeNode('n', { unschedulable: true }));

  it('rejects a cordoned node, unresolvable', () => {
    expect(nodeUnschedulableFilter(newCycleState(makePod('p'), [cordoned]), cordoned)).toEqual({
      code: 'UnschedulableAndUnresolvable',
      reasons: ["node(s) were unschedulable"],
    });
  });

  it('lets pods that tolerate node.kubernetes.io/unschedulable:NoSchedule through', () => {
    const pod = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(nodeUnschedulableFilter(newCycleState(pod, [cordoned]), cordoned)).toBeNull();
  });

  it('passes schedulable nodes', () => {
    const info = createNodeInfo(makeNode('n'));
    expect(nodeUnschedulableFilter(newCycleState(makePod('p'), [info]), info)).toBeNull();
  });
});
