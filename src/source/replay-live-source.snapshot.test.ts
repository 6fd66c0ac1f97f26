import { describe, expect, it } from 'vitest';
import type { FollowMessage } from '../replay/live-protocol.ts';
import type { TraceEvent, TraceHeader } from '../trace/schema.ts';
import { createReplayLiveSource, type WebSocketLike } from './replay-live-source.ts';

/** The snapshot sent in parts (`more: true`, `events` frames, `snapshot-end`): load() waits for all of it. */
const header: TraceHeader = { format: 'kube-anatomy-trace', version: 1, sources: ['sim'], timeOrigin: '2026-01-01T00:00:00Z' };
const ev = (seq: number): TraceEvent => ({ seq, t: seq, kind: 'log', actor: 'kubelet/node-1', op: `line ${seq}`, src: 'sim' });

function fakeSocket(): { socket: WebSocketLike; send(m: FollowMessage): void } {
  const socket = { onmessage: null, onclose: null, onerror: null, close: () => {} } as unknown as WebSocketLike;
  return { socket, send: (m) => (socket.onmessage as unknown as (e: { data: string }) => void)({ data: JSON.stringify(m) }) };
}

describe('createReplayLiveSource and a snapshot in parts', () => {
  it('resolves load() at snapshot-end with every event of the snapshot; later events are followed', async () => {
    const fake = fakeSocket();
    const source = createReplayLiveSource({ url: 'ws://127.0.0.1:8787/live/x/follow' }, { createSocket: () => fake.socket });
    let loaded = false;
    const loading = source.load().then((t) => ((loaded = true), t));
    fake.send({ type: 'snapshot', header, events: [ev(1), ev(2)], errors: [], more: true });
    fake.send({ type: 'events', events: [ev(3), ev(4)], errors: [] });
    await Promise.resolve();
    expect(loaded).toBe(false);
    fake.send({ type: 'snapshot-end', events: 4 });
    const trace = await loading;
    expect(trace.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const followed: number[] = [];
    source.follow({ batch: (events) => followed.push(...events.map((e) => e.seq)), end: () => {} });
    fake.send({ type: 'events', events: [ev(5)], errors: [] });
    expect(followed).toEqual([5]);
  });

  it('resolves at once on a snapshot without more (a snapshot of one frame)', async () => {
    const fake = fakeSocket();
    const source = createReplayLiveSource({ url: 'ws://127.0.0.1:8787/live/x/follow' }, { createSocket: () => fake.socket });
    const loading = source.load();
    fake.send({ type: 'snapshot', header, events: [ev(1)], errors: [] });
    expect((await loading).events.map((e) => e.seq)).toEqual([1]);
  });
});
