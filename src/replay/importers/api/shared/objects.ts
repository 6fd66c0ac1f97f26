import type { ObjectRef } from '../../../../trace/schema.ts';
import type { LinkKey, RawEvent } from '../../../types.ts';
import { isRecord } from './json-values.ts';

/** The metadata fields the importers read from an API object. */
export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  finalizers?: string[];
}

/** An API object as JSON: apiVersion, kind, metadata, the rest. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMetaLike;
  [field: string]: unknown;
}

export function isApiObject(v: unknown): v is ApiObject {
  return isRecord(v) && isRecord(v.metadata);
}

/** The trace's ref of an object; undefined without a kind or a name. */
export function refOfObject(obj: ApiObject, fallback?: Partial<ObjectRef>): ObjectRef | undefined {
  const meta = obj.metadata ?? {};
  const kind = obj.kind ?? fallback?.kind;
  const name = meta.name ?? fallback?.name;
  if (!kind || !name) return undefined;
  const ref: ObjectRef = { apiVersion: obj.apiVersion ?? fallback?.apiVersion ?? '', kind, name };
  const namespace = meta.namespace ?? fallback?.namespace;
  if (namespace) ref.namespace = namespace;
  const uid = meta.uid ?? fallback?.uid;
  if (uid) ref.uid = uid;
  return ref;
}

/**
 * A resourceVersion as the merge's second sort key: it is the etcd revision of the write in
 * practice (opaque by contract), so only plain decimals that fit a double exactly are used.
 */
export function revisionOf(rv: unknown): number | undefined {
  if (typeof rv !== 'string' || !/^[0-9]{1,15}$/.test(rv)) return undefined;
  return Number(rv);
}

/** `rv:<uid>/<rv>` and `obj:<uid>`, the keys one write of one object establishes. */
export function objectKeys(uid: string | undefined, rv: string | undefined): LinkKey[] {
  if (!uid) return [];
  return rv ? [`rv:${uid}/${rv}`, `obj:${uid}`] : [`obj:${uid}`];
}

export type ObjectOp = 'ADDED' | 'MODIFIED' | 'DELETED';

/**
 * An `object` event as the simulator records it (apiserver.ts recordObject): actor
 * kube-apiserver, op the watch event type, attrs.resourceVersion and attrs.object.
 */
export function objectEvent(op: ObjectOp, obj: ApiObject, line: number, extra: Partial<RawEvent> = {}, fallback?: Partial<ObjectRef>): RawEvent | undefined {
  const ref = refOfObject(obj, fallback);
  if (!ref) return undefined;
  const rv = typeof obj.metadata?.resourceVersion === 'string' ? obj.metadata.resourceVersion : undefined;
  const attrs: Record<string, unknown> = { ...(rv !== undefined ? { resourceVersion: rv } : {}), object: obj, ...(extra.attrs ?? {}) };
  const ev: RawEvent = { ...extra, kind: 'object', actor: 'kube-apiserver', op, ref, line, attrs };
  const revision = revisionOf(rv);
  if (revision !== undefined) ev.revision = revision;
  const keys = [...objectKeys(ref.uid, rv), ...(extra.keys ?? [])];
  if (keys.length > 0) ev.keys = keys;
  return ev;
}

/** A short description of a JSON value for error messages: `an array`, `the string "x"`. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
