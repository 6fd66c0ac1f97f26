import type { Micros } from '../base/time.ts';
import type { TraceEvent } from '../trace/schema.ts';
import { objectKey } from './keys.ts';
import { isSelfContained, nextObjectEntry, type ObjectEntry } from './projections/objects.ts';
import type { Timeline } from './timeline.ts';

/** One changed leaf between two versions of an object, for the inspector. */
export interface ObjectChange {
  /** Readable path: `status.conditions[0].status`, `metadata.labels["app.kubernetes.io/name"]`. */
  readonly path: string;
  /** The same path as segments: keys and array indices. */
  readonly segments: readonly (string | number)[];
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The paths that differ between two versions of an object, in document order (keys of `a`
 * first, then keys only `b` has). Arrays are compared index by index, which is what a reader of
 * `kubectl get -o yaml` compares too. Only leaves are reported: a new sub-object shows as
 * one `added` entry at its root, not as one entry per field.
 */
export function diffObjects(a: unknown, b: unknown): ObjectChange[] {
  const out: ObjectChange[] = [];
  walk(a, b, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: ObjectChange[]): void {
  if (Object.is(a, b)) return;
  if (a === undefined) {
    out.push(change(path, 'added', a, b));
    return;
  }
  if (b === undefined) {
    out.push(change(path, 'removed', a, b));
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) walk(i < a.length ? a[i] : undefined, i < b.length ? b[i] : undefined, [...path, i], out);
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k of Object.keys(a)) walk(a[k], b[k], [...path, k], out);
    for (const k of Object.keys(b)) if (!(k in a)) walk(undefined, b[k], [...path, k], out);
    return;
  }
  out.push(change(path, 'changed', a, b));
}

function change(segments: (string | number)[], kind: ObjectChange['change'], before: unknown, after: unknown): ObjectChange {
  const c: { path: string; segments: (string | number)[]; change: ObjectChange['change']; before?: unknown; after?: unknown } = {
    path: formatPath(segments),
    segments,
    change: kind,
  };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  return c;
}

/** `['metadata', 'labels', 'app.kubernetes.io/name']` → `metadata.labels["app.kubernetes.io/name"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let s = '';
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * One object as it was at `t` (undefined when it did not exist then), without computing the
 * whole world: a binary search in the object's own history, then a fold from its last full
 * version. Gives the same entry as `timeline.stateAt(t).objects.get(key)`.
 */
export function objectAt(timeline: Timeline, key: string, t: Micros): ObjectEntry | undefined {
  const history = timeline.objectHistory(key);
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((history[mid]?.t as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return entryAfter(history, lo - 1);
}

/**
 * What one `object` event changed: the diff between the version before it and the version it
 * wrote. Empty for events that are not object events.
 */
export function changesOf(timeline: Timeline, seq: number): ObjectChange[] {
  const e = timeline.bySeq(seq);
  if (!e || e.kind !== 'object' || !e.ref) return [];
  const history = timeline.objectHistory(objectKey(e.ref));
  const i = history.indexOf(e);
  const before = entryAfter(history, i - 1)?.object;
  const after = entryAfter(history, i)?.object;
  return diffObjects(before, after);
}

/** The entry after applying `history[0..last]`, folding only from the last event that carries a full body. */
function entryAfter(history: readonly TraceEvent[], last: number): ObjectEntry | undefined {
  if (last < 0) return undefined;
  let start = last;
  while (start > 0 && !isSelfContained(history[start] as TraceEvent)) start--;
  let entry: ObjectEntry | undefined;
  for (let i = start; i <= last; i++) entry = nextObjectEntry(entry, history[i] as TraceEvent);
  return entry;
}

