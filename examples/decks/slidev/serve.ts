/**
 * `npm run deck:slidev`: builds the Slidev example decks (English and Japanese) and serves them
 * on loopback next to the built app, the way a deck is published beside kube-anatomy:
 *
 *   /                    the app (dist/, from `npm run build`)
 *   /decks/slidev/       slides.md
 *   /decks/slidev-ja/    slides.ja.md
 *
 * The decks find the app at `../../` (their default). tests/e2e/decks-slidev.test.ts uses the
 * same two functions. Nothing here touches the network: the build is offline and the server
 * listens on 127.0.0.1 only.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DECK_DIR = fileURLToPath(new URL('.', import.meta.url));
export const REPO_ROOT = resolve(DECK_DIR, '../../..');

export interface DeckBuild {
  /** `slides.md` or `slides.ja.md` in this folder, or an absolute path. */
  entry: string;
  outDir: string;
  /** The URL path the deck is served at, with both slashes (`/decks/slidev/`). */
  base: string;
  /** VITE_KUBE_ANATOMY_URL for the build: where the app is, when not at `../../`. */
  appUrl?: string;
}

/** Runs `slidev build`; resolves with how long it took (ms), rejects with the end of its output. */
export function buildDeck(b: DeckBuild): Promise<number> {
  const slidev = join(REPO_ROOT, 'node_modules/.bin/slidev');
  if (!existsSync(slidev)) return Promise.reject(new Error(`${slidev} is missing: run npm install (@slidev/cli is a dev dependency)`));
  if (!/^\/([^/]+\/)*$/.test(b.base)) return Promise.reject(new Error(`base "${b.base}" must start and end with "/"`));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  if (b.appUrl) env.VITE_KUBE_ANATOMY_URL = b.appUrl;
  else delete env.VITE_KUBE_ANATOMY_URL;
  const started = Date.now();
  return new Promise((done, fail) => {
    execFile(slidev, ['build', resolve(DECK_DIR, b.entry), '--out', resolve(b.outDir), '--base', b.base], { cwd: REPO_ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) fail(new Error(`slidev build ${b.entry} failed (${err.message.split('\n')[0]}):\n${`${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n')}`));
      else done(Date.now() - started);
    });
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.yaml': 'text/yaml; charset=utf-8',
  '.jsonl': 'application/x-ndjson',
  '.txt': 'text/plain; charset=utf-8',
};

/** One URL prefix served from one folder (`index.html` for a folder's URL). */
export interface Mount {
  prefix: string;
  dir: string;
}

/**
 * A static server on 127.0.0.1 (port 0: any free one). The longest matching prefix wins;
 * paths that climb out of their folder get 403, missing files 404.
 */
export function serveStatic(mounts: Mount[], port = 0): Promise<{ server: Server; origin: string }> {
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('a malformed path');
      return;
    }
    // `/decks/slidev` → `/decks/slidev/`, so the deck's relative URLs resolve inside its folder.
    if (sorted.some((m) => m.prefix === `${path}/`)) {
      res.writeHead(301, { location: `${path}/` }).end();
      return;
    }
    const mount = sorted.find((m) => path.startsWith(m.prefix));
    if (!mount) {
      res.writeHead(404).end('not found');
      return;
    }
    const root = resolve(mount.dir);
    let file = normalize(join(root, path.slice(mount.prefix.length)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('outside the served folder');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address() as AddressInfo;
      done({ server, origin: `http://127.0.0.1:${p}` });
    });
  });
}

async function main(): Promise<void> {
  const dist = join(REPO_ROOT, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html is missing: run npm run build first (the decks embed the built app)`);
  const out = mkdtempSync(join(tmpdir(), 'kube-anatomy-slidev-'));
  // The builds are throw-away: gone when the server stops.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      rmSync(out, { recursive: true, force: true });
      process.exit(0);
    });
  }
  const decks = [
    { entry: 'slides.md', base: '/decks/slidev/', outDir: join(out, 'en') },
    { entry: 'slides.ja.md', base: '/decks/slidev-ja/', outDir: join(out, 'ja') },
  ];
  for (const d of decks) {
    const ms = await buildDeck(d);
    console.log(`built ${d.entry} in ${(ms / 1000).toFixed(1)} s → ${d.outDir}`);
  }
  const port = Number(process.env.PORT ?? 3030);
  const { origin } = await serveStatic([{ prefix: '/', dir: dist }, ...decks.map((d) => ({ prefix: d.base, dir: d.outDir }))], port);
  console.log(`the app:         ${origin}/\nthe deck:        ${origin}/decks/slidev/\nthe deck (ja):   ${origin}/decks/slidev-ja/\nCtrl+C stops.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((e: unknown) => {
    console.error(`deck:slidev: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
