import type { Simulation } from '../runtime/simulation.ts';
import type { Delivery } from '../runtime/actor.ts';
import type { ObjectRef } from '../../trace/schema.ts';
import { END_STREAM, requestLine, RST_STREAM, type HttpMethod, type HttpRequest, type HttpResponse, type WatchEvent } from './http.ts';

export const APISERVER = 'kube-apiserver';

/** Who a client is to the apiserver: its user, groups and user agent. */
export interface ClientIdentity {
  user: string;
  groups: string[];
  userAgent: string;
}

type ResponseHandler = (res: HttpResponse, delivery: Delivery<HttpResponse>) => void;
type WatchHandler = (ev: WatchEvent, delivery: Delivery<WatchEvent>) => void;

/** How a watch ended: the server closed the stream, or refused the watch with `response`. */
export interface WatchEnd {
  /** The seq of the delivery that ended it (END_STREAM, or the refusing response). */
  cause: number;
  response?: HttpResponse;
}
type WatchEndHandler = (end: WatchEnd) => void;

/**
 * client-go, reduced to what the simulation needs: requests with a response callback and
 * long-running watches. The owning actor hands every delivery to `handle()`.
 */
export class ApiClient {
  private readonly pending = new Map<number, ResponseHandler>();
  private readonly watches = new Map<number, { onEvent: WatchHandler; onEnd?: WatchEndHandler }>();

  constructor(
    readonly sim: Simulation,
    readonly actorId: string,
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

  /**
   * Opens a watch (`?watch=true`); `onEvent` gets every event the apiserver streams, `onEnd`
   * learns when the stream is over (closed by the server, or the watch refused).
   */
  watch(path: string, query: Record<string, string>, cause: number | undefined, onEvent: WatchHandler, onEnd?: WatchEndHandler): number {
    const id = this.request('GET', path, { query: { ...query, watch: 'true' }, ...(cause !== undefined ? { cause } : {}) }, (res, delivery) => {
      // The 200 that opens the stream carries no events; any other answer means there is no stream.
      if (res.code === 200) return;
      const w = this.watches.get(id);
      this.watches.delete(id);
      w?.onEnd?.({ cause: delivery.seq, response: res });
    });
    this.watches.set(id, onEnd ? { onEvent, onEnd } : { onEvent });
    return id;
  }

  /** Stops a watch (watch.Interface Stop): the request is cancelled, the stream reset. */
  stopWatch(id: number, cause?: number): void {
    if (!this.watches.delete(id)) return;
    this.pending.delete(id);
    this.sim.network.send(this.actorId, APISERVER, RST_STREAM, { payload: { stream: id }, attrs: { stream: id, errorCode: 'CANCEL' }, ...(cause !== undefined ? { cause } : {}) });
  }

  /** Routes a delivery to its pending request or watch; returns false when it is not ours. */
  handle(delivery: Delivery): boolean {
    const replyTo = delivery.replyTo;
    if (replyTo === undefined) return false;
    const watch = this.watches.get(replyTo);
    if (watch && delivery.op.startsWith('WATCH ')) {
      watch.onEvent(delivery.payload as WatchEvent, delivery as Delivery<WatchEvent>);
      return true;
    }
    if (watch && delivery.op === END_STREAM) {
      this.watches.delete(replyTo);
      watch.onEnd?.({ cause: delivery.seq });
      return true;
    }
    const handler = this.pending.get(replyTo);
    if (!handler) return watch !== undefined;
    this.pending.delete(replyTo);
    handler(delivery.payload as HttpResponse, delivery as Delivery<HttpResponse>);
    return true;
  }
}
