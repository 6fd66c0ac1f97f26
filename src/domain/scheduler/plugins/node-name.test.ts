import { describe, expect, it } from 'vitest';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { createNodeInfo } from '../node-info.ts';
import { nodeNameFilter } from './node-name.ts';

describe('NodeName', () => {
  it('fits only the named node', () => {
    const a = createNodeInfo(makeNode('a'));
    const b = createNodeInfo(makeNode('b'));
    const s = newCycleState(makePod('p', { nodeName: 'a' }), [a, b]);
    expect(nodeNameFilter(s, a)).toBeNull();
    expect(nodeNameFilter(s, b)).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match the requested node name"] });
    expect(nodeNameFilter(newCycleState(makePod('q'), [a]), b)).toBeNull();
  });
});
