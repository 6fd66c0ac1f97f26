import { stat } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { applyCors, isOriginAllowed } from './http/cors.ts';
import { listLibrary } from './http/library.ts';
import { sendMerged } from './http/merged.ts';
import { sendError, sendJson } from './http/respond.ts';
import { resolveUnder } from './http/safe-path.ts';
import { sendFile } from './http/static-file.ts';
import { Follower, STOPPING_GRACE_MS } from './live/follower.ts';
import { RecorderSession } from './live/recorder.ts';
import { LiveRegistry } from './live/registry.ts';
import type { ReplayPort } from './replay-port.ts';
import { WsConnection } from './ws/connection.ts';
import { CLOSE } from './ws/frames.ts';
import { acceptUpgrade, checkUpgradeRequest, refuseUpgrade } from './ws/handshake.ts';

/**
 * The replay server (`kube-anatomy serve`): the trace library over HTTP and the live mode over
 * WebSocket. Routes:
 * - `GET /api/traces` — the library (http/library.ts);
 * - `GET|HEAD /traces/<path>` — one file, with ranges (http/static-file.ts);
 * - `GET /api/traces/<bundle>/merged` — a bundle imported into one trace (http/merged.ts);
 * - `GET /api/live` — the live traces (live/registry.ts);
 * - WebSocket `/live/<name>/record` (one recorder) and `/live/<name>/follow` (any number of browsers).
 */
export interface ReplayServerOptions {
  /** The library folder; live traces are written to `<dir>/live/`. */
  dir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Origins whose pages may use the server (CORS, WebSocket Origin); `*` for any. */
  allowOrigins: readonly string[];
  replay: ReplayPort;
  /** Written as the `generator` of imported and live traces. */
  generator: string;
  /** Recent events per live trace kept for snapshots. */
  ringEvents?: number;
  /** Frames a recorder may send unacknowledged. */
  recorderWindow?: number;
  /** Bytes waiting in a follower's socket before it is told it lags and is closed. */
  followerMaxBufferedBytes?: number;
  eventsPerFrame?: number;
  /** Largest WebSocket message accepted from a recorder. */
  maxMessageBytes?: number;
  pingIntervalMs?: number;
}

export const DEFAULT_LIMITS = {
  ringEvents: 200_000,
  ringErrors: 1_000,
  recorderWindow: 16,
  followerMaxBufferedBytes: 16 * 1024 * 1024,
  eventsPerFrame: 2_000,
  maxMessageBytes: 16 * 1024 * 1024,
  pingIntervalMs: 30_000,
} as const;

export interface ReplayServer {
  /** `http://host:port`. */
  readonly url: string;
  readonly address: AddressInfo;
  readonly live: LiveRegistry;
  /** Ends every live trace (files completed), closes every connection. */
  close(): Promise<void>;
}

/** Starts listening; rejects with the listen error (EADDRINUSE, EACCES…). */
export async function startReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const limits = {
    ringEvents: options.ringEvents ?? DEFAULT_LIMITS.ringEvents,
    recorderWindow: options.recorderWindow ?? DEFAULT_LIMITS.recorderWindow,
    followerMaxBufferedBytes: options.followerMaxBufferedBytes ?? DEFAULT_LIMITS.followerMaxBufferedBytes,
    eventsPerFrame: options.eventsPerFrame ?? DEFAULT_LIMITS.eventsPerFrame,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULT_LIMITS.pingIntervalMs,
  };
  const live = new LiveRegistry(options.dir, options.replay, { ringEvents: limits.ringEvents, ringErrors: DEFAULT_LIMITS.ringErrors }, options.generator);
  const connections = new Set<WsConnection>();
  /** Set by close(): the stop in progress. */
  let closing: Promise<void> | undefined;

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => sendError(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`));
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (applyCors(req, res, options.allowOrigins)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(res, 405, `${req.method} is not supported; the server is read-only over HTTP`, { Allow: 'GET, HEAD, OPTIONS' });
      return;
    }
    // The raw path, not URL-normalised: `..` must reach resolveUnder to be refused, not be resolved away.
    const path = rawPath(req);
    if (path === '/api/traces') {
      sendJson(res, 200, { traces: await listLibrary(options.dir) });
      return;
    }
    if (path === '/api/live') {
      sendJson(res, 200, { live: live.list() });
      return;
    }
    if (path.startsWith('/api/traces/') && path.endsWith('/merged')) {
      const found = await resolveUnder(options.dir, path.slice('/api/traces/'.length, -'/merged'.length));
      if ('status' in found) return sendError(res, found.status, found.error);
      const s = await stat(found.path);
      const isBundle = s.isDirectory() ? await hasManifest(found.path) : /\.(tar\.gz|tgz)$/.test(found.path);
      if (!isBundle) return sendError(res, 404, `${found.relative} is not a bundle (a folder with manifest.json, or a .tar.gz)`);
      await sendMerged(req, res, found.path, found.relative, options.replay, options.generator);
      return;
    }
    if (path.startsWith('/traces/')) {
      const found = await resolveUnder(options.dir, path.slice('/traces/'.length));
      if ('status' in found) return sendError(res, found.status, found.error);
      const s = await stat(found.path);
      if (!s.isFile())
        return sendError(res, 404, `${found.relative || '/'} is a folder; GET /api/traces lists the library${(await hasManifest(found.path)) ? `, /api/traces/${found.relative}/merged imports this bundle` : ''}`);
      await sendFile(req, res, found.path, s);
      return;
    }
    if (path === '/' || path === '/api') {
      sendJson(res, 200, { service: 'kube-anatomy serve', endpoints: ['/api/traces', '/traces/<path>', '/api/traces/<bundle>/merged', '/api/live', 'ws /live/<name>/record', 'ws /live/<name>/follow'] });
      return;
    }
    sendError(res, 404, `no such endpoint: ${path}`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    handleUpgrade(req, socket as Socket, head).catch((e: unknown) => refuseUpgrade(socket, 500, `internal error: ${e instanceof Error ? e.message : String(e)}`));
  });

  async function handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (closing !== undefined) return refuseUpgrade(socket, 503, 'the server is stopping');
    const path = rawPath(req);
    const m = /^\/live\/([^/]+)\/(record|follow)$/.exec(path);
    if (!m) return refuseUpgrade(socket, 404, `no WebSocket endpoint at ${path}; use /live/<name>/record or /live/<name>/follow`);
    const bad = checkUpgradeRequest(req);
    if (bad) return refuseUpgrade(socket, bad.status, bad.error, bad.headers);
    // Browsers do not apply CORS to WebSockets: without this check any page could follow or feed a live trace.
    if (!isOriginAllowed(req.headers.origin, options.allowOrigins)) return refuseUpgrade(socket, 403, `origin ${req.headers.origin} is not allowed (--allow-origin)`);
    let name: string;
    try {
      name = decodeURIComponent(m[1] as string);
    } catch {
      return refuseUpgrade(socket, 400, 'the live trace name is not valid percent-encoding');
    }
    const role = m[2] as 'record' | 'follow';
    if (role === 'follow') {
      const trace = live.get(name);
      if (!trace) return refuseUpgrade(socket, 404, `no live trace named ${name} (GET /api/live lists them)`);
      acceptUpgrade(req, socket);
      const conn = open(socket, head, 64 * 1024);
      const follower = new Follower(conn, limits.followerMaxBufferedBytes, limits.eventsPerFrame);
      conn.on({ message: () => {}, close: () => trace.unfollow(follower) });
      trace.follow(follower);
      return;
    }
    const refused = await live.reserve(name);
    if (refused) return refuseUpgrade(socket, refused.status, refused.error);
    acceptUpgrade(req, socket);
    const conn = open(socket, head, limits.maxMessageBytes);
    const session = new RecorderSession(conn, {
      window: limits.recorderWindow,
      start: (hello) => live.start(name, hello),
      detach: (trace, ended) => live.detach(name, trace, ended),
    });
    live.attach(name, session);
  }

  function open(socket: Socket, head: Buffer, maxMessageBytes: number): WsConnection {
    const conn = new WsConnection(socket, { role: 'server', maxMessageBytes, pingIntervalMs: limits.pingIntervalMs, head });
    connections.add(conn);
    socket.once('close', () => connections.delete(conn));
    return conn;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  /**
   * Stops promptly and cleanly: no new connection is taken, idle keep-alive sockets (browsers
   * keep several) are closed at once, the live traces are ended (files completed, followers
   * closed 1001), every WebSocket gets its close frame, and whatever has not closed after
   * STOPPING_GRACE_MS (a response still streaming, a peer that does not answer) is dropped.
   * Resolves once every connection is closed: nothing keeps the process alive after it.
   */
  async function stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    // A keep-alive socket that finishes its response while stopping is closed after it.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => res.setHeader('Connection', 'close'));
    await live.endAll();
    for (const c of connections) c.close(CLOSE.goingAway, 'the server is stopping', STOPPING_GRACE_MS);
    const force = setTimeout(() => {
      server.closeAllConnections();
      for (const c of connections) c.destroy();
    }, STOPPING_GRACE_MS);
    force.unref();
    await closed;
    clearTimeout(force);
  }

  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    address,
    live,
    close() {
      closing ??= stop();
      return closing;
    },
  };
}

function rawPath(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.search(/[?#]/);
  return q < 0 ? url : url.slice(0, q);
}

async function hasManifest(dir: string): Promise<boolean> {
  try {
    return (await stat(`${dir}/manifest.json`)).isFile();
  } catch {
    return false;
  }
}
