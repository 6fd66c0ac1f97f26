/**
 * A WebM writer for encoded video frames (WebCodecs' EncodedVideoChunk bytes): the whole file is
 * built in memory once the last frame is encoded, so every size is known and the file carries
 * its Duration and its Cues (players show the length and can seek) without patching a live
 * stream afterwards. Pure bytes, so it is tested in node.
 *
 * Layout: EBML header; Segment ▸ Info (TimecodeScale 1 ms, Duration), Tracks (one video track),
 * Cues (one CuePoint per Cluster), then the Clusters, each opening on a key frame, with
 * SimpleBlocks. The Cues come before the Clusters and store positions in 8 bytes, so their size
 * does not depend on the positions they hold.
 */

/** One encoded frame. `timestampMs` is its presentation time from the clip's start. */
export interface MuxFrame {
  data: Uint8Array;
  timestampMs: number;
  key: boolean;
}

export interface MuxOptions {
  /** The WebM CodecID: `V_VP8` or `V_VP9`. */
  codecId: 'V_VP8' | 'V_VP9';
  width: number;
  height: number;
  /** Frames per second (for DefaultDuration). */
  fps: number;
  /** The clip's length in ms: the last frame lasts until then. */
  durationMs: number;
  app?: string;
}

const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Duration: 0x4489,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  FlagLacing: 0x9c,
  CodecID: 0x86,
  DefaultDuration: 0x23e383,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
} as const;

/** A SimpleBlock's timecode is a signed 16-bit offset from its Cluster's. */
const MAX_BLOCK_OFFSET_MS = 32_767;

type Bytes = Uint8Array;

function concat(parts: readonly Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** An element ID: its bytes as written (the length marker is part of the ID). */
function idBytes(id: number): Bytes {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return Uint8Array.from(out);
}

/** An EBML data size as the shortest variable-length integer (all-ones is reserved for "unknown"). */
function sizeBytes(n: number): Bytes {
  for (let len = 1; len <= 8; len++) {
    if (n < 2 ** (7 * len) - 1) {
      const out = new Uint8Array(len);
      let v = n;
      for (let i = len - 1; i >= 0; i--) {
        out[i] = v % 256;
        v = Math.floor(v / 256);
      }
      out[0] = (out[0] as number) | (0x80 >> (len - 1));
      return out;
    }
  }
  throw new RangeError(`element of ${n} bytes is too large for WebM`);
}

function uintBytes(n: number, width?: number): Bytes {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not an unsigned integer: ${n}`);
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  while (out.length < (width ?? 1)) out.unshift(0);
  return Uint8Array.from(out);
}

const el = (id: number, ...children: Bytes[]): Bytes => {
  const data = concat(children);
  return concat([idBytes(id), sizeBytes(data.length), data]);
};
const uint = (id: number, n: number, width?: number) => el(id, uintBytes(n, width));
const str = (id: number, s: string) => el(id, new TextEncoder().encode(s));
function float64(id: number, v: number): Bytes {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v);
  return el(id, b);
}

/** A SimpleBlock of track 1: track number, signed 16-bit timecode offset, flags, frame. */
function simpleBlock(frame: MuxFrame, clusterMs: number): Bytes {
  const head = new Uint8Array(4);
  head[0] = 0x81;
  new DataView(head.buffer).setInt16(1, Math.round(frame.timestampMs) - clusterMs);
  head[3] = frame.key ? 0x80 : 0x00;
  return el(ID.SimpleBlock, head, frame.data);
}

/** The WebM file for `frames` (in decode order, the first a key frame). */
export function muxWebm(frames: readonly MuxFrame[], opts: MuxOptions): Bytes {
  if (frames.length === 0) throw new RangeError('a WebM needs at least one frame');
  if (!frames[0]?.key) throw new RangeError('the first frame of a WebM must be a key frame');
  if (!(opts.width > 0 && opts.height > 0)) throw new RangeError(`bad video size ${opts.width}×${opts.height}`);
  if (!(opts.fps > 0)) throw new RangeError(`fps must be positive, not ${opts.fps}`);
  if (!(opts.durationMs > 0)) throw new RangeError(`duration must be positive, not ${opts.durationMs}`);
  const app = opts.app ?? 'kube-anatomy';

  // Clusters: a new one at each key frame, or when the 16-bit block offset would overflow.
  const clusters: { ms: number; blocks: Bytes[] }[] = [];
  let last = -Infinity;
  for (const f of frames) {
    const ms = Math.round(f.timestampMs);
    if (ms < last) throw new RangeError(`frame at ${ms} ms comes after one at ${last} ms`);
    last = ms;
    const cur = clusters[clusters.length - 1];
    // (A cluster opened by the overflow rule starts on a delta frame: it plays, seeking lands on keys.)
    if (!cur || f.key || ms - cur.ms > MAX_BLOCK_OFFSET_MS) clusters.push({ ms, blocks: [] });
    const c = clusters[clusters.length - 1] as { ms: number; blocks: Bytes[] };
    c.blocks.push(simpleBlock(f, c.ms));
  }
  const clusterBytes = clusters.map((c) => el(ID.Cluster, uint(ID.Timecode, c.ms), ...c.blocks));

  const header = el(
    ID.EBML,
    uint(ID.EBMLVersion, 1),
    uint(ID.EBMLReadVersion, 1),
    uint(ID.EBMLMaxIDLength, 4),
    uint(ID.EBMLMaxSizeLength, 8),
    str(ID.DocType, 'webm'),
    uint(ID.DocTypeVersion, 4),
    uint(ID.DocTypeReadVersion, 2),
  );
  const info = el(ID.Info, uint(ID.TimecodeScale, 1_000_000), str(ID.MuxingApp, app), str(ID.WritingApp, app), float64(ID.Duration, opts.durationMs));
  const tracks = el(
    ID.Tracks,
    el(
      ID.TrackEntry,
      uint(ID.TrackNumber, 1),
      uint(ID.TrackUID, 1),
      uint(ID.TrackType, 1),
      uint(ID.FlagLacing, 0),
      str(ID.CodecID, opts.codecId),
      uint(ID.DefaultDuration, Math.round(1e9 / opts.fps)),
      el(ID.Video, uint(ID.PixelWidth, opts.width), uint(ID.PixelHeight, opts.height)),
    ),
  );
  // Cue positions are offsets from the Segment's data; fixed 8-byte positions keep the Cues'
  // size independent of them, so it is known before they are filled in.
  const cuePoint = (ms: number, pos: number) => el(ID.CuePoint, uint(ID.CueTime, ms), el(ID.CueTrackPositions, uint(ID.CueTrack, 1), uint(ID.CueClusterPosition, pos, 8)));
  const cuesSize = el(ID.Cues, ...clusters.map((c) => cuePoint(c.ms, 0))).length;
  let pos = info.length + tracks.length + cuesSize;
  const points: Bytes[] = [];
  clusters.forEach((c, i) => {
    points.push(cuePoint(c.ms, pos));
    pos += (clusterBytes[i] as Bytes).length;
  });
  const cues = el(ID.Cues, ...points);
  return concat([header, el(ID.Segment, info, tracks, cues, ...clusterBytes)]);
}
