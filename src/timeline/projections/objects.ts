import type { KubeObject } from '../../domain/k8s/objects.ts';
import type { ObjectRef, TraceEvent } from '../../trace/schema.ts';
import { objectKey } from '../keys.ts';
import type { Projection } from '../projection.ts';

/** One API object as the apiserver last reported it. Entries are never mutated once made. */
export interface ObjectEntry {
  readonly ref: ObjectRef;
  readonly object: KubeObject;
  readonly resourceVersion: string;
  /** The seq of the `object` event that produced this version. */
  readonly lastSeq: number;
}

/** The API objects that exist, by `objectKey` (`apiVersion/kind/namespace/name`). */
export type ObjectsState = Map<string, ObjectEntry>;

/**
 * The version of one object after event `e`, given the version before it (undefined when the
 * object did not exist). Returns undefined when `e` deletes it.
 *
 * Replay importers may not have the full object (an audit entry at Metadata level, a watch
 * event without body): then the previous body is kept, or a stub made from the ref, so the
 * object still shows up with the right resourceVersion.
 */
export function nextObjectEntry(prev: ObjectEntry | undefined, e: TraceEvent): ObjectEntry | undefined {
  if (e.op === 'DELETED' || !e.ref) return undefined;
  const attrs = e.attrs;
  const body = attrs?.object;
  const object: KubeObject = isKubeObject(body) ? body : (prev?.object ?? stubFromRef(e.ref));
  const rv = attrs?.resourceVersion;
  const resourceVersion = typeof rv === 'string' ? rv : (object.metadata.resourceVersion ?? prev?.resourceVersion ?? '');
  return { ref: e.ref, object, resourceVersion, lastSeq: e.seq };
}

/**
 * True when the entry after `e` does not depend on the version before it: a deletion, or a full
 * body with a resourceVersion. Lets `objectAt` fold from there instead of from the beginning.
 */
export function isSelfContained(e: TraceEvent): boolean {
  if (e.op === 'DELETED') return true;
  const body = e.attrs?.object;
  return isKubeObject(body) && (typeof e.attrs?.resourceVersion === 'string' || typeof body.metadata.resourceVersion === 'string');
}

/** Folds `object` events (ADDED, MODIFIED, DELETED) into the set of live objects. */
export const objectsProjection: Projection<ObjectsState> = {
  init: () => new Map(),
  apply(s, e) {
    if (e.kind !== 'object' || !e.ref) return s;
    const key = objectKey(e.ref);
    const next = nextObjectEntry(s.get(key), e);
    if (next) s.set(key, next);
    else s.delete(key);
    return s;
  },
  // Entries are immutable, so a shallow copy of the map is a full snapshot.
  snapshot: (s) => new Map(s),
};

function isKubeObject(v: unknown): v is KubeObject {
  return typeof v === 'object' && v !== null && typeof (v as { metadata?: unknown }).metadata === 'object';
}

function stubFromRef(ref: ObjectRef): KubeObject {
  const metadata: KubeObject['metadata'] = { name: ref.name };
  if (ref.namespace !== undefined) metadata.namespace = ref.namespace;
  if (ref.uid !== undefined) metadata.uid = ref.uid;
  return { apiVersion: ref.apiVersion, kind: ref.kind, metadata };
}
