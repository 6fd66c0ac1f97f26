/**
 * The deck's side of the kube-anatomy embed protocol (src/embed/README.md), for the Slidev
 * example. Plain TypeScript with no Vue or Slidev import, so it is unit-tested on its own
 * (embed-client.test.ts) and KubeAnatomy.vue stays the glue between Slidev's clicks and this.
 * It is a small copy of the protocol on purpose: a deck is its own project and should not need
 * the app's sources to build.
 */

export const NAMESPACE = 'kube-anatomy';

/** What the embed reports in every event and callback (src/embed/protocol.ts `EmbedState`). */
export interface EmbedState {
  t: number;
  playing: boolean;
  lang: string;
  theme: string;
  scenario: string;
  tour?: string;
  /** 1-based; 0 on the tour's cover (an embed never shows it). */
  step?: number;
  steps?: number;
}

export type Lang = 'en' | 'ja';
export const THEMES = ['light', 'dark', 'projector-light', 'projector-dark'] as const;
export const VIEWS = ['topology', 'timeline', 'events', 'statechart', 'etcd', 'scheduler', 'node', 'console'] as const;
export const CONTROLS = ['full', 'min', 'none'] as const;

/** Where the app is when the deck says nothing: the deck built into `<app>/decks/slidev/`. */
export const DEFAULT_APP_URL = '../../';

/**
 * The app's URL: the build-time env var wins (the same deck builds for another host without
 * editing it), then the headmatter's `kubeAnatomy.url`, then DEFAULT_APP_URL. A relative one is
 * resolved against the deck's base URL (not the page's: Slidev's routes change the path).
 * Throws an Error naming the setting when it is not an http(s) URL.
 */
export function resolveAppUrl(env: string | undefined, headmatter: unknown, deckBase: string): URL {
  const fromEnv = env?.trim() ? env.trim() : undefined;
  const fromHead = typeof headmatter === 'string' && headmatter.trim() ? headmatter.trim() : undefined;
  if (headmatter !== undefined && headmatter !== null && typeof headmatter !== 'string') {
    throw new Error(`kubeAnatomy.url in the deck's headmatter is ${typeof headmatter}, not a URL string`);
  }
  const raw = fromEnv ?? fromHead ?? DEFAULT_APP_URL;
  const where = fromEnv ? 'VITE_KUBE_ANATOMY_URL' : fromHead ? "kubeAnatomy.url in the deck's headmatter" : 'the default app URL';
  let url: URL;
  try {
    url = new URL(raw, deckBase);
  } catch {
    throw new Error(`${where} "${raw}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${where} "${raw}" is not an http(s) URL`);
  url.hash = '';
  return url;
}

export interface EmbedOptions {
  tour: string;
  /** 1-based. */
  step: number;
  lang?: Lang;
  theme?: string;
  views?: string;
  controls?: string;
  /** The deck's origin: the embed accepts commands from its allow-list only. */
  hostOrigin: string;
}

/** `<app>#/embed?tour=…&step=…&…&origins=<deck>`, the frame the slide opens on. */
export function embedSrc(app: URL, o: EmbedOptions): string {
  const p = new URLSearchParams({ tour: o.tour, step: String(o.step) });
  if (o.lang) p.set('lang', o.lang);
  if (o.theme) p.set('theme', o.theme);
  if (o.views) p.set('views', o.views);
  p.set('controls', o.controls ?? 'min');
  // Same origin needs no list (the embed's own origin is the default); say it anyway, so a
  // deck moved to another host keeps working once its app URL is set.
  p.set('origins', o.hostOrigin);
  const base = new URL(app.href);
  base.hash = '';
  return `${base.href}#/embed?${p.toString()}`;
}

/** Problems with the component's props, in the deck's words (shown on the slide). */
export function checkProps(p: { tour?: unknown; lang?: unknown; theme?: unknown; views?: unknown; controls?: unknown }): string[] {
  const errors: string[] = [];
  if (typeof p.tour !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(p.tour)) errors.push(`tour="${String(p.tour ?? '')}": a tour name such as how-a-pod-comes-to-be (examples/tours/<name>.tour.yaml)`);
  if (p.lang !== undefined && p.lang !== 'en' && p.lang !== 'ja') errors.push(`lang="${String(p.lang)}": en or ja`);
  if (p.theme !== undefined && !(THEMES as readonly unknown[]).includes(p.theme)) errors.push(`theme="${String(p.theme)}": ${THEMES.join(', ')}`);
  if (p.controls !== undefined && !(CONTROLS as readonly unknown[]).includes(p.controls)) errors.push(`controls="${String(p.controls)}": ${CONTROLS.join(', ')}`);
  if (p.views !== undefined) {
    const bad = String(p.views).split(',').map((v) => v.trim()).filter((v) => !(VIEWS as readonly string[]).includes(v));
    if (bad.length > 0) errors.push(`views="${String(p.views)}": a comma list of ${VIEWS.join(', ')}`);
  }
  return errors;
}

/**
 * The slide's click count against the tour: clicks 0 shows step 1, so a tour of n steps needs
 * `clicks: n − 1`. Returns the sentence to show when the slide's `clicks:` frontmatter disagrees.
 */
export function clicksMismatch(frontmatterClicks: number | undefined, steps: number, tour: string, lang: Lang): string | undefined {
  if (frontmatterClicks === undefined || frontmatterClicks === steps - 1) return undefined;
  return lang === 'ja'
    ? `このスライドは clicks: ${frontmatterClicks} ですが、ツアー ${tour} は ${steps} ステップです。clicks: ${steps - 1} にしてください。`
    : `This slide has clicks: ${frontmatterClicks}, but the tour ${tour} has ${steps} steps: set clicks: ${steps - 1}.`;
}

/** What the deck does about a key the embed handed back (`keypass`). */
export type DeckMove = 'nextSlide' | 'prevSlide' | 'forward' | undefined;

/**
 * A key pressed inside the iframe that the embed passed on. PageDown/→/Space arrive only at the
 * tour's last step, right after `ended`, which has already moved the deck on (so `afterEnded`
 * ignores them); PageUp/← and a Space without `ended` (Shift+Space) arrive at the first step:
 * back to the previous slide. Other keys are the deck's own shortcuts (`o`, `d`, `g`, Escape).
 */
export function keypassMove(key: string, afterEnded: boolean): DeckMove {
  if (key === 'PageDown' || key === 'ArrowRight') return afterEnded ? undefined : 'nextSlide';
  if (key === ' ') return afterEnded ? undefined : 'prevSlide';
  if (key === 'PageUp' || key === 'ArrowLeft') return 'prevSlide';
  // `f` needs a user gesture the forwarded key does not carry (requestFullscreen would reject).
  if (key === 'f' || key === 'F') return undefined;
  if (key === 'Escape' || key.length === 1) return 'forward';
  return undefined;
}

/**
 * The steps the deck asked for, until the embed reports them back. The embed posts `stepchanged`
 * after the callback, for every step it showed (or only the last, when two gotos came before a
 * render); a step it was already on gives no event at all, so an entry also expires after `ttlMs`.
 */
export class EchoFilter {
  private readonly asked: { step: number; at: number }[] = [];
  constructor(private readonly ttlMs = 2000) {}

  sent(step: number, now: number): void {
    this.asked.push({ step, at: now });
  }

  /** Whether a reported step is the answer to one the deck asked for (that one and the older ones are then done). */
  isEcho(step: number, now: number): boolean {
    while (this.asked.length > 0 && now - this.asked[0]!.at > this.ttlMs) this.asked.shift();
    const i = this.asked.findIndex((a) => a.step === step);
    if (i < 0) return false;
    this.asked.splice(0, i + 1);
    return true;
  }
}

/** The two windows the client talks through (a fake in the unit tests). */
export interface Channel {
  /** The iframe's window (`iframe.contentWindow`). */
  target(): { postMessage(message: unknown, targetOrigin: string): void } | null | undefined;
  listen(fn: (e: { data: unknown; origin: string; source: unknown }) => void): () => void;
}

export type EventName = 'ready' | 'stepchanged' | 'ended' | 'keypass';
export interface EmbedEvent {
  eventName: EventName;
  state: EmbedState;
  key?: string;
}

/**
 * PING until PONG (the channel is unbuffered: a message sent before the embed listens is lost),
 * then commands with ids whose callbacks resolve or reject, and the embed's events. Messages
 * from any other window or origin are ignored.
 */
export class EmbedClient {
  private readonly pending = new Map<string, { resolve(s: EmbedState): void; reject(e: Error): void; timer: ReturnType<typeof setTimeout> }>();
  private nextId = 0;
  private pinger: ReturnType<typeof setInterval> | undefined;
  private unlisten: (() => void) | undefined;
  connected = false;

  constructor(
    private readonly channel: Channel,
    private readonly appOrigin: string,
    private readonly onEvent: (e: EmbedEvent) => void,
    private readonly onConnect: () => void = () => {},
    private readonly opts: { pingMs?: number; timeoutMs?: number } = {},
  ) {}

  start(): void {
    this.unlisten = this.channel.listen((e) => this.receive(e));
    const ping = () => this.post({ namespace: NAMESPACE, method: 'PING' });
    ping();
    this.pinger = setInterval(ping, this.opts.pingMs ?? 250);
  }

  stop(): void {
    clearInterval(this.pinger);
    this.unlisten?.();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error('the slide was closed'));
    }
    this.pending.clear();
  }

  /** A command; resolves with the state after it, rejects with the embed's error. */
  call(method: string, args?: unknown[]): Promise<EmbedState> {
    const id = `deck-${++this.nextId}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer from the embed`));
      }, this.opts.timeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      this.post({ namespace: NAMESPACE, method, id, ...(args ? { args } : {}) });
    });
  }

  private post(message: unknown): void {
    this.channel.target()?.postMessage(message, this.appOrigin);
  }

  private receive(e: { data: unknown; origin: string; source: unknown }): void {
    if (e.origin !== this.appOrigin || e.source !== this.channel.target()) return;
    const m = e.data as { namespace?: unknown; eventName?: unknown; id?: unknown; result?: unknown; error?: unknown; state?: unknown; key?: unknown } | null;
    if (typeof m !== 'object' || m === null || m.namespace !== NAMESPACE) return;
    if (m.eventName === 'PONG') {
      if (this.connected) return;
      this.connected = true;
      clearInterval(this.pinger);
      this.onConnect();
      return;
    }
    if (m.eventName === 'callback' && typeof m.id === 'string') {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if (typeof m.error === 'string') p.reject(new Error(m.error));
      else p.resolve(m.result as EmbedState);
      return;
    }
    if (m.eventName === 'ready' || m.eventName === 'stepchanged' || m.eventName === 'ended' || m.eventName === 'keypass') {
      const ev: EmbedEvent = { eventName: m.eventName, state: m.state as EmbedState };
      if (typeof m.key === 'string') ev.key = m.key;
      this.onEvent(ev);
    }
  }
}
