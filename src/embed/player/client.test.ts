import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbedClient, type MessageHost } from './client.ts';
import type { EmbedState } from './vocabulary.ts';

const ORIGIN = 'http://app.test';
const state = (step: number): EmbedState => ({ t: step * 1000, playing: false, lang: 'en', theme: 'light', scenario: 'hello-deployment', tour: 'how-a-pod-comes-to-be', step, steps: 5 });

/** A host window and an embed that answers like src/embed/EmbedView once `listening` is on. */
function setup(opts: { origin?: string } = {}) {
  const listeners = new Set<(ev: MessageEvent) => void>();
  const host: MessageHost = { addEventListener: (_t, l) => listeners.add(l), removeEventListener: (_t, l) => listeners.delete(l) };
  const posted: { msg: Record<string, unknown>; targetOrigin: string }[] = [];
  let step = 1;
  const embed = {
    listening: false,
    failGoto: false,
    postMessage(msg: Record<string, unknown>, targetOrigin: string) {
      posted.push({ msg, targetOrigin });
      if (!embed.listening) return; // unbuffered: lost
      const reply = (data: unknown) => deliver(data);
      if (msg.method === 'PING') reply({ namespace: 'kube-anatomy', eventName: 'PONG' });
      if (msg.method === 'goto') {
        if (embed.failGoto) return reply({ namespace: 'kube-anatomy', eventName: 'callback', method: 'goto', id: msg.id, error: 'goto: step 9 is out of range 1–5 of tour "how-a-pod-comes-to-be"' });
        step = (msg.args as number[])[0]!;
      }
      if (msg.id !== undefined) reply({ namespace: 'kube-anatomy', eventName: 'callback', method: msg.method, id: msg.id, result: state(step) });
    },
  };
  const deliver = (data: unknown, from: { source?: unknown; origin?: string } = {}) => {
    const ev = { data, source: from.source ?? embed, origin: from.origin ?? ORIGIN } as unknown as MessageEvent;
    for (const l of [...listeners]) l(ev);
  };
  const client = new EmbedClient({ target: () => embed, host, origin: opts.origin ?? ORIGIN, pingMs: 100, timeoutMs: 5_000 });
  return { client, embed, posted, deliver, listeners };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('EmbedClient', () => {
  it('PINGs until PONG, holds commands until then, and resolves them on their callbacks', async () => {
    const { client, embed, posted } = setup();
    const got = client.goto(3);
    vi.advanceTimersByTime(350);
    // Four PINGs so far (at 0, 100, 200, 300 ms), all with `*`, and no command yet.
    expect(posted.map((p) => [p.msg.method, p.targetOrigin])).toEqual([['PING', '*'], ['PING', '*'], ['PING', '*'], ['PING', '*']]);
    embed.listening = true;
    vi.advanceTimersByTime(100);
    await expect(got).resolves.toMatchObject({ step: 3 });
    expect(client.connected).toBe(true);
    const cmd = posted.find((p) => p.msg.method === 'goto')!;
    expect(cmd.msg).toMatchObject({ namespace: 'kube-anatomy', args: [3], id: expect.any(String) });
    expect(cmd.targetOrigin).toBe(ORIGIN);
    // No more PINGs once connected.
    const n = posted.length;
    vi.advanceTimersByTime(1_000);
    expect(posted.length).toBe(n);
    expect(client.state?.step).toBe(3);
  });

  it('rejects with the embed error, and after the timeout when nobody answers', async () => {
    const { client, embed } = setup();
    embed.listening = true;
    embed.failGoto = true;
    vi.advanceTimersByTime(100); // the next PING finds it listening
    await expect(client.goto(9)).rejects.toThrow('kube-anatomy: goto: step 9 is out of range 1–5 of tour "how-a-pod-comes-to-be"');

    const silent = setup();
    const p = silent.client.play();
    vi.advanceTimersByTime(5_001);
    await expect(p).rejects.toThrow(/play: no answer within 5 s: no PONG from the embed at http:\/\/app\.test/);
  });

  it('dispatches the embed events with the state (and key), and ignores other windows and origins', () => {
    const { client, deliver } = setup();
    const seen: string[] = [];
    client.on('stepchanged', (d) => seen.push(`step ${d.step}`));
    client.on('keypass', (d) => seen.push(`key ${d.key} at ${d.step}`));
    client.on('ended', (d) => seen.push(`ended ${d.step}/${d.steps}`));
    const off = client.on('ready', (d) => seen.push(`ready ${d.step}`));
    deliver({ namespace: 'kube-anatomy', eventName: 'ready', state: state(1) });
    expect(client.connected).toBe(true); // `ready` proves it listens, too
    deliver({ namespace: 'kube-anatomy', eventName: 'stepchanged', state: state(2) });
    deliver({ namespace: 'kube-anatomy', eventName: 'stepchanged', state: state(4) }, { origin: 'http://evil.test' });
    deliver({ namespace: 'kube-anatomy', eventName: 'stepchanged', state: state(4) }, { source: {} });
    deliver({ namespace: 'other', eventName: 'stepchanged', state: state(4) });
    deliver('slide:start');
    deliver(JSON.stringify({ namespace: 'kube-anatomy', eventName: 'ended', state: state(5) }));
    deliver({ namespace: 'kube-anatomy', eventName: 'keypass', key: 'b', state: state(5) });
    off();
    deliver({ namespace: 'kube-anatomy', eventName: 'ready', state: state(1) });
    expect(seen).toEqual(['ready 1', 'step 2', 'ended 5/5', 'key b at 5']);
  });

  it('starts over when the frame loads a new document, re-sending what was not answered', async () => {
    const { client, embed, posted } = setup();
    embed.listening = true;
    vi.advanceTimersByTime(100); // the next PING finds it listening
    expect(client.connected).toBe(true);
    // The deck re-creates the frame: the new document is not listening yet, a command waits.
    embed.listening = false;
    client.reconnect();
    expect(client.connected).toBe(false);
    const p = client.goto(2);
    vi.advanceTimersByTime(250);
    expect(posted.filter((x) => x.msg.method === 'goto')).toHaveLength(0);
    embed.listening = true;
    vi.advanceTimersByTime(100);
    await expect(p).resolves.toMatchObject({ step: 2 });
  });

  it('does not replay on a new document what the old one got and never answered', async () => {
    const { client, embed, posted } = setup();
    embed.listening = true;
    vi.advanceTimersByTime(100);
    expect(client.connected).toBe(true);
    // The old document takes the goto and goes away (the deck unloads the slide) before answering.
    embed.listening = false;
    const stale = client.goto(4);
    expect(posted.filter((x) => x.msg.method === 'goto')).toHaveLength(1);
    client.reconnect();
    await expect(stale).rejects.toThrow('kube-anatomy: goto: the frame loaded a new document before answering');
    embed.listening = true;
    vi.advanceTimersByTime(300);
    expect(client.connected).toBe(true);
    expect(posted.filter((x) => x.msg.method === 'goto')).toHaveLength(1);
  });

  it('stops listening and rejects what is pending on destroy', async () => {
    const { client, listeners } = setup();
    const p = client.getState();
    client.destroy();
    await expect(p).rejects.toThrow('kube-anatomy: getState: the player was removed');
    expect(listeners.size).toBe(0);
    await expect(client.play()).rejects.toThrow(/removed/);
  });
});
