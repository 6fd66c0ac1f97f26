import { describe, expect, it } from 'vitest';
import type { Pod } from '../k8s/objects.ts';
import { podDeletionCost, podsToDelete } from './deletion.ts';

const NOW = '2025-06-01T12:00:00Z';

interface Opts {
  node?: string;
  phase?: 'Pending' | 'Running' | 'Unknown';
  ready?: string | false;
  cost?: string;
  restarts?: number;
  created?: string;
  uid?: string;
}

function pod(name: string, o: Opts = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      uid: o.uid ?? name,
      creationTimestamp: o.created ?? '2025-06-01T10:00:00Z',
      ...(o.cost !== undefined ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }], ...(o.node === '' ? {} : { nodeName: o.node ?? 'node-1' }) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.ready === false ? [{ type: 'Ready', status: 'False' }] : [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready ?? '2025-06-01T10:01:00Z' }],
      containerStatuses: [{ name: 'web', state: { running: {} }, lastState: {}, ready: o.ready !== false, restartCount: o.restarts ?? 0, image: '', imageID: '' }],
    },
  };
}

const first = (pods: Pod[], related: Pod[] = pods): string | undefined => podsToDelete(pods, related, 1, NOW)[0]?.metadata.name;

describe('podsToDelete (ActivePodsWithRanks)', () => {
  it('deletes unassigned pods first', () => {
    expect(first([pod('a'), pod('b', { node: '' })])).toBe('b');
  });

  it('then Pending before Unknown before Running', () => {
    expect(first([pod('run'), pod('pend', { phase: 'Pending' }), pod('unk', { phase: 'Unknown' })])).toBe('pend');
    expect(first([pod('run'), pod('unk', { phase: 'Unknown' })])).toBe('unk');
  });

  it('then not-ready before ready', () => {
    expect(first([pod('ok'), pod('sick', { ready: false })])).toBe('sick');
  });

  it('then lower pod-deletion-cost', () => {
    expect(first([pod('cheap', { cost: '-5' }), pod('dear', { cost: '100' })])).toBe('cheap');
    expect(first([pod('plain'), pod('dear', { cost: '100' })])).toBe('plain');
    expect(podDeletionCost(pod('x', { cost: 'abc' }))).toBe(0);
  });

  it('then the pod on the node with more pods of the controller', () => {
    const a = pod('a', { node: 'node-1' });
    const b = pod('b', { node: 'node-2' });
    const sibling = pod('c', { node: 'node-2' });
    expect(podsToDelete([a, b], [a, b, sibling], 1, NOW)[0]).toBe(b);
  });

  it('then the one ready for less time, in log2 buckets', () => {
    const long = pod('long', { ready: '2025-06-01T06:00:00Z' });
    const recent = pod('recent', { ready: '2025-06-01T11:59:00Z' });
    expect(first([long, recent])).toBe('recent');
    // Ready 10:00:00 and 10:00:05 are in the same bucket: the uid decides.
    expect(first([pod('zz', { ready: '2025-06-01T10:00:05Z', uid: 'b' }), pod('yy', { ready: '2025-06-01T10:00:00Z', uid: 'a' })])).toBe('yy');
  });

  it('then more restarts', () => {
    expect(first([pod('calm'), pod('flappy', { restarts: 4 })])).toBe('flappy');
  });

  it('then the newer pod', () => {
    expect(first([pod('old', { created: '2025-05-01T00:00:00Z' }), pod('new', { created: '2025-06-01T11:00:00Z' })])).toBe('new');
  });

  it('returns everything, unranked, when all go', () => {
    const pods = [pod('a'), pod('b', { node: '' })];
    expect(podsToDelete(pods, pods, 2, NOW)).toEqual(pods);
  });

  it('ignores inactive related pods when ranking', () => {
    const a = pod('a', { node: 'node-1' });
    const b = pod('b', { node: 'node-2' });
    const gone = { ...pod('g', { node: 'node-2' }), metadata: { ...pod('g').metadata, deletionTimestamp: NOW } };
    expect(podsToDelete([a, b], [a, b, gone], 1, NOW)[0]).toBe(a);
  });
});
