import { describe, expect, it } from 'vitest';
import { CLOSE, FrameDecoder, OPCODE, WsProtocolError, closePayload, encodeFrame } from './frames.ts';

function decodeAll(bytes: Buffer, masked: boolean, chunk = bytes.length) {
  const d = new FrameDecoder(masked, 1 << 20);
  const frames = [];
  for (let i = 0; i < bytes.length; i += chunk) frames.push(...d.push(bytes.subarray(i, i + chunk)));
  return frames;
}

function protocolError(fn: () => unknown): { code: number; reason: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof WsProtocolError) return { code: e.code, reason: e.reason };
    throw e;
  }
  throw new Error('no protocol error');
}

describe('WebSocket frames (RFC 6455 section 5)', () => {
  it('round-trips masked and unmasked frames of the three length encodings, fed byte by byte', () => {
    for (const size of [0, 5, 125, 126, 65535, 65536, 70000]) {
      const payload = Buffer.alloc(size, 'x');
      for (const mask of [true, false]) {
        const bytes = Buffer.concat([encodeFrame(OPCODE.text, payload, mask), encodeFrame(OPCODE.ping, Buffer.from('p'), mask)]);
        const frames = decodeAll(bytes, mask, size > 1000 ? 997 : 1);
        expect(frames.map((f) => [f.opcode, f.fin, f.payload.length])).toEqual([
          [OPCODE.text, true, size],
          [OPCODE.ping, true, 1],
        ]);
        expect(frames[0]?.payload.equals(payload)).toBe(true);
      }
    }
  });

  it('writes the header bytes the RFC gives for a short unmasked text frame ("Hello", 5.7)', () => {
    expect([...encodeFrame(OPCODE.text, Buffer.from('Hello'), false)]).toEqual([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]);
  });

  it('masks client frames so the bytes differ but decode to the payload', () => {
    const bytes = encodeFrame(OPCODE.text, Buffer.from('Hello'), true);
    expect(bytes[1]).toBe(0x85);
    expect(bytes.subarray(6).toString()).not.toBe('Hello');
    expect(decodeAll(bytes, true)[0]?.payload.toString()).toBe('Hello');
  });

  it('refuses unmasked client frames, masked server frames, reserved bits, big or fragmented control frames, unknown opcodes, oversized frames', () => {
    const d = () => new FrameDecoder(true, 100);
    expect(protocolError(() => d().push(encodeFrame(OPCODE.text, Buffer.from('a'), false)))).toEqual({ code: CLOSE.protocolError, reason: 'client frames must be masked' });
    expect(protocolError(() => new FrameDecoder(false, 100).push(encodeFrame(OPCODE.text, Buffer.from('a'), true))).reason).toBe('server frames must not be masked');
    const rsv = encodeFrame(OPCODE.text, Buffer.from('a'), true);
    rsv[0] = (rsv[0] as number) | 0x40;
    expect(protocolError(() => d().push(rsv)).reason).toMatch(/reserved bits/);
    expect(protocolError(() => new FrameDecoder(true, 1000).push(encodeFrame(OPCODE.ping, Buffer.alloc(126), true))).reason).toMatch(/control frames/);
    expect(protocolError(() => d().push(encodeFrame(OPCODE.close, Buffer.alloc(2), true, false))).reason).toMatch(/control frames/);
    expect(protocolError(() => d().push(encodeFrame(0x3, Buffer.alloc(1), true))).reason).toBe('unknown opcode 0x3');
    expect(protocolError(() => d().push(encodeFrame(OPCODE.text, Buffer.alloc(101), true)))).toEqual({ code: CLOSE.tooBig, reason: 'frame of 101 bytes is over the limit of 100' });
  });

  it('keeps close reasons within the 125 bytes of a control frame', () => {
    const p = closePayload(1008, 'é'.repeat(200));
    expect(p.length).toBeLessThanOrEqual(125);
    expect(p.readUInt16BE(0)).toBe(1008);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(p.subarray(2))).toMatch(/^é+…$/);
  });
});
