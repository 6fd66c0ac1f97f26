import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkProps, clicksMismatch, EchoFilter, EmbedClient, embedSrc, keypassMove, NAMESPACE, resolveAppUrl, type Channel, type EmbedEvent } from './embed-client.ts';

describe('resolveAppUrl', () => {
  const base = 'http://127.0.0.1:3030/decks/slidev/';
  it('defaults to ../../ from the deck base', () => {
    expect(resolveAppUrl(undefined, undefined, base).href).toBe('http://127.0.0.1:3030/');
  });
  it('takes the headmatter, the env var over it, and drops a hash', () => {
    expect(resolveAppUrl(undefined, '../app/', base).href).toBe('http://127.0.0.1:3030/decks/app/');
    expect(resolveAppUrl('https://ka.example/x/#/embed', 'ignored/', base).href).toBe('https://ka.example/x/');
    expect(resolveAppUrl('  ', 'http://h:1/', base).href).toBe('http://h:1/');
  });
  it('names the setting that is wrong', () => {
    expect(() => resolveAppUrl('javascript:alert(1)', undefined, base)).toThrow('VITE_KUBE_ANATOMY_URL "javascript:alert(1)" is not an http(s) URL');
    expect(() => resolveAppUrl(undefined, 'http://[bad', base)).toThrow(`kubeAnatomy.url in the deck's headmatter "http://[bad" is not a URL`);
    expect(() => resolveAppUrl(undefined, 42, base)).toThrow("kubeAnatomy.url in the deck's headmatter is number, not a URL string");
  });
});

describe('embedSrc', () => {
  it('builds the #/embed URL with the deck as the allowed origin', () => {
    const src = embedSrc(new URL('http://a:1/app/'), { tour: 'how-a-pod-comes-to-be', step: 3, lang: 'ja', theme: 'projector-dark', hostOrigin: 'http://d:2' });
    expect(src).toBe('http://a:1/app/#/embed?tour=how-a-pod-comes-to-be&step=3&lang=ja&theme=projector-dark&controls=min&origins=http%3A%2F%2Fd%3A2');
    expect(embedSrc(new URL('http://a:1/'), { tour: 't', step: 1, views: 'etcd', controls: 'none', hostOrigin: 'http://d:2' })).toContain('views=etcd&controls=none');
  });
});

describe('checkProps and clicksMismatch', () => {
  it('names each bad prop with what it expects', () => {
    expect(checkProps({ tour: 'how-a-pod-comes-to-be' })).toEqual([]);
    const errors = checkProps({ tour: 'Bad Name', lang: 'fr', theme: 'neon', controls: 'some', views: 'topology,kubelet' });
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/^tour="Bad Name": a tour name/);
    expect(errors[1]).toBe('lang="fr": en or ja');
    expect(errors[4]).toMatch(/^views="topology,kubelet": a comma list of topology, timeline/);
  });
  it('tells the right clicks count in the deck language', () => {
    expect(clicksMismatch(undefined, 15, 't', 'en')).toBeUndefined();
    expect(clicksMismatch(14, 15, 't', 'en')).toBeUndefined();
    expect(clicksMismatch(10, 15, 't', 'en')).toBe('This slide has clicks: 10, but the tour t has 15 steps: set clicks: 14.');
    expect(clicksMismatch(10, 15, 't', 'ja')).toContain('clicks: 14 にしてください');
  });
});

describe('keypassMove', () => {
  it('moves the deck on the step keys at the tour ends, once', () => {
    expect(keypassMove('PageDown', true)).toBeUndefined(); // `ended` already moved on
    expect(keypassMove(' ', true)).toBeUndefined();
    expect(keypassMove('PageDown', false)).toBe('nextSlide'); // no tour in the embed
    expect(keypassMove('PageUp', false)).toBe('prevSlide');
    expect(keypassMove('ArrowLeft', false)).toBe('prevSlide');
    expect(keypassMove(' ', false)).toBe('prevSlide'); // Shift+Space on the first step
  });
  it('hands other keys to the deck, but not f (needs a user gesture)', () => {
    expect(keypassMove('o', false)).toBe('forward');
    expect(keypassMove('Escape', false)).toBe('forward');
    expect(keypassMove('f', false)).toBeUndefined();
    expect(keypassMove('Tab', false)).toBeUndefined();
  });
});

describe('EchoFilter', () => {
  it('recognises the echoes of the deck’s gotos, also when only the last one is reported', () => {
    const f = new EchoFilter(2000);
    f.sent(2, 0);
    f.sent(3, 10);
    expect(f.isEcho(3, 50)).toBe(true); // 2 was never shown on its own
    expect(f.isEcho(2, 60)).toBe(false); // so a later 2 is a step made inside the iframe
    f.sent(5, 100);
    expect(f.isEcho(4, 3000)).toBe(false); // 5 expired (the embed was already there)
    expect(f.isEcho(5, 3001)).toBe(false);
  });
});

describe('EmbedClient', () => {
  const APP = 'http://app:1';
  let posted: unknown[];
  let listener: ((e: { data: unknown; origin: string; source: unknown }) => void) | undefined;
  const frame = { postMessage: (m: unknown, o: string) => posted.push({ m, o }) };
  const channel: Channel = { target: () => frame, listen: (fn) => ((listener = fn), () => (listener = undefined)) };
  const deliver = (data: unknown, origin = APP, source: unknown = frame) => listener?.({ data, origin, source });

  beforeEach(() => {
    posted = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('PINGs until PONG, then resolves and rejects commands by id', async () => {
    const events: EmbedEvent[] = [];
    const connect = vi.fn();
    const c = new EmbedClient(channel, APP, (e) => events.push(e), connect, { pingMs: 100 });
    c.start();
    vi.advanceTimersByTime(250);
    expect(posted).toHaveLength(3);
    expect(posted[0]).toEqual({ m: { namespace: NAMESPACE, method: 'PING' }, o: APP });
    deliver({ namespace: NAMESPACE, eventName: 'PONG' });
    deliver({ namespace: NAMESPACE, eventName: 'PONG' });
    expect(connect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(posted).toHaveLength(3); // no more PINGs

    const ok = c.call('goto', [2]);
    const bad = c.call('goto', [99]);
    const ids = posted.slice(3).map((p) => (p as { m: { id: string } }).m.id);
    expect((posted[3] as { m: unknown }).m).toEqual({ namespace: NAMESPACE, method: 'goto', id: ids[0], args: [2] });
    deliver({ namespace: NAMESPACE, eventName: 'callback', method: 'goto', id: ids[1], error: 'goto: step 99 is out of range 1–15 of tour "t"' });
    deliver({ namespace: NAMESPACE, eventName: 'callback', method: 'goto', id: ids[0], result: { step: 2 } });
    await expect(ok).resolves.toEqual({ step: 2 });
    await expect(bad).rejects.toThrow('out of range 1–15');

    deliver({ namespace: NAMESPACE, eventName: 'keypass', key: 'PageUp', state: { step: 1 } });
    expect(events).toEqual([{ eventName: 'keypass', key: 'PageUp', state: { step: 1 } }]);
    c.stop();
  });

  it('ignores other origins, other windows and other namespaces', () => {
    const events: EmbedEvent[] = [];
    const connect = vi.fn();
    const c = new EmbedClient(channel, APP, (e) => events.push(e), connect);
    c.start();
    deliver({ namespace: NAMESPACE, eventName: 'PONG' }, 'http://evil:1');
    deliver({ namespace: NAMESPACE, eventName: 'PONG' }, APP, {});
    deliver({ namespace: 'reveal', eventName: 'ready', state: {} });
    deliver('{"namespace":"kube-anatomy","eventName":"PONG"}');
    deliver(null);
    expect(connect).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    c.stop();
  });

  it('times out a command the embed never answers, and rejects pending ones on stop', async () => {
    const c = new EmbedClient(channel, APP, () => {}, () => {}, { timeoutMs: 1000 });
    c.start();
    const lost = c.call('getState');
    vi.advanceTimersByTime(1001);
    await expect(lost).rejects.toThrow('getState: no answer from the embed');
    const open = c.call('play');
    c.stop();
    await expect(open).rejects.toThrow('the slide was closed');
  });
});
