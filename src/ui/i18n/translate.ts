import { en, type MessageKey } from './en.ts';

/** The languages the UI speaks. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

type Messages = Record<MessageKey, string>;

/**
 * Message tables by language; typed so a missing key is a compile error. English is always here;
 * Japanese is its own chunk in a production build (the initial JavaScript's budget, BENCHMARKS.md
 * "Bundle size"), fetched by `loadLang` — main.tsx waits for it before the first render when the
 * page opens in Japanese, and useT fetches it on a switch. Until it is in, `translate` says it in
 * English. In development, tests and stories it is loaded before anything else runs.
 */
export const MESSAGES: Partial<Record<Lang, Messages>> = { en };

const loading = new Map<Lang, Promise<void>>();
const listeners = new Set<() => void>();

/** Fetches a language's table (once; a failed fetch may be tried again). */
export function loadLang(lang: Lang): Promise<void> {
  if (MESSAGES[lang]) return Promise.resolve();
  let p = loading.get(lang);
  if (!p) {
    p = import('./ja.ts').then(
      (m) => {
        MESSAGES.ja = m.ja;
        for (const l of listeners) l();
      },
      (err: unknown) => {
        loading.delete(lang);
        throw err;
      },
    );
    loading.set(lang, p);
  }
  return p;
}

/** Whether a language's table is in (translate speaks it). */
export const hasLang = (lang: Lang): boolean => MESSAGES[lang] !== undefined;

/** Calls back when a language's table arrives; returns the unsubscribe. */
export function onLangLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Vitest and Storybook run the sources without a build: every table at once, as before.
if (!import.meta.env.PROD) await loadLang('ja');

/** Values for `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** Looks a message up and fills its placeholders; an unknown placeholder is left visible. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = (MESSAGES[lang] ?? en)[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

/** Parses a `lang` parameter; anything else than a known language gives undefined. */
export function parseLang(value: string | null | undefined): Lang | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase();
  return v === 'ja' || v.startsWith('ja-') ? 'ja' : v === 'en' || v.startsWith('en-') ? 'en' : undefined;
}

/**
 * The language to start with: the URL's `lang` if given, else the browser's preferred
 * languages (Japanese if it comes first among the ones we speak), else English.
 */
export function pickLang(urlLang: string | null | undefined, navigatorLanguages: readonly string[]): Lang {
  const fromUrl = parseLang(urlLang);
  if (fromUrl) return fromUrl;
  for (const l of navigatorLanguages) {
    const parsed = parseLang(l);
    if (parsed) return parsed;
  }
  return 'en';
}
