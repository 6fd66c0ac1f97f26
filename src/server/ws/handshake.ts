import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** The opening handshake (RFC 6455 section 4): the accept key, checking an upgrade request, answering it. */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + GUID).digest('base64');
}

/** A fresh `Sec-WebSocket-Key`: 16 random bytes, base64 (4.1). */
export function newClientKey(): string {
  return randomBytes(16).toString('base64');
}

/** Why an upgrade request is refused, with the HTTP status to answer; undefined when it is a good one. */
export function checkUpgradeRequest(req: IncomingMessage): { status: number; error: string; headers?: Record<string, string> } | undefined {
  if (req.method !== 'GET') return { status: 405, error: 'a WebSocket handshake must be a GET request' };
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return { status: 400, error: 'expected "Upgrade: websocket"' };
  const connection = (req.headers.connection ?? '').toLowerCase().split(',').map((s) => s.trim());
  if (!connection.includes('upgrade')) return { status: 400, error: 'expected "Connection: Upgrade"' };
  if (req.headers['sec-websocket-version'] !== '13')
    return { status: 426, error: 'unsupported Sec-WebSocket-Version; this server speaks 13', headers: { 'Sec-WebSocket-Version': '13' } };
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) return { status: 400, error: 'Sec-WebSocket-Key must be 16 bytes in base64' };
  return undefined;
}

/** Completes the handshake on the raw socket: 101 Switching Protocols. */
export function acceptUpgrade(req: IncomingMessage, socket: Duplex): void {
  const key = req.headers['sec-websocket-key'] as string;
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' + `Sec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`,
  );
}

/** Refuses an upgrade with an HTTP answer and a JSON `{error}` body, then closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, error: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error }) + '\n';
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`,
  );
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  426: 'Upgrade Required',
  503: 'Service Unavailable',
};
