import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { WsConnection } from './connection.ts';
import { acceptKey, newClientKey } from './handshake.ts';

/**
 * A WebSocket client for Node (Node 20 has no global WebSocket): the recorder's live sink and
 * the tests use it. `ws://` and `wss://` URLs.
 */
export interface ConnectOptions {
  maxMessageBytes?: number;
  pingIntervalMs?: number;
  /** Give up the handshake after this long. */
  timeoutMs?: number;
  /** Sent as `Origin`, as a browser would. */
  origin?: string;
}

/** A refused handshake: the HTTP status and the server's `{error}` text when it sent one. */
export class WsHandshakeError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`${url}: ${status === undefined ? '' : `HTTP ${status}: `}${detail}`);
    this.name = 'WsHandshakeError';
  }
}

export function connectWebSocket(url: string, options: ConnectOptions = {}): Promise<WsConnection> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new WsHandshakeError(url, undefined, 'not a URL'));
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    return Promise.reject(new WsHandshakeError(url, undefined, `expected a ws:// or wss:// URL, not ${parsed.protocol}//`));
  const key = newClientKey();
  const request = parsed.protocol === 'wss:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      hostname: parsed.hostname.replace(/^\[|\]$/g, ''),
      port: parsed.port || (parsed.protocol === 'wss:' ? 443 : 80),
      path: parsed.pathname + parsed.search,
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
        ...(options.origin ? { Origin: options.origin } : {}),
      },
      timeout: options.timeoutMs ?? 10_000,
    });
    req.on('timeout', () => req.destroy(new WsHandshakeError(url, undefined, 'the handshake timed out')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(e instanceof WsHandshakeError ? e : new WsHandshakeError(url, undefined, e.code === 'ECONNREFUSED' ? 'connection refused (is kube-anatomy serve running?)' : e.message)),
    );
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d.length + body.length < 4096 ? d : ''));
      res.on('end', () => {
        let detail = body.trim() || 'the server did not upgrade to WebSocket';
        try {
          const parsedBody = JSON.parse(body) as { error?: unknown };
          if (typeof parsedBody.error === 'string') detail = parsedBody.error;
        } catch {
          // not JSON: keep the text
        }
        reject(new WsHandshakeError(url, res.statusCode, detail));
      });
    });
    req.on('upgrade', (res, socket: Socket, head: Buffer) => {
      if (res.headers['sec-websocket-accept'] !== acceptKey(key)) {
        socket.destroy();
        reject(new WsHandshakeError(url, res.statusCode, 'wrong Sec-WebSocket-Accept'));
        return;
      }
      socket.setTimeout(0);
      resolve(new WsConnection(socket, { role: 'client', maxMessageBytes: options.maxMessageBytes ?? 64 * 1024 * 1024, pingIntervalMs: options.pingIntervalMs ?? 30_000, head }));
    });
    req.end();
  });
}
