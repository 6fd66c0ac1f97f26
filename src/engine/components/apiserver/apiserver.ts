import { generateName, uuid } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { KubeObject, Pod } from '../../../domain/k8s/objects.ts';
import { matchesFields } from '../../../domain/k8s/field-selector.ts';
import { matchesRequirements } from '../../../domain/k8s/labels.ts';
import { applyScale, scaleOf, validateScaleReplicas } from '../../../domain/k8s/scale.ts';
import { shouldDeleteDuringUpdate } from '../../../domain/k8s/deletion.ts';
import { CRD_RESOURCE, etcdKey, KNOWN_RESOURCES, parseApiPath, type ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { CustomResourceDefinition } from '../../../domain/k8s/crd.ts';
import { Apiextensions } from './apiextensions.ts';
import { registerDiscovery } from '../../api/discovery.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import { isStatus, RST_STREAM, statusError, statusText, type HttpRequest, type HttpResponse } from '../../api/http.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { KeyValue, MvccEvent, RangeResponse, TxnRequest, TxnResponse } from '../etcd/mvcc.ts';
import { admitMutating, admitValidating } from './admission.ts';
import { applyMergePatch } from './merge-patch.ts';
import { applyStrategicMergePatch } from '../../../domain/k8s/strategic-merge.ts';
import { applyJsonPatch, type JsonPatchOp } from '../../../domain/k8s/json-patch.ts';
import { apiserverRequestMachine, CACHE_READ_DUR, PIPELINE_STAGES } from './request.machine.ts';
import { conflict, invalid, methodNotAllowed, notFound, qualifiedResource } from './errors.ts';
import type { CacheEvent } from './event-window.ts';
import { conditionalDelete, guaranteedUpdate, stateOf, type Preconditions, type StoreState } from './etcd3-store.ts';
import { decodeSelectors } from './list-options.ts';
import { orderMetadata, refOf, withoutResourceVersion, withResourceVersion } from './object-meta.ts';
import { deleteResource, type RegistryOps, type RegistryOutcome } from './registry-delete.ts';
import { prepareForUpdate } from './registry-update.ts';
import { WatchCache } from './watch-cache.ts';
import { Compactor } from './compactor.ts';
import { WatchServer } from './watch-server.ts';
import { AuditLog } from './audit.ts';

/** Who fails when etcd answers a storage call with an error. */
interface StorageOwner {
  fail: (response: HttpResponse, seq: number) => void;
}

interface RequestContext {
  msg: Delivery<HttpRequest>;
  req: HttpRequest;
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  machine: MachineInstance<typeof apiserverRequestMachine>;
  ref?: ObjectRef;
}

/** A write's result; `code` and `ref` override the method's status code and the object's ref. */
type WriteOutcome = { ok: true; object: KubeObject; cause: number; code?: number; ref?: ObjectRef } | { ok: false; response: HttpResponse; cause: number };

export { refOf, withResourceVersion } from './object-meta.ts';

/** The resources with a scale subresource (`<resource>.<group>`). */
const SCALABLE = new Set(['deployments.apps', 'replicasets.apps']);

/**
 * kube-apiserver: runs every request through the filter chain and the REST handler (one
 * `apiserver-request` machine per request, a span per stage), stores objects in etcd with
 * kube-apiserver's compare-and-swap transactions (etcd3-store.ts), deletes them as the generic
 * registry does (registry-delete.ts: graceful deletion, finalizers, propagation), and fans watch
 * events out from its watch cache (watch-server.ts), which it fills from one etcd watch on
 * /registry/. See README.md.
 */
export class KubeApiserver implements Actor {
  readonly id = 'kube-apiserver';
  readonly cache = new WatchCache();
  readonly audit: AuditLog;
  private readonly pendingTxns = new Map<number, { done: (res: TxnResponse, delivery: Delivery) => void; owner: StorageOwner | undefined }>();
  private storageOwner: StorageOwner | undefined;
  /** The etcd compactor (--etcd-compaction-interval=5m) and its Compact calls in flight. */
  private readonly compactor: Compactor;
  private readonly pendingCompacts = new Map<number, (res: { error?: string }, delivery: Delivery) => void>();
  private readonly pendingRanges = new Map<number, { done: (res: RangeResponse, delivery: Delivery) => void; owner: StorageOwner | undefined }>();
  private readonly watches: WatchServer;
  private readonly names: Rng;
  private readonly uids: Rng;
  private readonly prefixes: { prefix: string; info: ResourceInfo }[];
  /** CRDs and the custom resources they define (apiextensions.ts). */
  readonly apiextensions: Apiextensions;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly etcdId: string,
  ) {
    this.names = sim.rng.fork('generateName');
    this.uids = sim.rng.fork('uids');
    this.audit = new AuditLog(sim, this);
    this.prefixes = [...KNOWN_RESOURCES, CRD_RESOURCE].map((info) => ({ prefix: `${info.etcdPrefix}/`, info }));
    this.apiextensions = new Apiextensions(sim, this.id, (info) => {
      // A newly established custom resource: the cacher starts its window from the current revision.
      this.prefixes.push({ prefix: `${info.etcdPrefix}/`, info });
      this.cache.replaceAll([`${info.etcdPrefix}/`], this.cache.revision);
    });
    registerDiscovery(sim, { resources: () => this.apiextensions.resources(), crdOf: (info) => this.apiextensions.crdOf(info) });
    this.watches = new WatchServer(sim, this.id, this.cache, (requestId) => this.audit.closed(requestId));
    this.compactor = new Compactor(sim, {
      txn: (txn, cb) => this.txn(txn, 0, undefined, cb),
      compact: (revision, cb) => {
        const { id } = this.sim.network.send(this.id, this.etcdId, 'Compact', { payload: { revision }, attrs: { revision } });
        this.pendingCompacts.set(id, cb);
      },
    });
  }

  /**
   * Opens the etcd watch the cache is fed from. Every resource's cache starts from a list at the
   * current revision; the watch asks for progress notifications, which move the caches forward.
   */
  start(): void {
    this.cache.replaceAll(
      this.prefixes.map((p) => p.prefix),
      this.cache.revision,
    );
    this.sim.network.send(this.id, this.etcdId, 'Watch', {
      payload: { key: '/registry/', rangeEnd: '/registry0', startRevision: 0, prevKv: true, progressNotify: true },
      attrs: { key: '/registry/', rangeEnd: '/registry0', prevKv: true, progressNotify: true },
    });
    this.compactor.start();
  }

  /** Objects present at t = 0: written to etcd and the cache without requests. */
  bootstrap(obj: KubeObject): KubeObject {
    const info = this.resourceOf(obj);
    const prepared = this.assignIdentity(this.strategyOf(info).defaults(obj), info);
    const key = etcdKey(info, prepared.metadata.namespace, prepared.metadata.name as string);
    const etcd = this.sim.network.actor(this.etcdId) as unknown as { bootstrapPut(key: string, value: unknown): KeyValue };
    const kv = etcd.bootstrapPut(key, prepared);
    const stored = withResourceVersion(prepared, kv.modRevision);
    this.cache.set(key, { object: stored, modRevision: kv.modRevision });
    this.cache.revision = kv.modRevision;
    const seq = this.sim.recorder.record({ kind: 'object', actor: this.id, op: 'ADDED', ref: refOf(stored), attrs: { resourceVersion: String(kv.modRevision), object: stored, bootstrap: true } });
    if (info === CRD_RESOURCE) this.apiextensions.observe('ADDED', stored as CustomResourceDefinition, seq);
    return stored;
  }

  receive(msg: Delivery): void {
    if (msg.from === this.etcdId) {
      if (msg.op === 'TxnResponse' && msg.replyTo !== undefined) {
        const pending = this.pendingTxns.get(msg.replyTo);
        this.pendingTxns.delete(msg.replyTo);
        if (pending && !this.etcdFailed(pending.owner, msg.payload, msg)) this.withStorageOwner(pending.owner, () => pending.done(msg.payload as TxnResponse, msg));
      } else if (msg.op === 'RangeResponse' && msg.replyTo !== undefined) {
        const pending = this.pendingRanges.get(msg.replyTo);
        this.pendingRanges.delete(msg.replyTo);
        if (pending && !this.etcdFailed(pending.owner, msg.payload, msg)) this.withStorageOwner(pending.owner, () => pending.done(msg.payload as RangeResponse, msg));
      } else if (msg.op === 'CompactResponse' && msg.replyTo !== undefined) {
        const done = this.pendingCompacts.get(msg.replyTo);
        this.pendingCompacts.delete(msg.replyTo);
        done?.(msg.payload as { error?: string }, msg);
      } else if (msg.op === 'WatchResponse') {
        this.onEtcdWatch(msg as Delivery<{ events: MvccEvent[]; header?: { revision: number } }>);
      }
      return;
    }
    // An answer to the apiextensions controllers' loopback client.
    if (msg.from === this.id && msg.replyTo !== undefined && this.apiextensions.handle(msg)) return;
    // A client stopped a watch: the stream of that request is reset.
    if (msg.op === RST_STREAM) {
      this.watches.cancel((msg.payload as { stream: number }).stream);
      return;
    }
    this.onRequest(msg as Delivery<HttpRequest>);
  }

  // ---------------------------------------------------------------- request pipeline

  private onRequest(msg: Delivery<HttpRequest>): void {
    const req = msg.payload;
    this.audit.requestReceived(msg);
    const route = parseApiPath(req.path, this.apiextensions.resources());
    const machine = this.sim.startMachine(apiserverRequestMachine, { actor: this.id, machine: 'apiserver-request', instance: String(msg.id) }, { cause: msg.seq });
    if (!route) {
      machine.send({ type: 'REJECT' });
      this.respond(msg, machine.stateSeq, { code: 404, body: statusError(404, 'NotFound', 'the server could not find the requested resource') });
      return;
    }
    const ctx: RequestContext = { msg, req, info: route.info, machine };
    if (route.namespace !== undefined) ctx.namespace = route.namespace;
    if (route.name !== undefined) ctx.name = route.name;
    if (route.subresource !== undefined) ctx.subresource = route.subresource;
    if (route.name) ctx.ref = { apiVersion: route.info.apiVersion, kind: route.info.kind, name: route.name, ...(route.namespace ? { namespace: route.namespace } : {}) };
    this.runStage(ctx, 0, machine.stateSeq);
  }

  /** Runs the filter chain stage by stage, each a span on the simulated clock. */
  private runStage(ctx: RequestContext, index: number, cause: number): void {
    const isRead = ctx.req.method === 'GET';
    const stage = PIPELINE_STAGES[index];
    if (!stage || (isRead && index >= 2)) {
      this.storage(ctx, cause);
      return;
    }
    let body = ctx.req.body as KubeObject | undefined;
    const attrs: Record<string, unknown> = this.stageAttrs(stage.op, ctx);
    if (stage.op === 'mutating admission' && body && ctx.req.method === 'POST' && !ctx.subresource) {
      const admitted = admitMutating(this.strategyOf(ctx.info).defaults(body), { names: this.names });
      attrs.plugins = admitted.plugins;
      if (admitted.patches.length) attrs.patches = admitted.patches;
      body = admitted.object;
      ctx.req = { ...ctx.req, body };
    }
    if (stage.op === 'validation' && body && ctx.req.method === 'POST' && !ctx.subresource) {
      // rest.BeforeCreate: PrepareForCreate and the name from generateName come before Validate.
      body = this.strategyOf(ctx.info).prepareForCreate(this.assignIdentity({ ...body, metadata: { ...body.metadata, ...(ctx.namespace && ctx.info.namespaced ? { namespace: ctx.namespace } : {}) } }, ctx.info));
      ctx.req = { ...ctx.req, body };
      ctx.ref = refOf(body);
      attrs.name = body.metadata.name;
    }
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: stage.op, dur: stage.dur, cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs });
    this.sim.after(stage.dur, () => {
      if (stage.op === 'validation' && body && ctx.req.method === 'POST' && !ctx.subresource) {
        const errors = this.strategyOf(ctx.info).validate(body);
        if (errors.length > 0) {
          ctx.machine.send({ type: 'REJECT' }, seq);
          const name = body.metadata?.name ?? body.metadata?.generateName ?? '';
          this.respond(ctx.msg, ctx.machine.stateSeq, invalid(ctx.info.kind, ctx.info.group, name, errors));
          return;
        }
      }
      const next = isRead && index === 1 ? 'READ' : 'NEXT';
      ctx.machine.send({ type: next }, seq);
      this.runStage(ctx, index + 1, ctx.machine.stateSeq);
    });
  }

  private stageAttrs(op: string, ctx: RequestContext): Record<string, unknown> {
    switch (op) {
      case 'authentication':
        return { user: ctx.req.user, groups: ctx.req.groups, authenticator: ctx.req.user.startsWith('system:serviceaccount:') ? 'ServiceAccountToken' : 'x509' };
      case 'authorization':
        return {
          decision: 'allow',
          authorizer: ctx.req.user.startsWith('system:node:') ? 'Node' : 'RBAC',
          verb: verbOf(ctx.req, ctx.name),
          resource: ctx.info.resource,
          ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
        };
      case 'validating admission':
        return { plugins: admitValidating(ctx.info.kind) };
      default:
        return {};
    }
  }

  /** The REST strategy of a resource (strategies.ts; CRDs and custom resources: apiextensions.ts). */
  private strategyOf(info: ResourceInfo): ReturnType<Apiextensions['strategy']> {
    return this.apiextensions.strategy(info);
  }

  private respond(msg: Delivery<HttpRequest>, cause: number, res: HttpResponse, ref?: ObjectRef): void {
    const attrs: Record<string, unknown> = { code: res.code };
    if (isStatus(res.body)) {
      attrs.reason = res.body.reason;
      attrs.message = res.body.message;
    }
    attrs.auditID = this.audit.responded(msg, res);
    this.sim.network.send(this.id, msg.from, `${res.code} ${statusText(res.code)}`, {
      replyTo: msg.id,
      cause,
      payload: res,
      attrs,
      ...(ref ? { ref } : {}),
    });
  }

  // ---------------------------------------------------------------- storage (REST handler)

  private storage(ctx: RequestContext, cause: number): void {
    const { req } = ctx;
    if (!this.servesSubresource(ctx)) {
      ctx.machine.send({ type: 'REJECT' }, cause);
      this.respond(ctx.msg, ctx.machine.stateSeq, { code: 404, body: statusError(404, 'NotFound', 'the server could not find the requested resource') });
      return;
    }
    const watch = req.query?.watch === 'true';
    // cacher.Get: a GET of one object without a resourceVersion is a consistent read from etcd;
    // lists and watches are served from the watch cache.
    if (req.method === 'GET' && (watch || !ctx.name || req.query?.resourceVersion === '0')) {
      const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'storage', dur: CACHE_READ_DUR, cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs: { from: 'watch cache', watch } });
      this.sim.after(CACHE_READ_DUR, () => {
        ctx.machine.send({ type: 'STORED' }, seq);
        if (watch) this.watches.open(ctx.msg, ctx.info, ctx.namespace, ctx.machine.stateSeq, (res) => this.respond(ctx.msg, ctx.machine.stateSeq, res));
        else this.read(ctx, ctx.machine.stateSeq);
      });
      return;
    }
    const storageSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'storage', cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs: { to: 'etcd3' } });
    if (req.method === 'GET') {
      const fail = (response: HttpResponse, seq: number): void => {
        ctx.machine.send({ type: 'REJECT' }, seq);
        this.respond(ctx.msg, ctx.machine.stateSeq, response, ctx.ref);
      };
      this.withStorageOwner({ fail }, () => this.getFromEtcd(ctx, storageSeq));
      return;
    }
    const finish = (out: WriteOutcome, code: number): void => {
      if (out.ok) {
        ctx.machine.send({ type: 'STORED' }, out.cause);
        this.respond(ctx.msg, ctx.machine.stateSeq, { code: out.code ?? code, body: out.object }, out.ref ?? refOf(out.object));
      } else {
        ctx.machine.send({ type: 'REJECT' }, out.cause);
        this.respond(ctx.msg, ctx.machine.stateSeq, out.response, ctx.ref);
      }
    };
    this.withStorageOwner({ fail: (response, seq) => finish({ ok: false, cause: seq, response }, response.code) }, () => {
      if (req.method === 'POST' && ctx.subresource === 'binding') this.bind(ctx, storageSeq, (o) => finish(o, 201));
      else if (req.method === 'POST' && ctx.subresource === 'eviction') this.evict(ctx, storageSeq, (o) => finish(o, 201));
      else if (req.method === 'POST') this.create(ctx, storageSeq, (o) => finish(o, 201));
      else if (req.method === 'PUT' || req.method === 'PATCH') this.update(ctx, storageSeq, (o) => finish(o, 200));
      else if (req.method === 'DELETE') this.remove(ctx, storageSeq, (o) => finish(o, 200));
      else finish({ ok: false, cause: storageSeq, response: methodNotAllowed() }, 405);
    });
  }

  /**
   * The request whose storage calls are being made: etcd calls issued while `fn` runs (and from
   * the callbacks of those calls) belong to it, so an etcd error can fail that request.
   */
  private withStorageOwner(owner: StorageOwner | undefined, fn: () => void): void {
    const before = this.storageOwner;
    this.storageOwner = owner;
    try {
      fn();
    } finally {
      this.storageOwner = before;
    }
  }

  /**
   * An etcd error (a timeout while quorum is lost) is no storage error the registry knows:
   * ErrorToAPIStatus makes it a 500 with no reason and etcd's text as the message, which kubectl
   * prints as "Error from server: etcdserver: request timed out" (apiserver/pkg/endpoints/
   * handlers/responsewriters/status.go).
   */
  private etcdFailed(owner: StorageOwner | undefined, payload: unknown, delivery: Delivery): boolean {
    const error = (payload as { error?: unknown } | undefined)?.error;
    if (typeof error !== 'string') return false;
    owner?.fail({ code: 500, body: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message: error, code: 500 } }, delivery.seq);
    return true;
  }

  /** status for resources with a status subresource, scale for Deployments and ReplicaSets. */
  private servesSubresource(ctx: RequestContext): boolean {
    const sub = ctx.subresource;
    if (sub === undefined) return true;
    if (ctx.info.resource === 'namespaces') return sub === 'status' || sub === 'finalize';
    if (sub === 'status') return this.strategyOf(ctx.info).hasStatus;
    if (sub === 'scale') return SCALABLE.has(`${ctx.info.resource}.${ctx.info.group}`);
    if (sub === 'binding' || sub === 'eviction') return ctx.info.resource === 'pods' && ctx.req.method === 'POST';
    return false;
  }

  /**
   * POST pods/<name>/eviction (pkg/registry/core/pod/storage/eviction.go): with no
   * PodDisruptionBudget to check, the pod gets the DisruptionTarget condition
   * (EvictionByEvictionAPI) and is deleted with the Eviction's DeleteOptions.
   */
  private evict(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const name = ctx.name as string;
    const eviction = (ctx.req.body ?? {}) as { metadata?: { name?: string }; deleteOptions?: unknown };
    if (eviction.metadata?.name && eviction.metadata.name !== name) {
      done({ ok: false, cause, response: { code: 400, body: statusError(400, 'BadRequest', 'name in URL does not match name in Eviction object') } });
      return;
    }
    const key = etcdKey(ctx.info, ctx.namespace, name);
    const ops = this.registryOps();
    guaranteedUpdate<never>(
      ops,
      key,
      this.cachedState(key),
      undefined,
      (current) => {
        const pod = current.obj as Pod;
        const condition = { type: 'DisruptionTarget', status: 'True' as const, lastProbeTime: null, lastTransitionTime: this.nowIso(), reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' };
        const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget'), condition];
        return { object: { ...pod, status: { ...pod.status, conditions } } };
      },
      cause,
      ctx.ref,
      (u) => {
        if (u.kind === 'notFound') {
          done({ ok: false, cause: u.seq, response: notFound(ctx.info, name) });
          return;
        }
        if (u.kind !== 'updated' && u.kind !== 'unchanged') {
          done({ ok: false, cause: u.seq, response: conflict(ctx.info, name) });
          return;
        }
        const seq = u.kind === 'updated' ? this.recordObject('MODIFIED', u.state.obj, u.seq) : u.seq;
        deleteResource(ops, ctx.info, key, name, { ...ctx.req, body: eviction.deleteOptions ?? {} }, seq, (o) => {
          if (!o.ok) done(o);
          else done({ ok: true, object: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 } as KubeObject, cause: o.cause, code: 201, ref: o.ref });
        });
      },
    );
  }

  /** GET of one object (or its scale) with a consistent read from etcd. */
  private getFromEtcd(ctx: RequestContext, cause: number): void {
    const name = ctx.name as string;
    this.range(etcdKey(ctx.info, ctx.namespace, name), cause, ctx.ref, (res, d) => {
      const kv = res.kvs[0];
      if (!kv) {
        ctx.machine.send({ type: 'REJECT' }, d.seq);
        this.respond(ctx.msg, ctx.machine.stateSeq, notFound(ctx.info, name), ctx.ref);
        return;
      }
      const obj = stateOf(kv).obj;
      ctx.machine.send({ type: 'STORED' }, d.seq);
      this.respond(ctx.msg, ctx.machine.stateSeq, { code: 200, body: ctx.subresource === 'scale' ? scaleOf(obj) : obj }, refOf(obj));
    });
  }

  private read(ctx: RequestContext, cause: number): void {
    const { info, namespace, name } = ctx;
    if (name) {
      // resourceVersion=0: any version will do, the watch cache's.
      const entry = this.cache.get(etcdKey(info, namespace, name));
      if (!entry) {
        this.respond(ctx.msg, cause, notFound(info, name), ctx.ref);
        return;
      }
      this.respond(ctx.msg, cause, { code: 200, body: ctx.subresource === 'scale' ? scaleOf(entry.object) : entry.object }, ctx.ref);
      return;
    }
    const prefix = namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
    const selectors = decodeSelectors(info, ctx.req.query);
    if ('error' in selectors) {
      this.respond(ctx.msg, cause, selectors.error);
      return;
    }
    const { fields, labels } = selectors;
    const items = this.cache.list(prefix, (o) => (fields.length === 0 || matchesFields(o, fields)) && (!labels || matchesRequirements(labels, o.metadata.labels)));
    const list = { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(this.cache.revision) }, items };
    this.respond(ctx.msg, cause, { code: 200, body: list });
  }

  // ---------------------------------------------------------------- writes

  private create(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const body = ctx.req.body as KubeObject;
    const info = ctx.info;
    // Identity (name, uid, creationTimestamp) was given before validation.
    const obj = body;
    const name = obj.metadata.name as string;
    ctx.ref = refOf(obj);
    const key = etcdKey(info, obj.metadata.namespace, name);
    const txn: TxnRequest = {
      compare: [{ key, target: 'MOD', result: 'EQUAL', value: 0 }],
      success: [{ requestPut: { key, value: obj } }],
      failure: [],
    };
    this.txn(txn, cause, ctx.ref, (res, delivery) => {
      if (!res.succeeded) {
        done({ ok: false, cause: delivery.seq, response: { code: 409, body: statusError(409, 'AlreadyExists', `${qualifiedResource(info)} "${name}" already exists`, { name, kind: info.resource, ...(info.group ? { group: info.group } : {}) }) } });
        return;
      }
      const stored = withResourceVersion(obj, res.header.revision);
      const seq = this.recordObject('ADDED', stored, delivery.seq);
      done({ ok: true, object: stored, cause: seq });
    });
  }

  /**
   * PUT and PATCH, on the main resource or its status or scale subresource (store.go Update):
   * GuaranteedUpdate with the watch cache's copy as the first guess, retried on fresh data from
   * etcd; an update that empties the finalizers of an object being deleted deletes it.
   */
  private update(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const { info, namespace, name } = ctx;
    if (!name) {
      done({ ok: false, cause, response: methodNotAllowed() });
      return;
    }
    const key = etcdKey(info, namespace, name);
    const strategy = this.strategyOf(info);
    // DefaultUpdatedObjectInfo.Preconditions: the uid a PUT body carries.
    const bodyUid = ctx.req.method === 'PUT' && ctx.subresource !== 'scale' ? (ctx.req.body as KubeObject | undefined)?.metadata?.uid : undefined;
    const preconditions: Preconditions | undefined = bodyUid ? { uid: bodyUid } : undefined;
    type Abort = { kind: 'error'; response: HttpResponse } | { kind: 'emptiedFinalizers'; object: KubeObject };
    guaranteedUpdate<Abort>(
      this.registryOps(),
      key,
      this.cachedState(key),
      preconditions,
      (current) => {
        const next = ctx.subresource === 'scale' ? this.scaledObject(ctx, current.obj) : this.applyUpdate(ctx, current.obj);
        if ('error' in next) return { abort: { kind: 'error', response: next.error } };
        const prepared = prepareForUpdate(info, strategy, next.object, current.obj, ctx.subresource);
        if ('error' in prepared) return { abort: { kind: 'error', response: prepared.error } };
        if (shouldDeleteDuringUpdate(prepared.object, current.obj)) return { abort: { kind: 'emptiedFinalizers', object: prepared.object } };
        return { object: prepared.object };
      },
      cause,
      ctx.ref,
      (u) => {
        if (u.kind === 'notFound') {
          done({ ok: false, cause: u.seq, response: notFound(info, name) });
          return;
        }
        if (u.kind === 'precondition') {
          done({ ok: false, cause: u.seq, response: conflict(info, name, u.message) });
          return;
        }
        if (u.kind === 'aborted') {
          if (u.reason.kind === 'error') done({ ok: false, cause: u.seq, response: u.reason.response });
          else this.deleteWithoutFinalizers(ctx, key, u.reason.object, u.state, preconditions, u.seq, done);
          return;
        }
        const seq = u.kind === 'updated' ? this.recordObject('MODIFIED', u.state.obj, u.seq) : u.seq;
        done({ ok: true, object: ctx.subresource === 'scale' ? scaleOf(u.state.obj) : u.state.obj, cause: seq, ref: refOf(u.state.obj) });
      },
    );
  }

  /**
   * deleteWithoutFinalizers: the last finalizer is gone from an object whose deletion was asked
   * for, so the update deletes it; the client gets the object it sent.
   */
  private deleteWithoutFinalizers(ctx: RequestContext, key: string, obj: KubeObject, current: StoreState, preconditions: Preconditions | undefined, cause: number, done: (o: WriteOutcome) => void): void {
    conditionalDelete(this.registryOps(), key, current, preconditions, cause, refOf(obj), (r) => {
      if (r.kind === 'deleted') {
        const gone = { ...r.state.obj, metadata: { ...r.state.obj.metadata, resourceVersion: String(r.rev) } };
        done({ ok: true, object: obj, cause: this.recordObject('DELETED', gone, r.seq) });
      } else if (r.kind === 'notFound') done({ ok: true, object: obj, cause: r.seq });
      else done({ ok: false, cause: r.seq, response: conflict(ctx.info, ctx.name ?? '', r.message) });
    });
  }

  /**
   * The scale subresource's UpdatedObject (pkg/registry/apps/deployment/storage and replicaset/storage ScaleREST,
   * scaleUpdatedObjectInfo): the request applies to the Scale made from the current object, the
   * Scale is validated, and its spec.replicas (and resourceVersion) go back into the object.
   */
  private scaledObject(ctx: RequestContext, current: KubeObject): { object: KubeObject } | { error: HttpResponse } {
    const scale = scaleOf(current);
    const applied = this.applyUpdate({ ...ctx, subresource: 'scale' }, scale, true);
    if ('error' in applied) return applied;
    const bad = validateScaleReplicas(applied.object);
    if (bad) return { error: invalid('Scale', 'autoscaling', current.metadata.name ?? '', [{ field: bad.field, type: 'Invalid value', value: bad.value, detail: bad.detail }]) };
    return { object: applyScale(current, applied.object) };
  }

  /**
   * The object an update would store (objInfo.UpdatedObject and the strategy's
   * PrepareForUpdate): the body of a PUT or the patch applied to the current object; the main
   * resource keeps the current status, the status subresource the current spec. With `raw`,
   * only the body or patch (the scale subresource converts it itself).
   */
  private applyUpdate(ctx: RequestContext, current: KubeObject, raw = false): { object: KubeObject } | { error: HttpResponse } {
    const strategy = this.strategyOf(ctx.info);
    let incoming: KubeObject;
    if (ctx.req.method === 'PATCH') {
      const patch = (ctx.req.body ?? {}) as Record<string, unknown>;
      // Strategic merge patch merges lists by their patch merge key (containers by name).
      if (ctx.req.contentType === 'application/json-patch+json') {
        try {
          incoming = applyJsonPatch(current, ctx.req.body as JsonPatchOp[]) as KubeObject;
        } catch (err) {
          return { error: { code: 422, body: statusError(422, 'Invalid', (err as Error).message) } };
        }
      } else incoming = (ctx.req.contentType === 'application/strategic-merge-patch+json' ? applyStrategicMergePatch(current, patch) : applyMergePatch(current, patch)) as KubeObject;
      // A patch without a resourceVersion carries no precondition.
      if (!(patch.metadata as { resourceVersion?: string } | undefined)?.resourceVersion) {
        incoming = { ...incoming, metadata: { ...incoming.metadata, resourceVersion: '' } };
      }
    } else {
      incoming = ctx.req.body as KubeObject;
    }
    if (!incoming || typeof incoming !== 'object') return { error: { code: 400, body: statusError(400, 'BadRequest', 'the body of the request was in an unknown format') } };
    if (!incoming.metadata || typeof incoming.metadata !== 'object') incoming = { ...incoming, metadata: {} };
    if (raw) return { object: incoming };
    let next: KubeObject;
    if (ctx.subresource === 'status') {
      // The status strategies keep the current spec (Deployments also their labels, Pods their
      // ownerReferences); metadata otherwise comes from the request.
      next = { ...incoming, spec: current.spec };
      if (ctx.info.kind === 'Deployment') next = { ...next, metadata: { ...next.metadata, labels: current.metadata.labels } };
      if (ctx.info.kind === 'Pod') next = { ...next, metadata: { ...next.metadata, ownerReferences: current.metadata.ownerReferences } };
    } else if (strategy.hasStatus) {
      next = { ...incoming, status: current.status };
    } else {
      next = incoming;
    }
    return { object: { ...next, metadata: orderMetadata(dropUndefined(next.metadata)) } };
  }

  /** POST pods/<name>/binding (pkg/registry/core/pod/storage BindingREST). */
  private bind(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const name = ctx.name as string;
    const key = etcdKey(ctx.info, ctx.namespace, name);
    const binding = ctx.req.body as { target?: { name?: string } };
    const nodeName = binding?.target?.name ?? '';
    const tryBind = (current: KubeObject, rev: number, tries: number): void => {
      const pod = current as Pod;
      if (pod.metadata.deletionTimestamp) {
        done({ ok: false, cause, response: { code: 409, body: statusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is being deleted, cannot be assigned to a host`) } });
        return;
      }
      if (pod.spec.nodeName) {
        done({ ok: false, cause, response: { code: 409, body: statusError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`) } });
        return;
      }
      const conditions = [...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True' as const, lastProbeTime: null, lastTransitionTime: this.nowIso() }];
      const next = withoutResourceVersion({ ...pod, spec: { ...pod.spec, nodeName }, status: { ...pod.status, conditions } });
      this.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: rev }], success: [{ requestPut: { key, value: next } }], failure: [{ requestRange: { key } }] }, cause, refOf(pod), (res, delivery) => {
        if (res.succeeded) {
          const stored = withResourceVersion(next, res.header.revision);
          done({ ok: true, object: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 201 } as KubeObject, cause: this.recordObject('MODIFIED', stored, delivery.seq) });
          return;
        }
        const fresh = res.responses[0] && 'responseRange' in res.responses[0] ? res.responses[0].responseRange.kvs[0] : undefined;
        if (!fresh || tries >= 5) {
          done({ ok: false, cause: delivery.seq, response: { code: 404, body: notFound(ctx.info, name) } });
          return;
        }
        tryBind(withResourceVersion(fresh.value as KubeObject, fresh.modRevision), fresh.modRevision, tries + 1);
      });
    };
    const cached = this.cache.get(key);
    if (!cached) {
      done({ ok: false, cause, response: { code: 404, body: notFound(ctx.info, name) } });
      return;
    }
    tryBind(cached.object, cached.modRevision, 0);
  }

  /** DELETE (registry-delete.ts): graceful deletion, finalizers, propagation, preconditions. */
  private remove(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const name = ctx.name;
    if (!name || ctx.subresource) {
      done({ ok: false, cause, response: methodNotAllowed() });
      return;
    }
    deleteResource(this.registryOps(), ctx.info, etcdKey(ctx.info, ctx.namespace, name), name, ctx.req, cause, (o: RegistryOutcome) => {
      if (o.ok) done({ ok: true, object: o.body as KubeObject, cause: o.cause, code: o.code, ref: o.ref });
      else done(o);
    });
  }

  /** What the registry code needs of the apiserver: etcd, the watch cache's guess, the clock. */
  private registryOps(): RegistryOps {
    return {
      txn: (txn, cause, ref, cb) => this.txn(txn, cause, ref, cb),
      range: (key, cause, ref, cb) => this.range(key, cause, ref, (res, d) => cb(res.kvs[0], d)),
      cached: (key) => this.cachedState(key),
      nowIso: () => this.nowIso(),
      recordObject: (op, obj, cause) => this.recordObject(op, obj, cause),
    };
  }

  private cachedState(key: string): StoreState | undefined {
    const c = this.cache.get(key);
    return c ? { obj: c.object, rev: c.modRevision } : undefined;
  }

  /** A consistent read of one key (etcd Range). */
  private range(key: string, cause: number, ref: ObjectRef | undefined, onResponse: (res: RangeResponse, delivery: Delivery) => void): void {
    const { id } = this.sim.network.send(this.id, this.etcdId, 'Range', { payload: { key }, cause, ...(ref ? { ref } : {}), attrs: { key } });
    this.pendingRanges.set(id, { done: onResponse, owner: this.storageOwner });
  }

  private txn(txn: TxnRequest, cause: number, ref: ObjectRef | undefined, onResponse: (res: TxnResponse, delivery: Delivery) => void): void {
    const put = txn.success.find((op) => 'requestPut' in op);
    const del = txn.success.find((op) => 'requestDeleteRange' in op);
    const key = put && 'requestPut' in put ? put.requestPut.key : del && 'requestDeleteRange' in del ? del.requestDeleteRange.key : undefined;
    const { id } = this.sim.network.send(this.id, this.etcdId, 'Txn', {
      payload: txn,
      cause,
      ...(ref ? { ref } : {}),
      attrs: {
        compare: txn.compare.map((c) => `${c.target.toLowerCase()}("${c.key}") ${c.result === 'EQUAL' ? '=' : c.result} ${c.value}`),
        success: txn.success.map(opSummary),
        failure: txn.failure.map(opSummary),
        ...(key ? { key } : {}),
      },
    });
    this.pendingTxns.set(id, { done: onResponse, owner: this.storageOwner });
  }

  private recordObject(op: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject, cause: number): number {
    return this.sim.recorder.record({ kind: 'object', actor: this.id, op, ref: refOf(obj), cause, attrs: { resourceVersion: obj.metadata.resourceVersion, object: obj } });
  }

  // ---------------------------------------------------------------- watch cache

  private onEtcdWatch(msg: Delivery<{ events: MvccEvent[]; header?: { revision: number } }>): void {
    const events = msg.payload.events ?? [];
    for (const ev of events) {
      const info = this.resourceOfKey(ev.kv.key);
      if (!info) continue;
      const prefix = `${info.etcdPrefix}/`;
      const old = this.cache.get(ev.kv.key)?.object;
      let cacheEvent: CacheEvent;
      if (ev.type === 'PUT') {
        const obj = withResourceVersion(ev.kv.value as KubeObject, ev.kv.modRevision);
        this.cache.set(ev.kv.key, { object: obj, modRevision: ev.kv.modRevision });
        cacheEvent = { type: ev.kv.version === 1 ? 'ADDED' : 'MODIFIED', key: ev.kv.key, object: obj, resourceVersion: ev.kv.modRevision, recordTime: this.sim.now, ...(old ? { prevObject: old } : {}) };
      } else {
        const prev = (ev.prevKv?.value as KubeObject | undefined) ?? old;
        if (!prev) continue;
        const obj = withResourceVersion(prev, ev.kv.modRevision);
        this.cache.delete(ev.kv.key);
        cacheEvent = { type: 'DELETED', key: ev.kv.key, object: obj, prevObject: old ?? obj, resourceVersion: ev.kv.modRevision, recordTime: this.sim.now };
      }
      this.cache.revision = Math.max(this.cache.revision, ev.kv.modRevision);
      this.watches.dispatch(cacheEvent, prefix, msg.seq);
      if (info === CRD_RESOURCE) this.apiextensions.observe(cacheEvent.type, cacheEvent.object as CustomResourceDefinition, msg.seq);
    }
    if (msg.payload.header) {
      this.cache.revision = Math.max(this.cache.revision, msg.payload.header.revision);
      // A response without events is a progress notification: every cache is that fresh.
      if (events.length === 0) this.cache.progress(msg.payload.header.revision);
    }
  }

  // ---------------------------------------------------------------- helpers

  private assignIdentity(obj: KubeObject, info: ResourceInfo): KubeObject {
    const meta = { ...obj.metadata };
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, this.names);
    if (info.namespaced && !meta.namespace) meta.namespace = 'default';
    meta.uid = uuid(this.uids);
    meta.creationTimestamp = this.nowIso();
    if (this.strategyOf(info).hasGeneration) meta.generation = 1;
    delete meta.resourceVersion;
    return { ...obj, metadata: orderMetadata(meta) };
  }

  private nowIso(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  private resourceOf(obj: KubeObject): ResourceInfo {
    const info = [...KNOWN_RESOURCES, CRD_RESOURCE, ...this.apiextensions.resources()].find((r) => r.kind === obj.kind && r.apiVersion === obj.apiVersion);
    if (!info) throw new Error(`no resource for ${obj.apiVersion}/${obj.kind}`);
    return info;
  }

  private resourceOfKey(key: string): ResourceInfo | undefined {
    for (const p of this.prefixes) if (key.startsWith(p.prefix)) return p.info;
    return undefined;
  }
}

function opSummary(op: TxnRequest['success'][number]): string {
  if ('requestPut' in op) return `put ${op.requestPut.key}`;
  if ('requestDeleteRange' in op) return `del ${op.requestDeleteRange.key}`;
  return `get ${op.requestRange.key}`;
}

function verbOf(req: HttpRequest, name: string | undefined): string {
  if (req.method === 'GET') return req.query?.watch === 'true' ? 'watch' : name ? 'get' : 'list';
  return { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[req.method];
}

/** Drops metadata keys a patch left undefined. */
function dropUndefined(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: KubeObject['metadata'] = {};
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) out[k] = v;
  return out;
}
