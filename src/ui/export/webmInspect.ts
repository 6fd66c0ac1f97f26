import { readHeader, readUint, readWebmDuration, WebmError, type Header } from './webmDuration.ts';

/**
 * What a WebM file says about its video: codec, pixel size, Duration, and its frames (counted
 * from the Clusters' SimpleBlocks). For tests of the export and for checking a file before
 * offering it; pure bytes, tested in node.
 */
export interface WebmSummary {
  codecId: string;
  width: number;
  height: number;
  /** The Info's Duration in ms (undefined when the file has none, as MediaRecorder writes it). */
  durationMs: number | undefined;
  frames: number;
  keyFrames: number;
  /** Presentation time of the last frame, in ms. */
  lastFrameMs: number;
  clusters: number;
  cuePoints: number;
}

const ID_EBML = 0x1a45dfa3;
const ID_SEGMENT = 0x18538067;
const ID_INFO = 0x1549a966;
const ID_TIMECODE_SCALE = 0x2ad7b1;
const ID_TRACKS = 0x1654ae6b;
const ID_TRACK_ENTRY = 0xae;
const ID_TRACK_TYPE = 0x83;
const ID_CODEC_ID = 0x86;
const ID_VIDEO = 0xe0;
const ID_PIXEL_WIDTH = 0xb0;
const ID_PIXEL_HEIGHT = 0xba;
const ID_CUES = 0x1c53bb6b;
const ID_CUE_POINT = 0xbb;
const ID_CLUSTER = 0x1f43b675;
const ID_TIMECODE = 0xe7;
const ID_SIMPLE_BLOCK = 0xa3;

/** The children of an element (a Segment of unknown size runs to the end of the file). */
function children(b: Uint8Array, parent: Header): Header[] {
  const out: Header[] = [];
  const stop = parent.size === undefined ? b.length : Math.min(b.length, parent.data + parent.size);
  for (let at = parent.data; at < stop; ) {
    const h = readHeader(b, at);
    out.push(h);
    // A live stream's unknown-size Cluster (MediaRecorder's) would need a scan for the next one;
    // the export writes every size, so such a file is refused rather than guessed at.
    if (h.size === undefined) throw new WebmError(`element 0x${h.id.toString(16)} of unknown size at byte ${at}`);
    at = h.data + h.size;
  }
  return out;
}

export function inspectWebm(bytes: Uint8Array): WebmSummary {
  const ebml = readHeader(bytes, 0);
  if (ebml.id !== ID_EBML || ebml.size === undefined) throw new WebmError('not an EBML file (no EBML header)');
  const segment = readHeader(bytes, ebml.data + ebml.size);
  if (segment.id !== ID_SEGMENT) throw new WebmError('no Segment after the EBML header');
  const s: WebmSummary = { codecId: '', width: 0, height: 0, durationMs: undefined, frames: 0, keyFrames: 0, lastFrameMs: 0, clusters: 0, cuePoints: 0 };
  let scale = 1_000_000;
  let video = false;
  for (const h of children(bytes, segment)) {
    if (h.id === ID_INFO) {
      for (const c of children(bytes, h)) if (c.id === ID_TIMECODE_SCALE) scale = readUint(bytes, c.data, c.size ?? 0);
    } else if (h.id === ID_TRACKS) {
      for (const entry of children(bytes, h).filter((c) => c.id === ID_TRACK_ENTRY)) {
        const fields = children(bytes, entry);
        const type = fields.find((f) => f.id === ID_TRACK_TYPE);
        if (!type || readUint(bytes, type.data, type.size ?? 0) !== 1) continue;
        video = true;
        const codec = fields.find((f) => f.id === ID_CODEC_ID);
        if (codec) s.codecId = new TextDecoder().decode(bytes.subarray(codec.data, codec.data + (codec.size ?? 0)));
        const v = fields.find((f) => f.id === ID_VIDEO);
        for (const p of v ? children(bytes, v) : []) {
          if (p.id === ID_PIXEL_WIDTH) s.width = readUint(bytes, p.data, p.size ?? 0);
          if (p.id === ID_PIXEL_HEIGHT) s.height = readUint(bytes, p.data, p.size ?? 0);
        }
      }
    } else if (h.id === ID_CUES) {
      s.cuePoints += children(bytes, h).filter((c) => c.id === ID_CUE_POINT).length;
    } else if (h.id === ID_CLUSTER) {
      s.clusters++;
      let clusterTime = 0;
      for (const c of children(bytes, h)) {
        if (c.id === ID_TIMECODE) clusterTime = readUint(bytes, c.data, c.size ?? 0);
        if (c.id === ID_SIMPLE_BLOCK) {
          // Track number (a 1-byte vint for track 1), int16 time offset, flags.
          const offset = new DataView(bytes.buffer, bytes.byteOffset + c.data + 1, 2).getInt16(0);
          const flags = bytes[c.data + 3] as number;
          s.frames++;
          if (flags & 0x80) s.keyFrames++;
          s.lastFrameMs = ((clusterTime + offset) * scale) / 1_000_000;
        }
      }
    }
  }
  if (!video) throw new WebmError('no video track');
  s.durationMs = readWebmDuration(bytes);
  return s;
}
