import { describe, it, expect, vi } from 'vitest';
import { helloTimeline } from '../ui/fixtures/fixtureTimeline.ts';
import { playerControls } from '../ui/playback/usePlayer.ts';
import { createSessionStore } from '../ui/session/store.ts';
import { eventTargets, handleCommand, NAMESPACE, originAllowed, parseMessage, replyTarget, type EmbedCommand, type EmbedState, type EmbedTarget } from './protocol.ts';

/** A target over a real session store and player, with a tour of `steps` steps when given. */
function setup(steps?: number) {
  const tl = helloTimeline();
  const store = createSessionStore();
  const controls = playerControls(store, tl);
  let index = 0;
  const target: EmbedTarget = {
    play: controls.play,
    pause: controls.pause,
    seek: controls.seek,
    stepEvent: (d) => (d === 'back' ? controls.stepBack() : controls.stepForward()),
    setLanguage: (l) => store.getState().setLang(l),
    setTheme: (th) => store.getState().setTheme(th),
    tour: () => (steps === undefined ? undefined : { name: 'how-a-pod-comes-to-be', index, count: steps, goto: (i) => (index = i) }),
    state: (): EmbedState => {
      const s = store.getState();
      return { t: s.t, playing: s.playing, lang: s.lang, theme: s.theme, scenario: 'hello-deployment', ...(steps === undefined ? {} : { tour: 'how-a-pod-comes-to-be', step: index + 1, steps }) };
    },
  };
  // id null: a command without an id.
  const run = (method: EmbedCommand['method'], args: unknown[] = [], id: string | number | null = 1) => handleCommand({ method, args, ...(id === null ? {} : { id }) }, target);
  return { tl, store, target, run, index: () => index };
}

const cmd = (method: string, extra: object = {}) => ({ namespace: NAMESPACE, method, ...extra });

describe('parseMessage', () => {
  it('reads a namespaced command, as an object or as a JSON string', () => {
    expect(parseMessage(cmd('seek', { args: ['1.5s'], id: 'a' }))).toEqual({ ok: true, command: { method: 'seek', args: ['1.5s'], id: 'a' } });
    expect(parseMessage(JSON.stringify(cmd('play')))).toEqual({ ok: true, command: { method: 'play', args: [] } });
  });
  it('names why a malformed message is not a command', () => {
    const reason = (d: unknown) => {
      const p = parseMessage(d);
      return p.ok ? 'ok' : p.reason;
    };
    expect(reason('{not json')).toMatch(/not JSON/);
    // reveal.js's own iframe messages are not ours, and not worth a warning on every slide change.
    expect(parseMessage('slide:start')).toMatchObject({ ok: false, quiet: true });
    expect(parseMessage('slide:stop')).toMatchObject({ ok: false, quiet: true });
    expect(parseMessage('slide:other')).not.toHaveProperty('quiet');
    expect(reason(42)).toMatch(/not an object \(number\)/);
    expect(reason(null)).toMatch(/null/);
    expect(reason([1])).toMatch(/an array/);
    expect(reason({ method: 'play' })).toMatch(/namespace is missing/);
    expect(reason({ namespace: 'reveal', method: 'play' })).toMatch(/namespace is "reveal"/);
    expect(reason(cmd('fly'))).toMatch(/unknown method "fly"/);
    expect(reason({ namespace: NAMESPACE })).toMatch(/no method/);
    expect(reason(cmd('seek', { args: 5 }))).toMatch(/args of seek is not an array/);
    expect(reason(cmd('play', { id: { x: 1 } }))).toMatch(/id is neither/);
  });
});

describe('handleCommand', () => {
  it('answers PING with PONG, and with a callback when it has an id', () => {
    const { run } = setup();
    expect(run('PING', [], null).replies).toEqual([{ namespace: NAMESPACE, eventName: 'PONG' }]);
    const r = run('PING', [], 7).replies;
    expect(r[0]).toEqual({ namespace: NAMESPACE, eventName: 'PONG' });
    expect(r[1]).toMatchObject({ eventName: 'callback', method: 'PING', id: 7 });
  });
  it('plays and pauses; the callback carries the state after the command', () => {
    const { run, store } = setup();
    expect(run('play').replies[0]).toMatchObject({ eventName: 'callback', method: 'play', id: 1, result: { playing: true } });
    expect(store.getState().playing).toBe(true);
    expect(run('pause').replies[0]).toMatchObject({ result: { playing: false } });
    expect(store.getState().playing).toBe(false);
  });
  it('seeks to µs or a duration string, clamped to the trace; rejects other times', () => {
    const { run, store, tl } = setup();
    run('seek', [5_000]);
    expect(store.getState().t).toBe(5_000);
    run('seek', ['250ms']);
    expect(store.getState().t).toBe(Math.min(250_000, tl.endTime));
    run('seek', [1e15]);
    expect(store.getState().t).toBe(tl.endTime);
    const bad = run('seek', ['soon']);
    expect(bad.error).toMatch(/"soon" is not a time/);
    expect(bad.replies[0]).toMatchObject({ eventName: 'callback', error: bad.error });
    expect(store.getState().t).toBe(tl.endTime);
    expect(run('seek', [-1]).error).toBeDefined();
  });
  it('steps trace events without a tour', () => {
    const { run, store, tl } = setup();
    run('seek', [5_000]);
    run('step');
    expect(store.getState().t).toBe(tl.nextEventTime(5_000));
    run('step', ['back']);
    expect(store.getState().t).toBeLessThan(tl.nextEventTime(5_000)!);
    expect(run('step', ['sideways']).error).toMatch(/neither "forward" nor "back"/);
  });
  it('steps and jumps within a tour, staying inside its steps', () => {
    const { run, index } = setup(3);
    run('step');
    expect(index()).toBe(1);
    expect(run('step', ['forward']).replies[0]).toMatchObject({ result: { step: 3, steps: 3 } });
    run('step');
    expect(index()).toBe(2);
    run('goto', [1]);
    expect(index()).toBe(0);
    run('step', ['back']);
    expect(index()).toBe(0);
    expect(run('goto', [4]).error).toBe('goto: step 4 is out of range 1–3 of tour "how-a-pod-comes-to-be"');
    expect(run('goto', [0]).error).toMatch(/out of range/);
    expect(run('goto', ['2']).error).toMatch(/not a step number/);
    expect(index()).toBe(0);
  });
  it('refuses goto without a tour', () => {
    expect(setup().run('goto', [1]).error).toMatch(/no tour is on/);
  });
  it('switches language and theme, rejecting unknown ones', () => {
    const { run, store } = setup();
    expect(run('setLanguage', ['ja']).replies[0]).toMatchObject({ result: { lang: 'ja' } });
    expect(store.getState().lang).toBe('ja');
    expect(run('setLanguage', ['fr']).error).toMatch(/neither "en" nor "ja"/);
    expect(run('setLanguage', ['JA']).error).toBeDefined();
    run('setTheme', ['projector-dark']);
    expect(store.getState().theme).toBe('projector-dark');
    expect(run('setTheme', ['neon']).error).toMatch(/not a theme/);
    expect(store.getState().theme).toBe('projector-dark');
  });
  it('reports its state', () => {
    const { run } = setup(4);
    run('seek', [1_000]);
    expect(run('getState', [], 'g').replies).toEqual([
      { namespace: NAMESPACE, eventName: 'callback', method: 'getState', id: 'g', result: { t: 1_000, playing: false, lang: 'en', theme: 'light', scenario: 'hello-deployment', tour: 'how-a-pod-comes-to-be', step: 1, steps: 4 } },
    ]);
  });
  it('turns a throwing target into an error, not a crash', () => {
    const { target } = setup();
    const broken = { ...target, play: vi.fn(() => { throw new Error('boom'); }) };
    expect(handleCommand({ method: 'play', args: [], id: 2 }, broken).replies[0]).toMatchObject({ error: 'boom' });
  });
});

describe('origins', () => {
  it('accepts only origins on the allow-list, or any with *', () => {
    expect(originAllowed('http://localhost:4000', ['http://localhost:4000'])).toBe(true);
    expect(originAllowed('http://localhost:4001', ['http://localhost:4000'])).toBe(false);
    expect(originAllowed('http://evil.example', '*')).toBe(true);
    expect(originAllowed('null', ['http://localhost:4000'])).toBe(false);
  });
  it('sends events to the host that spoke, else each allowed origin, * only with origins=*', () => {
    expect(eventTargets(['http://a.test', 'http://b.test'], undefined)).toEqual(['http://a.test', 'http://b.test']);
    expect(eventTargets(['http://a.test', 'http://b.test'], 'http://b.test')).toEqual(['http://b.test']);
    expect(eventTargets('*', undefined)).toEqual(['*']);
    expect(eventTargets('*', 'null')).toEqual(['*']);
    expect(replyTarget('http://a.test')).toBe('http://a.test');
    expect(replyTarget('null')).toBe('*');
  });
});
