import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Micros } from '../../base/time.ts';
import type { Lang } from '../i18n/translate.ts';
import { DEFAULT_THEME, type ThemeName } from '../theme/themes.ts';

/** What the inspector shows: one trace event, or one API object (by timeline object key). */
export type Selection = { type: 'event'; seq: number } | { type: 'object'; key: string } | null;

/** The views of the bottom pane, one at a time (tabs). */
export type BottomTab = 'timeline' | 'events' | 'console' | 'statechart';
export const BOTTOM_TABS: readonly BottomTab[] = ['timeline', 'events', 'console', 'statechart'];

/** The panels of the side dock, each open or folded to its header. */
export type DockPanel = 'etcd' | 'scheduler' | 'node';

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
  /** Which view the bottom pane shows. */
  bottomTab: BottomTab;
  /** Which dock panels are open; undefined until the dock decides from the window's width. */
  dockOpen: Record<DockPanel, boolean> | undefined;

  seek(t: Micros): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  select(selection: Selection): void;
  setLang(lang: Lang): void;
  setTheme(theme: ThemeName): void;
  setBottomTab(tab: BottomTab): void;
  /** Opens or folds dock panels (the others keep their state). */
  setDockOpen(open: Partial<Record<DockPanel, boolean>>): void;
}

export type SessionStore = StoreApi<SessionState>;

/** Initial values; anything left out takes the default. */
export interface SessionInit {
  t?: Micros;
  speed?: number;
  lang?: Lang;
  theme?: ThemeName;
  selection?: Selection;
  bottomTab?: BottomTab;
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
    bottomTab: init.bottomTab ?? 'timeline',
    dockOpen: undefined,
    seek: (t) => set({ t: Math.round(t) }),
    play: () => set({ playing: true }),
    pause: () => set({ playing: false }),
    setSpeed: (speed) => set({ speed }),
    select: (selection) => set({ selection }),
    setLang: (lang) => set({ lang }),
    setTheme: (theme) => set({ theme }),
    setBottomTab: (bottomTab) => set({ bottomTab }),
    setDockOpen: (open) => set((s) => ({ dockOpen: { ...(s.dockOpen ?? { etcd: false, scheduler: false, node: false }), ...open } })),
  }));
}
