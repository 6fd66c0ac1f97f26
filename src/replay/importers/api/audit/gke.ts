import { isRecord } from '../shared/json-values.ts';
import type { AuditEventJson } from './types.ts';

/**
 * A GKE Cloud Logging entry of a Kubernetes API call (a LogEntry whose `protoPayload` is a
 * `type.googleapis.com/google.cloud.audit.AuditLog` with `serviceName: "k8s.io"`) turned back
 * into the audit.k8s.io Event it was made from:
 * - `methodName` `io.k8s.<group>.<version>.<resource>[.<subresource>].<verb>` (`core` for the
 *   core group): `io.k8s.core.v1.pods.binding.create`;
 * - `resourceName` `<group>/<version>/namespaces/<ns>/<resource>/<name>[/<subresource>]`
 *   (`core/v1/…` for the core group) gives the request path;
 * - `authenticationInfo.principalEmail` the user, `requestMetadata.callerIp` and
 *   `callerSuppliedUserAgent` the source and user agent;
 * - `request` / `response` the bodies (their `@type` dropped), `status` a google.rpc.Status;
 * - `operation.id` the audit ID (`insertId` when absent), the LogEntry `timestamp` the time.
 * The entry has one time only, so the request and its response share it (precision as given).
 */
export const CLOUD_AUDIT_TYPE = 'type.googleapis.com/google.cloud.audit.AuditLog';

/** google.rpc.Code → the HTTP status the apiserver would have answered (code.proto's mapping). */
const GRPC_TO_HTTP: Record<number, number> = { 0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 };

export function isCloudAuditEntry(v: Record<string, unknown>): boolean {
  return isRecord(v.protoPayload) && v.protoPayload['@type'] === CLOUD_AUDIT_TYPE;
}

/** The audit Event of a GKE entry, or the reason it is none. */
export function fromCloudAudit(entry: Record<string, unknown>): AuditEventJson | string {
  const p = entry.protoPayload as Record<string, unknown>;
  const method = typeof p.methodName === 'string' ? p.methodName : '';
  if (!method.startsWith('io.k8s.')) return `not a Kubernetes API call: protoPayload.methodName is ${JSON.stringify(method)}`;
  const parts = method.slice('io.k8s.'.length).split('.');
  const verb = parts.pop() ?? '';
  const resourceName = typeof p.resourceName === 'string' ? p.resourceName : '';
  const path = pathOf(resourceName, verb);
  const auth = isRecord(p.authenticationInfo) ? p.authenticationInfo : {};
  const meta = isRecord(p.requestMetadata) ? p.requestMetadata : {};
  const op = isRecord(entry.operation) ? entry.operation : {};
  const status = isRecord(p.status) ? p.status : {};
  const grpc = typeof status.code === 'number' ? status.code : 0;
  const time = typeof entry.timestamp === 'string' ? entry.timestamp : undefined;
  const auditID = typeof op.id === 'string' ? op.id : typeof entry.insertId === 'string' ? entry.insertId : undefined;
  if (!auditID) return 'a GKE audit entry without operation.id or insertId';
  if (!time) return 'a GKE audit entry without timestamp';
  const code = grpc === 0 ? (verb === 'create' ? 201 : 200) : (GRPC_TO_HTTP[grpc] ?? 500);
  const ev: AuditEventJson = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: p.response !== undefined ? 'RequestResponse' : p.request !== undefined ? 'Request' : 'Metadata',
    auditID,
    stage: 'ResponseComplete',
    requestURI: path.uri,
    verb,
    user: { username: typeof auth.principalEmail === 'string' ? auth.principalEmail : '' },
    requestReceivedTimestamp: time,
    stageTimestamp: time,
    responseStatus: { code, ...(typeof status.message === 'string' && status.message ? { message: status.message } : {}) },
  };
  if (typeof meta.callerIp === 'string') ev.sourceIPs = [meta.callerIp];
  if (typeof meta.callerSuppliedUserAgent === 'string') ev.userAgent = meta.callerSuppliedUserAgent;
  if (path.ref) ev.objectRef = path.ref;
  if (p.request !== undefined) ev.requestObject = withoutType(p.request);
  if (p.response !== undefined) ev.responseObject = withoutType(p.response);
  if (isRecord(entry.labels)) ev.annotations = Object.fromEntries(Object.entries(entry.labels).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return ev;
}

/** `apps/v1/namespaces/prod/deployments/web` → `/apis/apps/v1/namespaces/prod/deployments/web`. */
function pathOf(resourceName: string, verb: string): { uri: string; ref?: AuditEventJson['objectRef'] } {
  const segs = resourceName.split('/').filter((s) => s !== '');
  if (segs.length < 3) return { uri: `/${resourceName}` };
  const [group, version, ...rest] = segs as [string, string, ...string[]];
  const apiGroup = group === 'core' ? '' : group;
  const prefix = apiGroup === '' ? `/api/${version}` : `/apis/${apiGroup}/${version}`;
  const ref: NonNullable<AuditEventJson['objectRef']> = { apiVersion: version, ...(apiGroup ? { apiGroup } : {}) };
  let i = 0;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    ref.namespace = rest[1];
    i = 2;
  }
  ref.resource = rest[i];
  if (rest[i + 1] !== undefined) ref.name = rest[i + 1];
  if (rest[i + 2] !== undefined) ref.subresource = rest[i + 2];
  // A create is POSTed to the collection (or to the subresource of the named object).
  const uriSegs = verb === 'create' && !ref.subresource ? rest.slice(0, i + 1) : rest;
  return { uri: `${prefix}/${uriSegs.join('/')}`, ref };
}

function withoutType(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const { '@type': _type, ...rest } = v;
  return rest;
}
