import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { WatchEventType } from '../../api/http.ts';

/** A watcher registered by a client: which prefix, namespace and field selector it wants. */
export interface Watcher {
  client: string;
  requestId: number;
  info: ResourceInfo;
  prefix: string;
  namespace?: string;
  /** Only `spec.nodeName=<node>` (what kubelets and the scheduler use) is modelled. */
  nodeName?: string;
}

export interface CachedObject {
  object: KubeObject;
  modRevision: number;
}

/**
 * The apiserver's watch cache (staging/src/k8s.io/apiserver/pkg/storage/cacher): the newest
 * object of every key, filled from the etcd watch, serving reads and fanning events out to
 * watchers.
 */
export class WatchCache {
  private readonly objects = new Map<string, CachedObject>();
  /** Watchers by resource prefix; field-selected ones also by node, so fan-out stays O(watchers hit). */
  private readonly watchers = new Map<string, { all: Watcher[]; byNode: Map<string, Watcher[]> }>();
  /** The newest etcd revision the cache has seen: the resourceVersion of lists. */
  revision = 1;

  get(key: string): CachedObject | undefined {
    return this.objects.get(key);
  }

  set(key: string, entry: CachedObject): void {
    this.objects.set(key, entry);
  }

  delete(key: string): void {
    this.objects.delete(key);
  }

  list(prefix: string, filter: (obj: KubeObject) => boolean = () => true): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [key, entry] of this.objects) if (key.startsWith(prefix) && filter(entry.object)) out.push(entry.object);
    return out;
  }

  addWatcher(w: Watcher): void {
    let group = this.watchers.get(w.prefix);
    if (!group) {
      group = { all: [], byNode: new Map() };
      this.watchers.set(w.prefix, group);
    }
    if (w.nodeName === undefined) group.all.push(w);
    else {
      const list = group.byNode.get(w.nodeName) ?? [];
      list.push(w);
      group.byNode.set(w.nodeName, list);
    }
  }

  /**
   * Watchers that must hear about a change of `obj` under the resource `prefix`, with the event
   * type each sees: 'same' means the type of the change itself; a field-selected watch sees an
   * object enter its selection as ADDED and leave it as DELETED.
   */
  watchersFor(prefix: string, obj: KubeObject, oldObj: KubeObject | undefined): { watcher: Watcher; type: WatchEventType | 'same' }[] {
    const group = this.watchers.get(prefix);
    if (!group) return [];
    const out: { watcher: Watcher; type: WatchEventType | 'same' }[] = [];
    for (const w of group.all) if (!w.namespace || obj.metadata.namespace === w.namespace) out.push({ watcher: w, type: 'same' });
    const nowNode = nodeOf(obj);
    const beforeNode = oldObj ? nodeOf(oldObj) : undefined;
    for (const w of group.byNode.get(nowNode) ?? []) {
      out.push({ watcher: w, type: beforeNode === nowNode ? 'same' : 'ADDED' });
    }
    if (beforeNode !== undefined && beforeNode !== nowNode) {
      for (const w of group.byNode.get(beforeNode) ?? []) out.push({ watcher: w, type: 'DELETED' });
    }
    return out;
  }

  matches(w: Watcher, obj: KubeObject): boolean {
    if (w.namespace && obj.metadata.namespace !== w.namespace) return false;
    return w.nodeName === undefined || matchesNode(obj, w.nodeName);
  }
}

function nodeOf(obj: KubeObject): string {
  return (obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}

function matchesNode(obj: KubeObject, nodeName: string): boolean {
  return nodeOf(obj) === nodeName;
}
