import { randomBytes } from 'node:crypto';

/**
 * WebSocket frames (RFC 6455 section 5): encoding and a streaming decoder. Written here rather
 * than taken from the `ws` package because the live mode needs only text messages, control
 * frames and a socket it can stop reading (backpressure), and the project keeps its runtime
 * dependencies few; the whole protocol is a few hundred lines.
 */

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Close codes (RFC 6455 7.4.1, IANA registry) the server and the clients use. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  unsupportedData: 1003,
  noStatus: 1005,
  abnormal: 1006,
  invalidPayload: 1007,
  policyViolation: 1008,
  tooBig: 1009,
  internalError: 1011,
  tryAgainLater: 1013,
} as const;

export interface Frame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** A frame that breaks the protocol; the connection closes with `code` and `reason`. */
export class WsProtocolError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WsProtocolError';
  }
}

/** One frame as bytes. Clients mask every frame (5.3); servers never do. */
export function encodeFrame(opcode: number, payload: Buffer, mask: boolean, fin = true): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 0x10000 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  head[0] = (fin ? 0x80 : 0) | opcode;
  head[1] = (mask ? 0x80 : 0) | (len < 126 ? len : len < 0x10000 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(len, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([head, payload]);
  const key = randomBytes(4);
  key.copy(head, 2 + lenBytes);
  const masked = Buffer.allocUnsafe(len);
  for (let i = 0; i < len; i++) masked[i] = (payload[i] as number) ^ (key[i & 3] as number);
  return Buffer.concat([head, masked]);
}

/** The payload of a close frame: the code, then the reason in UTF-8, at most 125 bytes (5.5). */
export function closePayload(code: number, reason: string): Buffer {
  let text = Buffer.from(reason, 'utf8');
  // Cut on a character boundary: a reason that is not valid UTF-8 would fail the peer (7.1.6).
  for (let keep = Math.min(reason.length, 120); text.length > 123; keep--) text = Buffer.from([...reason].slice(0, keep).join('') + '…', 'utf8');
  const buf = Buffer.alloc(2 + text.length);
  buf.writeUInt16BE(code, 0);
  text.copy(buf, 2);
  return buf;
}

/** Codes a peer may send in a close frame (7.4.1: 1005, 1006 and 1015 are never sent). */
export function isSendableCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/**
 * Turns a byte stream into frames. `expectMasked` is true on the server (client frames must be
 * masked) and false on the client (server frames must not be). Frames longer than `maxPayload`
 * are refused before they are buffered, so a peer cannot make us hold unbounded memory.
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the frame being received needs in all; chunks are only joined once they are there. */
  private needed = 2;

  constructor(
    private readonly expectMasked: boolean,
    private readonly maxPayload: number,
  ) {}

  /** Frames completed by this chunk; throws a `WsProtocolError` on a bad frame. */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) break;
      frames.push(frame);
    }
    return frames;
  }

  private next(): Frame | undefined {
    if (this.buffered < this.needed) return undefined;
    const buf = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks);
    this.chunks = [buf];
    const b0 = buf[0] as number;
    const b1 = buf[1] as number;
    const fin = (b0 & 0x80) !== 0;
    if ((b0 & 0x70) !== 0) throw new WsProtocolError(CLOSE.protocolError, 'reserved bits set: no extension was negotiated');
    const opcode = b0 & 0x0f;
    if (![0x0, 0x1, 0x2, 0x8, 0x9, 0xa].includes(opcode)) throw new WsProtocolError(CLOSE.protocolError, `unknown opcode 0x${opcode.toString(16)}`);
    const masked = (b1 & 0x80) !== 0;
    if (masked !== this.expectMasked)
      throw new WsProtocolError(CLOSE.protocolError, this.expectMasked ? 'client frames must be masked' : 'server frames must not be masked');
    let len = b1 & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (buf.length < 4) return this.wait(4);
      len = buf.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (buf.length < 10) return this.wait(10);
      const big = buf.readBigUInt64BE(2);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new WsProtocolError(CLOSE.tooBig, 'frame length out of range');
      len = Number(big);
      offset = 10;
    }
    const control = opcode >= 0x8;
    if (control && (len > 125 || !fin)) throw new WsProtocolError(CLOSE.protocolError, 'control frames must be whole and at most 125 bytes');
    if (len > this.maxPayload) throw new WsProtocolError(CLOSE.tooBig, `frame of ${len} bytes is over the limit of ${this.maxPayload}`);
    const keyAt = offset;
    if (masked) offset += 4;
    if (buf.length < offset + len) return this.wait(offset + len);
    const payload = Buffer.from(buf.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] = (payload[i] as number) ^ (buf[keyAt + (i & 3)] as number);
    const rest = buf.subarray(offset + len);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    this.needed = 2;
    return { fin, opcode, payload };
  }

  private wait(bytes: number): undefined {
    this.needed = bytes;
    return undefined;
  }
}
