import { describe, expect, it } from 'vitest';
import type { BranchInfo } from './context.ts';
import { actionLabel, forkBranch, formatForkTime, ROOT_BRANCH } from './tree.ts';

describe('forkBranch', () => {
  it('makes branch 1 from the scenario with the one action at the playhead', () => {
    const b = forkBranch([ROOT_BRANCH], 0, { type: 'command', line: 'kubectl scale deployment/web --replicas=5' }, 3_201_000);
    expect(b).toEqual({ id: 1, parent: 0, forkT: 3_201_000, label: 'kubectl scale deployment/web --replicas=5', actions: [{ type: 'command', line: 'kubectl scale deployment/web --replicas=5', t: 3_201_000 }] });
  });

  it('keeps the parent actions up to the playhead and drops those after it', () => {
    const b1: BranchInfo = { id: 1, parent: 0, forkT: 2_000_000, label: 'a', actions: [{ type: 'command', line: 'a', t: 2_000_000 }] };
    const b2: BranchInfo = { id: 2, parent: 1, forkT: 5_000_000, label: 'b', actions: [{ type: 'command', line: 'a', t: 2_000_000 }, { type: 'command', line: 'b', t: 5_000_000 }] };
    const same = forkBranch([ROOT_BRANCH, b1, b2], 2, { type: 'command', line: 'c' }, 5_000_000);
    expect(same.actions.map((a) => (a.type === 'command' ? a.line : a.fault.type))).toEqual(['a', 'b', 'c']);
    const earlier = forkBranch([ROOT_BRANCH, b1, b2], 2, { type: 'fault', fault: { type: 'node-down', node: 'node-2' } }, 3_000_000);
    expect(earlier).toMatchObject({ id: 3, parent: 2, label: 'fault node-down node=node-2' });
    expect(earlier.actions.map((a) => a.type)).toEqual(['command', 'fault']);
  });
});

describe('labels', () => {
  it('shortens long command lines and formats the fork time as seconds with milliseconds', () => {
    expect(actionLabel({ type: 'command', line: 'kubectl get pods -o wide --all-namespaces --show-labels' })).toBe('kubectl get pods -o wide --all-namespaces --sho…');
    expect(formatForkTime(3_201_000)).toBe('3.201s');
  });
});
