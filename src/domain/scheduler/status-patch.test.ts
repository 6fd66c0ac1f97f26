// Rules from pkg/scheduler/schedule_one.go (handleSchedulingFailure, updatePod, truncateMessage),
// pkg/api/v1/pod/util.go UpdatePodCondition and pkg/scheduler/util/utils.go PatchPodStatus
// (a two-way strategic merge patch of the status).
import { describe, expect, it } from 'vitest';
import type { Pod, PodCondition } from '../k8s/objects.ts';
import { makePod } from './internal/fixtures.ts';
import { podStatusPatch, truncateMessage } from './status-patch.ts';

const cond = (message: string, t = '2026-01-01T09:00:01Z'): PodCondition => ({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: t });

describe('podStatusPatch', () => {
  it('adds the PodScheduled condition to a pod without conditions', () => {
    expect(podStatusPatch(makePod('p'), cond('0/1 nodes are available: 1 Insufficient cpu.'), undefined)).toEqual({
      status: { conditions: [{ lastProbeTime: null, lastTransitionTime: '2026-01-01T09:00:01Z', message: '0/1 nodes are available: 1 Insufficient cpu.', reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }] },
    });
  });

  it('sends nothing when the pod already has the same condition, and only the changed fields otherwise', () => {
    const pod: Pod = { ...makePod('p'), status: { phase: 'Pending', conditions: [cond('a')] } };
    expect(podStatusPatch(pod, cond('a', '2026-01-01T09:05:00Z'), undefined)).toBeNull();
    expect(podStatusPatch(pod, cond('b', '2026-01-01T09:05:00Z'), undefined)).toEqual({
      status: { '$setElementOrder/conditions': [{ type: 'PodScheduled' }], conditions: [{ message: 'b', type: 'PodScheduled' }] },
    });
  });

  it('sets and clears the nominated node name', () => {
    const pod = makePod('p', { nominatedNodeName: 'node-1' });
    expect(podStatusPatch(pod, undefined, 'node-2')).toEqual({ status: { nominatedNodeName: 'node-2' } });
    expect(podStatusPatch(pod, undefined, '')).toEqual({ status: { nominatedNodeName: null } });
    expect(podStatusPatch(pod, undefined, 'node-1')).toBeNull();
  });
});

describe('truncateMessage', () => {
  it('cuts Event notes at 1024 characters', () => {
    expect(truncateMessage('x'.repeat(1024))).toHaveLength(1024);
    const cut = truncateMessage('x'.repeat(2000));
    expect(cut).toHaveLength(1024);
    expect(cut.endsWith('x ...')).toBe(true);
  });
});
