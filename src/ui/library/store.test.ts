import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, checkRecord, openLibrary, type LibraryItem } from './store.ts';

const item = (id: string, name: string, kind: LibraryItem['kind'] = 'scenario'): LibraryItem => ({ id, kind, name, text: `# ${name}\n`, updated: 1 });

/** Writes raw values into the items store, as a bug or another tab's old version might have. */
async function plant(factory: IDBFactory, records: Record<string, unknown>): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const r = factory.open(DB_NAME);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const tx = db.transaction('items', 'readwrite');
  for (const [k, v] of Object.entries(records)) tx.objectStore('items').put(v, k);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}

describe('library store', () => {
  it('saves, lists sorted, reads back after reopening, and removes', async () => {
    const factory = new IDBFactory();
    const lib = await openLibrary(factory);
    await lib.put(item('b', 'zeta'));
    await lib.put(item('a', 'alpha', 'tour'));
    lib.close();
    const again = await openLibrary(factory);
    const listing = await again.list();
    expect(listing.items.map((i) => i.name)).toEqual(['alpha', 'zeta']);
    expect(listing.bad).toEqual([]);
    expect(await again.get('b')).toEqual(item('b', 'zeta'));
    await again.remove('b');
    expect((await again.list()).items.map((i) => i.id)).toEqual(['a']);
    again.close();
  });

  it('refuses to save an item with a bad name, saying why', async () => {
    const lib = await openLibrary(new IDBFactory());
    await expect(lib.put(item('x', 'no/slash'))).rejects.toThrow(/name "no\/slash": use letters/);
    lib.close();
  });

  it('recovers the good records of a corrupted store and keeps the bad ones aside, with the reason', async () => {
    const factory = new IDBFactory();
    const lib = await openLibrary(factory);
    await lib.put(item('good', 'hello'));
    lib.close();
    await plant(factory, {
      junk: '{not json',
      num: 42,
      noText: { id: 'noText', kind: 'scenario', name: 'x' },
      wrongKind: { id: 'wrongKind', kind: 'movie', name: 'y', text: '' },
      moved: { id: 'other', kind: 'tour', name: 'z', text: '' },
      asJson: JSON.stringify(item('asJson', 'from-json')),
    });
    const again = await openLibrary(factory);
    const listing = await again.list();
    expect(listing.items.map((i) => i.id)).toEqual(['asJson', 'good']);
    expect(listing.newlyBad).toBe(5);
    const reasons = Object.fromEntries(listing.bad.map((b) => [b.key, b.reason]));
    expect(reasons.junk).toMatch(/^not JSON/);
    expect(reasons.num).toBe('expected an object, found number');
    expect(reasons.noText).toBe('field "text" is missing');
    expect(reasons.wrongKind).toMatch(/kind must be "scenario" or "tour"/);
    expect(reasons.moved).toBe('field "id" is "other" but the record\'s key is "moved"');
    expect(listing.bad.find((b) => b.key === 'num')?.raw).toBe('42');
    // A second listing finds the store clean and the quarantine still there: nothing is wiped.
    const second = await again.list();
    expect(second.newlyBad).toBe(0);
    expect(second.bad).toHaveLength(5);
    expect(second.items).toHaveLength(2);
    await again.clearBad();
    expect((await again.list()).bad).toEqual([]);
    again.close();
  });

  it('reports a damaged record asked for by id instead of running it', async () => {
    const factory = new IDBFactory();
    (await openLibrary(factory)).close();
    await plant(factory, { bad: { id: 'bad', kind: 'scenario' } });
    const lib = await openLibrary(factory);
    await expect(lib.get('bad')).rejects.toThrow('saved item "bad" is damaged: field "name" is missing');
    expect(await lib.get('absent')).toBeUndefined();
    lib.close();
  });

  it('says so when there is no IndexedDB at all', async () => {
    await expect(openLibrary(undefined)).rejects.toThrow(/IndexedDB "kube-anatomy-library": this browser has no IndexedDB/);
  });

  it('checkRecord names an array and null', () => {
    expect(checkRecord('k', [])).toEqual({ reason: 'expected an object, found an array' });
    expect(checkRecord('k', null)).toEqual({ reason: 'expected an object, found null' });
  });
});
