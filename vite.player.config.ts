import { defineConfig } from 'vite';

/**
 * dist/player.js: `<kube-anatomy-player>` and the host-side client (src/embed/player), as one ES
 * module for any page. A build of its own, after the app's (`npm run build` runs both), so it
 * shares no chunk with the app and adds nothing to the app's initial JavaScript. It does not
 * empty dist/: the app is already there. Not minified beyond esbuild's default, with a source map.
 */
export default defineConfig({
  base: './',
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    lib: {
      entry: 'src/embed/player/index.ts',
      formats: ['es'],
      fileName: () => 'player.js',
    },
  },
});
