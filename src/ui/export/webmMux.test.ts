import { describe, expect, it } from 'vitest';
import { readWebmDuration } from './webmDuration.ts';
import { inspectWebm } from './webmInspect.ts';
import { muxWebm, type MuxFrame } from './webmMux.ts';

/** n fake frames at `fps`, a key frame every `gop`, each frame's bytes distinct. */
function frames(n: number, fps: number, gop: number, size = 300): MuxFrame[] {
  return Array.from({ length: n }, (_, i) => ({ data: new Uint8Array(size).fill(i % 256), timestampMs: (i * 1000) / fps, key: i % gop === 0 }));
}

describe('muxWebm', () => {
  it('writes the EBML header, one video track of the size asked, and the Duration', () => {
    const bytes = muxWebm(frames(30, 20, 10), { codecId: 'V_VP9', width: 1280, height: 720, fps: 20, durationMs: 1500 });
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(readWebmDuration(bytes)).toBe(1500);
    expect(inspectWebm(bytes)).toEqual({ codecId: 'V_VP9', width: 1280, height: 720, durationMs: 1500, frames: 30, keyFrames: 3, lastFrameMs: 1450, clusters: 3, cuePoints: 3 });
  });

  it('points each cue at its cluster (offsets from the Segment data)', () => {
    const bytes = muxWebm(frames(9, 10, 3, 5000), { codecId: 'V_VP8', width: 320, height: 240, fps: 10, durationMs: 900 });
    // Segment data starts after the EBML header and the Segment's own id and size.
    const text = Array.from(bytes);
    const clusterAt: number[] = [];
    for (let i = 0; i + 4 <= text.length; i++) if (text[i] === 0x1f && text[i + 1] === 0x43 && text[i + 2] === 0xb6 && text[i + 3] === 0x75) clusterAt.push(i);
    expect(clusterAt).toHaveLength(3);
    const positions: number[] = [];
    for (let i = 0; i + 2 <= text.length; i++) {
      if (text[i] === 0xf1 && text[i + 1] === 0x88) positions.push(Number(new DataView(bytes.buffer, i + 2, 8).getBigUint64(0)));
    }
    const segmentData = (clusterAt[0] as number) - (positions[0] as number);
    expect(positions.map((p) => p + segmentData)).toEqual(clusterAt);
    // What is at the Segment's data start is the Info element.
    expect(Array.from(bytes.subarray(segmentData, segmentData + 4))).toEqual([0x15, 0x49, 0xa9, 0x66]);
  });

  it('opens a new cluster before a block offset would overflow 16 bits', () => {
    const long = [0, 20_000, 40_000, 60_000].map((t, i) => ({ data: new Uint8Array(10), timestampMs: t, key: i === 0 }));
    const s = inspectWebm(muxWebm(long, { codecId: 'V_VP8', width: 16, height: 16, fps: 1, durationMs: 61_000 }));
    expect(s.clusters).toBe(2);
    expect(s.lastFrameMs).toBe(60_000);
  });

  it('refuses what would not play', () => {
    const opts = { codecId: 'V_VP8', width: 16, height: 16, fps: 10, durationMs: 100 } as const;
    expect(() => muxWebm([], opts)).toThrow(/at least one frame/);
    expect(() => muxWebm([{ data: new Uint8Array(1), timestampMs: 0, key: false }], opts)).toThrow(/key frame/);
    expect(() => muxWebm(frames(2, 10, 1), { ...opts, width: 0 })).toThrow(/video size/);
    const backwards = [
      { data: new Uint8Array(1), timestampMs: 100, key: true },
      { data: new Uint8Array(1), timestampMs: 50, key: false },
    ];
    expect(() => muxWebm(backwards, opts)).toThrow(/comes after/);
  });
});

describe('inspectWebm', () => {
  it('names what is wrong with a file that is not a WebM', () => {
    expect(() => inspectWebm(new Uint8Array(0))).toThrow(/WebM: element header past the end at byte 0/);
    expect(() => inspectWebm(new TextEncoder().encode('GIF89a........'))).toThrow(/WebM/);
  });
});
