import { uuid } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339Micro } from '../../../base/time.ts';
import type { KubeObject } from '../../../domain/k8s/objects.ts';
import { isStatus, requestLine, type HttpRequest, type HttpResponse } from '../../api/http.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { authorizationAnnotations } from './audit-authorization.ts';
import { asServedJson, encodeAuditEvent, type AuditEvent, type AuditObjectRef, type AuditResponseStatus } from './audit-event.ts';
import { DEFAULT_AUDIT_POLICY, evaluatePolicy, isLongRunning, levelAtLeast, requestAttributes, type AuditPolicy, type AuditStage, type RequestAttributes } from './audit-policy.ts';
import { strategyFor } from './strategies.ts';
import type { WatchCache } from './watch-cache.ts';

/** What the audit log reads from its apiserver: the host it runs on and its watch cache. */
export interface AuditedServer {
  readonly host: string;
  readonly cache: WatchCache;
}

interface InFlight {
  auditID: string;
  /** Present when the policy audits the request (level above None). */
  event?: AuditEvent;
  omitStages: AuditStage[];
  longRunning: boolean;
  /** A long-running request whose response has started. */
  started: boolean;
}

/**
 * The addresses requests come from, as on a kind cluster on its docker network: kubectl on the
 * workstation reaches the apiserver through kind's port mapping, so the apiserver sees the
 * bridge's gateway; the controllers and the scheduler talk to the advertise address of their
 * own host (kubeadm points their kubeconfigs at the local API endpoint); a kubelet comes from
 * its node's InternalIP.
 */
export const WORKSTATION_SOURCE_IP = '172.18.0.1';
export const CONTROL_PLANE_SOURCE_IP = '172.18.0.2';
const WORKSTATION_HOST = 'workstation';

/** audit/request.go maybeTruncateUserAgent. */
const MAX_USER_AGENT_LENGTH = 1024;

/**
 * kube-apiserver's audit: every request gets an audit ID (filters/audit_init.go WithAuditInit,
 * the `Audit-Id` response header), whether or not a log is written. Once `enable()`d (as with
 * `--audit-policy-file` and `--audit-log-path`), the log backend gets audit.k8s.io/v1 Events as
 * filters/audit.go WithAudit writes them: RequestReceived when the request comes in,
 * ResponseStarted when the headers of a long-running response (a watch) go out, and
 * ResponseComplete when the response is done. `lines` holds them in the order written.
 *
 * The apiserver calls `requestReceived` first thing for each request and `responded` when it
 * sends the response; `closed` ends a long-running one.
 */
export class AuditLog {
  private readonly ids: Rng;
  private readonly inFlight = new Map<number, InFlight>();
  private readonly written: string[] = [];
  private policy: AuditPolicy | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly server: AuditedServer,
  ) {
    this.ids = sim.rng.fork('auditID');
  }

  /** Starts writing events, evaluated against `policy` (default: Metadata for everything). */
  enable(policy: AuditPolicy = DEFAULT_AUDIT_POLICY): void {
    this.policy = policy;
  }

  /** The JSON lines written so far, one Event each. */
  get lines(): readonly string[] {
    return this.written;
  }

  /** A request reached the apiserver: returns its audit ID and writes RequestReceived. */
  requestReceived(msg: Delivery<HttpRequest>): string {
    const auditID = uuid(this.ids);
    const req = msg.payload;
    const attrs = requestAttributes(req);
    const entry: InFlight = { auditID, omitStages: [], longRunning: isLongRunning(attrs), started: false };
    this.inFlight.set(msg.id, entry);
    if (!this.policy) return auditID;
    const { level, omitStages } = evaluatePolicy(this.policy, attrs);
    if (level === 'None') return auditID;
    const now = toRfc3339Micro(this.sim.timeOrigin, this.sim.now);
    const event: AuditEvent = {
      level,
      auditID,
      stage: 'RequestReceived',
      requestURI: requestLine(req).slice(req.method.length + 1),
      verb: attrs.verb,
      user: { username: req.user, groups: req.groups },
      requestReceivedTimestamp: now,
      stageTimestamp: now,
    };
    const ip = this.sourceIP(msg);
    if (ip) event.sourceIPs = [ip];
    if (req.userAgent) event.userAgent = req.userAgent.length > MAX_USER_AGENT_LENGTH ? `${req.userAgent.slice(0, MAX_USER_AGENT_LENGTH)}...TRUNCATED` : req.userAgent;
    if (attrs.isResourceRequest) event.objectRef = objectRefOf(attrs);
    Object.assign(entry, { event, omitStages });
    this.write(entry);
    return auditID;
  }

  /**
   * The apiserver sends the response of a request: returns the request's audit ID (for the
   * trace) and writes ResponseStarted for a long-running request, ResponseComplete otherwise.
   * A watch refused with an error has no stream to wait for: as the handler returns at once,
   * its ResponseStarted (written with the headers, auditResponseWriter.processCode) is followed
   * by its ResponseComplete.
   */
  responded(msg: Delivery<HttpRequest>, res: HttpResponse): string {
    const entry = this.inFlight.get(msg.id);
    if (!entry) throw new Error(`audit: response to request ${msg.id}, which was never received (or was already answered)`);
    if (entry.started) {
      // A second answer to a started stream can only be its end.
      this.closed(msg.id);
      return entry.auditID;
    }
    const ev = entry.event;
    const streams = entry.longRunning && res.code === 200;
    if (!ev) {
      if (streams) entry.started = true;
      else this.inFlight.delete(msg.id);
      return entry.auditID;
    }
    const req = msg.payload;
    const attrs = requestAttributes(req);
    // Written by the authorization filter and the admission plugins, before the handler answers.
    ev.annotations = { ...authorizationAnnotations(req.user, req.groups), ...admissionAnnotations(attrs, res) };
    this.logRequestObject(ev, req, attrs);
    ev.responseStatus = responseStatusOf(res);
    if (entry.longRunning) {
      // A watch: the stream has only started; its ResponseComplete comes when it ends.
      entry.started = true;
      ev.stage = 'ResponseStarted';
      this.write(entry);
      if (!streams) this.closed(msg.id);
      return entry.auditID;
    }
    if (levelAtLeast(ev.level, 'RequestResponse') && res.body !== undefined) ev.responseObject = asServedJson(res.body);
    ev.stage = 'ResponseComplete';
    this.write(entry);
    this.inFlight.delete(msg.id);
    return entry.auditID;
  }

  /**
   * A long-running request (a watch) ended, closed by the server (timeout, or after an ERROR
   * event) or by the client: writes its ResponseComplete, with the status of its ResponseStarted.
   */
  closed(requestId: number): void {
    const entry = this.inFlight.get(requestId);
    if (!entry) return;
    this.inFlight.delete(requestId);
    if (!entry.event) return;
    entry.event.stage = 'ResponseComplete';
    this.write(entry);
  }

  private write(entry: InFlight): void {
    const ev = entry.event as AuditEvent;
    if (entry.omitStages.includes(ev.stage)) return;
    // filters/audit.go processAuditEvent: RequestReceived is stamped with the receive time.
    ev.stageTimestamp = ev.stage === 'RequestReceived' ? ev.requestReceivedTimestamp : toRfc3339Micro(this.sim.timeOrigin, this.sim.now);
    this.written.push(encodeAuditEvent(ev));
  }

  /**
   * audit.LogRequestObject, which the create and update handlers call once the body is decoded
   * (and defaulted): it names the object in objectRef (a create's name comes from the body, an
   * update adds uid and resourceVersion) and, from level Request on, records the body.
   * A patch records the patch as sent (LogRequestPatch); a delete its options, when given.
   */
  private logRequestObject(ev: AuditEvent, req: HttpRequest, attrs: RequestAttributes): void {
    const body = req.body as KubeObject | undefined;
    const request = levelAtLeast(ev.level, 'Request');
    if ((attrs.verb === 'create' || attrs.verb === 'update') && body && typeof body === 'object') {
      const meta = (body.metadata ?? {}) as { namespace?: string; name?: string; uid?: string; resourceVersion?: string };
      const ref = (ev.objectRef ??= {});
      if (!ref.namespace && meta.namespace) ref.namespace = meta.namespace;
      if (!ref.name && meta.name) ref.name = meta.name;
      if (!ref.uid && meta.uid) ref.uid = meta.uid;
      if (!ref.resourceVersion && meta.resourceVersion) ref.resourceVersion = meta.resourceVersion;
      if (request) ev.requestObject = asServedJson(decoded(body));
    } else if (request && (attrs.verb === 'patch' || attrs.verb === 'delete' || attrs.verb === 'deletecollection') && body !== undefined) {
      ev.requestObject = body;
    }
  }

  /**
   * The address the request came from: see WORKSTATION_SOURCE_IP. A kubelet's is its Node's
   * InternalIP, from the apiserver's cache, or from the Node it is registering.
   */
  private sourceIP(msg: Delivery<HttpRequest>): string | undefined {
    const host = this.sim.network.actor(msg.from)?.host;
    if (host === undefined) return undefined;
    if (host === WORKSTATION_HOST) return WORKSTATION_SOURCE_IP;
    if (host === this.server.host) return CONTROL_PLANE_SOURCE_IP;
    const node = this.server.cache.get(`/registry/minions/${host}`)?.object;
    const registering = msg.payload.method === 'POST' && msg.payload.path === '/api/v1/nodes' ? (msg.payload.body as KubeObject | undefined) : undefined;
    return internalIP(node) ?? (registering?.metadata?.name === host ? internalIP(registering) : undefined);
  }
}

function internalIP(node: KubeObject | undefined): string | undefined {
  const addresses = (node?.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses;
  return addresses?.find((a) => a.type === 'InternalIP')?.address;
}

/** The objectRef LogRequestMetadata takes from RequestInfo. */
function objectRefOf(attrs: RequestAttributes): AuditObjectRef {
  const ref: AuditObjectRef = { resource: attrs.resource };
  if (attrs.namespace) ref.namespace = attrs.namespace;
  if (attrs.name) ref.name = attrs.name;
  if (attrs.apiGroup) ref.apiGroup = attrs.apiGroup;
  if (attrs.apiVersion) ref.apiVersion = attrs.apiVersion;
  if (attrs.subresource) ref.subresource = attrs.subresource;
  return ref;
}

/** The body as the handler decoded it: with the API defaults of its kind. */
function decoded(body: KubeObject): KubeObject {
  try {
    return strategyFor(body.kind).defaults(body);
  } catch {
    // A body too broken to default is answered with an error; it is logged as it came.
    return body;
  }
}

/**
 * responseStatus: the code of the response and, when the body is a Status (every error, and
 * the Success of a binding), its status, message, reason and details (context.go
 * LogResponseObject copies only those bounded fields).
 */
function responseStatusOf(res: HttpResponse): AuditResponseStatus {
  if (!isStatus(res.body)) return { code: res.code };
  const s = res.body as Partial<typeof res.body>;
  const out: AuditResponseStatus = { code: res.code };
  if (s.status) out.status = s.status;
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.details) out.details = s.details;
  return out;
}

/**
 * Audit annotations of the admission plugins that act in a default cluster: PodSecurity records
 * the policy it enforced on every Pod it evaluates (`pod-security.kubernetes.io/enforce-policy`,
 * kubernetes/kubernetes#105908); a namespace without pod-security labels enforces
 * `privileged:latest`. It runs as a validating plugin, so only requests that got that far
 * (created, or refused by storage) carry it.
 */
function admissionAnnotations(attrs: RequestAttributes, res: HttpResponse): Record<string, string> {
  const podCreate = attrs.verb === 'create' && attrs.apiGroup === '' && attrs.resource === 'pods' && attrs.subresource === '';
  return podCreate && (res.code === 201 || res.code === 409) ? { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest' } : {};
}
