/**
 * Splits a byte stream into text lines without ever holding the whole file: files may be larger
 * than the browser's largest string (about 512 MiB in V8), so only the current chunk and the one
 * line that spans chunks are kept.
 *
 * Why the split is done on bytes and each line decoded on its own (with a fatal TextDecoder):
 * `\n` (0x0A) never occurs inside a UTF-8 multi-byte sequence, so splitting bytes first puts a
 * character cut across chunks back together in the carried-over line, and invalid UTF-8 is
 * reported for the one line that holds it (a streaming decoder with `fatal: false` would silently
 * put U+FFFD in; with `fatal: true` it loses its place after the first error). The complete lines
 * of a chunk are decoded in one call (the fast path); only a chunk with invalid bytes is decoded
 * line by line to name the bad line.
 */

/** One line: its 1-based number and text without the line break, or why it could not be read. */
export interface TextLine {
  no: number;
  /** The line without `\n` / `\r\n`; empty when `error` is set. */
  text: string;
  error?: string;
}

/** The lines completed by one chunk of input, and how many bytes have been read so far. */
export interface LineBatch {
  lines: TextLine[];
  /** Bytes of the file read so far (after this chunk). */
  bytesRead: number;
}

export interface ReadLinesOptions {
  /** A line longer than this (bytes) is reported as an error and skipped; default 64 MiB. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Reads `source` and yields, per input chunk, the lines that chunk completed (possibly none).
 * The last line is yielded even without a final newline; a UTF-8 byte order mark is dropped.
 */
export async function* readLineBatches(source: AsyncIterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const splitter = new LineSplitter(options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);
  let bytesRead = 0;
  for await (const chunk of source) {
    bytesRead += chunk.byteLength;
    const lines = splitter.push(chunk);
    if (lines.length > 0 || chunk.byteLength > 0) yield { lines, bytesRead };
  }
  const last = splitter.end();
  if (last.length > 0) yield { lines: last, bytesRead };
}

/** The same lines one at a time (convenient where throughput does not matter). */
export async function* readLines(source: AsyncIterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<TextLine> {
  for await (const batch of readLineBatches(source, options)) yield* batch.lines;
}

/** The synchronous core: push chunks, get the lines they complete. */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  /** Pieces of the line that started in an earlier chunk and is not finished yet. */
  private carry: Uint8Array[] = [];
  private carryBytes = 0;
  /** The current line grew past the limit: its bytes are dropped until its newline. */
  private overlong = false;
  private lineNo = 0;
  private atStart = true;

  constructor(private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  push(input: Uint8Array): TextLine[] {
    let chunk = input;
    if (this.atStart && chunk.byteLength > 0) {
      // Drop a UTF-8 BOM (EF BB BF); it may itself be cut across the first chunks, which no real
      // reader produces, so only a BOM inside the first chunk is recognised.
      if (chunk.byteLength >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      this.atStart = false;
    }
    const out: TextLine[] = [];
    let start = 0;
    const nl = chunk.indexOf(NEWLINE, start);
    if (nl < 0) {
      this.hold(chunk);
      return out;
    }
    // The line carried over from earlier chunks ends at the first newline of this one.
    if (this.carryBytes > 0 || this.overlong) {
      out.push(this.finishCarried(chunk.subarray(0, nl)));
      start = nl + 1;
    }
    // Every further complete line of this chunk lies in [start, lastNl).
    const lastNl = chunk.lastIndexOf(NEWLINE);
    if (lastNl >= start) {
      this.decodeRegion(chunk.subarray(start, lastNl), out);
      start = lastNl + 1;
    }
    if (start < chunk.byteLength) this.hold(chunk.subarray(start));
    return out;
  }

  /** The end of the input: the last line if it had no newline. */
  end(): TextLine[] {
    if (this.carryBytes === 0 && !this.overlong) return [];
    return [this.finishCarried(new Uint8Array(0))];
  }

  private hold(piece: Uint8Array): void {
    if (this.overlong) return;
    if (this.carryBytes + piece.byteLength > this.maxLineBytes) {
      this.overlong = true;
      this.carry = [];
      this.carryBytes = 0;
      return;
    }
    // Copy: the caller may reuse the chunk's buffer, and a Node Buffer's slice() is a view.
    const copy = new Uint8Array(piece.byteLength);
    copy.set(piece);
    this.carry.push(copy);
    this.carryBytes += piece.byteLength;
  }

  private finishCarried(tail: Uint8Array): TextLine {
    const no = ++this.lineNo;
    if (this.overlong || this.carryBytes + tail.byteLength > this.maxLineBytes) {
      this.overlong = false;
      this.carry = [];
      this.carryBytes = 0;
      return { no, text: '', error: `line longer than ${formatBytes(this.maxLineBytes)}: skipped` };
    }
    const bytes = new Uint8Array(this.carryBytes + tail.byteLength);
    let at = 0;
    for (const part of this.carry) {
      bytes.set(part, at);
      at += part.byteLength;
    }
    bytes.set(tail, at);
    this.carry = [];
    this.carryBytes = 0;
    return this.decodeLine(no, bytes);
  }

  /** Complete lines separated by `\n` (the region holds no final newline). */
  private decodeRegion(region: Uint8Array, out: TextLine[]): void {
    if (region.byteLength > this.maxLineBytes) {
      // Rare: a chunk larger than the line limit; decode line by line so the limit applies per line.
      this.decodeEach(region, out);
      return;
    }
    let text: string;
    try {
      text = this.decoder.decode(region);
    } catch {
      this.decodeEach(region, out);
      return;
    }
    for (const piece of text.split('\n')) {
      out.push({ no: ++this.lineNo, text: piece.endsWith('\r') ? piece.slice(0, -1) : piece });
    }
  }

  private decodeEach(region: Uint8Array, out: TextLine[]): void {
    let from = 0;
    for (;;) {
      const nl = region.indexOf(NEWLINE, from);
      const end = nl < 0 ? region.byteLength : nl;
      const no = ++this.lineNo;
      if (end - from > this.maxLineBytes) out.push({ no, text: '', error: `line longer than ${formatBytes(this.maxLineBytes)}: skipped` });
      else out.push(this.decodeLine(no, region.subarray(from, end)));
      if (nl < 0) return;
      from = nl + 1;
    }
  }

  private decodeLine(no: number, bytes: Uint8Array): TextLine {
    const end = bytes.byteLength > 0 && bytes[bytes.byteLength - 1] === CR ? bytes.byteLength - 1 : bytes.byteLength;
    try {
      return { no, text: this.decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return { no, text: '', error: `invalid UTF-8 at byte ${firstInvalidUtf8(bytes.subarray(0, end)) + 1} of the line` };
    }
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.byteLength) {
    const b = bytes[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0 || i + len > bytes.byteLength) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    // Overlong 3- and 4-byte forms, surrogates and code points above U+10FFFF.
    const b1 = bytes[i + 1] as number;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += len;
  }
  return i;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
