import { MICROS_PER_SECOND, type Micros } from '../../../base/time.ts';
import { matchesFields, type FieldRequirement } from '../../../domain/k8s/field-selector.ts';
import { matchesRequirements, type Requirement } from '../../../domain/k8s/labels.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import type { ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { WatchEventType } from '../../api/http.ts';
import { EventWindow, type CacheEvent } from './event-window.ts';

/** A watcher registered by a client: which prefix, namespace and selectors it wants. */
export interface Watcher {
  client: string;
  requestId: number;
  info: ResourceInfo;
  prefix: string;
  namespace?: string;
  /** `spec.nodeName=<node>` pinned by the field selector: watchers are indexed by it. */
  nodeName?: string;
  fields?: FieldRequirement[];
  labels?: Requirement[];
  allowWatchBookmarks?: boolean;
  /** Set once the watch is over (an ERROR ended it): nothing more is sent. */
  stopped?: boolean;
}

export interface CachedObject {
  object: KubeObject;
  modRevision: number;
}

/** The cacher sends a BOOKMARK to each watcher that allows them about once a minute (cacher.go). */
export const BOOKMARK_FREQUENCY: Micros = 60 * MICROS_PER_SECOND;

/**
 * The apiserver's watch cache (staging/src/k8s.io/apiserver/pkg/storage/cacher): the newest
 * object of every key, filled from the etcd watch and serving reads; per resource, the sliding
 * window of recent events that watches from a resourceVersion are served from (event-window.ts);
 * the watchers, with the filtering of cacheWatcher.convertToWatchEvent; and the buckets that
 * time the watchers' bookmarks (watcherBookmarkTimeBuckets, one bucket per second).
 */
export class WatchCache {
  private readonly objects = new Map<string, CachedObject>();
  /** Watchers by resource prefix; field-selected ones also by node, so fan-out stays O(watchers hit). */
  private readonly watchers = new Map<string, { all: Watcher[]; byNode: Map<string, Watcher[]> }>();
  private readonly windows = new Map<string, EventWindow>();
  private readonly bookmarkBuckets = new Map<number, Watcher[]>();
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

  /** The event window of a resource (by its etcd prefix, `/registry/pods/`). */
  window(prefix: string): EventWindow {
    let w = this.windows.get(prefix);
    if (!w) {
      w = new EventWindow();
      // A cacher starts with a list at the revision etcd was at (Replace).
      w.replace(this.revision);
      this.windows.set(prefix, w);
    }
    return w;
  }

  /** Every resource's cacher lists at `rev` when the apiserver starts. */
  replaceAll(prefixes: readonly string[], rev: number): void {
    for (const p of prefixes) this.window(p).replace(rev);
  }

  /** A progress notification: every resource's cache is fresh up to `rev`. */
  progress(rev: number): void {
    for (const w of this.windows.values()) w.progress(rev);
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

  removeWatcher(w: Watcher): void {
    w.stopped = true;
    const group = this.watchers.get(w.prefix);
    if (!group) return;
    const list = w.nodeName === undefined ? group.all : group.byNode.get(w.nodeName);
    const i = list?.indexOf(w) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  /** Whether an object is in a watcher's selection (namespace, field and label selectors). */
  matches(w: Watcher, obj: KubeObject): boolean {
    if (w.namespace && obj.metadata.namespace !== w.namespace) return false;
    if (w.nodeName !== undefined && nodeOf(obj) !== w.nodeName) return false;
    if (w.fields && w.fields.length > 0 && !matchesFields(obj, w.fields)) return false;
    return !w.labels || matchesRequirements(w.labels, obj.metadata.labels);
  }

  /**
   * cacheWatcher.convertToWatchEvent: what one watcher sees of a change. An object entering its
   * selection is ADDED, one leaving it DELETED (with its previous content and the event's
   * resourceVersion), one staying MODIFIED; a change outside it is nothing.
   */
  eventFor(w: Watcher, ev: CacheEvent): { type: WatchEventType; object: KubeObject } | undefined {
    const cur = ev.type !== 'DELETED' && this.matches(w, ev.object);
    const old = ev.prevObject !== undefined && this.matches(w, ev.prevObject);
    if (cur && !old) return { type: 'ADDED', object: ev.object };
    if (cur && old) return { type: 'MODIFIED', object: ev.object };
    if (!cur && old) {
      const prev = ev.prevObject as KubeObject;
      return { type: 'DELETED', object: ev.type === 'DELETED' ? ev.object : { ...prev, metadata: { ...prev.metadata, resourceVersion: String(ev.resourceVersion) } } };
    }
    return undefined;
  }

  /** The watchers a change under `prefix` may concern: the unindexed ones and those of its nodes. */
  candidates(prefix: string, ev: CacheEvent): Watcher[] {
    const group = this.watchers.get(prefix);
    if (!group) return [];
    const out = [...group.all];
    const now = nodeOf(ev.object);
    out.push(...(group.byNode.get(now) ?? []));
    const before = ev.prevObject ? nodeOf(ev.prevObject) : now;
    if (before !== now) out.push(...(group.byNode.get(before) ?? []));
    return out;
  }

  /** Puts a watcher in the bookmark bucket of `at` (whole seconds); true when the bucket is new. */
  scheduleBookmark(w: Watcher, at: Micros): { bucket: number; isNew: boolean } {
    const bucket = Math.floor(at / MICROS_PER_SECOND);
    const list = this.bookmarkBuckets.get(bucket);
    if (list) {
      list.push(w);
      return { bucket, isNew: false };
    }
    this.bookmarkBuckets.set(bucket, [w]);
    return { bucket, isNew: true };
  }

  /** The live watchers of a bookmark bucket, which is emptied. */
  popBookmarks(bucket: number): Watcher[] {
    const list = this.bookmarkBuckets.get(bucket) ?? [];
    this.bookmarkBuckets.delete(bucket);
    return list.filter((w) => !w.stopped);
  }
}

function nodeOf(obj: KubeObject): string {
  return (obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '';
}
