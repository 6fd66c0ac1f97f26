import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveSink } from './live-sink.ts';
import type { BundleManifest } from './sink.ts';
import { main } from '../main.ts';
import { memoryIO } from '../test-io.ts';
import type { FollowMessage } from '../../replay/live-protocol.ts';
import { decodeTrace, encodeTrace } from '../../trace/jsonl.ts';
import type { TraceEvent, TraceHeader } from '../../trace/schema.ts';
import { REPLAY_CORE } from '../../server/default-port.ts';
import { type ReplayServer, type ReplayServerOptions, startReplayServer } from '../../server/server.ts';
import { peer } from '../../server/testing/ws-client.ts';
import { connectWebSocket } from '../../server/ws/client.ts';
import { WsConnection } from '../../server/ws/connection.ts';
import { CLOSE } from '../../server/ws/frames.ts';
import { acceptUpgrade } from '../../server/ws/handshake.ts';

/**
 * The live mode end to end: a recorder (the real LiveSink) → the real server with the real
 * replay core (LiveImport) → follower WebSocket clients, as the browser follows
 * (`ws://host:port/live/<name>/follow`).
 */
const MANIFEST: BundleManifest = { format: 'kube-anatomy-bundle', version: 1, generator: 'test', startedAt: '', endedAt: '', redacted: true, files: [] };
const dirs: string[] = [];
const servers: ReplayServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function serve(options: Partial<ReplayServerOptions> = {}): Promise<{ server: ReplayServer; dir: string; ws: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kanatomy-live-'));
  dirs.push(dir);
  const server = await startReplayServer({ dir, host: '127.0.0.1', port: 0, allowOrigins: ['http://localhost:5173'], replay: REPLAY_CORE, generator: 'kube-anatomy test', pingIntervalMs: 0, ...options });
  servers.push(server);
  return { server, dir, ws: server.url.replace('http', 'ws') };
}

/** A real trace: examples/hello-deployment.scenario.yaml through the real engine, as `kube-anatomy run` writes it. */
let cached: { header: TraceHeader; events: TraceEvent[]; lines: string[] } | undefined;
async function realTrace(): Promise<{ header: TraceHeader; events: TraceEvent[]; lines: string[] }> {
  if (cached) return cached;
  const example = 'examples/hello-deployment.scenario.yaml';
  const io = memoryIO({ [example]: readFileSync(new URL('../../../examples/hello-deployment.scenario.yaml', import.meta.url), 'utf8') });
  expect(await main(['run', example, '--trace', 'hello.kanatomy.jsonl'], io)).toBe(0);
  const text = io.files.get('hello.kanatomy.jsonl') as string;
  const { header, events } = decodeTrace(text);
  cached = { header, events, lines: text.trimEnd().split('\n') };
  return cached;
}

/** A generated own-format trace of `n` log events with `pad` bytes each, for volume. */
function bulkTrace(n: number, pad: number): string[] {
  const header: TraceHeader = { format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: '2026-01-01T00:00:00Z' };
  const events: TraceEvent[] = Array.from({ length: n }, (_, i) => ({ seq: i + 1, t: i, kind: 'log', actor: 'kubelet/node-1', op: `line ${i}`, src: 'sim', attrs: { text: 'x'.repeat(pad) } }));
  return encodeTrace(header, events).trimEnd().split('\n');
}

function eventsOf(messages: unknown[]): TraceEvent[] {
  return (messages as FollowMessage[]).flatMap((m) => (m.type === 'snapshot' || m.type === 'events' ? m.events : []));
}

async function record(sink: LiveSink, file: string, lines: string[], chunk: number): Promise<void> {
  sink.open(file, 'kanatomy', 'a kube-anatomy trace');
  for (let i = 0; i < lines.length; i += chunk) await sink.write(file, lines.slice(i, i + chunk));
  await sink.close({ ...MANIFEST });
}

describe('live mode: recorder → server → follower', () => {
  it('delivers a snapshot and then every event in order, writes the trace to DIR/live/, and ends', async () => {
    const { server, dir, ws } = await serve();
    const trace = await realTrace();
    const sink = new LiveSink(`${ws}/live/hello/record`, { node: 'node-1', startedAt: trace.header.timeOrigin, generator: 'kube-anatomy test' });
    await sink.start();
    const follower = await peer(`${ws}/live/hello/follow`, 'http://localhost:5173');
    await follower.waitFor((m) => (m as FollowMessage).type === 'snapshot');
    await record(sink, 'hello.kanatomy.jsonl', trace.lines, 37);
    expect(await follower.closed).toEqual({ code: CLOSE.normal, reason: 'the recording ended' });

    const messages = follower.messages as FollowMessage[];
    expect(messages[0]).toMatchObject({ type: 'snapshot', header: { format: 'kube-anatomy-trace', version: 1 }, events: [] });
    const snapshot = messages[0] as Extract<FollowMessage, { type: 'snapshot' }>;
    expect(Date.parse(snapshot.header.timeOrigin)).toBe(Date.parse(trace.header.timeOrigin));
    expect(messages.slice(1, -1).every((m) => m.type === 'events')).toBe(true);
    expect(messages.at(-1)).toEqual({ type: 'end' });
    const got = eventsOf(messages);
    expect(got.map((e) => e.seq)).toEqual(trace.events.map((_, i) => i + 1));
    expect(got.map((e) => [e.t, e.kind, e.actor, e.op, e.src])).toEqual(trace.events.map((e) => [e.t, e.kind, e.actor, e.op, e.src]));
    expect(got.filter((e) => e.cause !== undefined).length).toBeGreaterThan(0);
    expect(got.every((e) => e.cause === undefined || e.cause < e.seq)).toBe(true);

    // The whole trace is in the library, with the final header.
    const onDisk = decodeTrace(readFileSync(join(dir, 'live', 'hello.kanatomy.jsonl'), 'utf8'));
    expect(onDisk.errors).toEqual([]);
    expect(onDisk.events).toEqual(got);
    expect(onDisk.header.sources).toContain('sim');
    const listed = (await (await fetch(`${server.url}/api/live`)).json()) as { live: Record<string, unknown>[] };
    expect(listed.live).toEqual([
      expect.objectContaining({ name: 'hello', state: 'ended', node: 'node-1', events: trace.events.length, errors: 0, followUrl: '/live/hello/follow', traceUrl: '/traces/live/hello.kanatomy.jsonl' }),
    ]);
    expect((await fetch(`${server.url}${listed.live[0]?.traceUrl as string}`)).status).toBe(200);

    // A follower that comes after the end gets the trace so far and the end.
    const late = await peer(`${ws}/live/hello/follow`);
    expect((await late.closed).code).toBe(CLOSE.normal);
    expect(eventsOf(late.messages)).toEqual(got);
    expect((late.messages.at(-1) as FollowMessage).type).toBe('end');
  });

  it('sends a snapshot larger than a frame in parts and says where it ends (more: true, events, snapshot-end)', async () => {
    const { ws } = await serve({ eventsPerFrame: 100 });
    const lines = bulkTrace(450, 10);
    const sink = new LiveSink(`${ws}/live/parts/record`, { startedAt: '2026-01-01T00:00:00Z' });
    await sink.start();
    sink.open('parts.kanatomy.jsonl', 'kanatomy', 'a kube-anatomy trace');
    await sink.write('parts.kanatomy.jsonl', lines);
    // A follower joining now: 450 events in the ring, 100 per frame.
    const follower = await peer(`${ws}/live/parts/follow`);
    await follower.waitFor((m) => (m as FollowMessage).type === 'snapshot-end');
    await sink.write('parts.kanatomy.jsonl', bulkTrace(452, 10).slice(451));
    await sink.close({ ...MANIFEST });
    await follower.closed;
    const types = (follower.messages as FollowMessage[]).map((m) => m.type);
    expect(types).toEqual(['snapshot', 'events', 'events', 'events', 'events', 'snapshot-end', 'events', 'end']);
    expect(follower.messages[0]).toMatchObject({ type: 'snapshot', more: true });
    expect((follower.messages[0] as { events: unknown[] }).events).toHaveLength(100);
    expect(follower.messages[5]).toEqual({ type: 'snapshot-end', events: 450 });
    expect(eventsOf(follower.messages.slice(0, 6)).map((e) => e.op)).toEqual(lines.slice(1).map((_, i) => `line ${i}`));

    // A snapshot that fits one frame is that frame alone, without `more`.
    const small = await serve({ eventsPerFrame: 1000 });
    const sink2 = new LiveSink(`${small.ws}/live/one/record`, { startedAt: '2026-01-01T00:00:00Z' });
    await sink2.start();
    sink2.open('one.kanatomy.jsonl', 'kanatomy', 'a kube-anatomy trace');
    await sink2.write('one.kanatomy.jsonl', lines);
    const one = await peer(`${small.ws}/live/one/follow`);
    const snap = (await one.waitFor((m) => (m as FollowMessage).type === 'snapshot')) as { events: unknown[]; more?: boolean };
    expect(snap.events).toHaveLength(450);
    expect(snap.more).toBeUndefined();
    await sink2.close({ ...MANIFEST });
    await one.closed;
    expect((one.messages as FollowMessage[]).map((m) => m.type)).not.toContain('snapshot-end');
  });

  it('tells a follower that does not read that it lags and closes it (1013), while a reading follower gets everything', async () => {
    const { ws } = await serve({ followerMaxBufferedBytes: 64 * 1024, eventsPerFrame: 200 });
    const lines = bulkTrace(40_000, 300);
    const sink = new LiveSink(`${ws}/live/bulk/record`, { startedAt: '2026-01-01T00:00:00Z' });
    await sink.start();
    const slow = await peer(`${ws}/live/bulk/follow`);
    const fast = await peer(`${ws}/live/bulk/follow`);
    await slow.waitFor((m) => (m as FollowMessage).type === 'snapshot');
    slow.conn.pauseReading();
    await record(sink, 'bulk.kanatomy.jsonl', lines, 500);
    slow.conn.resumeReading();
    const lagging = (await slow.waitFor((m) => (m as FollowMessage).type === 'lagging')) as { dropped: number };
    expect(lagging.dropped).toBeGreaterThan(0);
    expect(await slow.closed).toEqual({ code: CLOSE.tryAgainLater, reason: 'too slow: reconnect for a new snapshot' });
    expect(eventsOf(slow.messages).length).toBeLessThan(40_000);

    expect((await fast.closed).code).toBe(CLOSE.normal);
    expect(eventsOf(fast.messages).map((e) => e.op)).toEqual(lines.slice(1).map((_, i) => `line ${i}`));
  });

  it('pauses a recorder that sends past its window, and still takes every frame in order', async () => {
    const { server, ws } = await serve({ recorderWindow: 2 });
    const lines = bulkTrace(20_000, 200);
    const raw = await peer(`${ws}/live/flood/record`);
    raw.conn.send(JSON.stringify({ type: 'hello', version: 1, startedAt: '2026-01-01T00:00:00Z' }));
    // No waiting for acks: 100 frames at once, far past the window of 2.
    for (let i = 0; i < lines.length; i += 200) raw.conn.send(JSON.stringify({ type: 'lines', file: 'flood.kanatomy.jsonl', lines: lines.slice(i, i + 200) }));
    raw.conn.send(JSON.stringify({ type: 'end' }));
    expect(await raw.closed).toEqual({ code: CLOSE.normal, reason: 'the recording ended' });
    const acks = raw.messages as { type: string; received: number; window: number }[];
    expect(acks.every((a) => a.type === 'ack' && a.window === 2)).toBe(true);
    expect(acks.at(-1)?.received).toBe(Math.ceil(lines.length / 200));
    const [summary] = ((await (await fetch(`${server.url}/api/live`)).json()) as { live: { events: number; recorderPauses: number; frames: number }[] }).live;
    expect(summary?.events).toBe(20_000);
    expect(summary?.recorderPauses).toBeGreaterThan(0);
  });

  it('reconnects once when the connection drops and sends again only what the server had not taken', async () => {
    const { ws } = await serve();
    const trace = await realTrace();
    const conns: WsConnection[] = [];
    const sink = new LiveSink(`${ws}/live/again/record`, {
      startedAt: trace.header.timeOrigin,
      connect: async (url, o) => {
        const c = await connectWebSocket(url, o);
        conns.push(c);
        return c;
      },
    });
    sink.open('hello.kanatomy.jsonl', 'kanatomy', '');
    const half = Math.floor(trace.lines.length / 2);
    await sink.write('hello.kanatomy.jsonl', trace.lines.slice(0, half));
    const follower = await peer(`${ws}/live/again/follow`);
    conns[0]?.destroy();
    for (let i = half; i < trace.lines.length; i += 10) await sink.write('hello.kanatomy.jsonl', trace.lines.slice(i, i + 10));
    await sink.close({ ...MANIFEST });
    expect(conns).toHaveLength(2);
    await follower.closed;
    expect(eventsOf(follower.messages).map((e) => e.op)).toEqual(trace.events.map((e) => e.op));
  });
});

describe('live mode: refusals and bad frames', () => {
  it('closes a recorder with the code and reason of a bad frame', async () => {
    const { ws } = await serve();
    const notJson = await peer(`${ws}/live/a/record`);
    notJson.conn.send(JSON.stringify({ type: 'hello', version: 1, startedAt: '2026-01-01T00:00:00Z' }));
    notJson.conn.send('{"type": "lines",');
    const closed = await notJson.closed;
    expect(closed.code).toBe(CLOSE.invalidPayload);
    expect(closed.reason).toMatch(/^frame 2: not JSON \(/);

    const noHello = await peer(`${ws}/live/b/record`);
    noHello.conn.send(JSON.stringify({ type: 'lines', file: 'x', lines: [] }));
    expect(await noHello.closed).toEqual({ code: CLOSE.policyViolation, reason: 'frame 1: the first frame must be hello' });

    const badField = await peer(`${ws}/live/c/record`);
    badField.conn.send(JSON.stringify({ type: 'hello', version: 1, startedAt: '2026-01-01T00:00:00Z' }));
    badField.conn.send(JSON.stringify({ type: 'lines', file: 'x', lines: ['ok', 7] }));
    expect(await badField.closed).toEqual({ code: CLOSE.invalidPayload, reason: 'frame 2: lines: lines[1] is not a string' });

    const unknown = await peer(`${ws}/live/d/record`);
    unknown.conn.send(JSON.stringify({ type: 'bye' }));
    expect(await unknown.closed).toEqual({ code: CLOSE.policyViolation, reason: 'frame 1: unknown message type "bye" (expected hello, lines or end)' });
  });

  it('refuses handshakes it cannot serve, with the HTTP status and the reason', async () => {
    const { ws } = await serve();
    await expect(connectWebSocket(`${ws}/live/nobody/follow`)).rejects.toThrow('HTTP 404: no live trace named nobody (GET /api/live lists them)');
    const first = new LiveSink(`${ws}/live/busy/record`, { startedAt: '2026-01-01T00:00:00Z' });
    await first.start();
    await expect(connectWebSocket(`${ws}/live/busy/record`)).rejects.toThrow('HTTP 409: a recorder is already recording busy');
    await expect(connectWebSocket(`${ws}/live/busy/follow`, { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403: origin https://evil.example is not allowed (--allow-origin)');
    await expect(connectWebSocket(`${ws}/live/bad%2Fname/record`)).rejects.toThrow(/HTTP 400: live trace name "bad\/name"/);
    await expect(connectWebSocket(`${ws}/elsewhere`)).rejects.toThrow(/HTTP 404: no WebSocket endpoint at \/elsewhere/);
    await first.close({ ...MANIFEST });
    await expect(connectWebSocket(`${ws}/live/busy/record`)).rejects.toThrow('HTTP 409: live trace busy has ended; record under another name');
  });

  it('a sink that cannot reach a server says so, naming the URL', async () => {
    const { server } = await serve();
    const port = server.address.port;
    await server.close();
    servers.splice(0);
    const sink = new LiveSink(`ws://127.0.0.1:${port}/live/x/record`);
    await expect(sink.write('f', ['a'])).rejects.toThrow(`live server ws://127.0.0.1:${port}/live/x/record: connection refused (is kube-anatomy serve running?)`);
  });
});

describe('LiveSink flow control', () => {
  it('keeps at most the server window unacknowledged: write() waits until an ack makes room', async () => {
    const received: { type: string }[] = [];
    let serverConn: WsConnection | undefined;
    const http = createServer();
    http.on('upgrade', (req, socket: Socket) => {
      acceptUpgrade(req, socket);
      const conn = new WsConnection(socket, { role: 'server', maxMessageBytes: 1 << 20, pingIntervalMs: 0 });
      serverConn = conn;
      conn.on({
        message: (text) => {
          const m = JSON.parse(text) as { type: string };
          received.push(m);
          if (m.type === 'hello') conn.send(JSON.stringify({ type: 'ack', received: 0, window: 3 }));
        },
        close: () => {},
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    try {
      const sink = new LiveSink(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/live/x/record`);
      sink.open('f.txt', 'ctr-events');
      const done: number[] = [];
      const writes = [0, 1, 2, 3, 4].map((i) => sink.write('f.txt', [`line ${i}`]).then(() => done.push(i)));
      await until(() => received.length === 4);
      await new Promise((r) => setTimeout(r, 100));
      expect(received.map((m) => m.type)).toEqual(['hello', 'lines', 'lines', 'lines']);
      expect(received[1]).toEqual({ type: 'lines', file: 'f.txt', format: 'ctr-events', lines: ['line 0'] });
      expect(done).toEqual([0, 1, 2]);
      serverConn?.send(JSON.stringify({ type: 'ack', received: 2, window: 3 }));
      await Promise.all(writes);
      expect(done).toEqual([0, 1, 2, 3, 4]);
      await until(() => received.length === 6);
      expect(received.filter((m) => m.type === 'lines')).toHaveLength(5);
    } finally {
      serverConn?.destroy();
      await new Promise((r) => http.close(r));
    }
  });
});

async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}
