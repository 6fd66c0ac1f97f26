import { generateName, uuid } from '../../../base/names.ts';
import type { Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { KubeObject, LabelSelector, Pod } from '../../../domain/k8s/objects.ts';
import { matchesSelector, parseSelector } from '../../../domain/k8s/labels.ts';
import { etcdKey, KNOWN_RESOURCES, parseApiPath, type ResourceInfo } from '../../../domain/k8s/resources.ts';
import type { ObjectRef } from '../../../trace/schema.ts';
import { isStatus, statusError, statusText, type HttpRequest, type HttpResponse, type WatchEvent, type WatchEventType } from '../../api/http.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import type { KeyValue, MvccEvent, TxnRequest, TxnResponse } from '../etcd/mvcc.ts';
import { admitMutating, admitValidating } from './admission.ts';
import { applyMergePatch } from './merge-patch.ts';
import { apiserverRequestMachine, CACHE_READ_DUR, PIPELINE_STAGES } from './request.machine.ts';
import { strategyFor } from './strategies.ts';
import { invalidMessage } from './validation.ts';
import { WatchCache, type Watcher } from './watch-cache.ts';

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

type WriteOutcome = { ok: true; object: KubeObject; cause: number } | { ok: false; response: HttpResponse; cause: number };

/** `deployments.apps` or `pods`: how error messages name a resource. */
function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** `Deployment.apps` or `Pod`: how Invalid messages name a kind. */
function qualifiedKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/**
 * kube-apiserver: runs every request through the filter chain and the REST handler (one
 * `apiserver-request` machine per request, a span per stage), stores objects in etcd with
 * kube-apiserver's compare-and-swap transactions, and fans watch events out from its watch
 * cache, which it fills from one etcd watch on /registry/.
 */
export class KubeApiserver implements Actor {
  readonly id = 'kube-apiserver';
  readonly cache = new WatchCache();
  private readonly pendingTxns = new Map<number, (res: TxnResponse, delivery: Delivery) => void>();
  private readonly names: Rng;
  private readonly uids: Rng;
  private readonly prefixes: { prefix: string; info: ResourceInfo }[];

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly etcdId: string,
  ) {
    this.names = sim.rng.fork('generateName');
    this.uids = sim.rng.fork('uids');
    this.prefixes = KNOWN_RESOURCES.map((info) => ({ prefix: `${info.etcdPrefix}/`, info }));
  }

  /** Opens the etcd watch the cache is fed from. */
  start(): void {
    this.sim.network.send(this.id, this.etcdId, 'Watch', {
      payload: { key: '/registry/', rangeEnd: '/registry0', startRevision: 0, prevKv: true },
      attrs: { key: '/registry/', rangeEnd: '/registry0', prevKv: true },
    });
  }

  /** Objects present at t = 0: written to etcd and the cache without requests. */
  bootstrap(obj: KubeObject): KubeObject {
    const info = this.resourceOf(obj);
    const prepared = this.assignIdentity(strategyFor(obj.kind).defaults(obj), info);
    const key = etcdKey(info, prepared.metadata.namespace, prepared.metadata.name as string);
    const etcd = this.sim.network.actor(this.etcdId) as unknown as { bootstrapPut(key: string, value: unknown): KeyValue };
    const kv = etcd.bootstrapPut(key, prepared);
    const stored = withResourceVersion(prepared, kv.modRevision);
    this.cache.set(key, { object: stored, modRevision: kv.modRevision });
    this.cache.revision = kv.modRevision;
    this.sim.recorder.record({ kind: 'object', actor: this.id, op: 'ADDED', ref: refOf(stored), attrs: { resourceVersion: String(kv.modRevision), object: stored, bootstrap: true } });
    return stored;
  }

  receive(msg: Delivery): void {
    if (msg.from === this.etcdId) {
      if (msg.op === 'TxnResponse' && msg.replyTo !== undefined) {
        const done = this.pendingTxns.get(msg.replyTo);
        this.pendingTxns.delete(msg.replyTo);
        done?.(msg.payload as TxnResponse, msg);
      } else if (msg.op === 'WatchResponse') {
        this.onEtcdWatch(msg as Delivery<{ events: MvccEvent[]; header?: { revision: number } }>);
      }
      return;
    }
    this.onRequest(msg as Delivery<HttpRequest>);
  }

  // ---------------------------------------------------------------- request pipeline

  private onRequest(msg: Delivery<HttpRequest>): void {
    const req = msg.payload;
    const route = parseApiPath(req.path);
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
      const admitted = admitMutating(this.strategyDefaults(body), { names: this.names });
      attrs.plugins = admitted.plugins;
      if (admitted.patches.length) attrs.patches = admitted.patches;
      body = admitted.object;
      ctx.req = { ...ctx.req, body };
    }
    if (stage.op === 'validation' && body && ctx.req.method === 'POST' && !ctx.subresource) {
      // rest.BeforeCreate: PrepareForCreate and the name from generateName come before Validate.
      body = strategyFor(ctx.info.kind).prepareForCreate(this.assignIdentity({ ...body, metadata: { ...body.metadata, ...(ctx.namespace && ctx.info.namespaced ? { namespace: ctx.namespace } : {}) } }, ctx.info));
      ctx.req = { ...ctx.req, body };
      ctx.ref = refOf(body);
      attrs.name = body.metadata.name;
    }
    const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: stage.op, dur: stage.dur, cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs });
    this.sim.after(stage.dur, () => {
      if (stage.op === 'validation' && body && ctx.req.method === 'POST' && !ctx.subresource) {
        const errors = strategyFor(ctx.info.kind).validate(body);
        if (errors.length > 0) {
          ctx.machine.send({ type: 'REJECT' }, seq);
          const name = body.metadata?.name ?? body.metadata?.generateName ?? '';
          const message = invalidMessage(qualifiedKind(ctx.info), name, errors);
          this.respond(ctx.msg, ctx.machine.stateSeq, {
            code: 422,
            body: statusError(422, 'Invalid', message, { name, kind: ctx.info.kind, ...(ctx.info.group ? { group: ctx.info.group } : {}) }),
          });
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

  private strategyDefaults(obj: KubeObject): KubeObject {
    return strategyFor(obj.kind).defaults(obj);
  }

  private respond(msg: Delivery<HttpRequest>, cause: number, res: HttpResponse, ref?: ObjectRef): void {
    const attrs: Record<string, unknown> = { code: res.code };
    if (isStatus(res.body)) {
      attrs.reason = res.body.reason;
      attrs.message = res.body.message;
    }
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
    if (req.method === 'GET') {
      const seq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'storage', dur: CACHE_READ_DUR, cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs: { from: 'watch cache', watch: req.query?.watch === 'true' } });
      this.sim.after(CACHE_READ_DUR, () => {
        ctx.machine.send({ type: 'STORED' }, seq);
        if (req.query?.watch === 'true') this.openWatch(ctx, ctx.machine.stateSeq);
        else this.read(ctx, ctx.machine.stateSeq);
      });
      return;
    }
    const storageSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'storage', cause, ...(ctx.ref ? { ref: ctx.ref } : {}), attrs: { to: 'etcd3' } });
    const finish = (out: WriteOutcome, code: number): void => {
      if (out.ok) {
        ctx.machine.send({ type: 'STORED' }, out.cause);
        this.respond(ctx.msg, ctx.machine.stateSeq, { code, body: out.object }, refOf(out.object));
      } else {
        ctx.machine.send({ type: 'REJECT' }, out.cause);
        this.respond(ctx.msg, ctx.machine.stateSeq, out.response, ctx.ref);
      }
    };
    if (req.method === 'POST' && ctx.subresource === 'binding') this.bind(ctx, storageSeq, (o) => finish(o, 201));
    else if (req.method === 'POST') this.create(ctx, storageSeq, (o) => finish(o, 201));
    else if (req.method === 'PUT' || req.method === 'PATCH') this.update(ctx, storageSeq, (o) => finish(o, 200));
    else if (req.method === 'DELETE') this.remove(ctx, storageSeq, (o) => finish(o, 200));
    else finish({ ok: false, cause: storageSeq, response: { code: 405, body: statusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`) } }, 405);
  }

  private read(ctx: RequestContext, cause: number): void {
    const { info, namespace, name } = ctx;
    if (name) {
      const entry = this.cache.get(etcdKey(info, namespace, name));
      if (!entry) {
        this.respond(ctx.msg, cause, { code: 404, body: notFound(info, name) }, ctx.ref);
        return;
      }
      this.respond(ctx.msg, cause, { code: 200, body: entry.object }, ctx.ref);
      return;
    }
    const prefix = namespace ? `${info.etcdPrefix}/${namespace}/` : `${info.etcdPrefix}/`;
    const nodeName = fieldSelectorNode(ctx.req.query?.fieldSelector);
    let selector: LabelSelector | undefined;
    try {
      selector = ctx.req.query?.labelSelector ? parseSelector(ctx.req.query.labelSelector) : undefined;
    } catch (err) {
      this.respond(ctx.msg, cause, { code: 400, body: statusError(400, 'BadRequest', `unable to parse requirement: ${(err as Error).message}`) });
      return;
    }
    const items = this.cache.list(
      prefix,
      (o) => (nodeName === undefined || ((o.spec as { nodeName?: string } | undefined)?.nodeName ?? '') === nodeName) && (!selector || matchesSelector(o.metadata.labels, selector)),
    );
    const list = { apiVersion: info.apiVersion, kind: `${info.kind}List`, metadata: { resourceVersion: String(this.cache.revision) }, items };
    this.respond(ctx.msg, cause, { code: 200, body: list });
  }

  /**
   * A watch with `sendInitialEvents=true` (the streaming list of DOMAIN.md 2.3): synthetic
   * ADDED events for what exists, then a BOOKMARK marked `k8s.io/initial-events-end`.
   */
  private openWatch(ctx: RequestContext, cause: number): void {
    const { info, namespace, msg } = ctx;
    const watcher: Watcher = { client: msg.from, requestId: msg.id, info, prefix: `${info.etcdPrefix}/` };
    if (namespace) watcher.namespace = namespace;
    const nodeName = fieldSelectorNode(ctx.req.query?.fieldSelector);
    if (nodeName !== undefined) watcher.nodeName = nodeName;
    this.cache.addWatcher(watcher);
    this.respond(msg, cause, { code: 200, body: { watch: 'established' } });
    if (ctx.req.query?.sendInitialEvents !== 'true') return;
    for (const obj of this.cache.list(watcher.prefix, (o) => this.cache.matches(watcher, o))) {
      this.sendWatchEvent(watcher, { type: 'ADDED', object: obj }, cause);
    }
    const bookmark = {
      apiVersion: info.apiVersion,
      kind: info.kind,
      metadata: { resourceVersion: String(this.cache.revision), annotations: { 'k8s.io/initial-events-end': 'true' } },
    };
    this.sendWatchEvent(watcher, { type: 'BOOKMARK', object: bookmark }, cause);
  }

  private sendWatchEvent(w: Watcher, ev: WatchEvent, cause: number): void {
    const ref = ev.type === 'BOOKMARK' ? undefined : refOf(ev.object);
    this.sim.network.send(this.id, w.client, `WATCH ${ev.type}`, {
      replyTo: w.requestId,
      cause,
      payload: ev,
      attrs: { type: ev.type, resourceVersion: ev.object.metadata.resourceVersion },
      ...(ref ? { ref } : {}),
    });
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
   * PUT and PATCH, on the main resource or the status subresource: GuaranteedUpdate with the
   * cached object as the first guess; if etcd says it is stale and the client gave no
   * resourceVersion, try again with the object etcd returned.
   */
  private update(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const { info, namespace, name } = ctx;
    if (!name) {
      done({ ok: false, cause, response: { code: 405, body: statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') } });
      return;
    }
    const key = etcdKey(info, namespace, name);
    const cached = this.cache.get(key);
    if (!cached) {
      done({ ok: false, cause, response: { code: 404, body: notFound(info, name) } });
      return;
    }
    const attempt = (current: KubeObject, currentRev: number, tries: number): void => {
      const next = this.applyUpdate(ctx, current);
      if ('error' in next) {
        done({ ok: false, cause, response: next.error });
        return;
      }
      const preconditionRv = (next.object.metadata.resourceVersion as string | undefined) ?? '';
      if (preconditionRv !== '' && preconditionRv !== String(currentRev)) {
        done({ ok: false, cause, response: conflict(info, name) });
        return;
      }
      const value = withoutResourceVersion(next.object);
      this.txn(
        { compare: [{ key, target: 'MOD', result: 'EQUAL', value: currentRev }], success: [{ requestPut: { key, value } }], failure: [{ requestRange: { key } }] },
        cause,
        refOf(current),
        (res, delivery) => {
          if (res.succeeded) {
            const stored = withResourceVersion(value, res.header.revision);
            done({ ok: true, object: stored, cause: this.recordObject('MODIFIED', stored, delivery.seq) });
            return;
          }
          const fresh = res.responses[0] && 'responseRange' in res.responses[0] ? res.responses[0].responseRange.kvs[0] : undefined;
          if (!fresh) {
            done({ ok: false, cause: delivery.seq, response: { code: 404, body: notFound(info, name) } });
            return;
          }
          if (preconditionRv !== '' || tries >= 5) {
            done({ ok: false, cause: delivery.seq, response: conflict(info, name) });
            return;
          }
          attempt(withResourceVersion(fresh.value as KubeObject, fresh.modRevision), fresh.modRevision, tries + 1);
        },
      );
    };
    attempt(cached.object, cached.modRevision, 0);
  }

  /** The object an update would store, following the resource's strategy. */
  private applyUpdate(ctx: RequestContext, current: KubeObject): { object: KubeObject } | { error: HttpResponse } {
    const strategy = strategyFor(ctx.info.kind);
    let incoming: KubeObject;
    if (ctx.req.method === 'PATCH') {
      const patch = (ctx.req.body ?? {}) as Record<string, unknown>;
      incoming = applyMergePatch(current, patch) as KubeObject;
      // A patch without a resourceVersion carries no precondition.
      if (!(patch.metadata as { resourceVersion?: string } | undefined)?.resourceVersion) {
        incoming = { ...incoming, metadata: { ...incoming.metadata, resourceVersion: '' } };
      }
    } else {
      incoming = ctx.req.body as KubeObject;
    }
    if (!incoming || typeof incoming !== 'object') return { error: { code: 400, body: statusError(400, 'BadRequest', 'the body of the request was in an unknown format') } };
    let next: KubeObject;
    if (ctx.subresource === 'status') {
      // The status subresource changes status only (metadata labels/annotations excepted).
      next = { ...current, status: incoming.status, metadata: { ...current.metadata, resourceVersion: incoming.metadata?.resourceVersion ?? '' } };
    } else if (strategy.hasStatus) {
      next = { ...incoming, status: current.status, metadata: { ...incoming.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp, generation: current.metadata.generation } };
    } else {
      next = { ...incoming, metadata: { ...incoming.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp } };
    }
    if (strategy.hasGeneration && ctx.subresource !== 'status' && JSON.stringify(next.spec) !== JSON.stringify(current.spec)) {
      next = { ...next, metadata: { ...next.metadata, generation: (current.metadata.generation ?? 1) + 1 } };
    }
    return { object: next };
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

  /** DELETE without graceful termination or finalizers; the full semantics come with the control-plane issue. */
  private remove(ctx: RequestContext, cause: number, done: (o: WriteOutcome) => void): void {
    const name = ctx.name;
    if (!name) {
      done({ ok: false, cause, response: { code: 405, body: statusError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') } });
      return;
    }
    const key = etcdKey(ctx.info, ctx.namespace, name);
    const cached = this.cache.get(key);
    if (!cached) {
      done({ ok: false, cause, response: { code: 404, body: notFound(ctx.info, name) } });
      return;
    }
    this.txn({ compare: [{ key, target: 'MOD', result: 'EQUAL', value: cached.modRevision }], success: [{ requestDeleteRange: { key } }], failure: [{ requestRange: { key } }] }, cause, refOf(cached.object), (res, delivery) => {
      if (!res.succeeded) {
        done({ ok: false, cause: delivery.seq, response: conflict(ctx.info, name) });
        return;
      }
      const gone = withResourceVersion(cached.object, res.header.revision);
      done({ ok: true, object: gone, cause: this.recordObject('DELETED', gone, delivery.seq) });
    });
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
    this.pendingTxns.set(id, onResponse);
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
      let obj: KubeObject;
      let type: WatchEventType;
      if (ev.type === 'PUT') {
        obj = withResourceVersion(ev.kv.value as KubeObject, ev.kv.modRevision);
        this.cache.set(ev.kv.key, { object: obj, modRevision: ev.kv.modRevision });
        type = ev.kv.version === 1 ? 'ADDED' : 'MODIFIED';
      } else {
        const prev = (ev.prevKv?.value as KubeObject | undefined) ?? old;
        if (!prev) continue;
        obj = withResourceVersion(prev, ev.kv.modRevision);
        this.cache.delete(ev.kv.key);
        type = 'DELETED';
      }
      this.cache.revision = Math.max(this.cache.revision, ev.kv.modRevision);
      for (const { watcher, type: seen } of this.cache.watchersFor(prefix, obj, type === 'DELETED' ? undefined : old)) {
        this.sendWatchEvent(watcher, { type: seen === 'same' ? type : seen, object: obj }, msg.seq);
      }
    }
    if (msg.payload.header) this.cache.revision = Math.max(this.cache.revision, msg.payload.header.revision);
  }

  // ---------------------------------------------------------------- helpers

  private assignIdentity(obj: KubeObject, info: ResourceInfo): KubeObject {
    const meta = { ...obj.metadata };
    if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName, this.names);
    if (info.namespaced && !meta.namespace) meta.namespace = 'default';
    meta.uid = uuid(this.uids);
    meta.creationTimestamp = this.nowIso();
    if (strategyFor(obj.kind).hasGeneration) meta.generation = 1;
    delete meta.resourceVersion;
    return { ...obj, metadata: orderMetadata(meta) };
  }

  private nowIso(): string {
    return toRfc3339(this.sim.timeOrigin, this.sim.now);
  }

  private resourceOf(obj: KubeObject): ResourceInfo {
    const info = KNOWN_RESOURCES.find((r) => r.kind === obj.kind && r.apiVersion === obj.apiVersion);
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

function fieldSelectorNode(selector: string | undefined): string | undefined {
  if (!selector) return undefined;
  const m = /^spec\.nodeName=(.*)$/.exec(selector);
  return m ? (m[1] as string) : undefined;
}

/** Metadata keys in the order the apiserver serializes them (as `kubectl get -o yaml` shows). */
const METADATA_ORDER = ['annotations', 'creationTimestamp', 'deletionGracePeriodSeconds', 'deletionTimestamp', 'finalizers', 'generateName', 'generation', 'labels', 'name', 'namespace', 'ownerReferences', 'resourceVersion', 'uid'];

function orderMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  for (const k of METADATA_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const [k, v] of Object.entries(meta)) if (!(k in out) && v !== undefined) out[k] = v;
  return out as KubeObject['metadata'];
}

export function withResourceVersion(obj: KubeObject, rev: number): KubeObject {
  return { ...obj, metadata: orderMetadata({ ...obj.metadata, resourceVersion: String(rev) }) };
}

function withoutResourceVersion(obj: KubeObject): KubeObject {
  const meta = { ...obj.metadata };
  delete meta.resourceVersion;
  return { ...obj, metadata: meta };
}

export function refOf(obj: KubeObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name ?? '' };
  if (obj.metadata.namespace) ref.namespace = obj.metadata.namespace;
  if (obj.metadata.uid) ref.uid = obj.metadata.uid;
  return ref;
}

function notFound(info: ResourceInfo, name: string): ReturnType<typeof statusError> {
  return statusError(404, 'NotFound', `${qualifiedResource(info)} "${name}" not found`, { name, kind: info.resource, ...(info.group ? { group: info.group } : {}) });
}

function conflict(info: ResourceInfo, name: string): HttpResponse {
  return {
    code: 409,
    body: statusError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedResource(info)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, {
      name,
      kind: info.resource,
      ...(info.group ? { group: info.group } : {}),
    }),
  };
}
