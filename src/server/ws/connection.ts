import type { Socket } from 'node:net';
import { CLOSE, FrameDecoder, OPCODE, WsProtocolError, closePayload, encodeFrame, isSendableCloseCode } from './frames.ts';

/**
 * One WebSocket connection over a socket whose handshake is done, on either side. Text messages
 * only (the live protocol is JSON text frames); binary messages are refused with 1003. Handles
 * fragmentation, ping/pong, the closing handshake and a keepalive: a ping every
 * `pingIntervalMs`, and a peer that sent nothing (not even a pong) for two intervals is dropped.
 */
export interface WsConnectionOptions {
  role: 'server' | 'client';
  /** Largest message accepted, in bytes (1009 above it). */
  maxMessageBytes: number;
  /** 0 turns the keepalive off. */
  pingIntervalMs: number;
  /** Bytes that arrived with the handshake, after its headers. */
  head?: Buffer;
}

export interface WsHandlers {
  message(text: string): void;
  /** Once, when the connection is over: the code and reason of the close frame (1006 when there was none). */
  close(code: number, reason: string): void;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class WsConnection {
  private readonly decoder: FrameDecoder;
  private fragments: Buffer[] = [];
  private fragmentBytes = 0;
  private closeSent = false;
  private closed = false;
  private paused = false;
  private heardSinceLastPing = true;
  private keepalive: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private handlers: WsHandlers | undefined;
  /** What arrived before `on()` was called (the handshake's `head` may already hold messages). */
  private early: ({ message: string } | { close: [number, string] })[] = [];
  private closeInfo: { code: number; reason: string } = { code: CLOSE.abnormal, reason: '' };

  constructor(
    private readonly socket: Socket,
    private readonly options: WsConnectionOptions,
  ) {
    this.decoder = new FrameDecoder(options.role === 'server', options.maxMessageBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.finish());
    if (options.pingIntervalMs > 0) {
      this.keepalive = setInterval(() => this.ping(), options.pingIntervalMs);
      this.keepalive.unref();
    }
    if (options.head?.length) queueMicrotask(() => this.onData(options.head as Buffer));
  }

  /** Sets who hears messages and the close; what came before is delivered now. */
  on(handlers: WsHandlers): void {
    this.handlers = handlers;
    const early = this.early;
    this.early = [];
    for (const e of early) {
      if ('message' in e) handlers.message(e.message);
      else handlers.close(...e.close);
    }
  }

  get isOpen(): boolean {
    return !this.closeSent && !this.closed;
  }

  /** Bytes written to the socket and not yet taken by the kernel: what a slow reader piles up. */
  get bufferedAmount(): number {
    return this.socket.writableLength;
  }

  /** Sends one text message; false when the connection is closing. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    this.socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8'), this.options.role === 'client'));
    return true;
  }

  /** Resolves once the socket's write buffer has drained (or the connection closed). */
  drained(): Promise<void> {
    if (this.socket.writableLength === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  /** Stops reading the socket: the peer's writes pile up in TCP until it has to wait (backpressure). */
  pauseReading(): void {
    this.paused = true;
    this.socket.pause();
  }

  resumeReading(): void {
    this.paused = false;
    this.heardSinceLastPing = true;
    this.socket.resume();
  }

  /**
   * Starts the closing handshake; the socket is dropped if the peer does not answer within
   * `graceMs` (longer for a lagging follower, whose close frame waits behind its backlog).
   */
  close(code: number = CLOSE.normal, reason = '', graceMs = 2000): void {
    if (this.closed || this.closeSent) return;
    this.closeSent = true;
    this.closeInfo = { code, reason };
    this.socket.write(encodeFrame(OPCODE.close, closePayload(code, reason), this.options.role === 'client'));
    // A paused socket would never read the peer's answering close frame.
    if (this.paused) this.socket.resume();
    this.closeTimer = setTimeout(() => this.socket.destroy(), graceMs);
    this.closeTimer.unref();
  }

  /** Drops the connection without a closing handshake. */
  destroy(): void {
    this.socket.destroy();
  }

  private ping(): void {
    if (!this.isOpen) return;
    // A paused reader cannot hear pongs: the pause is ours, not the peer's silence.
    if (!this.heardSinceLastPing && !this.paused) {
      this.closeInfo = { code: CLOSE.abnormal, reason: 'no answer to ping' };
      this.socket.destroy();
      return;
    }
    this.heardSinceLastPing = false;
    this.socket.write(encodeFrame(OPCODE.ping, Buffer.alloc(0), this.options.role === 'client'));
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.heardSinceLastPing = true;
    try {
      for (const frame of this.decoder.push(chunk)) {
        this.onFrame(frame.opcode, frame.fin, frame.payload);
        if (this.closed) return;
      }
    } catch (e) {
      if (e instanceof WsProtocolError) {
        this.failWith(e.code, e.reason);
        return;
      }
      throw e;
    }
  }

  private onFrame(opcode: number, fin: boolean, payload: Buffer): void {
    switch (opcode) {
      case OPCODE.ping:
        if (this.isOpen) this.socket.write(encodeFrame(OPCODE.pong, payload, this.options.role === 'client'));
        return;
      case OPCODE.pong:
        return;
      case OPCODE.close:
        this.onCloseFrame(payload);
        return;
      case OPCODE.binary:
        throw new WsProtocolError(CLOSE.unsupportedData, 'binary messages are not part of the live protocol; send JSON text frames');
      case OPCODE.text:
        if (this.fragments.length) throw new WsProtocolError(CLOSE.protocolError, 'a new message began before the fragmented one ended');
        break;
      case OPCODE.continuation:
        if (!this.fragments.length) throw new WsProtocolError(CLOSE.protocolError, 'a continuation frame without a message to continue');
        break;
    }
    if (this.closeSent) return; // after our close frame, data frames are ignored (5.5.1)
    this.fragmentBytes += payload.length;
    if (this.fragmentBytes > this.options.maxMessageBytes)
      throw new WsProtocolError(CLOSE.tooBig, `message over the limit of ${this.options.maxMessageBytes} bytes`);
    this.fragments.push(payload);
    if (!fin) return;
    const whole = this.fragments.length === 1 ? (this.fragments[0] as Buffer) : Buffer.concat(this.fragments);
    this.fragments = [];
    this.fragmentBytes = 0;
    let text: string;
    try {
      text = utf8.decode(whole);
    } catch {
      throw new WsProtocolError(CLOSE.invalidPayload, 'a text message that is not valid UTF-8');
    }
    if (this.handlers) this.handlers.message(text);
    else this.early.push({ message: text });
  }

  private onCloseFrame(payload: Buffer): void {
    let code: number = CLOSE.noStatus;
    let reason = '';
    if (payload.length === 1) throw new WsProtocolError(CLOSE.protocolError, 'a close frame with a 1-byte payload');
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isSendableCloseCode(code)) throw new WsProtocolError(CLOSE.protocolError, `close code ${code} may not be sent`);
      try {
        reason = utf8.decode(payload.subarray(2));
      } catch {
        throw new WsProtocolError(CLOSE.invalidPayload, 'a close reason that is not valid UTF-8');
      }
    }
    if (!this.closeSent) {
      // Answer with the same code (5.5.1); the peer's reason is what this side reports.
      this.closeSent = true;
      this.socket.write(encodeFrame(OPCODE.close, code === CLOSE.noStatus ? Buffer.alloc(0) : closePayload(code, ''), this.options.role === 'client'));
    }
    this.closeInfo = { code, reason };
    // The server closes the TCP connection first (7.1.1); a client waits for it a little.
    if (this.options.role === 'server') this.socket.end();
    else {
      this.closeTimer ??= setTimeout(() => this.socket.destroy(), 2000);
      this.closeTimer.unref();
    }
    this.socket.resume();
  }

  /** A protocol error: send the close frame with the reason and drop the socket soon after. */
  private failWith(code: number, reason: string): void {
    this.fragments = [];
    if (!this.closeSent) {
      this.closeSent = true;
      this.closeInfo = { code, reason };
      this.socket.write(encodeFrame(OPCODE.close, closePayload(code, reason), this.options.role === 'client'));
    }
    this.socket.end();
    this.closeTimer ??= setTimeout(() => this.socket.destroy(), 2000);
    this.closeTimer.unref();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepalive);
    clearTimeout(this.closeTimer);
    const info = this.closeInfo;
    if (this.handlers) this.handlers.close(info.code, info.reason);
    else this.early.push({ close: [info.code, info.reason] });
  }
}
