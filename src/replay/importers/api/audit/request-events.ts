import { resourceByName } from '../../../../domain/k8s/resources.ts';
import type { ObjectRef } from '../../../../trace/schema.ts';
import type { RawEvent } from '../../../types.ts';
import { methodOfVerb, statusLine } from '../shared/http.ts';
import { isRecord } from '../shared/json-values.ts';
import { isApiObject, objectEvent, type ApiObject, type ObjectOp } from '../shared/objects.ts';
import type { ParsedTime } from '../shared/time.ts';
import { clientActor } from './actor.ts';
import type { AuditInterner } from './intern.ts';
import type { AuditEventJson } from './types.ts';

/** What the request events need from the importer: ids, the last body of each pod, the time. */
export interface RequestContext {
  nextId(): number;
  /** The last body of an object seen in this file (for the binding's inferred MODIFIED). */
  lastBody(key: string): ApiObject | undefined;
  remember(key: string, obj: ApiObject | undefined): void;
  time(text: string | undefined): ParsedTime | undefined;
  /** One copy of the values every line repeats (intern.ts). */
  intern: AuditInterner;
}

/**
 * The trace events of one API request, from its audit Event at its last stage (the stages of
 * one auditID merged by the importer), as the simulator records the same call
 * (engine/components/apiserver/apiserver.ts): the client's request `message` to kube-apiserver
 * (op `<METHOD> <requestURI>`, the query included, as the simulator's request line), the
 * response `message` back (`201 Created`, attrs.code, attrs.auditID, reason and message of a
 * Status), and the `object` events of the write (from responseObject).
 *
 * Choices where the log is silent:
 * - the request message starts at requestReceivedTimestamp and lasts until the stage's
 *   stageTimestamp (the apiserver's handling time); the response is sent at stageTimestamp;
 * - at Metadata level (no bodies) a successful create / update / patch / delete still yields its
 *   `object` event, without body and `inferred` (attrs.bodyless): the views keep the object's
 *   last body, so it shows up and goes away at the right time. A bodyless DELETE of a Pod by
 *   anyone but its kubelet is only a graceful deletion's start: no event;
 * - a DELETE whose response object still exists (deletionTimestamp with a grace period or
 *   finalizers left) is MODIFIED, not DELETED;
 * - the scheduler's `pods/binding` create answers a Status, not the Pod: the Pod's MODIFIED with
 *   spec.nodeName = the Binding's target is emitted `inferred`, built on the last body of the Pod
 *   seen in this file (without a resourceVersion: it is not in the log), or without body when
 *   none was seen; with no target (Metadata level) nothing is inferred.
 */
export function requestEvents(ev: AuditEventJson, line: number, ctx: RequestContext, started: boolean): RawEvent[] {
  const auditID = ev.auditID as string;
  const received = ctx.time(ev.requestReceivedTimestamp) ?? ctx.time(ev.timestamp);
  const stageAt = ctx.time(ev.stageTimestamp) ?? received;
  const intern = ctx.intern;
  const actor = intern.string(clientActor(ev.user?.username, ev.userAgent));
  // One string for the three uses of the request's link key (request, response, write).
  const auditKey = `audit:${auditID}`;
  const verb = ev.verb ?? '';
  const method = methodOfVerb(verb);
  const ref = refOfRequest(ev);
  const id = ctx.nextId();
  const out: RawEvent[] = [];
  const reqAttrs: Record<string, unknown> = { id, auditID, verb, user: intern.string(ev.user?.username ?? ''), level: ev.level };
  if (ev.userAgent) reqAttrs.userAgent = intern.string(ev.userAgent);
  if (ev.sourceIPs?.length) reqAttrs.sourceIPs = intern.list(ev.sourceIPs);
  if (ev.impersonatedUser?.username) reqAttrs.impersonatedUser = ev.impersonatedUser.username;
  if (ev.objectRef?.subresource) reqAttrs.subresource = ev.objectRef.subresource;
  if (ev.requestObject !== undefined) reqAttrs.body = ev.requestObject;
  const request: RawEvent = { kind: 'message', actor, to: 'kube-apiserver', op: `${method} ${ev.requestURI ?? ''}`, line, attrs: reqAttrs, keys: [auditKey] };
  if (received) request.at = received.at;
  if (received && stageAt) request.dur = Math.max(0, stageAt.at - received.at);
  if (ref) request.ref = ref;
  out.push(request);
  if (ev.stage === 'RequestReceived') {
    // The log ends before the request was answered (or the later stages were omitted).
    reqAttrs.unanswered = true;
    return out;
  }
  const status = ev.responseStatus ?? {};
  const panic = ev.stage === 'Panic';
  const code = typeof status.code === 'number' && status.code > 0 ? status.code : panic ? 500 : 200;
  const resAttrs: Record<string, unknown> = { id: ctx.nextId(), replyTo: id, code, auditID };
  if (status.reason) resAttrs.reason = status.reason;
  if (status.message) resAttrs.message = status.message;
  if (panic) resAttrs.panic = true;
  if (ev.annotations && hasKeys(ev.annotations)) resAttrs.annotations = intern.record(ev.annotations);
  const response: RawEvent = { kind: 'message', actor: 'kube-apiserver', to: actor, op: statusLine(code), line, attrs: resAttrs, causes: [{ key: auditKey, rule: 'audit-id', confidence: 'observed' }], dur: 0 };
  if (stageAt) response.at = stageAt.at;
  if (ref) response.ref = ref;
  if (code < 300 && !started) out.push(...writeEvents(ev, line, ctx, ref, stageAt, auditKey));
  // The response goes out after the write it reports (the simulator: object event, then 201).
  out.push(response);
  return out;
}

function writeEvents(ev: AuditEventJson, line: number, ctx: RequestContext, ref: ObjectRef | undefined, at: ParsedTime | undefined, auditKey: string): RawEvent[] {
  const verb = ev.verb ?? '';
  const sub = ev.objectRef?.subresource ?? '';
  const causes = [{ key: auditKey, rule: 'audit-response-object', confidence: 'observed' as const }];
  const base = { ...(at ? { at: at.at } : {}), causes };
  const body = ev.responseObject;
  if (sub === 'binding' && verb === 'create') return bindingEvents(ev, line, ctx, ref, base);
  const op = opOf(verb, body);
  if (!op) return [];
  if (isApiObject(body) && body.kind !== 'Status' && !String(body.kind ?? '').endsWith('List')) {
    const obj = body as ApiObject;
    const made = objectEvent(op, obj, line, base, ref);
    if (!made) return [];
    ctx.remember(bodyKey(made.ref as ObjectRef), op === 'DELETED' ? undefined : obj);
    return [made];
  }
  // No body (Metadata or Request level, or a Status for a delete): what the request says.
  if (!ref || !ev.objectRef?.name || sub !== '' && sub !== 'status') return [];
  if (op === 'DELETED' && ref.kind === 'Pod' && !ev.user?.username?.startsWith('system:node:')) return [];
  if (op === 'DELETED') ctx.remember(bodyKey(ref), undefined);
  const attrs: Record<string, unknown> = { bodyless: true };
  // A Success Status of a delete names the object's uid.
  if (isRecord(body) && isRecord(body.details) && typeof body.details.uid === 'string' && !ref.uid) ref = { ...ref, uid: body.details.uid };
  return [{ ...base, kind: 'object', actor: 'kube-apiserver', op, ref, line, inferred: true, attrs, ...(ref.uid ? { keys: [`obj:${ref.uid}`] } : {}) }];
}

function bindingEvents(ev: AuditEventJson, line: number, ctx: RequestContext, ref: ObjectRef | undefined, base: Partial<RawEvent>): RawEvent[] {
  const binding = ev.requestObject;
  const target = isRecord(binding) && isRecord(binding.target) && typeof binding.target.name === 'string' ? binding.target.name : undefined;
  if (!target || !ref) return [];
  const podRef: ObjectRef = { ...ref, apiVersion: 'v1', kind: 'Pod' };
  const prev = ctx.lastBody(bodyKey(podRef));
  const attrs: Record<string, unknown> = { nodeName: target, inferredFrom: 'pods/binding' };
  if (prev) {
    const { resourceVersion: _rv, ...meta } = prev.metadata ?? {};
    const object = { ...prev, metadata: meta, spec: { ...(isRecord(prev.spec) ? prev.spec : {}), nodeName: target } };
    attrs.object = object;
    ctx.remember(bodyKey(podRef), object);
  }
  return [{ ...base, kind: 'object', actor: 'kube-apiserver', op: 'MODIFIED', ref: podRef, line, inferred: true, attrs, ...(podRef.uid ? { keys: [`obj:${podRef.uid}`] } : {}) }];
}

function opOf(verb: string, body: unknown): ObjectOp | undefined {
  if (verb === 'create') return 'ADDED';
  if (verb === 'update' || verb === 'patch') return 'MODIFIED';
  if (verb === 'delete') {
    const meta = isApiObject(body) && body.kind !== 'Status' ? body.metadata : undefined;
    const pending = meta?.deletionTimestamp !== undefined && ((meta.deletionGracePeriodSeconds ?? 0) > 0 || (meta.finalizers?.length ?? 0) > 0);
    return pending ? 'MODIFIED' : 'DELETED';
  }
  return undefined;
}

/** The object a request names, as a trace ref; the kind from the body or the resource name. */
function refOfRequest(ev: AuditEventJson): ObjectRef | undefined {
  const o = ev.objectRef;
  if (!o?.resource) return undefined;
  const body = [ev.responseObject, ev.requestObject].find((b) => isApiObject(b) && b.kind !== 'Status' && b.kind !== 'DeleteOptions' && b.kind !== 'Binding' && !String(b.kind).endsWith('List')) as ApiObject | undefined;
  const info = resourceInfo(o.resource, o.apiGroup);
  const kind = body?.kind ?? info?.kind;
  const name = o.name ?? body?.metadata?.name;
  if (!kind || !name) return undefined;
  const apiVersion = o.apiGroup ? `${o.apiGroup}/${o.apiVersion ?? 'v1'}` : (o.apiVersion ?? 'v1');
  const ref: ObjectRef = { apiVersion, kind, name };
  const ns = o.namespace ?? body?.metadata?.namespace;
  if (ns) ref.namespace = ns;
  const uid = o.uid ?? body?.metadata?.uid;
  if (uid) ref.uid = uid;
  return ref;
}

/** resourceByName per (resource, group), looked up once: every request of a log asks again. */
const resourceCache = new Map<string, ReturnType<typeof resourceByName>>();
function resourceInfo(resource: string, group: string | undefined): ReturnType<typeof resourceByName> {
  const name = group ? `${resource}.${group}` : resource;
  if (resourceCache.has(name)) return resourceCache.get(name);
  const info = resourceByName(name);
  if (resourceCache.size < 1024) resourceCache.set(name, info);
  return info;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

function bodyKey(ref: ObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace ?? ''}/${ref.name}`;
}
