import { useCallback, useEffect, useState } from 'react';
import { openLibrary, type Library, type LibraryListing } from './store.ts';

export type LibraryState = { status: 'opening' } | { status: 'error'; message: string } | { status: 'ready'; lib: Library; listing: LibraryListing };

/** Opens the library while `active`, lists it, and re-lists after each change (`refresh`). */
export function useLibrary(active: boolean): { state: LibraryState; refresh(): Promise<void> } {
  const [state, setState] = useState<LibraryState>({ status: 'opening' });
  useEffect(() => {
    if (!active) return;
    let cancelled = false;
    let lib: Library | undefined;
    openLibrary()
      .then(async (l) => {
        lib = l;
        const listing = await l.list();
        if (!cancelled) setState({ status: 'ready', lib: l, listing });
      })
      .catch((err: unknown) => {
        if (!cancelled) setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
      });
    return () => {
      cancelled = true;
      lib?.close();
      setState({ status: 'opening' });
    };
  }, [active]);
  const refresh = useCallback(async () => {
    if (state.status !== 'ready') return;
    try {
      const listing = await state.lib.list();
      setState({ status: 'ready', lib: state.lib, listing });
    } catch (err) {
      setState({ status: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  }, [state]);
  return { state, refresh };
}
