import type { KubeObject } from '../../domain/k8s/objects.ts';
import { keyOf } from './informer.ts';

/**
 * Objects of an informer indexed by the uid of their controlling owner (ownerReferences with
 * controller: true), so a controller's sync reads its own ReplicaSets or Pods without scanning
 * every object of the cluster. Kept up to date from the informer's handlers.
 */
export class OwnerIndex<T extends KubeObject> {
  private readonly byOwner = new Map<string, Map<string, T>>();

  /** Call with (undefined, obj) on add, (old, obj) on update and (obj, undefined) on delete. */
  update(old: T | undefined, obj: T | undefined): void {
    if (old) {
      const uid = controllerUid(old);
      if (uid) this.byOwner.get(uid)?.delete(keyOf(old));
    }
    if (!obj) return;
    const uid = controllerUid(obj);
    if (!uid) return;
    let owned = this.byOwner.get(uid);
    if (!owned) {
      owned = new Map();
      this.byOwner.set(uid, owned);
    }
    owned.set(keyOf(obj), obj);
  }

  owned(ownerUid: string | undefined): T[] {
    return [...(this.byOwner.get(ownerUid ?? '')?.values() ?? [])];
  }
}

function controllerUid(obj: KubeObject): string | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}
