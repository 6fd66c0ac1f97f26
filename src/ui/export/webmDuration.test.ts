import { describe, expect, it } from 'vitest';
import { readWebmDuration, withWebmDuration, WebmError } from './webmDuration.ts';

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

describe('withWebmDuration', () => {
  it('inserts a Duration into an Info that has none, keeping what follows', () => {
    const src = chromeLike();
    expect(readWebmDuration(src)).toBeUndefined();
    const out = withWebmDuration(src, 3250);
    expect(readWebmDuration(out)).toBeCloseTo(3250, 6);
    expect(out.length).toBe(src.length + 11 + 7); // the element, and Info's size field grown to 8 bytes
    // The Tracks and Cluster bytes (25 bytes) come through unchanged, at the end.
    expect(Array.from(out.subarray(out.length - 25))).toEqual(Array.from(src.subarray(src.length - 25)));
  });

  it('overwrites a Duration already there', () => {
    const once = withWebmDuration(chromeLike(), 1000);
    const twice = withWebmDuration(once, 2000);
    expect(twice.length).toBe(once.length);
    expect(readWebmDuration(twice)).toBeCloseTo(2000, 6);
  });

  it('honours a TimecodeScale other than 1 ms', () => {
    const src = chromeLike();
    // TimecodeScale 0x0f4240 (1e6 ns) → 0x07a120 (500,000 ns): Duration counts half-milliseconds.
    const i = src.findIndex((_, k) => src[k] === 0x2a && src[k + 1] === 0xd7 && src[k + 2] === 0xb1);
    src.set([0x07, 0xa1, 0x20], i + 4);
    const out = withWebmDuration(src, 1500);
    expect(readWebmDuration(out)).toBeCloseTo(1500, 6);
    const d = out.findIndex((_, k) => out[k] === 0x44 && out[k + 1] === 0x89);
    expect(new DataView(out.buffer, d + 3, 8).getFloat64(0)).toBeCloseTo(3000, 6);
  });

  it('grows a Segment of known size', () => {
    const src = chromeLike();
    // Replace the unknown size by the real one (8-byte form, same length).
    const seg = src.findIndex((_, k) => src[k] === 0x18 && src[k + 1] === 0x53);
    const dataLen = src.length - (seg + 12);
    const size = [0x01, 0, 0, 0, 0, 0, (dataLen >> 8) & 0xff, dataLen & 0xff];
    src.set(size, seg + 4);
    const out = withWebmDuration(src, 500);
    const newLen = out[seg + 10]! * 256 + out[seg + 11]!;
    expect(newLen).toBe(out.length - (seg + 12));
    expect(readWebmDuration(out)).toBeCloseTo(500, 6);
  });

  it('names what is wrong with bytes that are not a WebM', () => {
    expect(() => withWebmDuration(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 10)).toThrow(WebmError);
    expect(() => withWebmDuration(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 10)).toThrow(/not an EBML file/);
    expect(() => withWebmDuration(new Uint8Array([]), 10)).toThrow(/past the end/);
    expect(() => withWebmDuration(chromeLike(), -1)).toThrow(/positive/);
  });
});
