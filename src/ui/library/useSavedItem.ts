import { useEffect, useState } from 'react';
import { openLibrary, type LibraryItem } from './store.ts';

/** `#/?saved=<id>`: the saved item the URL asks to open, if any. */
export function savedParam(hash: string): string | undefined {
  const q = hash.indexOf('?');
  const id = q < 0 ? null : new URLSearchParams(hash.slice(q + 1)).get('saved');
  return id?.trim() || undefined;
}

export type SavedLoad = { id: string } & ({ item: LibraryItem } | { missing: true } | { error: string });

/** Reads one saved item from the library while `id` is set (undefined until it is read); a new `rev` reads it again. */
export function useSavedItem(id: string | undefined, rev?: number): SavedLoad | undefined {
  const [loaded, setLoaded] = useState<{ rev: number | undefined; load: SavedLoad } | undefined>(undefined);
  useEffect(() => {
    if (id === undefined) return;
    let cancelled = false;
    openLibrary()
      .then(async (lib) => {
        try {
          return await lib.get(id);
        } finally {
          lib.close();
        }
      })
      .then(
        (item) => !cancelled && setLoaded({ rev, load: item ? { id, item } : { id, missing: true } }),
        (err: unknown) => !cancelled && setLoaded({ rev, load: { id, error: err instanceof Error ? err.message : String(err) } }),
      );
    return () => {
      cancelled = true;
    };
  }, [id, rev]);
  // A read for another id or an older revision is not shown: the run waits for the fresh text.
  return id !== undefined && loaded?.load.id === id && loaded.rev === rev ? loaded.load : undefined;
}
