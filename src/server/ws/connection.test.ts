import { type Socket, connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WsConnection } from './connection.ts';
import { CLOSE, OPCODE, encodeFrame } from './frames.ts';

/**
 * One WebSocket connection over a real TCP socket pair (the handshake is handshake.ts's
 * business): fragmentation, binary refused, the closing handshake, the keepalive.
 */
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function pair(pingIntervalMs: number): Promise<{ server: WsConnection; raw: Socket; events: { messages: string[]; closed: Promise<[number, string]> } }> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = new Promise<Socket>((r) => srv.once('connection', r));
  const raw = connect((srv.address() as { port: number }).port, '127.0.0.1');
  const socket = await accepted;
  cleanup.push(() => {
    raw.destroy();
    srv.close();
  });
  const server = new WsConnection(socket, { role: 'server', maxMessageBytes: 1024, pingIntervalMs });
  const messages: string[] = [];
  const closed = new Promise<[number, string]>((resolve) => server.on({ message: (t) => messages.push(t), close: (c, r) => resolve([c, r]) }));
  return { server, raw, events: { messages, closed } };
}

/** Reads the close frame the server sent to the raw client: [code, reason]. */
function closeFrameFrom(raw: Socket): Promise<[number, string]> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    raw.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (let i = 0; i + 2 <= buf.length; ) {
        const len = (buf[i + 1] as number) & 0x7f;
        if (((buf[i] as number) & 0x0f) === OPCODE.close && i + 2 + len <= buf.length) {
          resolve([buf.readUInt16BE(i + 2), buf.subarray(i + 4, i + 2 + len).toString()]);
          return;
        }
        i += 2 + len;
      }
    });
  });
}

describe('WsConnection', () => {
  it('joins a fragmented text message and answers pings with pongs', async () => {
    const { raw, events } = await pair(0);
    const pong = new Promise<Buffer>((resolve) => raw.once('data', resolve));
    raw.write(encodeFrame(OPCODE.text, Buffer.from('{"type":'), true, false));
    raw.write(encodeFrame(OPCODE.ping, Buffer.from('hi'), true));
    raw.write(encodeFrame(OPCODE.continuation, Buffer.from('"end"}'), true, true));
    const p = await pong;
    expect([p[0], p.subarray(2).toString()]).toEqual([0x80 | OPCODE.pong, 'hi']);
    await new Promise((r) => setTimeout(r, 50));
    expect(events.messages).toEqual(['{"type":"end"}']);
  });

  it('closes with 1003 and a reason on a binary frame, 1009 on a message over the limit, 1007 on bad UTF-8', async () => {
    for (const [frame, code, reason] of [
      [encodeFrame(OPCODE.binary, Buffer.from([1, 2]), true), CLOSE.unsupportedData, 'binary messages are not part of the live protocol; send JSON text frames'],
      [encodeFrame(OPCODE.text, Buffer.alloc(2000, 'a'), true), CLOSE.tooBig, 'frame of 2000 bytes is over the limit of 1024'],
      [encodeFrame(OPCODE.text, Buffer.from([0xc3, 0x28]), true), CLOSE.invalidPayload, 'a text message that is not valid UTF-8'],
    ] as const) {
      const { raw, events } = await pair(0);
      const sent = closeFrameFrom(raw);
      raw.write(frame);
      expect(await sent).toEqual([code, reason]);
      expect(await events.closed).toEqual([code, reason]);
    }
  });

  it('answers a close frame with the same code and reports the peer reason', async () => {
    const { raw, events } = await pair(0);
    const payload = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
    const answer = closeFrameFrom(raw);
    raw.write(encodeFrame(OPCODE.close, payload, true));
    expect((await answer)[0]).toBe(1000);
    expect(await events.closed).toEqual([1000, 'bye']);
  });

  it('drops a peer that answers no ping for two intervals (keepalive)', async () => {
    const { raw, events } = await pair(30);
    raw.on('data', () => {}); // reads, never answers
    expect(await events.closed).toEqual([CLOSE.abnormal, 'no answer to ping']);
  });

  it('keeps a peer that answers its pings', async () => {
    const { server, raw } = await pair(30);
    const client = new WsConnection(raw, { role: 'client', maxMessageBytes: 1024, pingIntervalMs: 0 });
    client.on({ message: () => {}, close: () => {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(server.isOpen).toBe(true);
    client.close();
  });
});
