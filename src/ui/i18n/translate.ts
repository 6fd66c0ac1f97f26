import { en, type MessageKey } from './en.ts';
import { ja } from './ja.ts';

/** The languages the UI speaks. */
export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

/** Message tables by language; typed so a missing key is a compile error. */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ja };

/** Values for `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

/** Looks a message up and fills its placeholders; an unknown placeholder is left visible. */
export function translate(lang: Lang, key: MessageKey, params?: MessageParams): string {
  const text = MESSAGES[lang][key];
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
