/**
 * MediaRecorder writes WebM as a live stream: the Segment has an unknown size and its Info has
 * no Duration, so players show no length and cannot seek. This writes the Duration element
 * (EBML id 0x4489, a float in TimecodeScale units) into Segment ▸ Info once the recording is
 * over. Pure bytes in, bytes out, so it is tested in node.
 *
 * Inserting the element changes Info's size; its size field is rewritten as an 8-byte vint and
 * the bytes after it shift. That is safe for browser recordings, which have neither a SeekHead
 * nor Cues (nothing points at byte offsets); a file with a SeekHead is refused rather than broken.
 */

const ID_EBML = 0x1a45dfa3;
const ID_SEGMENT = 0x18538067;
const ID_SEEKHEAD = 0x114d9b74;
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

interface Header {
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

function readHeader(b: Uint8Array, at: number): Header {
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

function readUint(b: Uint8Array, at: number, len: number): number {
  let v = 0;
  for (let i = 0; i < len; i++) v = v * 256 + (b[at + i] as number);
  return v;
}

/** An 8-byte EBML size field for `n`. */
function size8(n: number): Uint8Array {
  const out = new Uint8Array(8);
  out[0] = 0x01;
  let v = n;
  for (let i = 7; i >= 1; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
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
    if (h.id === ID_SEEKHEAD) throw new WebmError('the file has a SeekHead; inserting the Duration would break its offsets');
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

/** The file with its Duration set to `ms` milliseconds (overwritten if present, inserted if not). */
export function withWebmDuration(bytes: Uint8Array, ms: number): Uint8Array {
  if (!Number.isFinite(ms) || ms <= 0) throw new WebmError(`duration must be a positive number of ms, not ${ms}`);
  const { segment, info, timecodeScale, duration } = locate(bytes);
  const value = (ms * 1_000_000) / timecodeScale;
  if (duration) {
    const out = bytes.slice();
    const { data, size } = duration.header;
    const view = new DataView(out.buffer, out.byteOffset + data, size);
    if (size === 4) view.setFloat32(0, value);
    else if (size === 8) view.setFloat64(0, value);
    else throw new WebmError(`Duration of ${size} bytes (must be 4 or 8)`);
    return out;
  }
  const el = new Uint8Array(11);
  el.set([0x44, 0x89, 0x88]);
  new DataView(el.buffer).setFloat64(3, value);
  const infoSize = info.size as number;
  const infoEnd = info.data + infoSize;
  const newInfoSize = size8(infoSize + el.length);
  const idLen = info.data - info.sizeLen - info.start;
  const parts: Uint8Array[] = [];
  // Everything before Info's size field, with the Segment's size grown when it is known.
  if (segment.size !== undefined) {
    const grow = el.length + 8 - info.sizeLen;
    parts.push(bytes.subarray(0, segment.data - segment.sizeLen), size8(segment.size + grow), bytes.subarray(segment.data, info.start + idLen));
  } else {
    parts.push(bytes.subarray(0, info.start + idLen));
  }
  parts.push(newInfoSize, bytes.subarray(info.data, infoEnd), el, bytes.subarray(infoEnd));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
