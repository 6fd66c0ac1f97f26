import { isRecord } from '../shared/json-values.ts';
import { fromCloudAudit, isCloudAuditEntry } from './gke.ts';
import type { AuditEventJson } from './types.ts';

/**
 * The audit Events inside one JSON value of a log file: the Event itself (as
 * `--audit-log-path` writes it), or one of the envelopes managed clusters wrap it in:
 * - AKS diagnostic logs (`category: kube-audit[-admin]`): `properties.log` holds the Event as a
 *   JSON string;
 * - EKS CloudWatch Logs exports: `@message` holds the Event (a string or the object itself);
 *   a subscription-filter batch (`messageType: DATA_MESSAGE`) has `logEvents[].message`;
 * - GKE Cloud Logging: a LogEntry with an AuditLog `protoPayload` (gke.ts);
 * - an `EventList` (`items`) or a JSON array of any of these (`kubectl`-style, `gcloud logging
 *   read --format=json`).
 * Returns the Events, or the reason the value holds none; in an array, an item that holds none
 * is its reason in place (so the importer reports that item and keeps the others).
 */
export function unwrapAudit(v: unknown, depth = 0): (AuditEventJson | string)[] | string {
  if (depth > 4) return 'nested too deeply to be an audit log envelope';
  if (Array.isArray(v)) return collect(v, depth);
  if (!isRecord(v)) return `not an audit.k8s.io Event: a JSON ${Array.isArray(v) ? 'array' : typeof v}`;
  if (typeof v.apiVersion === 'string' && v.apiVersion.startsWith('audit.k8s.io/')) {
    if (v.kind === 'EventList' && Array.isArray(v.items)) return collect(v.items, depth);
    if (v.kind !== 'Event') return `not an audit.k8s.io Event: kind is ${JSON.stringify(v.kind)}`;
    if (typeof v.auditID !== 'string' || v.auditID === '') return 'not an audit.k8s.io Event: missing "auditID"';
    if (typeof v.stage !== 'string') return 'not an audit.k8s.io Event: missing "stage"';
    return [v as AuditEventJson];
  }
  // Falco's k8s_audit test files (and some webhook receivers) drop apiVersion; the rest is an Event.
  if (v.kind === 'Event' && v.apiVersion === undefined && typeof v.auditID === 'string' && typeof v.stage === 'string') return [v as AuditEventJson];
  if (isRecord(v.properties) && typeof v.properties.log === 'string') return parseInner(v.properties.log, depth, 'properties.log');
  if ('@message' in v) return typeof v['@message'] === 'string' ? parseInner(v['@message'], depth, '@message') : unwrapAudit(v['@message'], depth + 1);
  if (v.messageType === 'DATA_MESSAGE' && Array.isArray(v.logEvents)) return collect(v.logEvents.map((e) => (isRecord(e) && typeof e.message === 'string' ? safeParse(e.message) : e)), depth);
  if (isCloudAuditEntry(v)) {
    const ev = fromCloudAudit(v);
    return typeof ev === 'string' ? ev : [ev];
  }
  if ('auditID' in v && !('apiVersion' in v)) return 'not an audit.k8s.io Event: missing "apiVersion"';
  if (!('auditID' in v)) return 'not an audit.k8s.io Event: missing "auditID"';
  return `not an audit.k8s.io Event: apiVersion is ${JSON.stringify(v.apiVersion)}`;
}

function parseInner(text: string, depth: number, field: string): (AuditEventJson | string)[] | string {
  const inner = safeParse(text);
  if (inner === undefined) return `${field} is not JSON`;
  const got = unwrapAudit(inner, depth + 1);
  return typeof got === 'string' ? `${field}: ${got}` : got.map((e) => (typeof e === 'string' ? `${field}: ${e}` : e));
}

function collect(items: unknown[], depth: number): (AuditEventJson | string)[] {
  const out: (AuditEventJson | string)[] = [];
  items.forEach((item, i) => {
    const got = unwrapAudit(item, depth + 1);
    if (typeof got === 'string') out.push(`item ${i}: ${got}`);
    else out.push(...got);
  });
  return out;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
