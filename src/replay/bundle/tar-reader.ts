import { ByteReader } from './byte-reader.ts';

/**
 * A streaming reader of tar archives (POSIX ustar, GNU long names `././@LongLink`, pax extended
 * headers), as `tar czf` on Linux writes them (GNU tar writes GNU or pax headers; bsdtar pax).
 * It never holds more than one 512-byte header and one chunk: a bundle of several GB reads in a
 * browser Web Worker. Gzip is not its business: the CLI pipes the file through Node's zlib
 * gunzip, the browser through `DecompressionStream('gzip')`.
 */

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  /** The member's path as stored (`out/watch-pods.jsonl`), long names and pax paths applied. */
  path: string;
  type: TarEntryType;
  size: number;
  mode: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
  linkName?: string;
  /**
   * The member's bytes. Read it before asking for the next entry; what is not read is skipped.
   * It can be read once.
   */
  body(): AsyncIterable<Uint8Array>;
}

/** A tar archive that cannot be read: names the byte offset and what was wrong. */
export class TarFormatError extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(`not a valid tar archive at byte ${offset}: ${reason}`);
    this.name = 'TarFormatError';
  }
}

const BLOCK = 512;
const utf8 = new TextDecoder('utf-8');

/** Yields the entries of the archive in `source` (the uncompressed bytes). */
export async function* readTar(source: AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source);
  // Pax 'x' and GNU 'L'/'K' headers describe the next real member only.
  let nextPath: string | undefined;
  let nextLink: string | undefined;
  let nextSize: number | undefined;
  let sawEnd = false;
  try {
    for (;;) {
      const at = reader.position;
      const { bytes: header, got } = await reader.readExact(BLOCK);
      if (got === 0) break; // no end-of-archive blocks: GNU tar reads such archives too
      if (got < BLOCK) throw new TarFormatError(at, `the archive ends inside a header (${got} of 512 bytes)`);
      if (header.every((b) => b === 0)) {
        sawEnd = true;
        break;
      }
      checkChecksum(header, at);
      const typeflag = String.fromCharCode(header[156] as number);
      const size = nextSize ?? readNumber(header, 124, 12, at, 'size');
      const padded = Math.ceil(size / BLOCK) * BLOCK;

      if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
        if (size > 16 * 1024 * 1024) throw new TarFormatError(at, `a ${typeflag} header of ${size} bytes is too large`);
        const { bytes: data, got: gotData } = await reader.readExact(padded);
        if (gotData < padded) throw new TarFormatError(reader.position, 'the archive ends inside an extended header');
        const content = data.subarray(0, size);
        if (typeflag === 'L') nextPath = cString(content);
        else if (typeflag === 'K') nextLink = cString(content);
        else if (typeflag === 'x') {
          const records = parsePax(content, at);
          if (records.path !== undefined) nextPath = records.path;
          if (records.linkpath !== undefined) nextLink = records.linkpath;
          if (records.size !== undefined) {
            if (!/^\d+$/.test(records.size)) throw new TarFormatError(at, `pax size "${records.size}" is not a number`);
            nextSize = Number(records.size);
          }
        }
        // 'g' (pax global header): path/size there would apply to every member, which no tar
        // writer does; its other keys (times, charset) do not matter here.
        continue;
      }

      const magic = utf8.decode(header.subarray(257, 263));
      const ustar = magic === 'ustar\0';
      let path = cString(header.subarray(0, 100));
      // The ustar prefix field; GNU headers ("ustar  ") keep atime/ctime there instead.
      if (ustar) {
        const prefix = cString(header.subarray(345, 500));
        if (prefix !== '') path = `${prefix}/${path}`;
      }
      if (nextPath !== undefined) path = nextPath;
      const linkName = nextLink ?? (cString(header.subarray(157, 257)) || undefined);
      nextPath = nextLink = nextSize = undefined;

      const type = entryType(typeflag);
      // Members that are not regular files carry no data, whatever their size field says
      // (hard links and symlinks store 0; some writers put the target's size).
      const dataSize = type === 'file' || type === 'other' ? size : 0;
      let left = dataSize;
      let used = false;
      const entry: TarEntry = {
        path,
        type,
        size: dataSize,
        mode: readNumber(header, 100, 8, at, 'mode'),
        mtime: readNumber(header, 136, 12, at, 'mtime'),
        ...(linkName !== undefined ? { linkName } : {}),
        body: () => {
          if (used) throw new Error(`${path}: the body of a tar member can be read only once`);
          used = true;
          return (async function* () {
            while (left > 0) {
              const part = await reader.read(Math.min(left, 64 * 1024));
              if (part === null) throw new TarFormatError(reader.position, `the archive ends inside ${path} (${left} bytes missing)`);
              left -= part.length;
              yield part;
            }
          })();
        },
      };
      yield entry;
      // Whatever the consumer left unread, then the padding to the next block.
      const rest = left + (Math.ceil(dataSize / BLOCK) * BLOCK - dataSize);
      left = 0;
      if ((await reader.skip(rest)) < rest) throw new TarFormatError(reader.position, `the archive ends inside ${path}`);
    }
    if (!sawEnd && (nextPath !== undefined || nextSize !== undefined)) {
      throw new TarFormatError(reader.position, 'the archive ends after an extended header, before its member');
    }
  } finally {
    await reader.close();
  }
}

function entryType(flag: string): TarEntryType {
  if (flag === '0' || flag === '\0' || flag === '7') return 'file'; // '7' contiguous file = regular
  if (flag === '5') return 'directory';
  if (flag === '2') return 'symlink';
  if (flag === '1') return 'hardlink';
  return 'other';
}

/** The header checksum: the sum of its bytes with the checksum field read as 8 spaces. */
function checkChecksum(header: Uint8Array, at: number): void {
  let unsigned = 0;
  let signed = 0; // some old tars summed signed chars; GNU tar accepts both
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (header[i] as number);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  const stored = readOctal(header, 148, 8);
  if (stored === undefined) throw new TarFormatError(at, 'the header checksum is not an octal number (not a tar archive?)');
  if (stored !== unsigned && stored !== signed) throw new TarFormatError(at, `header checksum mismatch (stored ${stored}, computed ${unsigned})`);
}

/** An octal field, or GNU's base-256 form (first byte 0x80) for values that do not fit. */
function readNumber(header: Uint8Array, offset: number, length: number, at: number, field: string): number {
  const first = header[offset] as number;
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError(at, `negative ${field}`);
    let value = first & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + (header[offset + i] as number);
    if (!Number.isSafeInteger(value)) throw new TarFormatError(at, `${field} too large`);
    return value;
  }
  const value = readOctal(header, offset, length);
  if (value === undefined) throw new TarFormatError(at, `the ${field} field is not an octal number`);
  return value;
}

function readOctal(header: Uint8Array, offset: number, length: number): number | undefined {
  const text = utf8.decode(header.subarray(offset, offset + length)).replace(/[\0 ]+$/, '').replace(/^[ ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  return parseInt(text, 8);
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return utf8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Pax records: `<length> <key>=<value>\n`, the length in bytes counting the whole record. */
function parsePax(data: Uint8Array, at: number): Record<string, string> {
  const records: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    if (data[i] === 0) break; // padding
    const space = data.indexOf(0x20, i);
    if (space < 0) throw new TarFormatError(at, 'a pax record has no length');
    const length = Number(utf8.decode(data.subarray(i, space)));
    if (!Number.isInteger(length) || length <= space - i + 1 || i + length > data.length) throw new TarFormatError(at, 'a pax record has a bad length');
    const record = utf8.decode(data.subarray(space + 1, i + length - 1)); // without the "\n"
    const eq = record.indexOf('=');
    if (eq < 0) throw new TarFormatError(at, `a pax record has no "=": ${record.slice(0, 40)}`);
    records[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return records;
}
