import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './sw-source.ts';

describe('serviceWorkerSource', () => {
  it('precaches the scope and every file, under a versioned cache', () => {
    const sw = serviceWorkerSource('abc123', ['index.html', 'assets/index-x.js']);
    expect(sw).toContain("const CACHE = 'kube-anatomy-abc123';");
    const list = JSON.parse(/const PRECACHE = (\[[^\]]*\]);/.exec(sw)![1]!);
    expect(list).toEqual(['./', './index.html', './assets/index-x.js']);
    // The worker itself parses as a script.
    expect(() => new Function(sw)).not.toThrow();
  });

  it('serves navigations network-first and falls back to the cached index.html', () => {
    const sw = serviceWorkerSource('v1', ['index.html']);
    expect(sw).toMatch(/req\.mode === 'navigate'[\s\S]*fetch\(req\)[\s\S]*caches\.match\(INDEX/);
    // Vite preview answers with Vary: Origin; module scripts are fetched with an Origin header.
    expect(sw).toContain('ignoreVary: true');
  });

  it('answers navigations to the app page only: a deck page beside it is neither served nor cached as index.html', async () => {
    const worker = runWorker(serviceWorkerSource('v1', ['index.html']), 'https://example.test/app/');
    expect(await worker.navigate('https://example.test/app/decks/slidev/')).toBe('not handled');
    expect(await worker.navigate('https://example.test/other/')).toBe('not handled');
    expect(worker.puts).toEqual([]);
    expect(await worker.navigate('https://example.test/app/?lang=ja')).toBe('network');
    expect(await worker.navigate('https://example.test/app/index.html')).toBe('network');
    expect(worker.puts).toEqual(['https://example.test/app/index.html', 'https://example.test/app/index.html']);
  });

  it('refuses a bad version or path, naming it', () => {
    expect(() => serviceWorkerSource("x'; evil()", [])).toThrow(/version "x'; evil\(\)"/);
    expect(() => serviceWorkerSource('v1', ['../secret'])).toThrow(/"\.\.\/secret" must be a path relative/);
    expect(() => serviceWorkerSource('v1', ['/abs.js'])).toThrow(/"\/abs\.js"/);
  });
});

/** Runs the worker's text against a fake `self`, `caches` and `fetch`, to drive its fetch handler. */
function runWorker(source: string, scope: string) {
  const listeners = new Map<string, (event: unknown) => void>();
  const puts: string[] = [];
  const self = { registration: { scope }, addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn), skipWaiting: () => Promise.resolve(), clients: { claim: () => Promise.resolve() } };
  const caches = { open: () => Promise.resolve({ put: (url: string) => puts.push(url), addAll: () => Promise.resolve() }), match: () => Promise.resolve(undefined), keys: () => Promise.resolve([]) };
  const fetch = () => Promise.resolve({ ok: true, clone: () => ({}) });
  new Function('self', 'caches', 'fetch', source)(self, caches, fetch);
  return {
    puts,
    async navigate(url: string): Promise<'not handled' | 'network'> {
      let answer: Promise<unknown> | undefined;
      listeners.get('fetch')?.({ request: { method: 'GET', mode: 'navigate', url }, respondWith: (p: Promise<unknown>) => (answer = p) });
      if (!answer) return 'not handled';
      await answer;
      await new Promise((r) => setTimeout(r, 0)); // the cache put runs after the answer
      return 'network';
    },
  };
}
