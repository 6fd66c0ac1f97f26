import { describe, expect, it } from 'vitest';
import { decodeMsgpack } from './msgpack.ts';

const b = (...xs: number[]) => new Uint8Array(xs);
const utf8 = (s: string) => [...new TextEncoder().encode(s)];

describe('msgpack decoder', () => {
  it('decodes the scalar types', () => {
    expect(decodeMsgpack(b(0x7f)).value).toBe(127);
    expect(decodeMsgpack(b(0xff)).value).toBe(-1);
    expect(decodeMsgpack(b(0xc0)).value).toBe(null);
    expect(decodeMsgpack(b(0xc3)).value).toBe(true);
    expect(decodeMsgpack(b(0xcd, 0x01, 0x00)).value).toBe(256);
    expect(decodeMsgpack(b(0xd1, 0xff, 0x00)).value).toBe(-256);
    expect(decodeMsgpack(b(0xce, 0xff, 0xff, 0xff, 0xff)).value).toBe(4294967295);
    expect(decodeMsgpack(b(0xcb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0)).value).toBe(1.5);
    expect(decodeMsgpack(b(0xca, 0x3f, 0xc0, 0, 0)).value).toBe(1.5);
    expect(decodeMsgpack(b(0xa3, ...utf8('hé'))).value).toBe('hé');
    expect(() => decodeMsgpack(b(0xa1, 0xff))).toThrow('a str that is not valid UTF-8 at byte 1');
  });

  it('keeps uint64 values beyond 2^53 as decimal strings (SimKube hashes)', () => {
    // 17156035354639895998, the CronJob hash in simkube-cronjob.sktrace's index.
    const v = 17156035354639895998n;
    const bytes = [0xcf, ...Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(56 - 8 * i)) & 0xffn))];
    expect(decodeMsgpack(new Uint8Array(bytes)).value).toBe('17156035354639895998');
    expect(decodeMsgpack(b(0xcf, 0, 0, 0, 0, 0, 0, 0x01, 0x00)).value).toBe(256);
  });

  it('decodes maps (non-string keys as JSON), arrays, str 8 and bin', () => {
    const value = decodeMsgpack(b(0x82, 0x92, 0xa1, ...utf8('a'), 0x01, 0xc2, 0xd9, 0x01, ...utf8('k'), 0xc4, 0x02, 0x09, 0x08)).value;
    expect(value).toEqual({ '["a",1]': false, k: new Uint8Array([9, 8]) });
  });

  it('skips ext values with a warning and names the byte of a truncated or bad value', () => {
    const d = decodeMsgpack(b(0x92, 0xd6, 0xff, 0, 0, 0, 1, 0x05));
    expect(d.value).toEqual([undefined, 5]);
    expect(d.warnings).toEqual(['byte 1: an ext value of type -1 (4 bytes) was skipped']);
    expect(() => decodeMsgpack(b(0x92, 0x01))).toThrow('the data ends inside a value (1 more bytes needed) at byte 2');
    expect(() => decodeMsgpack(b(0xc1))).toThrow('0xc1 is not a MessagePack type byte at byte 0');
    expect(() => decodeMsgpack(b(0x01, 0x02))).toThrow('1 bytes after the end of the value at byte 1');
  });
});
