import { readFileSync } from 'node:fs';
import { defineConfig, mergeConfig, type Plugin, type UserConfig } from 'vite';
import { inlineWorkers } from './src/app/offline/inline-workers.ts';
import base from './vite.config.ts';

/**
 * `npm run build:single`: the whole app as one HTML file (dist-single/kube-anatomy.html) that runs
 * from `file://` with no network — for a lecture hall without Wi-Fi, a mail attachment, a USB
 * stick. Everything is inlined: the JS (one chunk: a file:// page cannot fetch chunks, Chromium
 * refuses module scripts from file:// origins), the CSS, every example scenario and tour (they are
 * dynamic imports, folded in), and the two Web Workers as blob workers (Vite's `?worker&inline`,
 * which falls back to a data: URL worker where blob: is refused). No service worker: it cannot
 * register under file:// anyway (src/app/offline/register.ts checks `import.meta.env.KA_SINGLE`).
 */

function inlineWorkerPlugin(): Plugin {
  let seen = 0;
  return {
    name: 'ka-inline-workers',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/src\/source\/[\w-]+\.ts$/.test(id) || !code.includes('new Worker(')) return undefined;
      const r = inlineWorkers(code);
      seen += r.count;
      return r.count ? { code: r.code, map: null } : undefined;
    },
    buildEnd() {
      // A source that changed its worker line would silently fall back to in-process: say so.
      if (seen < 2) this.error(`ka-inline-workers: expected the engine and import workers in src/source/*.ts, rewrote ${seen}`);
    },
  };
}

/** `</script` inside inlined JS would end the script element early. */
const escapeScript = (js: string): string => js.replace(/<\/(script)/gi, '<\\/$1');

/** Puts the entry chunk and the CSS into index.html and drops every other output file. */
function singleFilePlugin(): Plugin {
  return {
    name: 'ka-single-file',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const html = bundle['index.html'];
      if (!html || html.type !== 'asset') return this.error('ka-single-file: no index.html in the bundle');
      let text = String(html.source);
      const chunks = Object.values(bundle).filter((f) => f.type === 'chunk');
      if (chunks.length !== 1) return this.error(`ka-single-file: expected one JS chunk, got ${chunks.map((c) => c.fileName).join(', ')}`);
      const entry = chunks[0]!;
      const scriptTag = new RegExp(`<script type="module"[^>]*src="\\./${entry.fileName.replace(/[.]/g, '\\.')}"[^>]*></script>`);
      if (!scriptTag.test(text)) return this.error(`ka-single-file: index.html does not load ${entry.fileName}`);
      // Classic placement at the end of body would change nothing: module scripts are deferred.
      // With one chunk there is nothing to preload, but Vite leaves its marker for the preload list
      // in (it fills it only where chunks are split): no list means "just import".
      const code = entry.code.replaceAll('__VITE_PRELOAD__', 'void 0');
      text = text.replace(scriptTag, () => `<script type="module">${escapeScript(code)}</script>`);
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.css')) continue;
        const link = new RegExp(`<link rel="stylesheet"[^>]*href="\\./${file.fileName.replace(/[.]/g, '\\.')}"[^>]*>`);
        text = text.replace(link, () => `<style>${String(file.source)}</style>`);
      }
      // The manifest and the icon link point at files that are not shipped: the icon goes inline,
      // the manifest (a PWA of the hosted build only) goes away.
      text = text.replace(/<link rel="manifest"[^>]*>\s*/, '');
      const icon = readFileSync(new URL('./public/favicon.svg', import.meta.url));
      text = text.replace(/href="\.\/favicon\.svg"/, `href="data:image/svg+xml;base64,${icon.toString('base64')}"`);
      for (const name of Object.keys(bundle)) if (name !== 'index.html') delete bundle[name];
      html.source = text;
      html.fileName = 'kube-anatomy.html';
    },
  };
}

const single: UserConfig = {
  plugins: [inlineWorkerPlugin(), singleFilePlugin()],
  define: { 'import.meta.env.KA_SINGLE': 'true' },
  // Classic workers: Chromium refuses a *module* worker from a blob: URL in a file:// page (its
  // origin is opaque and module scripts are fetched in CORS mode); a classic blob worker runs.
  worker: { format: 'iife' },
  // public/ (the favicon, the PWA manifest, recorded traces) is not part of the single file.
  publicDir: false,
  build: {
    outDir: 'dist-single',
    emptyOutDir: true,
    assetsInlineLimit: Number.MAX_SAFE_INTEGER,
    cssCodeSplit: false,
    modulePreload: false,
    rollupOptions: { input: 'index.html', output: { codeSplitting: false } },
  },
};

// The hosted config's own service-worker plugin has nothing to do here, nor its extra entries
// (rollupOptions.input): the single file has one entry, index.html.
const plugins = (base.plugins ?? []).filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'ka-precache'));
export default defineConfig(mergeConfig({ ...base, plugins, build: { ...base.build, rollupOptions: undefined } }, single));
