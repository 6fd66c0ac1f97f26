import { describe, expect, it } from 'vitest';
import { readWebmDuration, WebmError } from './webmDuration.ts';

/** One EBML element: id bytes, a 1-byte size (data < 127 bytes) or the given size bytes. */
function el(id: number[], data: Uint8Array | number[], size?: number[]): number[] {
  const d = Array.from(data);
  return [...id, ...(size ?? [0x80 | d.length]), ...d];
}
const ascii = (s: string) => Array.from(new TextEncoder().encode(s));

/** A WebM shaped like Chrome's MediaRecorder output: unknown-size Segment, Info without Duration. */
function chromeLike(): Uint8Array {
  const header = el([0x1a, 0x45, 0xdf, 0xa3], [...el([0x42, 0x82], ascii('webm'))]);
  const info = el([0x15, 0x49, 0xa9, 0x66], [...el([0x2a, 0xd7, 0xb1], [0x0f, 0x42, 0x40]), ...el([0x4d, 0x80], ascii('Chrome')), ...el([0x57, 0x41], ascii('Chrome'))]);
  const tracks = el([0x16, 0x54, 0xae, 0x6b], el([0xae], el([0xd7], [1])));
  const cluster = el([0x1f, 0x43, 0xb6, 0x75], el([0xe7], [0]), [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  const segment = [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...info, ...tracks, ...cluster];
  return new Uint8Array([...header, ...segment]);
}

describe('readWebmDuration', () => {
  it('reads no Duration from a live-stream file (what MediaRecorder writes)', () => {
    expect(readWebmDuration(chromeLike())).toBeUndefined();
  });

  it('reads a Duration in TimecodeScale units', () => {
    const duration = (ticks: number) => {
      const v = new Uint8Array(8);
      new DataView(v.buffer).setFloat64(0, ticks);
      return el([0x44, 0x89], v);
    };
    const file = (scale: number[], ticks: number) => {
      const header = el([0x1a, 0x45, 0xdf, 0xa3], [...el([0x42, 0x82], ascii('webm'))]);
      const info = el([0x15, 0x49, 0xa9, 0x66], [...el([0x2a, 0xd7, 0xb1], scale), ...duration(ticks)]);
      return new Uint8Array([...header, ...el([0x18, 0x53, 0x80, 0x67], info)]);
    };
    expect(readWebmDuration(file([0x0f, 0x42, 0x40], 1500))).toBeCloseTo(1500, 6);
    // 500,000 ns ticks: 3000 of them are 1.5 s.
    expect(readWebmDuration(file([0x07, 0xa1, 0x20], 3000))).toBeCloseTo(1500, 6);
  });

  it('names what is wrong with bytes that are not a WebM', () => {
    expect(() => readWebmDuration(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toThrow(WebmError);
    expect(() => readWebmDuration(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toThrow(/not an EBML file/);
    expect(() => readWebmDuration(new Uint8Array([]))).toThrow(/past the end/);
  });
});
