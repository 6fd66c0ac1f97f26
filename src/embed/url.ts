import { parseDuration, type Micros } from '../base/time.ts';
import { parseLang, type Lang } from '../ui/i18n/translate.ts';
import { parseTheme, type ThemeName } from '../ui/theme/themes.ts';

/** Which view a URL asks for. */
export type Route = 'app' | 'embed';

/** The presentation state a URL carries (DESIGN 3.4). Every field is optional. */
export interface UrlState {
  route: Route;
  lang?: Lang;
  theme?: ThemeName;
  /** Initial playhead. */
  t?: Micros;
  /** Overrides the scenario's seed. */
  seed?: number;
  /**
   * Which example to open: `examples/<scenario>.scenario.yaml` (absent: the default). Kept as
   * written, even when no such example exists, so the app can say so instead of opening another.
   */
  scenario?: string;
  /** A guided tour to open (`examples/tours/<tour>.tour.yaml`); it names its own scenario. */
  tour?: string;
  /** The tour's step to start at, 1-based as the progress shows it (absent: the first). */
  step?: number;
  /** The embed's views, in the order given (absent: topology and timeline). */
  views?: EmbedViewName[];
  /** How much of the playback controls the embed shows (absent: full). */
  controls?: ControlsLevel;
  /** Origins whose postMessage commands the embed accepts; `*` any (absent: its own origin only). */
  origins?: string[] | '*';
}

/** The views an embed can show (`views=topology,timeline,etcd`). */
export const EMBED_VIEWS = ['topology', 'timeline', 'events', 'statechart', 'etcd', 'scheduler', 'node', 'console'] as const;
export type EmbedViewName = (typeof EMBED_VIEWS)[number];
export const DEFAULT_VIEWS: readonly EmbedViewName[] = ['topology', 'timeline'];
export const CONTROLS_LEVELS = ['full', 'min', 'none'] as const;
export type ControlsLevel = (typeof CONTROLS_LEVELS)[number];

/** A parameter whose value was ignored, and why (the embed shows these in a small note). */
export interface UrlNote {
  param: string;
  value: string;
  /** What would have been accepted, in plain words (English, for the console; the embed shows `embed.expect.<param>`). */
  expected: string;
  /** For `step`: the tour's range it fell outside of. */
  range?: { tour: string; total: number };
}

/**
 * Reads the route and parameters from a location. Parameters may sit in the query
 * (`/?lang=ja`) or in the hash (`#/embed?lang=ja&theme=projector-dark&t=1.5s&scenario=drain`); the hash wins.
 * `t` is a Go-style duration (`1.5s`, `250ms`) or a bare number of seconds.
 */
export function parseUrl(search: string, hash: string): UrlState {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = (q < 0 ? h : h.slice(0, q)).replace(/\/+$/, '');
  const params = new URLSearchParams(search);
  if (q >= 0) for (const [k, v] of new URLSearchParams(h.slice(q + 1))) params.set(k, v);
  const state: UrlState = { route: path === '/embed' || path === 'embed' ? 'embed' : 'app' };
  const lang = parseLang(params.get('lang'));
  if (lang) state.lang = lang;
  const theme = parseTheme(params.get('theme'));
  if (theme) state.theme = theme;
  const t = parseTime(params.get('t'));
  if (t !== undefined) state.t = t;
  const seed = params.get('seed');
  if (seed !== null && /^\d+$/.test(seed)) state.seed = Number(seed);
  const scenario = params.get('scenario')?.trim();
  if (scenario) state.scenario = scenario;
  const tour = params.get('tour')?.trim();
  if (tour) state.tour = tour;
  const step = params.get('step');
  if (step !== null && /^\d+$/.test(step) && Number(step) >= 1) state.step = Number(step);
  const views = parseViews(params.get('views'));
  if (views) state.views = views;
  const controls = params.get('controls')?.trim();
  if (controls && (CONTROLS_LEVELS as readonly string[]).includes(controls)) state.controls = controls as ControlsLevel;
  const origins = parseOrigins(params.get('origins'));
  if (origins) state.origins = origins;
  return state;
}

/**
 * The parameters of a location that parseUrl had to ignore, each with what it expects, so an
 * embed can say why its URL did not do what the deck's author meant (instead of silently differing).
 */
export function urlNotes(search: string, hash: string): UrlNote[] {
  const params = mergedParams(search, hash);
  const state = parseUrl(search, hash);
  const notes: UrlNote[] = [];
  const check = (param: string, ok: boolean, expected: string) => {
    const value = params.get(param);
    if (value !== null && !ok) notes.push({ param, value, expected });
  };
  check('lang', state.lang !== undefined, 'en or ja');
  check('theme', state.theme !== undefined, 'light, dark, projector-light or projector-dark');
  check('t', state.t !== undefined, 'a duration such as 1.5s or 250ms, or seconds');
  check('seed', state.seed !== undefined, 'a whole number');
  check('step', state.step !== undefined, 'a step number from 1');
  check('controls', state.controls !== undefined, CONTROLS_LEVELS.join(', '));
  const views = params.get('views');
  if (views !== null) {
    const bad = views.split(',').map((v) => v.trim()).filter((v) => !(EMBED_VIEWS as readonly string[]).includes(v));
    if (bad.length > 0 || !state.views) notes.push({ param: 'views', value: bad.join(',') || views, expected: EMBED_VIEWS.join(', ') });
  }
  const origins = params.get('origins');
  if (origins !== null && origins.trim() !== '*') {
    const bad = origins.split(',').map((o) => o.trim()).filter((o) => exactOrigin(o) === undefined);
    if (bad.length > 0) notes.push({ param: 'origins', value: bad.join(','), expected: 'origins as scheme://host[:port], comma-separated, or *' });
  }
  return notes;
}

function mergedParams(search: string, hash: string): URLSearchParams {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const params = new URLSearchParams(search);
  if (q >= 0) for (const [k, v] of new URLSearchParams(h.slice(q + 1))) params.set(k, v);
  return params;
}

/** The known views of a comma-separated list, deduplicated; unknown names drop out (urlNotes names them). */
function parseViews(value: string | null): EmbedViewName[] | undefined {
  if (value === null) return undefined;
  const views: EmbedViewName[] = [];
  for (const v of value.split(',').map((x) => x.trim())) {
    if ((EMBED_VIEWS as readonly string[]).includes(v) && !views.includes(v as EmbedViewName)) views.push(v as EmbedViewName);
  }
  return views.length > 0 ? views : undefined;
}

/** `*`, or the exact origins of a comma-separated list (ones that are not an origin drop out). */
function parseOrigins(value: string | null): string[] | '*' | undefined {
  if (value === null) return undefined;
  if (value.trim() === '*') return '*';
  const origins = value.split(',').map((o) => exactOrigin(o.trim())).filter((o): o is string => o !== undefined);
  return origins.length > 0 ? origins : undefined;
}

/** `scheme://host[:port]` exactly as the browser writes `MessageEvent.origin`; a path, a typo or a default port written out is not one. */
function exactOrigin(text: string): string | undefined {
  try {
    const u = new URL(text);
    return u.origin !== 'null' && u.origin === text ? text : undefined;
  } catch {
    return undefined;
  }
}

/** `1.5s`, `250ms`, `2` (seconds) → µs; anything else undefined. */
export function parseTime(value: string | null): Micros | undefined {
  if (value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1_000_000);
  return parseDuration(v);
}

/**
 * The hash with one parameter set (or removed when `value` is undefined), keeping the route
 * and the other parameters, for `history.replaceState` when the user flips a switch.
 */
export function withHashParam(hash: string, key: string, value: string | undefined): string {
  const h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const path = (q < 0 ? h : h.slice(0, q)) || '/';
  const params = new URLSearchParams(q < 0 ? '' : h.slice(q + 1));
  if (value === undefined) params.delete(key);
  else params.set(key, value);
  const qs = params.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}
