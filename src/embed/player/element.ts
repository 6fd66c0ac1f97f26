import { en as enStrings, ja as jaStrings } from '../../ui/i18n/areas/player.ts';
import { appLocation, embedUrl, parseStep, readAttributes, URL_ATTRIBUTES, type PlayerConfig } from './attributes.ts';
import { EmbedClient } from './client.ts';
import { EVENT_NAMES, LANGS, THEMES, type EmbedEventDetail, type EmbedState, type PlayerLang } from './vocabulary.ts';

const STYLE = `
:host { display: block; position: relative; aspect-ratio: 16 / 9; contain: content; }
:host([hidden]) { display: none; }
iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; display: block; }
`;

/** Attributes that a running embed takes by postMessage; any other change loads a new URL. */
const LIVE = new Set(['step', 'lang', 'theme', 't']);

/**
 * `<kube-anatomy-player tour step lang theme views controls t seed scenario src>`: the embed in
 * any page, in a shadow root, sized by the element (16:9 unless the page sets its height).
 * The first URL comes from the attributes; later changes of step, lang, theme and t are sent as
 * commands (the iframe keeps its document, so the tour does not restart); the others load the
 * new URL. Methods return promises of the embed's state; the embed's events are re-dispatched
 * as DOM CustomEvents (`ready`, `stepchanged`, `ended`, `keypass`) with the state in `detail`,
 * and `step` follows the embed's current step.
 */
export class KubeAnatomyPlayer extends HTMLElement {
  static readonly observedAttributes = [...URL_ATTRIBUTES, 'src'];
  /** Where the player script was loaded from: the default app location is next to it. */
  static scriptUrl = import.meta.url;

  private frame: HTMLIFrameElement | undefined;
  private client: EmbedClient | undefined;
  /** Set while `step` is written from the embed's state, so that writing it sends no `goto`. */
  private reflecting = false;

  get iframe(): HTMLIFrameElement | undefined {
    return this.frame;
  }

  /** The last state the embed reported (undefined before `ready`). */
  get state(): EmbedState | undefined {
    return this.client?.state;
  }

  connectedCallback(): void {
    if (!this.frame) {
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.frame = document.createElement('iframe');
      this.frame.setAttribute('allow', 'fullscreen; clipboard-write');
      root.append(style, this.frame);
    }
    this.load();
  }

  disconnectedCallback(): void {
    this.client?.destroy();
    this.client = undefined;
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.client || old === value || this.reflecting) return;
    if (!LIVE.has(name)) {
      this.load();
      return;
    }
    const onError = (e: unknown) => console.warn(e instanceof Error ? e.message : e);
    if (name === 'step') {
      const n = value === null ? 1 : parseStep(value);
      if (n === undefined) console.warn(`kube-anatomy-player: step="${value}" is not a step number from 1; staying on step ${this.client.state?.step ?? 1}`);
      else this.client.goto(n).catch(onError);
    } else if (name === 'lang') {
      if (value !== null && (LANGS as readonly string[]).includes(value)) this.client.setLanguage(value).catch(onError);
      else console.warn(`kube-anatomy-player: lang="${value}" is not a language (${LANGS.join(', ')}); keeping ${this.client.state?.lang ?? 'the current one'}`);
      this.updateTitle();
    } else if (name === 'theme') {
      const theme = value ?? 'light';
      if ((THEMES as readonly string[]).includes(theme)) this.client.setTheme(theme).catch(onError);
      else console.warn(`kube-anatomy-player: theme="${value}" is not a theme (${THEMES.join(', ')}); keeping ${this.client.state?.theme ?? 'the current one'}`);
    } else if (name === 't' && value !== null) {
      this.client.seek(value).catch(onError);
    }
  }

  play = (): Promise<EmbedState> => this.need().play();
  pause = (): Promise<EmbedState> => this.need().pause();
  next = (): Promise<EmbedState> => this.need().next();
  prev = (): Promise<EmbedState> => this.need().prev();
  goto = (step: number): Promise<EmbedState> => this.need().goto(step);
  getState = (): Promise<EmbedState> => this.need().getState();

  private need(): EmbedClient {
    if (!this.client) throw new Error('kube-anatomy-player: not in a document (add the element to the page first)');
    return this.client;
  }

  /** Reads the attributes, warns about bad ones, and points the iframe at the URL they make. */
  private load(): void {
    const frame = this.frame;
    if (!frame) return;
    const raw: Record<string, string | null> = {};
    for (const a of KubeAnatomyPlayer.observedAttributes) raw[a] = this.getAttribute(a);
    const { config, warnings } = readAttributes(raw);
    const app = appLocation(raw.src, document.baseURI, KubeAnatomyPlayer.scriptUrl);
    for (const w of [...warnings, ...(app.warning ? [app.warning] : [])]) console.warn(w.message);
    this.updateTitle(config);
    const url = embedUrl(app.url, config, window.location.origin);
    this.client?.destroy();
    frame.setAttribute('src', url);
    this.client = EmbedClient.forIframe(frame);
    for (const name of EVENT_NAMES) this.client.on(name, (detail) => this.onEmbedEvent(name, detail));
  }

  private onEmbedEvent(name: string, detail: EmbedEventDetail): void {
    if (detail.step !== undefined && String(detail.step) !== this.getAttribute('step')) {
      this.reflecting = true;
      try {
        this.setAttribute('step', String(detail.step));
      } finally {
        this.reflecting = false;
      }
    }
    this.dispatchEvent(new CustomEvent<EmbedEventDetail>(name, { detail, bubbles: true, composed: true }));
  }

  private updateTitle(config?: PlayerConfig): void {
    if (!this.frame) return;
    const lang: PlayerLang = (config?.lang ?? this.getAttribute('lang') ?? document.documentElement.lang).startsWith('ja') ? 'ja' : 'en';
    const strings = lang === 'ja' ? jaStrings : enStrings;
    const name = config?.tour ?? config?.scenario ?? this.getAttribute('tour') ?? this.getAttribute('scenario');
    this.frame.title = name ? strings['player.frameTitle'].replace('{name}', name) : strings['player.frameTitleDefault'];
  }
}

/** Registers the element once (a page may load player.js twice). */
export function definePlayer(name = 'kube-anatomy-player'): void {
  if (!customElements.get(name)) customElements.define(name, KubeAnatomyPlayer);
}
