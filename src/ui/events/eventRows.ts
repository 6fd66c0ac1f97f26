import type { Micros } from '../../base/time.ts';
import { humanDuration } from '../../domain/k8s/duration.ts';
import type { TraceEvent } from '../../trace/schema.ts';

/**
 * One Event object as `kubectl get events` lists it. A trace has one `event` per time the
 * Event was recorded; repeats of the same Event (the kubelet's event correlator, the
 * apiserver's aggregation) keep its `attrs.name` and raise `attrs.count`, so they fold into
 * one row here as they do in the API.
 */
export interface EventRow {
  /** The Event object's name, or `#<seq>` when the trace has none (an imported line). */
  name: string;
  namespace?: string;
  type: string;
  reason: string;
  /** kubectl's OBJECT column: the lower-cased kind, a slash, the name (`pod/web-1`). */
  object: string;
  message: string;
  count: number;
  /** firstTimestamp and lastTimestamp (or eventTime), as trace times. */
  first: Micros;
  last: Micros;
  /** seq of the trace event that last updated the Event: what a click selects. */
  seq: number;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** kubectl's OBJECT cell: `kind.toLowerCase() + "/" + name` (printers.go printEvent). */
export function objectColumn(ref: TraceEvent['ref']): string {
  if (!ref) return '';
  const kind = ref.kind.toLowerCase();
  return ref.name ? `${kind}/${ref.name}` : kind;
}

/**
 * The Event objects seen so far, sorted as `kubectl events` sorts them: by lastTimestamp
 * (eventTime for events.k8s.io Events without one), oldest first, so the newest is at the
 * bottom. Ties keep the order in which they were last recorded.
 */
export function eventRows(kubeEvents: readonly TraceEvent[]): EventRow[] {
  const rows = new Map<string, EventRow>();
  for (const e of kubeEvents) {
    const a = e.attrs ?? {};
    const name = str(a.name) || `#${e.seq}`;
    const key = `${e.ref?.namespace ?? ''}/${name}`;
    const prev = rows.get(key);
    // The Event's own count when the trace has it; else each occurrence counts one more.
    const count = typeof a.count === 'number' && a.count > 0 ? a.count : (prev?.count ?? 0) + 1;
    const row: EventRow = {
      name,
      type: str(a.type) || 'Normal',
      reason: str(a.reason) || e.op,
      object: objectColumn(e.ref),
      message: str(a.message).trim(),
      count,
      first: prev ? prev.first : e.t,
      last: e.t,
      seq: e.seq,
    };
    if (e.ref?.namespace) row.namespace = e.ref.namespace;
    // A row moves to the place of its latest occurrence: delete, then set, to keep Map order = last seen.
    rows.delete(key);
    rows.set(key, row);
  }
  // Map order is the order of the last occurrence in trace (t, seq) order, which is the sort by last seen.
  return [...rows.values()];
}

/**
 * The LAST SEEN cell at playhead `now`: kubectl's short human duration since the last time,
 * with ` (xN over D)` when the Event was seen N > 1 times, as `kubectl events` prints it
 * (`kubectl get events` puts the count in its wide COUNT column instead).
 */
export function lastSeen(row: Pick<EventRow, 'count' | 'first' | 'last'>, now: Micros): string {
  const last = humanDuration(now - row.last);
  return row.count > 1 ? `${last} (x${row.count} over ${humanDuration(now - row.first)})` : last;
}

export type TypeFilter = 'all' | 'Normal' | 'Warning';

/** Rows of the given type whose reason, object or message contains `text` (case-insensitive). */
export function filterRows(rows: readonly EventRow[], type: TypeFilter, text: string): readonly EventRow[] {
  const q = text.trim().toLowerCase();
  if (type === 'all' && q === '') return rows;
  return rows.filter(
    (r) => (type === 'all' || r.type === type) && (q === '' || r.reason.toLowerCase().includes(q) || r.object.toLowerCase().includes(q) || r.message.toLowerCase().includes(q)),
  );
}

/** The rows a virtualised list draws: those in view plus `overscan` either side. */
export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, total: number, overscan = 8): { start: number; end: number } {
  const start = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const end = Math.min(total, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return { start, end: Math.max(start, end) };
}
