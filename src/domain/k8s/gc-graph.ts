import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS } from './deletion.ts';
import type { KubeObject, OwnerReference } from './objects.ts';

/**
 * The garbage collector's dependency graph (pkg/controller/garbagecollector/graph.go and
 * graph_builder.go processGraphChanges): one node per object the monitors have seen, or per
 * owner a dependent names but nobody has seen yet (a "virtual" node); each node knows its owner
 * references and its dependents. Processing a change updates the graph and returns what the
 * garbage collector must look at: items for attemptToDelete, owners for attemptToOrphan, and
 * owners now known to be absent.
 */

export interface Identity {
  apiVersion: string;
  kind: string;
  name: string;
  /** The dependent's namespace for a virtual node of a namespaced owner; absent for cluster scope. */
  namespace?: string;
  uid: string;
}

export interface GraphNode {
  identity: Identity;
  owners: OwnerReference[];
  dependents: Set<GraphNode>;
  /** Being deleted with the foregroundDeletion finalizer: waiting for its dependents to go. */
  deletingDependents: boolean;
  beingDeleted: boolean;
  /** Seen through a monitor; false for a virtual node made from an owner reference. */
  observed: boolean;
}

export interface GraphChange {
  type: 'add' | 'update' | 'delete';
  obj: KubeObject;
  oldObj?: KubeObject;
  /** A delete the garbage collector inferred (the object was not found), not one it observed. */
  virtual?: boolean;
}

export interface GraphActions {
  attemptToDelete: GraphNode[];
  attemptToOrphan: GraphNode[];
  absent: Identity[];
}

export function identityOf(obj: KubeObject): Identity {
  const id: Identity = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '', uid: obj.metadata.uid ?? '' };
  if (obj.metadata.namespace) id.namespace = obj.metadata.namespace;
  return id;
}

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.uid === b.uid && a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** `[v1/Pod, namespace: default, name: web-1, uid: …]`, as the GC's objectReference.String prints. */
export function identityString(id: Identity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace ?? ''}, name: ${id.name}, uid: ${id.uid}]`;
}

function beingDeleted(obj: KubeObject): boolean {
  return Boolean(obj.metadata.deletionTimestamp);
}

function hasFinalizer(obj: KubeObject, f: string): boolean {
  return (obj.metadata.finalizers ?? []).includes(f);
}

/** deletionStartsWithFinalizer: the object entered deletion with that finalizer in this change. */
function deletionStartsWithFinalizer(oldObj: KubeObject | undefined, obj: KubeObject, f: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, f)) return false;
  if (!oldObj) return true;
  return !beingDeleted(oldObj) || !hasFinalizer(oldObj, f);
}

function refsEqual(a: OwnerReference, b: OwnerReference): boolean {
  return a.apiVersion === b.apiVersion && a.kind === b.kind && a.name === b.name && a.uid === b.uid && Boolean(a.controller) === Boolean(b.controller) && a.blockOwnerDeletion === b.blockOwnerDeletion;
}

/** referencesDiffs: owner references added, removed and changed between two versions. */
export function referencesDiffs(old: readonly OwnerReference[], next: readonly OwnerReference[]): { added: OwnerReference[]; removed: OwnerReference[]; changed: { oldRef: OwnerReference; newRef: OwnerReference }[] } {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { oldRef: OwnerReference; newRef: OwnerReference }[] = [];
  for (const r of next) {
    const o = oldByUid.get(r.uid);
    if (!o) added.push(r);
    else {
      if (!refsEqual(o, r)) changed.push({ oldRef: o, newRef: r });
      oldByUid.delete(r.uid);
    }
  }
  return { added, removed: [...oldByUid.values()], changed };
}

export class DependencyGraph {
  readonly uidToNode = new Map<string, GraphNode>();

  /** blockingDependents: the dependents whose reference to this node blocks its deletion. */
  blockingDependents(n: GraphNode): GraphNode[] {
    const out: GraphNode[] = [];
    for (const dep of n.dependents) {
      if (dep.owners.some((o) => o.uid === n.identity.uid && o.blockOwnerDeletion === true)) out.push(dep);
    }
    return out;
  }

  process(change: GraphChange): GraphActions {
    const actions: GraphActions = { attemptToDelete: [], attemptToOrphan: [], absent: [] };
    const obj = change.obj;
    const uid = obj.metadata.uid ?? '';
    const existing = this.uidToNode.get(uid);
    if (existing && !change.virtual && !existing.observed) {
      // A virtual node is seen for real: its identity is now the observed one.
      const observed = identityOf(obj);
      if (!sameIdentity(observed, existing.identity)) {
        for (const dep of existing.dependents) actions.attemptToDelete.push(dep);
        existing.identity = observed;
      }
      existing.observed = true;
    }
    if (change.type !== 'delete') {
      const owners = obj.metadata.ownerReferences ?? [];
      if (!existing) {
        const node: GraphNode = {
          identity: identityOf(obj),
          owners: [...owners],
          dependents: new Set(),
          deletingDependents: beingDeleted(obj) && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS),
          beingDeleted: beingDeleted(obj),
          observed: !change.virtual,
        };
        this.uidToNode.set(uid, node);
        this.addDependentToOwners(node, node.owners, actions);
        this.processTransitions(change.oldObj, obj, node, actions);
        return actions;
      }
      const { added, removed, changed } = referencesDiffs(existing.owners, owners);
      if (added.length || removed.length || changed.length) {
        // addUnblockedOwnersToDeleteQueue: an owner waiting on this dependent may go now.
        for (const r of removed) if (r.blockOwnerDeletion) this.enqueueByUid(r.uid, actions);
        for (const c of changed) if (c.oldRef.blockOwnerDeletion && !c.newRef.blockOwnerDeletion) this.enqueueByUid(c.newRef.uid, actions);
        existing.owners = [...owners];
        this.addDependentToOwners(existing, added, actions);
        for (const r of removed) this.uidToNode.get(r.uid)?.dependents.delete(existing);
      }
      if (beingDeleted(obj)) existing.beingDeleted = true;
      this.processTransitions(change.oldObj, obj, existing, actions);
      return actions;
    }
    if (!existing) return actions;
    if (change.virtual && existing.observed && !sameIdentity(existing.identity, identityOf(obj))) return actions;
    this.uidToNode.delete(uid);
    for (const o of existing.owners) this.uidToNode.get(o.uid)?.dependents.delete(existing);
    if (existing.dependents.size > 0) actions.absent.push(existing.identity);
    for (const dep of existing.dependents) actions.attemptToDelete.push(dep);
    for (const o of existing.owners) {
      const owner = this.uidToNode.get(o.uid);
      // Let the owner check whether all its blocking dependents are gone.
      if (owner?.deletingDependents) actions.attemptToDelete.push(owner);
    }
    return actions;
  }

  private enqueueByUid(uid: string, actions: GraphActions): void {
    const n = this.uidToNode.get(uid);
    if (n) actions.attemptToDelete.push(n);
  }

  /**
   * addDependentToOwners: an owner nobody has seen gets a virtual node, queued so the garbage
   * collector checks with the apiserver whether it exists.
   */
  private addDependentToOwners(n: GraphNode, owners: readonly OwnerReference[], actions: GraphActions): void {
    for (const o of owners) {
      let owner = this.uidToNode.get(o.uid);
      if (!owner) {
        const identity: Identity = { apiVersion: o.apiVersion, kind: o.kind, name: o.name, uid: o.uid };
        if (n.identity.namespace) identity.namespace = n.identity.namespace;
        owner = { identity, owners: [], dependents: new Set(), deletingDependents: false, beingDeleted: false, observed: false };
        this.uidToNode.set(o.uid, owner);
        actions.attemptToDelete.push(owner);
      }
      owner.dependents.add(n);
    }
  }

  /** processTransitions: entering deletion with the orphan or the foregroundDeletion finalizer. */
  private processTransitions(oldObj: KubeObject | undefined, obj: KubeObject, n: GraphNode, actions: GraphActions): void {
    if (deletionStartsWithFinalizer(oldObj, obj, FINALIZER_ORPHAN_DEPENDENTS)) {
      actions.attemptToOrphan.push(n);
      return;
    }
    if (deletionStartsWithFinalizer(oldObj, obj, FINALIZER_DELETE_DEPENDENTS)) {
      n.deletingDependents = true;
      for (const dep of n.dependents) actions.attemptToDelete.push(dep);
      actions.attemptToDelete.push(n);
    }
  }
}
