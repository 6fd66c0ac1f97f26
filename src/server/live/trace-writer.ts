import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encodeEvent, encodeHeader } from '../../trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';

/**
 * Writes the full trace of a live recording to disk as it arrives (DIR/live/<name>.kanatomy.jsonl),
 * so it can be replayed later from the library. The header is written first with what is known
 * then; the `sources` a live import learns later are put into it when the recording ends (the
 * file is copied with the new first line and renamed over the old one, never rewritten in place).
 */
export class LiveTraceWriter {
  private writtenHeader: string;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    header: TraceHeader,
  ) {
    this.writtenHeader = encodeHeader(header);
  }

  /** Creates the file; fails with EEXIST when it is already there (a recording is never overwritten). */
  static async create(path: string, header: TraceHeader): Promise<LiveTraceWriter> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    const writer = new LiveTraceWriter(path, stream, header);
    stream.write(writer.writtenHeader + '\n');
    return writer;
  }

  /** Appends events; false when the disk is behind and `drained()` should be awaited. */
  write(events: readonly TraceEvent[]): boolean {
    if (events.length === 0) return !this.stream.writableNeedDrain;
    let text = '';
    for (const ev of events) text += encodeEvent(ev) + '\n';
    return this.stream.write(text);
  }

  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  drained(): Promise<void> {
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }

  /** Flushes and closes; puts the final header in when it changed. */
  async finish(header: TraceHeader): Promise<void> {
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const finalHeader = encodeHeader(header);
    if (finalHeader === this.writtenHeader) return;
    const tmp = `${this.path}.tmp`;
    try {
      await pipeline(createReadStream(this.path), dropFirstLine(finalHeader + '\n'), createWriteStream(tmp));
      await rename(tmp, this.path);
      this.writtenHeader = finalHeader;
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
  }
}

/** Replaces the bytes up to and including the first line break with `replacement`. */
function dropFirstLine(replacement: string): Transform {
  let skipping = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!skipping) return done(null, chunk);
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) return done();
      skipping = false;
      done(null, Buffer.concat([Buffer.from(replacement, 'utf8'), chunk.subarray(nl + 1)]));
    },
  });
}
