import type { Simulation } from '../runtime/simulation.ts';
import type { Delivery } from '../runtime/actor.ts';
import type { ObjectRef } from '../../trace/schema.ts';
import { requestLine, type HttpMethod, type HttpRequest, type HttpResponse, type WatchEvent } from './http.ts';

export const APISERVER = 'kube-apiserver';

/** Who a client is to the apiserver: its user, groups and user agent. */
export interface ClientIdentity {
  user: string;
  groups: string[];
  userAgent: string;
}

type ResponseHandler = (res: HttpResponse, delivery: Delivery<HttpResponse>) => void;
type WatchHandler = (ev: WatchEvent, delivery: Delivery<WatchEvent>) => void;

/**
 * client-go, reduced to what the simulation needs: requests with a response callback and
 * long-running watches. The owning actor hands every delivery to `handle()`.
 */
export class ApiClient {
  private readonly pending = new Map<number, ResponseHandler>();
  private readonly watches = new Map<number, WatchHandler>();

  constructor(
    private readonly sim: Simulation,
    private readonly actorId: string,
    private readonly identity: ClientIdentity,
  ) {}

  request(
    method: HttpMethod,
    path: string,
    opts: { body?: unknown; query?: Record<string, string>; contentType?: string; cause?: number; ref?: ObjectRef; attrs?: Record<string, unknown> },
    onResponse: ResponseHandler,
  ): number {
    const req: HttpRequest = { method, path, user: this.identity.user, groups: this.identity.groups, userAgent: this.identity.userAgent };
    if (opts.query) req.query = opts.query;
    if (opts.body !== undefined) req.body = opts.body;
    if (opts.contentType) req.contentType = opts.contentType;
    const attrs: Record<string, unknown> = { method, path, user: this.identity.user, userAgent: this.identity.userAgent };
    if (opts.query) attrs.query = opts.query;
    if (opts.body !== undefined) attrs.body = opts.body;
    if (opts.attrs) Object.assign(attrs, opts.attrs);
    const { id } = this.sim.network.send(this.actorId, APISERVER, requestLine(req), {
      payload: req,
      attrs,
      ...(opts.cause !== undefined ? { cause: opts.cause } : {}),
      ...(opts.ref ? { ref: opts.ref } : {}),
    });
    this.pending.set(id, onResponse);
    return id;
  }

  /** Opens a watch (`?watch=true`); `onEvent` gets every event the apiserver streams. */
  watch(path: string, query: Record<string, string>, cause: number | undefined, onEvent: WatchHandler): number {
    const id = this.request('GET', path, { query: { ...query, watch: 'true' }, ...(cause !== undefined ? { cause } : {}) }, () => {
      // The 200 that opens the stream carries no events.
    });
    this.watches.set(id, onEvent);
    return id;
  }

  /** Routes a delivery to its pending request or watch; returns false when it is not ours. */
  handle(delivery: Delivery): boolean {
    const replyTo = delivery.replyTo;
    if (replyTo === undefined) return false;
    const watch = this.watches.get(replyTo);
    if (watch && delivery.op.startsWith('WATCH ')) {
      watch(delivery.payload as WatchEvent, delivery as Delivery<WatchEvent>);
      return true;
    }
    const handler = this.pending.get(replyTo);
    if (!handler) return watch !== undefined;
    this.pending.delete(replyTo);
    handler(delivery.payload as HttpResponse, delivery as Delivery<HttpResponse>);
    return true;
  }
}
