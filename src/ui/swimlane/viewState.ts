import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SessionStore } from '../session/store.ts';

/**
 * The swimlane's own per-view-instance state: which lane groups the user folded or opened, the
 * zoom, and the vertical scroll. Kept beside the session store of the view instance (a WeakMap
 * keyed by that store, never a module-level value), so it survives switching the bottom pane's
 * tabs, and two embeds (or the two sides of a comparison) do not fold each other's groups.
 */
export interface SwimlaneViewState {
  /** Groups the user toggled: true = collapsed. Groups not here follow the default (groups.ts). */
  collapsed: Record<string, boolean>;
  /** d3-zoom's transform on the time axis (k ≥ 1, x ≤ 0), and the lanes' vertical scroll. */
  zoom: { k: number; x: number };
  scrollY: number;
  setCollapsed(id: string, collapsed: boolean): void;
  setZoom(zoom: { k: number; x: number }): void;
  setScrollY(y: number): void;
}

export type SwimlaneViewStore = StoreApi<SwimlaneViewState>;

export function createSwimlaneViewStore(): SwimlaneViewStore {
  return createStore<SwimlaneViewState>()((set) => ({
    collapsed: {},
    zoom: { k: 1, x: 0 },
    scrollY: 0,
    setCollapsed: (id, collapsed) => set((s) => ({ collapsed: { ...s.collapsed, [id]: collapsed } })),
    setZoom: (zoom) => set({ zoom }),
    setScrollY: (scrollY) => set({ scrollY }),
  }));
}

const bySession = new WeakMap<SessionStore, SwimlaneViewStore>();

/** The swimlane state of a session (made on first use). */
export function swimlaneViewOf(session: SessionStore): SwimlaneViewStore {
  let s = bySession.get(session);
  if (!s) {
    s = createSwimlaneViewStore();
    bySession.set(session, s);
  }
  return s;
}
