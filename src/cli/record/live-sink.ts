import type { RecorderAck, RecorderMessage } from '../../replay/live-protocol.ts';
import { connectWebSocket, type ConnectOptions } from '../../server/ws/client.ts';
import type { WsConnection } from '../../server/ws/connection.ts';
import { CLOSE } from '../../server/ws/frames.ts';
import type { BundleManifest, RecordSink } from './sink.ts';

/**
 * `kube-anatomy record --live ws://host:port/live/<name>/record`: streams the captured lines to
 * a replay server (`kube-anatomy serve`) as the live protocol's frames (src/replay/live-protocol.ts):
 * `hello`, `lines` per captured file, `end`. Flow control: no more than the server's `window`
 * frames unacknowledged; `write()` resolves once the window has room, so a slow server slows
 * the captures down instead of filling memory. When the connection drops, it reconnects once and
 * sends again the frames the server had not taken (the ack's `received` says which); a second
 * failure, or a server that refused the data (close 1007/1008), is an error naming the URL.
 */
export interface LiveSinkOptions {
  node?: string;
  /** RFC 3339; default now. */
  startedAt?: string;
  generator?: string;
  /** Largest text of one `lines` frame; larger writes are split (the server's limit is 16 MiB). */
  maxFrameBytes?: number;
  connect?: (url: string, options: ConnectOptions) => Promise<WsConnection>;
}

/** A live recording that could not be delivered. */
export class LiveSinkError extends Error {
  constructor(url: string, detail: string) {
    super(`live server ${url}: ${detail}`);
    this.name = 'LiveSinkError';
  }
}

export class LiveSink implements RecordSink {
  private readonly formats = new Map<string, string>();
  private readonly hello: RecorderMessage;
  private readonly maxFrameBytes: number;
  private readonly connect: (url: string, options: ConnectOptions) => Promise<WsConnection>;
  private conn: WsConnection | undefined;
  private connecting: Promise<void> | undefined;
  /** The server's frame count when this sink first connected (a trace resumed by a new recorder). */
  private base: number | undefined;
  /** `lines` frames made so far, and those not yet acknowledged (oldest first, from index `acked`). */
  private made = 0;
  private acked = 0;
  private unacked: string[] = [];
  private window = 1;
  private reconnected = false;
  private ending = false;
  private error: LiveSinkError | undefined;
  private wake: (() => void)[] = [];
  private firstAck: ((ack: RecorderAck) => void) | undefined;
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  constructor(
    readonly url: string,
    options: LiveSinkOptions = {},
  ) {
    this.hello = {
      type: 'hello',
      version: 1,
      startedAt: options.startedAt ?? new Date().toISOString(),
      ...(options.node !== undefined ? { node: options.node } : {}),
      ...(options.generator !== undefined ? { generator: options.generator } : {}),
    };
    this.maxFrameBytes = options.maxFrameBytes ?? 1024 * 1024;
    this.connect = options.connect ?? connectWebSocket;
  }

  /** Connects and says hello; `write` and `close` call it, a recorder may call it first to fail early. */
  start(): Promise<void> {
    this.connecting ??= this.connectOnce();
    return this.connecting;
  }

  /** The description stays in the bundle's manifest; the live protocol carries only the format. */
  open(file: string, format: string, _description?: string): void {
    this.formats.set(file, format);
  }

  async write(file: string, lines: string[]): Promise<void> {
    await this.start();
    const format = this.formats.get(file);
    for (const chunk of splitLines(lines, this.maxFrameBytes)) {
      while (!this.error && this.made - this.acked >= this.window) await new Promise<void>((r) => this.wake.push(r));
      if (this.error) throw this.error;
      const frame = JSON.stringify({ type: 'lines', file, ...(format !== undefined ? { format } : {}), lines: chunk } satisfies RecorderMessage);
      this.made++;
      this.unacked.push(frame);
      this.conn?.send(frame);
    }
  }

  /** Sends `end` once every frame is acknowledged, then waits for the server to close. */
  async close(_manifest: BundleManifest): Promise<void> {
    await this.start();
    while (!this.error && this.acked < this.made) await new Promise<void>((r) => this.wake.push(r));
    if (this.error) throw this.error;
    this.ending = true;
    this.closed = new Promise((r) => (this.resolveClosed = r));
    this.conn?.send(JSON.stringify({ type: 'end' } satisfies RecorderMessage));
    await this.closed;
    if (this.error) throw this.error;
  }

  private async connectOnce(): Promise<void> {
    const conn = await this.connect(this.url, { pingIntervalMs: 30_000 }).catch((e: unknown) => {
      throw new LiveSinkError(this.url, e instanceof Error ? e.message.replace(`${this.url}: `, '') : String(e));
    });
    await this.handshake(conn);
  }

  /** Says hello on a fresh connection and waits for the first ack, then sends what the server lacks. */
  private async handshake(conn: WsConnection): Promise<void> {
    this.conn = conn;
    const first = new Promise<RecorderAck>((resolve, reject) => {
      this.firstAck = resolve;
      conn.on({
        message: (text) => this.onMessage(text),
        close: (code, reason) => {
          if (this.firstAck) reject(new LiveSinkError(this.url, `closed before the first ack (${code}${reason ? `: ${reason}` : ''})`));
          void this.onClose(conn, code, reason);
        },
      });
    });
    conn.send(JSON.stringify(this.hello));
    const ack = await first;
    this.base ??= ack.received - this.made;
    this.onAck(ack);
    for (const frame of this.unacked) conn.send(frame);
  }

  private onMessage(text: string): void {
    let ack: RecorderAck;
    try {
      ack = JSON.parse(text) as RecorderAck;
    } catch {
      return; // the server sends only acks; anything else is not ours to act on
    }
    if (ack.type !== 'ack' || typeof ack.received !== 'number' || typeof ack.window !== 'number') return;
    if (this.firstAck) {
      const f = this.firstAck;
      this.firstAck = undefined;
      f(ack);
      return;
    }
    this.onAck(ack);
  }

  private onAck(ack: RecorderAck): void {
    this.window = Math.max(1, ack.window);
    const taken = Math.min(this.made, ack.received - (this.base ?? 0));
    if (taken > this.acked) {
      this.unacked.splice(0, taken - this.acked);
      this.acked = taken;
    }
    this.notify();
  }

  private async onClose(conn: WsConnection, code: number, reason: string): Promise<void> {
    if (conn !== this.conn) return;
    this.conn = undefined;
    if (this.ending && code === CLOSE.normal) {
      this.resolveClosed?.();
      return;
    }
    const why = `the connection closed (${code}${reason ? `: ${reason}` : ''})`;
    // The server refused what it was sent: sending it again would be refused again.
    const refused = code === CLOSE.invalidPayload || code === CLOSE.policyViolation || code === CLOSE.tooBig || code === CLOSE.unsupportedData;
    if (refused || this.reconnected || this.base === undefined) return this.fail(why);
    this.reconnected = true;
    try {
      const next = await this.connect(this.url, { pingIntervalMs: 30_000 });
      await this.handshake(next);
      if (this.ending) next.send(JSON.stringify({ type: 'end' } satisfies RecorderMessage));
    } catch (e) {
      this.fail(`${why}, and reconnecting failed: ${e instanceof Error ? e.message.replace(`live server ${this.url}: `, '').replace(`${this.url}: `, '') : String(e)}`);
    }
  }

  private fail(detail: string): void {
    this.error ??= new LiveSinkError(this.url, detail);
    this.notify();
    this.resolveClosed?.();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = [];
    for (const r of w) r();
  }
}

/** Lines in groups whose JSON text stays under `maxBytes` (a single longer line goes alone). */
function splitLines(lines: string[], maxBytes: number): string[][] {
  const out: string[][] = [];
  let group: string[] = [];
  let bytes = 0;
  for (const l of lines) {
    const size = l.length * 3 + 3; // worst case of UTF-8 and JSON escaping, without encoding it twice
    if (group.length && bytes + size > maxBytes) {
      out.push(group);
      group = [];
      bytes = 0;
    }
    group.push(l);
    bytes += size;
  }
  if (group.length) out.push(group);
  return out;
}
