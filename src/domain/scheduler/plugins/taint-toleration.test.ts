import { describe, expect, it } from 'vitest';
import type { Taint } from '../../k8s/objects.ts';
import { newCycleState } from '../cycle-state.ts';
import { makeNode, makePod } from '../internal/fixtures.ts';
import { createNodeInfo } from '../node-info.ts';
import { taintTolerationFilter, taintTolerationNormalize, taintTolerationScore, toleratesTaint } from './taint-toleration.ts';

const db: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };

describe('toleratesTaint', () => {
  it.each([
    [{ key: 'dedicated', operator: 'Equal' as const, value: 'db', effect: 'NoSchedule' as const }, true],
    [{ key: 'dedicated', value: 'db' }, true], // no operator = Equal, no effect = every effect
    [{ key: 'dedicated', operator: 'Equal' as const, value: 'web' }, false],
    [{ key: 'dedicated', operator: 'Exists' as const }, true],
    [{ operator: 'Exists' as const }, true], // empty key + Exists tolerates everything
    [{ key: 'dedicated', operator: 'Exists' as const, effect: 'NoExecute' as const }, false],
    [{ key: 'other', operator: 'Exists' as const }, false],
  ])('%j → %s', (toleration, want) => expect(toleratesTaint(toleration, db)).toBe(want));
});

describe('TaintToleration Filter', () => {
  it('rejects with the first untolerated NoSchedule/NoExecute taint, unresolvable', () => {
    const info = createNodeInfo(makeNode('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }, db, { key: 'gpu', effect: 'NoExecute' }] }));
    const st = taintTolerationFilter(newCycleState(makePod('p'), [info]), info);
    expect(st).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: db}'] });
  });

  it('prints an empty value as upstream does and passes tolerated taints', () => {
    const info = createNodeInfo(makeNode('n', { taints: [db, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    const st = taintTolerationFilter(newCycleState(makePod('p', { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), [info]), info);
    expect(st?.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }']);
    const all = taintTolerationFilter(newCycleState(makePod('p', { tolerations: [{ operator: 'Exists' }] }), [info]), info);
    expect(all).toBeNull();
  });

  it('ignores PreferNoSchedule taints', () => {
    const info = createNodeInfo(makeNode('n', { taints: [{ key: 'soft', effect: 'PreferNoSchedule' }] }));
    expect(taintTolerationFilter(newCycleState(makePod('p'), [info]), info)).toBeNull();
  });
});

describe('TaintToleration Score', () => {
  it('counts untolerated PreferNoSchedule taints, with tolerations of effect "" or PreferNoSchedule only', () => {
    const info = createNodeInfo(makeNode('n', { taints: [
      { key: 'a', value: '1', effect: 'PreferNoSchedule' },
      { key: 'b', value: '2', effect: 'PreferNoSchedule' },
      { key: 'c', value: '3', effect: 'NoSchedule' },
    ] }));
    const pod = makePod('p', { tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoSchedule' }, { key: 'b', operator: 'Equal', value: '2' }] });
    // 'a' is only tolerated for NoSchedule, so it still counts; 'b' is tolerated.
    expect(taintTolerationScore(newCycleState(pod, [info]), info)).toBe(1);
  });

  it('normalizes reversed: fewest intolerable taints → 100', () => {
    const scores = [0, 1, 2];
    taintTolerationNormalize(scores);
    expect(scores).toEqual([100, 50, 0]);
    const none = [0, 0];
    taintTolerationNormalize(none);
    expect(none).toEqual([100, 100]);
    const thirds = [1, 3];
    taintTolerationNormalize(thirds);
    expect(thirds).toEqual([67, 0]); // 100 − ⌊100·1/3⌋
  });
});
