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
  return state;
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
