/**
 * The bundle-size benchmark (`npm run bench -- --only-size`, and part of `npm run bench`): builds
 * the hosted app and the single file into a temporary folder (never over dist/, which others
 * serve), then reports
 * - the initial JavaScript: what index.html loads before the first frame (its module script and
 *   every `modulepreload`), raw and gzip, against the budget of 200 KB gzip (issue 7);
 * - the initial CSS, the lazy chunks and the workers (fetched later or never);
 * - the single file (dist-single/kube-anatomy.html), raw and gzip;
 * - the largest packages and source folders inside the initial JavaScript (from its source map),
 *   so whoever splits the bundle next knows where the bytes are.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { attributeBytes } from './size-attribution.ts';

export const SIZE_START_MARK = '<!-- bench:size:start -->';
export const SIZE_END_MARK = '<!-- bench:size:end -->';
/** Issue 7: the hosted app's initial JavaScript, gzip. */
export const INITIAL_JS_BUDGET = 200 * 1000;

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface SizeFigures {
  initialJs: { files: string[]; raw: number; gzip: number };
  initialCss: { raw: number; gzip: number };
  lazyJs: { files: number; raw: number; gzip: number };
  workers: { name: string; raw: number; gzip: number }[];
  single: { raw: number; gzip: number };
  /** The biggest contributors to the initial JS, minified bytes. */
  top: { name: string; bytes: number }[];
}

const gz = (b: Buffer | string): number => gzipSync(b, { level: 9 }).length;

/** The files index.html makes the browser fetch before anything runs (relative to the build). */
export function initialFiles(html: string): { js: string[]; css: string[] } {
  const js = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\.\/([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1]!);
  const css = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="\.\/([^"]+)"/g)].map((m) => m[1]!);
  if (js.length === 0) throw new Error('bench/size: index.html loads no module script (is this a Vite build?)');
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

function build(args: string[]): void {
  const r = spawnSync('npx', ['vite', 'build', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/size: vite build ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
}

export function measureSize(): SizeFigures {
  const tmp = mkdtempSync(join(tmpdir(), 'ka-bench-size-'));
  try {
    const hosted = join(tmp, 'hosted');
    const single = join(tmp, 'single');
    // The source map does not change the code; it only tells which module each byte came from.
    build(['--outDir', hosted, '--emptyOutDir', '--sourcemap']);
    build(['--config', 'vite.single.config.ts', '--outDir', single, '--emptyOutDir']);
    const html = readFileSync(join(hosted, 'index.html'), 'utf8');
    const init = initialFiles(html);
    const read = (f: string): Buffer => readFileSync(join(hosted, f));
    const sum = (files: string[]) => files.reduce((a, f) => ({ raw: a.raw + read(f).length, gzip: a.gzip + gz(read(f)) }), { raw: 0, gzip: 0 });
    const assets = readdirSync(join(hosted, 'assets')).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
    const isWorker = (f: string) => /\.worker-[\w-]+\.js$/.test(f);
    const lazy = assets.filter((f) => !init.js.includes(f) && !isWorker(f));
    const top = new Map<string, number>();
    for (const f of init.js) {
      // The bundler's own runtime chunk comes without a source map: its bytes are its glue.
      if (!existsSync(join(hosted, `${f}.map`))) {
        top.set('(unmapped)', (top.get('(unmapped)') ?? 0) + read(f).length);
        continue;
      }
      for (const [name, bytes] of attributeBytes(read(f).toString('utf8'), JSON.parse(read(`${f}.map`).toString('utf8')))) top.set(name, (top.get(name) ?? 0) + bytes);
    }
    const singleFile = readFileSync(join(single, 'kube-anatomy.html'));
    return {
      initialJs: { files: init.js, ...sum(init.js) },
      initialCss: sum(init.css),
      lazyJs: { files: lazy.length, ...sum(lazy) },
      workers: assets.filter(isWorker).map((f) => ({ name: f.replace(/^assets\/|-[\w-]+\.js$/g, ''), ...sum([f]) })),
      single: { raw: singleFile.length, gzip: gz(singleFile) },
      top: [...top].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 12),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const kb = (n: number): string => `${(n / 1000).toFixed(1)} KB`;

export function sizeReport(s: SizeFigures): string {
  const over = s.initialJs.gzip > INITIAL_JS_BUDGET;
  const rows = [
    '| what | files | min | gzip |',
    '|---|---:|---:|---:|',
    `| **initial JavaScript** (budget ${kb(INITIAL_JS_BUDGET)} gzip: ${over ? `**over by ${kb(s.initialJs.gzip - INITIAL_JS_BUDGET)}**` : 'within'}) | ${s.initialJs.files.length} | ${kb(s.initialJs.raw)} | **${kb(s.initialJs.gzip)}** |`,
    `| initial CSS | | ${kb(s.initialCss.raw)} | ${kb(s.initialCss.gzip)} |`,
    `| lazy chunks (scenarios, tours, replay, dialogs…) | ${s.lazyJs.files} | ${kb(s.lazyJs.raw)} | ${kb(s.lazyJs.gzip)} |`,
    ...s.workers.map((w) => `| worker \`${w.name}\` | 1 | ${kb(w.raw)} | ${kb(w.gzip)} |`),
    `| **single file** \`dist-single/kube-anatomy.html\` (everything, workers inlined) | 1 | ${kb(s.single.raw)} | ${kb(s.single.gzip)} |`,
  ];
  const top = ['', 'Largest parts of the initial JavaScript (minified bytes, from its source map):', '', '| module | min |', '|---|---:|', ...s.top.map((t) => `| \`${t.name}\` | ${kb(t.bytes)} |`)];
  return [...rows, ...top].join('\n');
}
