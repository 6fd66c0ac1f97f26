import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './' so a build works from any path (GitHub Pages, a slide deck's folder, file servers);
// the app routes with the hash (#/, #/embed), so no server rewrite is needed.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
});
