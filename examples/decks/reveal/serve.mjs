/* global console, URL */
// Serves the repository's files (the deck, node_modules/reveal.js and the built app in dist/)
// on loopback, for `npm run deck:reveal` and the e2e test: `node examples/decks/reveal/serve.mjs [port]`.
// A static server and nothing else: no bundling, so the deck runs as a speaker's copy would.
// CORS is open: a page on another origin may load dist/player.js (a module script needs it).
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.yaml': 'text/yaml; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

/** Starts the server; resolves with its URL (ending in `/`) and a close function. */
export function serveRepo({ root = fileURLToPath(new URL('../../../', import.meta.url)), port = 0, host = '127.0.0.1' } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path));
    // Nothing outside the repository, whatever the path says.
    if (file !== base && !file.startsWith(base + sep)) return send(res, 403, 'forbidden');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': 'no-store', 'access-control-allow-origin': '*' });
      createReadStream(file).pipe(res);
    } catch {
      send(res, 404, `not found: ${path}`);
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}/`;
      ok({ url, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 8000);
  const { url } = await serveRepo({ port });
  console.log(`reveal.js deck: ${url}examples/decks/reveal/   (Japanese: ${url}examples/decks/reveal/?lang=ja)`);
  console.log('the app it embeds is dist/ (npm run build); Ctrl+C stops the server');
}
