import type { Micros } from '../../base/time.ts';

/**
 * Sets one hash parameter: the app passes embed/url.ts's withHashParam in (ui may not import
 * embed, DESIGN 2), so the share URL is built by the same function as the app's own hashes.
 */
export type SetHashParam = (hash: string, key: string, value: string | undefined) => string;

/** What makes a frame: the URL parameters of common.md / DESIGN 3.4. */
export interface Frame {
  /** A saved item of the user's library (`saved=<id>`): opens only in the browser that has it. */
  saved?: string;
  scenario?: string;
  tour?: string;
  /** 1-based tour step; absent on the cover. */
  step?: number;
  t: Micros;
  seed?: number;
  lang: string;
  theme: string;
}

/** `t` as seconds, exact to the µs (parseTime reads a bare number as seconds). */
export function formatT(t: Micros): string {
  const s = (Math.round(t) / 1_000_000).toFixed(6).replace(/\.?0+$/, '');
  return s === '' ? '0' : s;
}

/** The hash of a frame on a route (`/` for the app, `/embed`). */
export function frameHash(withHashParam: SetHashParam, frame: Frame, route: '/' | '/embed', extra: Record<string, string> = {}): string {
  let hash = `#${route}`;
  const set = (k: string, v: string | undefined) => {
    hash = withHashParam(hash, k, v);
  };
  if (frame.saved !== undefined) set('saved', frame.saved);
  else if (frame.tour !== undefined) set('tour', frame.tour);
  else if (frame.scenario !== undefined) set('scenario', frame.scenario);
  // A step belongs to a tour: an example's or a saved one (whose id the `saved` parameter carries).
  if ((frame.tour !== undefined || frame.saved !== undefined) && frame.step !== undefined) set('step', String(frame.step));
  set('t', formatT(frame.t));
  if (frame.seed !== undefined) set('seed', String(frame.seed));
  set('lang', frame.lang);
  set('theme', frame.theme);
  for (const [k, v] of Object.entries(extra)) set(k, v);
  return hash;
}

/** The page's address without its hash (the query is kept: it may carry the app's own options). */
export const pageBase = (loc: Pick<Location, 'origin' | 'pathname' | 'search'>): string => `${loc.origin}${loc.pathname}${loc.search}`;

/** An `<iframe>` for a slide: 16:9, no border, the title screen readers announce. */
export function iframeSnippet(src: string, title: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${esc(src)}" width="960" height="540" style="border:0" title="${esc(title)}" allow="clipboard-write; fullscreen"></iframe>`;
}

/**
 * Reads the frame's source from the current hash: the scenario, tour, seed and saved item the
 * app was opened with (the pickers keep the hash in step with what is shown).
 */
export function frameSourceFromHash(hash: string): Pick<Frame, 'saved' | 'scenario' | 'tour' | 'seed'> {
  const q = hash.indexOf('?');
  const p = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const out: Pick<Frame, 'saved' | 'scenario' | 'tour' | 'seed'> = {};
  const saved = p.get('saved')?.trim();
  if (saved) out.saved = saved;
  const scenario = p.get('scenario')?.trim();
  if (scenario) out.scenario = scenario;
  const tour = p.get('tour')?.trim();
  if (tour) out.tour = tour;
  const seed = p.get('seed');
  if (seed !== null && /^\d+$/.test(seed)) out.seed = Number(seed);
  return out;
}
