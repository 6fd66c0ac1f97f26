import { CONTROLS, LANGS, THEMES, VIEWS, type PlayerLang, type PlayerTheme } from './vocabulary.ts';

/** The attributes of `<kube-anatomy-player>` that become embed URL parameters. */
export const URL_ATTRIBUTES = ['tour', 'scenario', 'step', 'lang', 'theme', 'views', 'controls', 't', 'seed'] as const;
export type UrlAttribute = (typeof URL_ATTRIBUTES)[number];

/** Attribute values as read from the element (null: absent). */
export type RawAttributes = Partial<Record<UrlAttribute | 'src', string | null>>;

export interface PlayerConfig {
  tour?: string;
  scenario?: string;
  step?: number;
  lang?: PlayerLang;
  theme?: PlayerTheme;
  views?: string[];
  controls?: string;
  /** As written: the embed parses durations itself (`1.5s`, `250ms`, seconds). */
  t?: string;
  seed?: number;
}

/** One attribute value that was not used, with what is used instead, for a console.warn. */
export interface AttributeWarning {
  attribute: string;
  value: string;
  message: string;
}

const DURATION = /^(\d+(\.\d+)?|(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+)$/;

/**
 * Reads the attributes into embed parameters. A bad value is left out (so the embed's default
 * applies) and named in a warning: a deck author sees in the console which attribute is wrong.
 */
export function readAttributes(raw: RawAttributes): { config: PlayerConfig; warnings: AttributeWarning[] } {
  const config: PlayerConfig = {};
  const warnings: AttributeWarning[] = [];
  const warn = (attribute: string, value: string, expected: string, instead: string) =>
    warnings.push({ attribute, value, message: `kube-anatomy-player: ${attribute}="${value}" is not ${expected}; using ${instead}` });
  const get = (name: UrlAttribute) => {
    const v = raw[name];
    return v === null || v === undefined ? undefined : v.trim();
  };

  const tour = get('tour');
  if (tour) config.tour = tour;
  const scenario = get('scenario');
  if (scenario) config.scenario = scenario;
  const step = get('step');
  if (step !== undefined) {
    const n = parseStep(step);
    if (n === undefined) warn('step', step, 'a step number from 1', 'step 1');
    else config.step = n;
  }
  const lang = get('lang');
  if (lang !== undefined) {
    if ((LANGS as readonly string[]).includes(lang)) config.lang = lang as PlayerLang;
    else warn('lang', lang, `a language (${LANGS.join(', ')})`, "the browser's language");
  }
  const theme = get('theme');
  if (theme !== undefined) {
    if ((THEMES as readonly string[]).includes(theme)) config.theme = theme as PlayerTheme;
    else warn('theme', theme, `a theme (${THEMES.join(', ')})`, 'light');
  }
  const views = get('views');
  if (views !== undefined) {
    const list = views.split(',').map((v) => v.trim()).filter(Boolean);
    const known = list.filter((v) => (VIEWS as readonly string[]).includes(v));
    const unknown = list.filter((v) => !known.includes(v));
    if (unknown.length > 0) warn('views', views, `a list of views (${VIEWS.join(', ')}): ${unknown.join(', ')} unknown`, known.length > 0 ? known.join(',') : 'topology,timeline');
    if (known.length > 0) config.views = known;
  }
  const controls = get('controls');
  if (controls !== undefined) {
    if ((CONTROLS as readonly string[]).includes(controls)) config.controls = controls;
    else warn('controls', controls, `one of ${CONTROLS.join(', ')}`, 'full');
  }
  const t = get('t');
  if (t !== undefined) {
    if (DURATION.test(t)) config.t = t;
    else warn('t', t, 'a duration such as 1.5s or 250ms, or seconds', "the tour step's moment");
  }
  const seed = get('seed');
  if (seed !== undefined) {
    if (/^\d+$/.test(seed)) config.seed = Number(seed);
    else warn('seed', seed, 'a whole number', "the scenario's seed");
  }
  return { config, warnings };
}

/** `"3"` → 3; anything but a whole number from 1 → undefined. */
export function parseStep(value: string): number | undefined {
  const v = value.trim();
  return /^\d+$/.test(v) && Number(v) >= 1 ? Number(v) : undefined;
}

/**
 * The embed URL: `<app>#/embed?…` with the config's parameters, and `origins=<host origin>` when
 * the app is served from another origin than the page (the embed accepts commands from its own
 * origin only unless told).
 */
export function embedUrl(app: URL, config: PlayerConfig, hostOrigin: string): string {
  const params = new URLSearchParams();
  if (config.tour) params.set('tour', config.tour);
  if (config.scenario) params.set('scenario', config.scenario);
  if (config.step !== undefined) params.set('step', String(config.step));
  if (config.t !== undefined) params.set('t', config.t);
  if (config.seed !== undefined) params.set('seed', String(config.seed));
  if (config.lang) params.set('lang', config.lang);
  if (config.theme) params.set('theme', config.theme);
  if (config.views) params.set('views', config.views.join(','));
  if (config.controls) params.set('controls', config.controls);
  if (app.origin !== 'null' && hostOrigin !== 'null' && app.origin !== hostOrigin) params.set('origins', hostOrigin);
  const base = new URL(app.href);
  base.hash = '';
  const qs = params.toString().replace(/%2C/g, ',');
  return `${base.href}#/embed${qs ? `?${qs}` : ''}`;
}

/**
 * Where the app is: the `src` attribute (resolved against the page), else the app next to the
 * player script. A src that is no URL warns and falls back to the default.
 */
export function appLocation(src: string | null | undefined, pageBase: string, scriptUrl: string): { url: URL; warning?: AttributeWarning } {
  const fallback = new URL('./', scriptUrl);
  if (src === null || src === undefined || src.trim() === '') return { url: fallback };
  try {
    return { url: new URL(src.trim(), pageBase) };
  } catch {
    return { url: fallback, warning: { attribute: 'src', value: src, message: `kube-anatomy-player: src="${src}" is not a URL; using ${fallback.href}` } };
  }
}
