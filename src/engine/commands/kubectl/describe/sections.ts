import { humanDuration, isoToMicros } from '../../../../domain/k8s/duration.ts';
import type { KubeObject } from '../../../../domain/k8s/objects.ts';
import type { DescribeWriter } from './go-tabwriter.ts';

/** Shared pieces of `kubectl describe` output (k8s.io/kubectl/pkg/describe/describe.go). */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * time.RFC1123Z in UTC: "Thu, 01 Jan 2026 09:00:01 +0000". The simulator's timestamps are UTC
 * RFC 3339; the fields are read from the text, so no clock or Date is involved.
 */
export function rfc1123z(iso: string | undefined): string {
  if (!iso) return '<unknown>';
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // 1970-01-01 was a Thursday.
  const weekday = (((daysFromCivil(y, mo, d) + 4) % 7) + 7) % 7;
  return `${DAYS[weekday]}, ${m[3]} ${MONTHS[mo - 1]} ${m[1]} ${m[4]}:${m[5]}:${m[6]} +0000`;
}

/** printLabelsMultilineWithIndent: the first on the title line, the rest under it, sorted. */
export function labelsMultiline(w: DescribeWriter, title: string, labels: Record<string, string> | undefined, indent = ''): void {
  w.raw(`${indent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.raw('<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.raw(`${indent}\t`);
    w.raw(`${k}=${(labels as Record<string, string>)[k]}\n`);
  });
}

const MAX_ANNOTATION_LEN = 140;
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

/** printAnnotationsMultilineWithFilter: `key: value`, long or multi-line values on their own lines. */
export function annotationsMultiline(w: DescribeWriter, title: string, annotations: Record<string, string> | undefined, indent = ''): void {
  w.raw(`${indent}${title}:\t`);
  const keys = Object.keys(annotations ?? {}).filter((k) => !SKIPPED_ANNOTATIONS.has(k)).sort();
  if (keys.length === 0) {
    w.raw('<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.raw(`${indent}\t`);
    const value = ((annotations as Record<string, string>)[k] as string).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.raw(`${k}:\n`);
      for (const s of value.split('\n')) w.raw(`${indent}  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 5)}...` : s}\n`);
    } else w.raw(`${k}: ${value}\n`);
  });
}

export interface EventLike {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  source?: { component?: string };
  reportingComponent?: string;
  series?: { count?: number; lastObservedTime?: string };
  metadata?: { creationTimestamp?: string };
}

/** DescribeEvents: its own table, sorted by last time, ages from now. */
export function describeEvents(w: DescribeWriter, events: EventLike[], nowIso: string): void {
  if (events.length === 0) {
    w.raw('Events:\t<none>\n');
    return;
  }
  w.flush();
  const last = (e: EventLike): string => e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '';
  const sorted = [...events].sort((a, b) => isoToMicros(last(a) || nowIso) - isoToMicros(last(b) || nowIso));
  const since = (iso: string | undefined): string => (iso ? humanDuration(Math.max(0, isoToMicros(nowIso) - isoToMicros(iso))) : '<unknown>');
  w.raw('Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = since(e.eventTime ?? e.firstTimestamp);
    const interval = e.series ? `${since(e.series.lastObservedTime)} (x${e.series.count ?? 0} over ${first})` : (e.count ?? 1) > 1 ? `${since(e.lastTimestamp)} (x${e.count} over ${first})` : first;
    const from = e.source?.component || e.reportingComponent || '';
    w.write(1, `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${from}\t${(e.message ?? '').trim()}\n`);
  }
}

/** The events of one object, matched as describe's field selector does (kind, name, namespace, uid). */
export function eventsFor(obj: KubeObject, events: KubeObject[]): EventLike[] {
  return events
    .filter((e) => {
      const io = (e as unknown as { involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string } }).involvedObject;
      return io?.kind === obj.kind && io.name === obj.metadata.name && (io.namespace ?? '') === (obj.metadata.namespace ?? '') && (!io.uid || io.uid === obj.metadata.uid || (obj.kind === 'Node' && io.uid === obj.metadata.name));
    })
    .map((e) => e as unknown as EventLike);
}
