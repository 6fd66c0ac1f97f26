// node_lifecycle_controller.go doNoScheduleTaintingPass and pkg/util/taints (TaintSetDiff,
// AddOrUpdateTaint, DeleteTaint); pkg/controller/tainteviction processPodOnNode and
// getMinTolerationTime.
import { describe, expect, it } from 'vitest';
import type { Node, Taint } from '../k8s/objects.ts';
import { addOrUpdateTaints, noExecuteTaints, noScheduleTaintChanges, removeTaints, UNREACHABLE_TAINT } from './taints.ts';
import { evictionDecision, minTolerationSeconds } from './tolerations.ts';

function node(ready: string, taints: Taint[] = [], unschedulable = false): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints, unschedulable }, status: { conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] } };
}

describe('NoSchedule taints from conditions', () => {
  it('taints an Unknown node unreachable and a False one not-ready', () => {
    expect(noScheduleTaintChanges(node('Unknown'))).toEqual({ add: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }], remove: [] });
    expect(noScheduleTaintChanges(node('False'))).toEqual({ add: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }], remove: [] });
  });

  it('removes a condition taint once the node is Ready, and leaves the user\'s taints alone', () => {
    const user: Taint = { key: 'dedicated', value: 'db', effect: 'NoSchedule' };
    const stale: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-01T09:00:00Z' };
    expect(noScheduleTaintChanges(node('True', [user, stale, UNREACHABLE_TAINT]))).toEqual({ add: [], remove: [stale] });
  });

  it('adds the unschedulable taint of a cordoned node', () => {
    expect(noScheduleTaintChanges(node('True', [], true)).add).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  });
});

describe('taint set helpers', () => {
  it('replaces a taint with the same key and effect only when it differs', () => {
    const t1: Taint = { ...UNREACHABLE_TAINT, timeAdded: '2026-01-01T09:00:00Z' };
    expect(addOrUpdateTaints([t1], [{ ...t1 }])).toEqual({ taints: [t1], changed: false });
    const t2: Taint = { ...UNREACHABLE_TAINT, timeAdded: '2026-01-01T09:00:10Z' };
    expect(addOrUpdateTaints([t1], [t2])).toEqual({ taints: [t2], changed: true });
    expect(addOrUpdateTaints(undefined, [t2])).toEqual({ taints: [t2], changed: true });
  });

  it('reports no change when the taint to remove is absent', () => {
    expect(removeTaints([], [UNREACHABLE_TAINT]).changed).toBe(false);
    expect(removeTaints([UNREACHABLE_TAINT, { key: 'x', effect: 'NoExecute' }], [UNREACHABLE_TAINT])).toEqual({ taints: [{ key: 'x', effect: 'NoExecute' }], changed: true });
    expect(noExecuteTaints([UNREACHABLE_TAINT, { key: 'y', effect: 'NoSchedule' }])).toEqual([UNREACHABLE_TAINT]);
  });
});

describe('taint-based eviction', () => {
  const defaults = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 300 },
  ];

  it('deletes a pod with DefaultTolerationSeconds after 300 s', () => {
    expect(evictionDecision([UNREACHABLE_TAINT], defaults)).toEqual({ kind: 'after', seconds: 300 });
  });

  it('deletes at once a pod that does not tolerate the taint', () => {
    expect(evictionDecision([UNREACHABLE_TAINT], [])).toEqual({ kind: 'now' });
    expect(evictionDecision([UNREACHABLE_TAINT, { key: 'other', effect: 'NoExecute' }], defaults)).toEqual({ kind: 'now' });
  });

  it('keeps a pod that tolerates for ever, and cancels without taints', () => {
    expect(evictionDecision([UNREACHABLE_TAINT], [{ operator: 'Exists' }])).toEqual({ kind: 'cancel' });
    expect(evictionDecision([], [])).toEqual({ kind: 'cancel' });
  });

  it('takes the smallest tolerationSeconds, and 0 for a non-positive one', () => {
    expect(minTolerationSeconds([{ tolerationSeconds: 60 }, { tolerationSeconds: 30 }, {}])).toBe(30);
    expect(minTolerationSeconds([{ tolerationSeconds: -5 }, { tolerationSeconds: 30 }])).toBe(0);
    expect(minTolerationSeconds([{}])).toBe(Infinity);
  });
});
