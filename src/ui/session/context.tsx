import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SessionState, SessionStore } from './store.ts';

const SessionContext = createContext<SessionStore | null>(null);

/** Provides one session store to a view instance (an app page or one embed). */
export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

/** The session store of the enclosing view instance, for imperative use (event handlers, rAF). */
export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSessionStore: no <SessionProvider> above this component');
  return store;
}

/** Subscribes to a slice of the session state. */
export function useSession<T>(selector: (s: SessionState) => T): T {
  return useStore(useSessionStore(), selector);
}
