import { EVENT_NAMES, NAMESPACE, type EmbedEventDetail, type EmbedEventName, type EmbedState, type Method } from './vocabulary.ts';

/** The embed's window as the client needs it (an iframe's contentWindow, or a fake in tests). */
export interface EmbedWindow {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** Where the client hears the embed's messages (the host page's window). */
export interface MessageHost {
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
}

export interface ClientOptions {
  /** The embed's window now; a function because an iframe's contentWindow is null until it is in a document. */
  target: () => EmbedWindow | null | undefined;
  /** Default: `window`. */
  host?: MessageHost;
  /** The origin the embed is served from; messages from any other are ignored. `*`: any (default). */
  origin?: string;
  /** A command without an answer fails after this long (default 30 s). */
  timeoutMs?: number;
  /** How often to PING until PONG (default 200 ms; 2 s after the first 30 s). */
  pingMs?: number;
}

/** Client-side events: the embed's four, and `connected` once PONG came back. */
export type ClientEventName = EmbedEventName | 'connected';
type Listener = (detail: EmbedEventDetail) => void;

interface Pending {
  method: Method;
  args: unknown[];
  sent: boolean;
  resolve(state: EmbedState): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Drives one embedded kube-anatomy from its host page with the protocol of src/embed/README.md.
 * The channel is unbuffered (a message to a frame that is not listening yet is lost), and decks
 * reload their iframes on entering a slide, so the client PINGs until PONG, holds commands until
 * then, and starts over when the frame loads a new document (`reconnect`, called on the iframe's
 * `load` by `forIframe`). Commands carry ids; their promises settle on the matching callback.
 */
export class EmbedClient {
  private readonly opts: Required<Omit<ClientOptions, 'host'>> & { host: MessageHost };
  private readonly pending = new Map<string, Pending>();
  private readonly listeners = new Map<ClientEventName, Set<Listener>>();
  private seq = 0;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private pingStarted = 0;
  private destroyed = false;
  /** The embed's origin as PONG showed it: commands go there only. */
  private peerOrigin: string | undefined;
  connected = false;
  /** The last state the embed reported. */
  state: EmbedState | undefined;

  constructor(options: ClientOptions) {
    this.opts = {
      host: options.host ?? window,
      origin: options.origin ?? '*',
      timeoutMs: options.timeoutMs ?? 30_000,
      pingMs: options.pingMs ?? 200,
      target: options.target,
    };
    this.opts.host.addEventListener('message', this.onMessage);
    this.ping();
  }

  /** A client for an iframe: the expected origin from its src, and a new handshake on every load. */
  static forIframe(iframe: HTMLIFrameElement, options: Partial<ClientOptions> = {}): EmbedClient {
    const client = new EmbedClient({ target: () => iframe.contentWindow, origin: iframeOrigin(iframe), ...options });
    const onLoad = () => client.reconnect(iframeOrigin(iframe));
    iframe.addEventListener('load', onLoad);
    const destroy = client.destroy.bind(client);
    client.destroy = () => {
      iframe.removeEventListener('load', onLoad);
      destroy();
    };
    return client;
  }

  /** Listens to an event; returns the function that stops listening. */
  on(name: ClientEventName, fn: Listener): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  /** Sends a command once the embed listens; resolves with the state after it, rejects with the embed's error. */
  call(method: Method, args: unknown[] = []): Promise<EmbedState> {
    if (this.destroyed) return Promise.reject(new Error(`kube-anatomy: ${method}: the player was removed`));
    const id = `ka${++this.seq}`;
    return new Promise<EmbedState>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const why = this.connected ? 'the embed did not answer' : `no PONG from the embed${this.opts.origin === '*' ? '' : ` at ${this.opts.origin}`} (is the src right, and does origins= allow this page?)`;
        reject(new Error(`kube-anatomy: ${method}: no answer within ${this.opts.timeoutMs / 1000} s: ${why}`));
      }, this.opts.timeoutMs);
      const p: Pending = { method, args, sent: false, resolve, reject, timer };
      this.pending.set(id, p);
      if (this.connected) this.send(id, p);
    });
  }

  play = () => this.call('play');
  pause = () => this.call('pause');
  next = () => this.call('step', ['forward']);
  prev = () => this.call('step', ['back']);
  goto = (step: number) => this.call('goto', [step]);
  seek = (t: number | string) => this.call('seek', [t]);
  setLanguage = (lang: string) => this.call('setLanguage', [lang]);
  setTheme = (theme: string) => this.call('setTheme', [theme]);
  getState = () => this.call('getState');

  /**
   * The frame loaded a new document (a deck re-created or reloaded it): PING again. Commands not
   * sent yet go to the new document once it answers. Commands the old document got and did not
   * answer are rejected, not replayed: the new document opened on its URL's frame, and a stale
   * `goto` replayed there would move it off the step the host asked for (a deck re-syncs on
   * `ready`).
   */
  reconnect(origin?: string): void {
    if (this.destroyed) return;
    if (origin !== undefined) this.opts.origin = origin;
    this.connected = false;
    this.peerOrigin = undefined;
    for (const [id, p] of this.pending) {
      if (!p.sent) continue;
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new Error(`kube-anatomy: ${p.method}: the frame loaded a new document before answering`));
    }
    this.ping();
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.pingTimer);
    this.opts.host.removeEventListener('message', this.onMessage);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`kube-anatomy: ${p.method}: the player was removed`));
    }
    this.pending.clear();
    this.listeners.clear();
  }

  private ping(): void {
    clearTimeout(this.pingTimer);
    this.pingStarted = Date.now();
    const tick = () => {
      if (this.connected || this.destroyed) return;
      // `*`: a PING carries nothing, and the frame may still show about:blank, whose origin
      // differs from the app's (a targeted post to it would log an error in the console).
      this.opts.target()?.postMessage({ namespace: NAMESPACE, method: 'PING' }, '*');
      const slow = Date.now() - this.pingStarted > 30_000;
      this.pingTimer = setTimeout(tick, slow ? 2_000 : this.opts.pingMs);
    };
    tick();
  }

  private send(id: string, p: Pending): void {
    p.sent = true;
    this.opts.target()?.postMessage({ namespace: NAMESPACE, method: p.method, args: p.args, id }, this.peerOrigin ?? this.opts.origin);
  }

  private readonly onMessage = (ev: MessageEvent): void => {
    const target = this.opts.target();
    if (!target || ev.source !== target) return;
    if (this.opts.origin !== '*' && ev.origin !== this.opts.origin) return;
    const msg = readMessage(ev.data);
    if (!msg) return;
    const name = msg.eventName;
    if (name === 'PONG' || (!this.connected && name === 'ready')) this.onConnected(ev.origin);
    if (name === 'callback') {
      const id = String(msg.id);
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (typeof msg.error === 'string') p.reject(new Error(`kube-anatomy: ${msg.error}`));
      else {
        if (isState(msg.result)) this.state = msg.result;
        p.resolve(msg.result as EmbedState);
      }
      return;
    }
    if ((EVENT_NAMES as readonly string[]).includes(name ?? '') && isState(msg.state)) {
      this.state = msg.state;
      const detail: EmbedEventDetail = typeof msg.key === 'string' ? { ...msg.state, key: msg.key } : { ...msg.state };
      this.emit(name as EmbedEventName, detail);
    }
  };

  private onConnected(origin: string): void {
    if (this.connected) return;
    this.connected = true;
    clearTimeout(this.pingTimer);
    this.peerOrigin = origin === 'null' ? '*' : origin;
    for (const [id, p] of this.pending) if (!p.sent) this.send(id, p);
    this.emit('connected', this.state ?? ({} as EmbedState));
  }

  private emit(name: ClientEventName, detail: EmbedEventDetail): void {
    for (const fn of [...(this.listeners.get(name) ?? [])]) {
      try {
        fn(detail);
      } catch (e) {
        // One listener's bug must not stop the others, nor the client.
        console.error(e);
      }
    }
  }
}

interface RawMessage {
  namespace?: unknown;
  eventName?: string;
  id?: unknown;
  result?: unknown;
  error?: unknown;
  key?: unknown;
  state?: unknown;
}

/** An embed message, or undefined for anything else (other scripts post to the same window). */
function readMessage(data: unknown): RawMessage | undefined {
  let m = data;
  if (typeof m === 'string') {
    if (!m.includes(NAMESPACE)) return undefined;
    try {
      m = JSON.parse(m) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const r = m as RawMessage;
  return r.namespace === NAMESPACE && typeof r.eventName === 'string' ? r : undefined;
}

function isState(v: unknown): v is EmbedState {
  return typeof v === 'object' && v !== null && typeof (v as EmbedState).t === 'number';
}

/** The origin an iframe's src points at; `*` when there is none to name (no src yet, about:, file:, data:). */
export function iframeOrigin(iframe: HTMLIFrameElement): string {
  const src = iframe.getAttribute('src') ?? iframe.getAttribute('data-src');
  if (!src) return '*';
  try {
    const o = new URL(src, iframe.ownerDocument.baseURI).origin;
    return o === 'null' ? '*' : o;
  } catch {
    return '*';
  }
}
