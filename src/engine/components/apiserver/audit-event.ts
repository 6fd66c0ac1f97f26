import type { AuditLevel, AuditStage } from './audit-policy.ts';

/**
 * One audit.k8s.io/v1 `Event` and its JSON line, byte for byte as kube-apiserver's log backend
 * writes it: the fields in the order of the Go structs
 * (staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go Event, ObjectReference;
 * k8s.io/api/authentication/v1 UserInfo; apimachinery metav1.Status), empty optional fields left
 * out (`omitempty`), map keys sorted, and `<`, `>`, `&` written as `\u003c`, `\u003e`, `\u0026`
 * as Go's encoding/json does (`?limit=500\u0026resourceVersion=0` in every real log).
 */

export interface AuditUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AuditObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

export interface AuditStatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
  retryAfterSeconds?: number;
}

/** metav1.Status as the audit event keeps it: Success/Failure, message, reason, details, code. */
export interface AuditResponseStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: AuditStatusDetails;
  code: number;
}

export interface AuditEvent {
  level: AuditLevel;
  auditID: string;
  stage: AuditStage;
  requestURI: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs?: string[];
  userAgent?: string;
  objectRef?: AuditObjectRef;
  responseStatus?: AuditResponseStatus;
  requestObject?: unknown;
  responseObject?: unknown;
  /** MicroTime: RFC 3339 with six fractional digits, UTC. */
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

/** The JSON line of an event (without the newline). */
export function encodeAuditEvent(ev: AuditEvent): string {
  const out: Record<string, unknown> = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: ev.level, auditID: ev.auditID, stage: ev.stage, requestURI: ev.requestURI, verb: ev.verb, user: userJson(ev.user) };
  if (ev.impersonatedUser) out.impersonatedUser = userJson(ev.impersonatedUser);
  if (ev.sourceIPs?.length) out.sourceIPs = ev.sourceIPs;
  if (ev.userAgent) out.userAgent = ev.userAgent;
  if (ev.objectRef) out.objectRef = ordered(ev.objectRef, OBJECT_REF_FIELDS);
  if (ev.responseStatus) out.responseStatus = statusJson(ev.responseStatus);
  if (ev.requestObject !== undefined) out.requestObject = ev.requestObject;
  if (ev.responseObject !== undefined) out.responseObject = ev.responseObject;
  out.requestReceivedTimestamp = ev.requestReceivedTimestamp;
  out.stageTimestamp = ev.stageTimestamp;
  if (ev.annotations && Object.keys(ev.annotations).length > 0) out.annotations = sortedKeys(ev.annotations);
  return escapeLikeGo(JSON.stringify(out));
}

const OBJECT_REF_FIELDS = ['resource', 'namespace', 'name', 'uid', 'apiGroup', 'apiVersion', 'resourceVersion', 'subresource'];
const STATUS_DETAILS_FIELDS = ['name', 'group', 'kind', 'uid', 'causes', 'retryAfterSeconds'];

function userJson(u: AuditUser): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (u.username) out.username = u.username;
  if (u.uid) out.uid = u.uid;
  if (u.groups?.length) out.groups = u.groups;
  if (u.extra && Object.keys(u.extra).length > 0) out.extra = sortedKeys(u.extra);
  return out;
}

/** metav1.Status: its ListMeta `metadata` is a struct, so it is always there, as `{}`. */
function statusJson(s: AuditResponseStatus): Record<string, unknown> {
  const out: Record<string, unknown> = { metadata: {} };
  if (s.status) out.status = s.status;
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.details) out.details = ordered(s.details as Record<string, unknown>, STATUS_DETAILS_FIELDS);
  if (s.code) out.code = s.code;
  return out;
}

/** The given fields in the given order, leaving out empty ones (`omitempty`). */
function ordered(obj: object, fields: readonly string[]): Record<string, unknown> {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = src[f];
    if (v === undefined || v === '' || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[f] = v;
  }
  return out;
}

function sortedKeys<T>(map: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const k of Object.keys(map).sort()) out[k] = map[k] as T;
  return out;
}

/** encoding/json's HTML-safe escaping (and of U+2028/U+2029), which JSON.stringify does not do. */
function escapeLikeGo(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const TYPE_META_FIELDS = ['kind', 'apiVersion'];
/** k8s.io/apimachinery/pkg/apis/meta/v1 ObjectMeta, in struct order. */
const OBJECT_META_FIELDS = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];
/** ListMeta, in struct order. */
const LIST_META_FIELDS = ['selfLink', 'resourceVersion', 'continue', 'remainingItemCount'];
/** OwnerReference, in struct order. */
const OWNER_REFERENCE_FIELDS = ['apiVersion', 'kind', 'name', 'uid', 'controller', 'blockOwnerDeletion'];
/** metav1.Status after its TypeMeta and ListMeta. */
const STATUS_FIELDS = ['status', 'message', 'reason', 'details', 'code'];

/**
 * An API object as the apiserver's JSON serializer writes it into `requestObject` and
 * `responseObject`: TypeMeta first (`kind` before `apiVersion`), then `metadata` in ObjectMeta
 * order with its label and annotation maps sorted, then the rest; lists item by item. Fields
 * below metadata keep the order the simulator built them in.
 */
export function asServedJson(obj: unknown): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of TYPE_META_FIELDS) if (src[f] !== undefined) out[f] = src[f];
  const isList = Array.isArray(src.items);
  if (src.metadata !== undefined) out.metadata = isList || src.kind === 'Status' ? inOrder(src.metadata, LIST_META_FIELDS) : objectMeta(src.metadata);
  const rest = src.kind === 'Status' ? [...STATUS_FIELDS, ...Object.keys(src)] : Object.keys(src);
  for (const k of rest) {
    if (k in out || src[k] === undefined) continue;
    out[k] = k === 'items' && isList ? (src.items as unknown[]).map(asServedJson) : k === 'details' && src.kind === 'Status' ? inOrder(src.details, STATUS_DETAILS_FIELDS) : src[k];
  }
  return out;
}

function objectMeta(meta: unknown): unknown {
  const m = inOrder(meta, OBJECT_META_FIELDS) as Record<string, unknown>;
  if (typeof m !== 'object' || m === null) return m;
  if (m.labels && typeof m.labels === 'object') m.labels = sortedKeys(m.labels as Record<string, unknown>);
  if (m.annotations && typeof m.annotations === 'object') m.annotations = sortedKeys(m.annotations as Record<string, unknown>);
  if (Array.isArray(m.ownerReferences)) m.ownerReferences = m.ownerReferences.map((r) => inOrder(r, OWNER_REFERENCE_FIELDS));
  return m;
}

/** Known fields first, in order; unknown ones after, as they were. */
function inOrder(value: unknown, fields: readonly string[]): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (src[f] !== undefined) out[f] = src[f];
  for (const [k, v] of Object.entries(src)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}
