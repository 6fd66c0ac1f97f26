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

  it('refuses a bad version or path, naming it', () => {
    expect(() => serviceWorkerSource("x'; evil()", [])).toThrow(/version "x'; evil\(\)"/);
    expect(() => serviceWorkerSource('v1', ['../secret'])).toThrow(/"\.\.\/secret" must be a path relative/);
    expect(() => serviceWorkerSource('v1', ['/abs.js'])).toThrow(/"\/abs\.js"/);
  });
});
