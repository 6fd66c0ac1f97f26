import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorkerSource } from './src/app/offline/sw-source.ts';

/** Every file under dir, relative, with forward slashes, sorted (so the version is stable). */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Writes dist/sw.js once the build is on disk: the service worker (src/app/offline/sw-source.ts)
 * with the list of every file the build wrote, public/ included, so the hosted app works offline
 * after one visit. Its cache name is a hash of those files, so a new build replaces the old cache.
 * Not the recorded sample traces of public/traces (2+ MB): the app links none of them, and a first
 * visit should not download them; they stay on the server for whoever opens them by hand.
 */
function precachePlugin(): Plugin {
  let outDir = 'dist';
  let isBuild = false;
  return {
    name: 'ka-precache',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir.startsWith('/') ? config.build.outDir : join(config.root, config.build.outDir);
      isBuild = config.command === 'build';
    },
    closeBundle() {
      if (!isBuild) return;
      const files = listFiles(outDir).filter((f) => f !== 'sw.js' && !f.endsWith('.map') && !f.startsWith('traces/'));
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      writeFileSync(join(outDir, 'sw.js'), serviceWorkerSource(hash.digest('hex').slice(0, 16), files));
    },
  };
}

// base './' so a build works from any path (GitHub Pages, a slide deck's folder, file servers);
// the app routes with the hash (#/, #/embed), so no server rewrite is needed.
export default defineConfig({
  base: './',
  plugins: [react(), precachePlugin()],
  define: { 'import.meta.env.KA_SINGLE': 'false' },
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
