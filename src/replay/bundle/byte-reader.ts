/**
 * Reads exact byte counts out of a stream of chunks of any size (a file read 64 KiB at a time,
 * a gunzip stream, a `fetch` body). Pure: runs in a browser Web Worker as well as in Node.
 */
export class ByteReader {
  private readonly it: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array = new Uint8Array(0);
  private offset = 0;
  private done = false;
  /** Bytes handed out so far (for error messages: "at byte 1536"). */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** Up to `max` bytes (never 0 unless the stream ended: then null). A view, not a copy. */
  async read(max: number): Promise<Uint8Array | null> {
    while (this.offset >= this.chunk.length) {
      if (this.done) return null;
      const next = await this.it.next();
      if (next.done) {
        this.done = true;
        return null;
      }
      this.chunk = next.value;
      this.offset = 0;
    }
    const n = Math.min(max, this.chunk.length - this.offset);
    const out = this.chunk.subarray(this.offset, this.offset + n);
    this.offset += n;
    this.position += n;
    return out;
  }

  /** Exactly `n` bytes, copied into one array; null when the stream ended first (with `got` bytes). */
  async readExact(n: number): Promise<{ bytes: Uint8Array; got: number }> {
    const bytes = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      const part = await this.read(n - got);
      if (part === null) break;
      bytes.set(part, got);
      got += part.length;
    }
    return { bytes, got };
  }

  /** Skips `n` bytes; returns how many could be skipped before the end. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const part = await this.read(left);
      if (part === null) break;
      left -= part.length;
    }
    return n - left;
  }

  /** Stops the underlying stream early (closes the file, aborts the fetch). */
  async close(): Promise<void> {
    if (!this.done) {
      this.done = true;
      await this.it.return?.();
    }
  }
}
