import { utcDayOf } from './clock/rfc3339.ts';
import { decodeSample, DETECT_BYTES, detectFormat } from './detect.ts';
import type { MergeSource } from './merge/types.ts';
import { readLineBatches } from './read-lines.ts';
import { importerByName } from './registry.ts';
import { ImportCancelledError, UnknownFormatError, type EpochMicros, type ImportError, type ImportInput, type Importer, type RawEvent } from './types.ts';

/** What reading one file needs from the whole import (counters are shared across files for progress). */
export interface FileReadContext {
  importers: readonly Importer[];
  defaultNode: string;
  /** The day for time-of-day sources when the input gives none (from the files read before). */
  day: EpochMicros | undefined;
  signal: AbortSignal | undefined;
  errors: ImportError[];
  /** Called after each chunk with the bytes, lines and events of this file so far. */
  onChunk(bytes: number, lines: number, events: number): void;
}

/**
 * Reads one input: detection on its first 64 KiB (or the forced format), then its lines (or
 * bytes) through the importer. Every problem becomes an `ImportError` of this file; returns
 * undefined when the file could not be imported at all (empty, unknown format).
 */
export async function readInputFile(input: ImportInput, ctx: FileReadContext): Promise<MergeSource | undefined> {
  const file = input.name;
  const fileError = (line: number, reason: string) => ctx.errors.push({ file, line, reason });
  const iterator = input.open()[Symbol.asyncIterator]();
  const headChunks: Uint8Array[] = [];
  let headBytes = 0;
  let done = false;
  try {
    while (headBytes < DETECT_BYTES) {
      throwIfAborted(ctx.signal);
      const r = await iterator.next();
      if (r.done) {
        done = true;
        break;
      }
      headChunks.push(r.value);
      headBytes += r.value.byteLength;
    }
  } catch (err) {
    if (err instanceof ImportCancelledError) {
      await iterator.return?.();
      throw err;
    }
    fileError(0, `cannot read the file: ${(err as Error).message}`);
    return undefined;
  }
  const stop = async () => {
    if (!done) await iterator.return?.();
  };
  if (headBytes === 0) {
    fileError(0, 'the file is empty');
    await stop();
    return undefined;
  }

  let importer: Importer;
  try {
    const head = concat(headChunks, DETECT_BYTES);
    importer = input.format !== undefined ? importerByName(input.format, ctx.importers) : detectFormat(decodeSample(head), file, head, ctx.importers);
  } catch (err) {
    const reason = err instanceof UnknownFormatError ? `unknown trace format; known formats: ${err.known.join(', ')}` : (err as Error).message;
    fileError(0, reason);
    await stop();
    return undefined;
  }

  const errorsBefore = ctx.errors.length;
  const events: RawEvent[] = [];
  const day = input.day ?? ctx.day;
  let parser;
  try {
    parser = importer.create({ file, node: input.node ?? ctx.defaultNode, ...(day !== undefined ? { day } : {}), error: fileError });
  } catch (err) {
    fileError(0, `the ${importer.label} reader failed to start: ${(err as Error).message}`);
    await stop();
    return undefined;
  }
  const chunks = replayHead(headChunks, iterator, done);
  let lines = 0;
  let lastLine = 0;
  let bytes = 0;
  if (importer.binary) {
    for await (const chunk of chunks) {
      throwIfAborted(ctx.signal);
      bytes += chunk.byteLength;
      try {
        parser.bytes?.(chunk);
      } catch (err) {
        fileError(0, (err as Error).message);
      }
      ctx.onChunk(bytes, lines, events.length);
    }
  } else {
    for await (const batch of readLineBatches(chunks)) {
      throwIfAborted(ctx.signal);
      for (const l of batch.lines) {
        lines++;
        lastLine = l.no;
        if (l.error !== undefined) {
          fileError(l.no, l.error);
          continue;
        }
        try {
          const got = parser.line?.(l.text, l.no);
          if (got) for (const e of got) events.push(e);
        } catch (err) {
          fileError(l.no, (err as Error).message);
        }
      }
      bytes = batch.bytesRead;
      ctx.onChunk(bytes, lines, events.length);
    }
  }
  try {
    for (const e of parser.end()) events.push(e);
  } catch (err) {
    fileError(lastLine, (err as Error).message);
  }
  let facts = {};
  try {
    facts = parser.facts?.() ?? {};
  } catch (err) {
    fileError(0, `the ${importer.label} reader failed: ${(err as Error).message}`);
  }
  // Each file's errors in line order (importers may report a line after reading the next ones).
  const mine = ctx.errors.splice(errorsBefore).sort((a, b) => a.line - b.line);
  ctx.errors.push(...mine);
  return {
    file,
    format: importer.name,
    label: importer.label,
    events,
    errors: mine.length,
    facts,
    ...(input.clockOffset !== undefined ? { clockOffset: input.clockOffset } : {}),
    ...(input.node !== undefined ? { node: input.node } : {}),
  };
}

/** The day (midnight UTC) of the earliest timed event of some files, for the next file's context. */
export function earliestDay(events: readonly RawEvent[]): EpochMicros | undefined {
  let min = Infinity;
  for (const e of events) if (e.at !== undefined && e.at < min) min = e.at;
  return min === Infinity ? undefined : utcDayOf(min);
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ImportCancelledError();
}

/** The chunks read for detection, then the rest of the same stream (closing it when stopped early). */
async function* replayHead(head: Uint8Array[], iterator: AsyncIterator<Uint8Array>, done: boolean): AsyncGenerator<Uint8Array> {
  let finished = done;
  try {
    yield* head;
    while (!finished) {
      const r = await iterator.next();
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!finished) await iterator.return?.();
  }
}

function concat(chunks: Uint8Array[], max: number): Uint8Array {
  const total = Math.min(max, chunks.reduce((n, c) => n + c.byteLength, 0));
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    if (at >= total) break;
    const part = c.subarray(0, total - at);
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
