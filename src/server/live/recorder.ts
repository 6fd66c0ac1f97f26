import type { RecorderAck } from '../../replay/live-protocol.ts';
import { CLOSE } from '../ws/frames.ts';
import type { WsConnection } from '../ws/connection.ts';
import type { LiveTrace } from './live-trace.ts';
import { checkRecorderMessage } from './recorder-messages.ts';

/**
 * The server's side of one recorder connection (`/live/<name>/record`). The first frame is
 * `hello`; each `lines` frame is imported, written to disk and acknowledged once the disk has
 * taken it (`{type: 'ack', received, window}`; `received` counts `lines` frames of the live
 * trace across reconnections, so a recorder that reconnects knows which frames to send again).
 * Backpressure: a recorder keeps at most `window` frames unacknowledged; one that sends more
 * while the server is still busy is paused by not reading its socket, so TCP makes it wait.
 */
export interface RecorderContext {
  window: number;
  /** Opens (or resumes) the live trace on `hello`; a string is the reason it cannot. */
  start(hello: { node?: string; startedAt: string; generator?: string }): Promise<LiveTrace | string>;
  /** The connection is gone (after `end`, or not). */
  detach(trace: LiveTrace | undefined, ended: boolean): void;
}

export class RecorderSession {
  private trace: LiveTrace | undefined;
  private frames = 0;
  /** Frames received and not yet acknowledged (or, before hello is done, not yet handled). */
  private pending = 0;
  private queue: Promise<void> = Promise.resolve();
  private ended = false;
  private failed = false;
  /** How often the recorder was paused for sending past its window (visible in /api/live). */
  pauses = 0;

  constructor(
    private readonly conn: WsConnection,
    private readonly ctx: RecorderContext,
  ) {
    conn.on({
      message: (text) => this.onMessage(text),
      close: () => {
        this.failed = true;
        ctx.detach(this.trace, this.ended);
      },
    });
  }

  private onMessage(text: string): void {
    const frameNo = ++this.frames;
    this.pending++;
    if (this.pending > this.ctx.window && !this.failed) {
      this.pauses++;
      this.conn.pauseReading();
    }
    this.queue = this.queue.then(() => this.handle(text, frameNo)).catch((e: unknown) => this.fail(CLOSE.internalError, `frame ${frameNo}: ${e instanceof Error ? e.message : String(e)}`));
  }

  private async handle(text: string, frameNo: number): Promise<void> {
    if (this.failed) return;
    const checked = checkRecorderMessage(text, frameNo);
    if (!('ok' in checked)) return this.fail(checked.code, checked.reason);
    const msg = checked.ok;
    if (msg.type === 'hello') {
      if (this.trace) return this.fail(CLOSE.policyViolation, `frame ${frameNo}: hello was already sent`);
      const started = await this.ctx.start(msg);
      if (typeof started === 'string') return this.fail(CLOSE.policyViolation, started);
      this.trace = started;
      return this.ack();
    }
    if (!this.trace) return this.fail(CLOSE.policyViolation, `frame ${frameNo}: the first frame must be hello`);
    if (this.ended) return this.fail(CLOSE.policyViolation, `frame ${frameNo}: ${msg.type} after end`);
    if (msg.type === 'lines') {
      this.trace.take(msg.file, msg.lines, msg.format);
      if (this.trace.writer.needsDrain) await this.trace.writer.drained();
      return this.ack();
    }
    this.ended = true;
    await this.trace.end();
    this.ack();
    this.conn.close(CLOSE.normal, 'the recording ended');
  }

  private ack(): void {
    this.pending--;
    if (this.failed || !this.trace) return;
    this.conn.send(JSON.stringify({ type: 'ack', received: this.trace.received, window: this.ctx.window } satisfies RecorderAck));
    if (this.pending <= this.ctx.window) this.conn.resumeReading();
  }

  private fail(code: number, reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.conn.close(code, reason);
  }
}
