import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FollowMessage } from '../replay/live-protocol.ts';
import { REPLAY_CORE } from './default-port.ts';
import { startReplayServer } from './server.ts';
import { peer } from './testing/ws-client.ts';
import { CLOSE } from './ws/frames.ts';

/**
 * `kube-anatomy serve` stopping (Ctrl-C): close() ends the live traces, tells followers 1001
 * (the server goes away, the recording did not end), closes idle keep-alive sockets and resolves
 * only once every connection is closed — so nothing is left to keep the process alive.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A raw keep-alive HTTP client: one request answered, the socket left open as browsers leave it. */
async function keepAliveSocket(host: string, port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  const socket = connect(port, host);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => {
    let text = '';
    socket.on('data', (b) => {
      text += b.toString('latin1');
      if (/\r\n\r\n[\s\S]*\n$/.test(text)) resolve();
    });
    socket.write(`GET /api/live HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
  return { socket, closed };
}

describe('the replay server stopping', () => {
  it('closes keep-alive sockets, ends followers with 1001 and resolves once every connection is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanatomy-stop-'));
    dirs.push(dir);
    const server = await startReplayServer({ dir, host: '127.0.0.1', port: 0, allowOrigins: [], replay: REPLAY_CORE, generator: 'kube-anatomy test', pingIntervalMs: 0 });
    const ws = server.url.replace('http', 'ws');
    const idle = await keepAliveSocket('127.0.0.1', server.address.port);

    const recorder = await peer(`${ws}/live/demo/record`);
    recorder.conn.send(JSON.stringify({ type: 'hello', version: 1, startedAt: '2026-01-01T00:00:00Z', generator: 'test' }));
    await recorder.waitFor((m) => (m as { type?: string }).type === 'ack');
    const follower = await peer(`${ws}/live/demo/follow`);
    await follower.waitFor((m) => (m as FollowMessage).type === 'snapshot');

    const order: string[] = [];
    for (const [name, p] of [['keep-alive socket', idle.closed], ['recorder', recorder.closed], ['follower', follower.closed]] as const) void p.then(() => order.push(name));
    await server.close();
    order.push('close resolved');

    expect(await follower.closed).toEqual({ code: CLOSE.goingAway, reason: 'the server is stopping' });
    expect(follower.messages.map((m) => (m as FollowMessage).type)).not.toContain('end');
    expect(await recorder.closed).toEqual({ code: CLOSE.goingAway, reason: 'the server is stopping' });
    await idle.closed;
    // The server's side of each was closed before close() resolved; the clients hear it at once or
    // just after, never a grace period later: they all closed, and close() did resolve.
    expect(order).toContain('close resolved');
    expect(new Set(order)).toEqual(new Set(['keep-alive socket', 'recorder', 'follower', 'close resolved']));
    // The live trace was ended and its file completed.
    expect(server.live.list()).toEqual([expect.objectContaining({ name: 'demo', state: 'ended' })]);
    expect(readFileSync(join(dir, 'live/demo.kanatomy.jsonl'), 'utf8')).toMatch(/^\{"format":"kube-anatomy-trace"/);
    // A second close is the same stop, not a new one.
    await server.close();
  });

  it('drops a peer that never answers the close frame, so close() still resolves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kanatomy-stop-'));
    dirs.push(dir);
    const server = await startReplayServer({ dir, host: '127.0.0.1', port: 0, allowOrigins: [], replay: REPLAY_CORE, generator: 'kube-anatomy test', pingIntervalMs: 0 });
    const recorder = await peer(`${server.url.replace('http', 'ws')}/live/mute/record`);
    recorder.conn.send(JSON.stringify({ type: 'hello', version: 1, startedAt: '2026-01-01T00:00:00Z', generator: 'test' }));
    await recorder.waitFor((m) => (m as { type?: string }).type === 'ack');
    // It stops reading: the server's close frame is never answered.
    recorder.conn.pauseReading();
    await server.close();
    // The server dropped it after the grace; reading again, it finds the close frame it never answered.
    recorder.conn.resumeReading();
    expect(await recorder.closed).toEqual({ code: CLOSE.goingAway, reason: 'the server is stopping' });
  });
});
