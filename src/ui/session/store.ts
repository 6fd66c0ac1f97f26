import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Micros } from '../../base/time.ts';
import type { Lang } from '../i18n/translate.ts';
import { DEFAULT_THEME, type ThemeName } from '../theme/themes.ts';

/** What the inspector shows: one trace event, or one API object (by timeline object key). */
export type Selection = { type: 'event'; seq: number } | { type: 'object'; key: string } | null;

/** Speeds offered by the player, in warped simulated time per wall second (see playback/warp.ts). */
export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8];
export const DEFAULT_SPEED = 1;

/**
 * Per-view-instance session state (DESIGN 1.4): where the playhead is, whether it plays, what is
 * selected, and the presentation choices. One store per view instance, never a module singleton,
 * so two embeds on one page do not move each other's playhead.
 */
export interface SessionState {
  /** The playhead, in µs since the trace origin. */
  t: Micros;
  playing: boolean;
  speed: number;
  selection: Selection;
  lang: Lang;
  theme: ThemeName;

  seek(t: Micros): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  select(selection: Selection): void;
  setLang(lang: Lang): void;
  setTheme(theme: ThemeName): void;
}

export type SessionStore = StoreApi<SessionState>;

/** Initial values; anything left out takes the default. */
export interface SessionInit {
  t?: Micros;
  speed?: number;
  lang?: Lang;
  theme?: ThemeName;
  selection?: Selection;
}

/** Makes a fresh, independent session store. */
export function createSessionStore(init: SessionInit = {}): SessionStore {
  return createStore<SessionState>()((set) => ({
    t: init.t ?? 0,
    playing: false,
    speed: init.speed ?? DEFAULT_SPEED,
    selection: init.selection ?? null,
    lang: init.lang ?? 'en',
    theme: init.theme ?? DEFAULT_THEME,
    seek: (t) => set({ t: Math.round(t) }),
    play: () => set({ playing: true }),
    pause: () => set({ playing: false }),
    setSpeed: (speed) => set({ speed }),
    select: (selection) => set({ selection }),
    setLang: (lang) => set({ lang }),
    setTheme: (theme) => set({ theme }),
  }));
}
