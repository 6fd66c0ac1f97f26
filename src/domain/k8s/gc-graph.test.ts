import { describe, expect, it } from 'vitest';
import { DependencyGraph, identityString, referencesDiffs } from './gc-graph.ts';
import type { KubeObject, OwnerReference } from './objects.ts';

function obj(kind: string, name: string, uid: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return { apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1', kind, metadata: { name, namespace: 'default', uid, ...extra } };
}

const rsRef: OwnerReference = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'rs', controller: true, blockOwnerDeletion: true };

describe('DependencyGraph (pkg/controller/garbagecollector/graph_builder.go processGraphChanges)', () => {
  it('links dependents to owners and makes a virtual node for an owner not seen yet', () => {
    const g = new DependencyGraph();
    const actions = g.process({ type: 'add', obj: obj('Pod', 'web-1-a', 'p1', { ownerReferences: [rsRef] }) });
    const owner = g.uidToNode.get('rs');
    expect(owner).toMatchObject({ observed: false, identity: { kind: 'ReplicaSet', name: 'web-1', namespace: 'default' } });
    expect(actions.attemptToDelete).toEqual([owner]);
    g.process({ type: 'add', obj: obj('ReplicaSet', 'web-1', 'rs') });
    expect(g.uidToNode.get('rs')?.observed).toBe(true);
    expect(g.blockingDependents(owner as never).map((n) => n.identity.name)).toEqual(['web-1-a']);
  });

  it('queues the dependents of a deleted owner, and an owner waiting in foreground when a dependent goes', () => {
    const g = new DependencyGraph();
    g.process({ type: 'add', obj: obj('ReplicaSet', 'web-1', 'rs') });
    g.process({ type: 'add', obj: obj('Pod', 'a', 'p1', { ownerReferences: [rsRef] }) });
    const deleting = obj('ReplicaSet', 'web-1', 'rs', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] });
    const fg = g.process({ type: 'update', obj: deleting, oldObj: obj('ReplicaSet', 'web-1', 'rs') });
    expect(fg.attemptToDelete.map((n) => n.identity.uid)).toEqual(['p1', 'rs']);
    expect(g.uidToNode.get('rs')?.deletingDependents).toBe(true);
    const gone = g.process({ type: 'delete', obj: obj('Pod', 'a', 'p1', { ownerReferences: [rsRef] }) });
    expect(gone.attemptToDelete.map((n) => n.identity.uid)).toEqual(['rs']);
    const rsGone = g.process({ type: 'delete', obj: deleting });
    expect(rsGone).toEqual({ attemptToDelete: [], attemptToOrphan: [], absent: [] });
  });

  it('sends an owner entering deletion with the orphan finalizer to attemptToOrphan', () => {
    const g = new DependencyGraph();
    g.process({ type: 'add', obj: obj('ReplicaSet', 'web-1', 'rs') });
    const a = g.process({ type: 'update', obj: obj('ReplicaSet', 'web-1', 'rs', { deletionTimestamp: '2025-01-01T00:00:00Z', finalizers: ['orphan'] }), oldObj: obj('ReplicaSet', 'web-1', 'rs') });
    expect(a.attemptToOrphan.map((n) => n.identity.uid)).toEqual(['rs']);
  });

  it('diffs owner references by uid, and prints identities as the GC logs them', () => {
    expect(referencesDiffs([rsRef], [{ ...rsRef, blockOwnerDeletion: false }])).toEqual({ added: [], removed: [], changed: [{ oldRef: rsRef, newRef: { ...rsRef, blockOwnerDeletion: false } }] });
    expect(referencesDiffs([rsRef], [])).toEqual({ added: [], removed: [rsRef], changed: [] });
    expect(identityString({ apiVersion: 'v1', kind: 'Pod', name: 'a', namespace: 'default', uid: 'u' })).toBe('[v1/Pod, namespace: default, name: a, uid: u]');
  });
});
