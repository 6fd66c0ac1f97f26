/**
 * The user's own scenarios and tours, kept in IndexedDB so they survive reloads. Two object
 * stores: `items` (the good records) and `quarantine` (records that could not be read, moved
 * aside with the reason instead of being wiped, so the user can export and repair them).
 */

export type ItemKind = 'scenario' | 'tour';

export interface LibraryItem {
  id: string;
  kind: ItemKind;
  /** The file name without its suffix: exports as `<name>.scenario.yaml` / `<name>.tour.yaml`. */
  name: string;
  text: string;
  /** ms since the epoch of the last save; also keys the app's run cache, so an edit re-runs. */
  updated: number;
}

/** A record that was not a LibraryItem, kept as it was found with why it was set aside. */
export interface BadRecord {
  key: string;
  reason: string;
  /** The raw value as found (JSON text where it could be serialised). */
  raw: string;
}

export interface LibraryListing {
  items: LibraryItem[];
  /** Everything in quarantine, including what this listing just moved there. */
  bad: BadRecord[];
  /** How many records this listing found broken (0 when the store was clean). */
  newlyBad: number;
}

export interface Library {
  list(): Promise<LibraryListing>;
  get(id: string): Promise<LibraryItem | undefined>;
  put(item: LibraryItem): Promise<void>;
  remove(id: string): Promise<void>;
  /** Drops the quarantined records (only on the user's explicit request, after exporting them). */
  clearBad(): Promise<void>;
  close(): void;
}

export const DB_NAME = 'kube-anatomy-library';
const DB_VERSION = 1;
const ITEMS = 'items';
const QUARANTINE = 'quarantine';

/** A library name: what a file may be called (no path separators, no suffix). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The error for a store that cannot be used at all (no IndexedDB, blocked, refused). */
export class LibraryUnavailableError extends Error {
  constructor(reason: string) {
    super(`IndexedDB "${DB_NAME}": ${reason}`);
    this.name = 'LibraryUnavailableError';
  }
}

const req = <T>(r: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

const done = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

/** Opens (and on first use creates) the library. `factory` is for tests (fake-indexeddb). */
export async function openLibrary(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<Library> {
  if (!factory) throw new LibraryUnavailableError('this browser has no IndexedDB (a private window may turn it off)');
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    let r: IDBOpenDBRequest;
    try {
      r = factory.open(DB_NAME, DB_VERSION);
    } catch (err) {
      reject(new LibraryUnavailableError(err instanceof Error ? err.message : String(err)));
      return;
    }
    r.onupgradeneeded = () => {
      const d = r.result;
      if (!d.objectStoreNames.contains(ITEMS)) d.createObjectStore(ITEMS);
      if (!d.objectStoreNames.contains(QUARANTINE)) d.createObjectStore(QUARANTINE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(new LibraryUnavailableError(r.error?.message ?? 'open failed'));
    r.onblocked = () => reject(new LibraryUnavailableError('another tab holds an older version open; close it and reload'));
  });
  // Out-of-line keys: a record whose value lost its `id` is still addressable by its key.
  return {
    async list() {
      const tx = db.transaction([ITEMS, QUARANTINE], 'readwrite');
      const items = tx.objectStore(ITEMS);
      const quarantine = tx.objectStore(QUARANTINE);
      const [keys, values] = await Promise.all([req(items.getAllKeys()), req(items.getAll())]);
      const good: LibraryItem[] = [];
      let newlyBad = 0;
      keys.forEach((key, i) => {
        const checked = checkRecord(String(key), values[i]);
        if ('item' in checked) {
          good.push(checked.item);
          return;
        }
        // Moved, in one transaction: either both writes happen or neither.
        newlyBad++;
        const bad: BadRecord = { key: String(key), reason: checked.reason, raw: rawText(values[i]) };
        quarantine.put(bad, `${String(key)}@${Date.now()}-${i}`);
        items.delete(key);
      });
      const bad = (await req(quarantine.getAll())) as BadRecord[];
      await done(tx);
      good.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.kind < b.kind ? -1 : 1));
      return { items: good, bad, newlyBad };
    },
    async get(id) {
      const value: unknown = await req(db.transaction(ITEMS).objectStore(ITEMS).get(id));
      if (value === undefined) return undefined;
      const checked = checkRecord(id, value);
      if ('item' in checked) return checked.item;
      throw new Error(`saved item "${id}" is damaged: ${checked.reason}`);
    },
    async put(item) {
      const problem = checkItem(item);
      if (problem) throw new Error(problem);
      const tx = db.transaction(ITEMS, 'readwrite');
      tx.objectStore(ITEMS).put({ ...item }, item.id);
      await done(tx);
    },
    async remove(id) {
      const tx = db.transaction(ITEMS, 'readwrite');
      tx.objectStore(ITEMS).delete(id);
      await done(tx);
    },
    async clearBad() {
      const tx = db.transaction(QUARANTINE, 'readwrite');
      tx.objectStore(QUARANTINE).clear();
      await done(tx);
    },
    close: () => db.close(),
  };
}

/** Why an item cannot be saved, or undefined when it can. */
export function checkItem(item: LibraryItem): string | undefined {
  if (item.kind !== 'scenario' && item.kind !== 'tour') return `kind must be "scenario" or "tour", not ${JSON.stringify(item.kind)}`;
  if (!NAME_PATTERN.test(item.name)) return `name ${JSON.stringify(item.name)}: use letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit`;
  if (typeof item.text !== 'string') return 'text must be a string';
  if (typeof item.id !== 'string' || item.id === '') return 'id must be a non-empty string';
  return undefined;
}

/**
 * Reads one stored value. Older or foreign writers may have stored a JSON string: it is parsed.
 * Anything that is not a complete item is reported with the first thing wrong.
 */
export function checkRecord(key: string, value: unknown): { item: LibraryItem } | { reason: string } {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown;
    } catch (err) {
      return { reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { reason: `expected an object, found ${v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v}` };
  const o = v as Record<string, unknown>;
  for (const field of ['id', 'kind', 'name', 'text'] as const) {
    if (typeof o[field] !== 'string') return { reason: `field "${field}" is ${o[field] === undefined ? 'missing' : `not a string (${typeof o[field]})`}` };
  }
  if (o.id !== key) return { reason: `field "id" is "${String(o.id)}" but the record's key is "${key}"` };
  const item: LibraryItem = { id: o.id as string, kind: o.kind as ItemKind, name: o.name as string, text: o.text as string, updated: typeof o.updated === 'number' && Number.isFinite(o.updated) ? o.updated : 0 };
  const problem = checkItem(item);
  return problem ? { reason: problem } : { item };
}

function rawText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A fresh id: time plus randomness, readable in a URL (`#/?saved=<id>`). */
export function newId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
