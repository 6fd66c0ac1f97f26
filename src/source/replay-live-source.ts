import type { FollowMessage } from '../replay/live-protocol.ts';
import type { ImportError } from '../replay/types.ts';
import type { TraceEvent } from '../trace/schema.ts';
import { SourceDisposedError, type LoadedTrace, type StreamingTraceSource } from './types.ts';

/** The part of the browser's WebSocket the live source uses (a fake in tests). */
export interface WebSocketLike {
  onopen: ((e: Event) => void) | null;
  onmessage: ((e: MessageEvent) => void) | null;
  onclose: ((e: CloseEvent) => void) | null;
  onerror: ((e: Event) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface ReplayLiveOptions {
  /** `ws://<host>/live/<name>/follow` (kube-anatomy serve); http(s) URLs are turned into ws(s). */
  url: string;
}

export interface ReplayLiveDeps {
  createSocket?: (url: string) => WebSocketLike;
}

/** The live trace could not be followed: the socket closed before its first snapshot. */
export class LiveTraceError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'LiveTraceError';
  }
}

/**
 * Follows a live trace (issue 5, item 6): `load()` resolves with the server's first snapshot
 * (everything recorded so far: one `snapshot` frame, or one with `more: true`, its `events`
 * frames and `snapshot-end`); `follow()` then delivers each `events` frame as it arrives, for
 * the timeline to append while the views play. A `lagging` frame (the server dropped events for
 * this slow follower) reconnects and takes from the new snapshot only what comes after the last
 * event delivered. Events that would go before one already delivered (the timeline only grows
 * forward) are skipped and reported as errors, never thrown.
 */
export function createReplayLiveSource(opts: ReplayLiveOptions, deps: ReplayLiveDeps = {}): StreamingTraceSource {
  const url = toWebSocketUrl(opts.url);
  const createSocket = deps.createSocket ?? ((u: string) => new WebSocket(u) as unknown as WebSocketLike);
  let socket: WebSocketLike | undefined;
  let disposed = false;
  let ended = false;
  let pending: Promise<LoadedTrace> | undefined;
  let rejectPending: ((err: Error) => void) | undefined;
  let last: { t: number; seq: number } | undefined;
  const queued: { events: TraceEvent[]; errors: ImportError[] }[] = [];
  let endReason: { reason?: string } | undefined;
  const listeners = new Set<{ batch(events: TraceEvent[], errors: ImportError[]): void; end(reason?: string): void }>();

  /** Keeps the events after `last`, in order; reports the rest. */
  const inOrder = (events: readonly TraceEvent[], errors: ImportError[], reconnecting: boolean): TraceEvent[] => {
    const out: TraceEvent[] = [];
    for (const ev of events) {
      if (last && (ev.t < last.t || (ev.t === last.t && ev.seq <= last.seq))) {
        // After a reconnect the snapshot repeats what was delivered: not an error.
        if (!reconnecting || ev.seq > last.seq) errors.push({ file: url, line: 0, reason: `event seq ${ev.seq} at t=${ev.t} arrived after later events; skipped` });
        continue;
      }
      out.push(ev);
      last = { t: ev.t, seq: ev.seq };
    }
    return out;
  };

  const deliver = (events: TraceEvent[], errors: ImportError[]) => {
    if (events.length === 0 && errors.length === 0) return;
    if (listeners.size === 0) queued.push({ events, errors });
    else for (const l of [...listeners]) l.batch(events, errors);
  };
  const finish = (reason?: string) => {
    if (ended) return;
    ended = true;
    socket?.close();
    socket = undefined;
    if (listeners.size === 0) endReason = reason === undefined ? {} : { reason };
    else for (const l of [...listeners]) l.end(reason);
  };

  const connect = (onSnapshot: (loaded: LoadedTrace) => void, onFail: (err: Error) => void, reconnecting: boolean) => {
    const ws = createSocket(url);
    socket = ws;
    let gotSnapshot = false;
    /** The first snapshot while its parts arrive (`more: true` until `snapshot-end`). */
    let building: { header: LoadedTrace['header']; events: TraceEvent[]; errors: ImportError[] } | undefined;
    const completeSnapshot = () => {
      const b = building;
      if (b === undefined) return;
      building = undefined;
      onSnapshot({ header: b.header, events: b.events, errors: toLineErrors(b.errors), replay: { sources: [], errors: b.errors } });
    };
    ws.onmessage = (e) => {
      if (socket !== ws) return;
      let msg: FollowMessage;
      try {
        msg = JSON.parse(String(e.data)) as FollowMessage;
      } catch {
        deliver([], [{ file: url, line: 0, reason: 'a live frame is not JSON; skipped' }]);
        return;
      }
      if (msg.type === 'snapshot') {
        gotSnapshot = true;
        const errors = [...msg.errors];
        const events = inOrder(msg.events, errors, reconnecting);
        if (reconnecting) deliver(events, errors);
        // `more`: the snapshot goes on in `events` frames until `snapshot-end` (live-protocol.ts).
        else if (msg.more === true) building = { header: msg.header, events, errors };
        else onSnapshot({ header: msg.header, events, errors: toLineErrors(errors), replay: { sources: [], errors } });
      } else if (msg.type === 'events') {
        const errors = [...msg.errors];
        const events = inOrder(msg.events, errors, false);
        if (building) {
          building.events.push(...events);
          building.errors.push(...errors);
        } else deliver(events, errors);
      } else if (msg.type === 'snapshot-end') {
        completeSnapshot();
      } else if (msg.type === 'lagging') {
        deliver([], [{ file: url, line: 0, reason: `the server dropped ${msg.dropped} events for this slow viewer; reconnecting` }]);
        ws.onmessage = ws.onclose = ws.onerror = null;
        ws.close();
        // Lagging before the first snapshot was complete: start over, for a whole new one.
        const firstIncomplete = building !== undefined;
        if (firstIncomplete) last = undefined;
        building = undefined;
        connect(onSnapshot, onFail, reconnecting || !firstIncomplete);
      } else if (msg.type === 'end') {
        completeSnapshot();
        finish();
      }
    };
    ws.onerror = () => undefined; // The close event that follows says it.
    ws.onclose = (e) => {
      if (socket !== ws) return;
      if (building !== undefined) onFail(new LiveTraceError(url, `the connection closed before the first snapshot was complete (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`));
      else if (!gotSnapshot && !reconnecting) onFail(new LiveTraceError(url, `the connection closed before the first snapshot (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`));
      else finish(`the connection closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`);
    };
  };

  return {
    kind: 'replay',
    load() {
      if (disposed) return Promise.reject(new SourceDisposedError());
      pending ??= new Promise<LoadedTrace>((resolve, reject) => {
        rejectPending = reject;
        try {
          connect(resolve, reject, false);
        } catch (err) {
          reject(new LiveTraceError(url, (err as Error).message));
        }
      });
      return pending;
    },
    follow(listener) {
      listeners.add(listener);
      for (const q of queued.splice(0)) listener.batch(q.events, q.errors);
      if (endReason) listener.end(endReason.reason);
      return () => listeners.delete(listener);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      ended = true;
      listeners.clear();
      const ws = socket;
      socket = undefined;
      ws?.close();
      rejectPending?.(new SourceDisposedError());
    },
  };
}

/** `http://host/live/x/follow` → `ws://host/live/x/follow`; ws(s) URLs unchanged. */
export function toWebSocketUrl(url: string, base?: string): string {
  const b = base ?? (typeof document !== 'undefined' ? document.baseURI : 'http://localhost/');
  const u = new URL(url, b);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  else if (u.protocol === 'https:') u.protocol = 'wss:';
  return u.href;
}

const toLineErrors = (errors: readonly ImportError[]) => errors.map((e) => ({ line: e.line, reason: `${e.file}: ${e.reason}` }));
