/**
 * Reads a WebM's stated Duration (EBML id 0x4489, a float in TimecodeScale units, in Segment ▸
 * Info), and the EBML element headers webmInspect.ts walks. Pure bytes in, numbers out, so it is
 * tested in node; the e2e test checks exported files with it.
 */

const ID_EBML = 0x1a45dfa3;
const ID_SEGMENT = 0x18538067;
const ID_INFO = 0x1549a966;
const ID_TIMECODE_SCALE = 0x2ad7b1;
const ID_DURATION = 0x4489;
const ID_CLUSTER = 0x1f43b675;

export class WebmError extends Error {
  constructor(message: string) {
    super(`WebM: ${message}`);
    this.name = 'WebmError';
  }
}

export interface Header {
  id: number;
  /** Offset of the element's first byte. */
  start: number;
  /** Offset of its data. */
  data: number;
  /** Data size in bytes; undefined for "unknown size" (a live stream's Segment or Cluster). */
  size: number | undefined;
  /** Bytes of the size field. */
  sizeLen: number;
}

function vintLength(first: number, at: number, max: number): number {
  for (let len = 1; len <= max; len++) if (first & (0x80 >> (len - 1))) return len;
  throw new WebmError(`bad variable-length integer at byte ${at}`);
}

export function readHeader(b: Uint8Array, at: number): Header {
  if (at >= b.length) throw new WebmError(`element header past the end at byte ${at}`);
  const idLen = vintLength(b[at] as number, at, 4);
  let id = 0;
  for (let i = 0; i < idLen; i++) id = id * 256 + (b[at + i] as number);
  const s = at + idLen;
  if (s >= b.length) throw new WebmError(`element size past the end at byte ${s}`);
  const sizeLen = vintLength(b[s] as number, s, 8);
  let size = (b[s] as number) & (0xff >> sizeLen);
  let allOnes = size === 0xff >> sizeLen;
  for (let i = 1; i < sizeLen; i++) {
    const v = b[s + i] as number;
    size = size * 256 + v;
    if (v !== 0xff) allOnes = false;
  }
  return { id, start: at, data: s + sizeLen, size: allOnes ? undefined : size, sizeLen };
}

export function readUint(b: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + (b[at + i] as number);
  return v;
}

interface Located {
  segment: Header;
  info: Header;
  timecodeScale: number;
  duration?: { header: Header };
}

function locate(b: Uint8Array): Located {
  const ebml = readHeader(b, 0);
  if (ebml.id !== ID_EBML || ebml.size === undefined) throw new WebmError('not an EBML file (no EBML header)');
  const segment = readHeader(b, ebml.data + ebml.size);
  if (segment.id !== ID_SEGMENT) throw new WebmError('no Segment after the EBML header');
  let at = segment.data;
  const end = segment.size === undefined ? b.length : Math.min(b.length, segment.data + segment.size);
  while (at < end) {
    const h = readHeader(b, at);
    if (h.id === ID_CLUSTER) break;
    if (h.size === undefined) throw new WebmError(`element 0x${h.id.toString(16)} of unknown size before the Info`);
    if (h.id === ID_INFO) {
      let timecodeScale = 1_000_000;
      let duration: { header: Header } | undefined;
      for (let c = h.data; c < h.data + h.size; ) {
        const ch = readHeader(b, c);
        if (ch.size === undefined) throw new WebmError('Info child of unknown size');
        if (ch.id === ID_TIMECODE_SCALE) timecodeScale = readUint(b, ch.data, ch.size);
        if (ch.id === ID_DURATION) duration = { header: ch };
        c = ch.data + ch.size;
      }
      return { segment, info: h, timecodeScale, ...(duration ? { duration } : {}) };
    }
    at = h.data + h.size;
  }
  throw new WebmError('no Info element in the Segment');
}

/** The Duration the file states, in milliseconds, or undefined when it has none. */
export function readWebmDuration(bytes: Uint8Array): number | undefined {
  const { timecodeScale, duration } = locate(bytes);
  if (!duration) return undefined;
  const { data, size } = duration.header;
  const view = new DataView(bytes.buffer, bytes.byteOffset + data, size);
  const v = size === 4 ? view.getFloat32(0) : size === 8 ? view.getFloat64(0) : NaN;
  return (v * timecodeScale) / 1_000_000;
}
