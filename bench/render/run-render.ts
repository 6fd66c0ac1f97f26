import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../../tests/e2e/support/browser.ts';
import { summarize, type FrameStats } from './stats.ts';

export const RENDER_START_MARK = '<!-- bench:render:start -->';
export const RENDER_END_MARK = '<!-- bench:render:end -->';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built app; RENDER_DIST serves another build (the tree's dist/ may be rebuilt meanwhile). */
const DIST = process.env.RENDER_DIST ?? join(ROOT, 'dist');

interface TraceInfo {
  events: number;
  bytes: number;
  nodes: number;
  pods?: number;
}

/** Writes the two traces in a child process with room for a million events in memory. */
function writeTraces(dir: string, events: number): Promise<{ big: TraceInfo; cluster: TraceInfo }> {
  const script = fileURLToPath(new URL('./write-traces.ts', import.meta.url));
  const child = spawn(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', script, dir, String(events)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('render-traces:'));
      if (code === 0 && line) resolve(JSON.parse(line.slice('render-traces:'.length)) as { big: TraceInfo; cluster: TraceInfo });
      else reject(new Error(`render bench: writing the traces failed (exit ${code})`));
    });
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.jsonl': 'application/x-ndjson',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.yaml': 'text/yaml; charset=utf-8',
};

/** A tiny static server: dist/ at `/`, the generated traces at `/bench-traces/`. */
function serve(traces: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const [base, rel] = path.startsWith('/bench-traces/') ? [traces, path.slice('/bench-traces/'.length)] : [DIST, path === '/' ? 'index.html' : path.slice(1)];
    const file = normalize(join(base, rel));
    if (!file.startsWith(base) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/` });
  }));
}

/**
 * Runs in the page before the app: frame times from requestAnimationFrame deltas and long tasks
 * (PerformanceObserver 'longtask', over 50 ms by definition), collected between start and stop.
 */
const PAGE_PROBE = `
(() => {
  const probe = { frames: [], longTasks: [], draws: [], on: false, last: 0 };
  document.addEventListener('ka-swimlane-draw', (e) => { if (probe.on) probe.draws.push(e.detail); });
  window.__renderBench = {
    start() { probe.frames = []; probe.longTasks = []; probe.draws = []; probe.last = 0; probe.on = true; },
    stop() { probe.on = false; return { frames: probe.frames.slice(), longTasks: probe.longTasks.slice(), draws: probe.draws.slice() }; },
  };
  const tick = (now) => {
    if (probe.on) { if (probe.last) probe.frames.push(now - probe.last); probe.last = now; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => { if (probe.on) for (const e of list.getEntries()) probe.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false });
  } catch {}
})();
`;

export interface RenderRow {
  view: string;
  phase: string;
  stats: FrameStats;
}

/**
 * The rendering benchmark (issue 6, item 7): a generated trace of about a million events and a
 * 1,000-node cluster trace, loaded in headless Debian Chromium through the app's own
 * `#/?trace=<url>` path from the built app (dist/, built first when missing), and measured while
 * playing, zooming and panning. Returns a Markdown section.
 */
export async function runRenderBench(opts: { events: number; seconds: number }): Promise<string> {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('bench: render — no dist/, building the app (vite build)…');
    const r = spawnSync('npx', ['vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('render bench: vite build failed');
  }
  const dir = mkdtempSync(join(tmpdir(), 'ka-render-bench-'));
  const browser = await launchChromium();
  const { server, url } = await serve(dir);
  try {
    console.error(`bench: render — generating a trace of ${opts.events.toLocaleString('en')} events and a 1,000-node trace…`);
    const info = await writeTraces(dir, opts.events);
    const page = await browser.context.newPage();
    await page.addInitScript(PAGE_PROBE);
    const ms = opts.seconds * 1000;
    const measure = async (run: () => Promise<void>): Promise<FrameStats> => {
      await page.evaluate('window.__renderBench.start()');
      await run();
      const raw = await page.evaluate<{ frames: number[]; longTasks: number[]; draws: number[] }>('window.__renderBench.stop()');
      return summarize(raw.frames, raw.longTasks, raw.draws);
    };
    const open = async (file: string, events: number): Promise<number> => {
      const t0 = Date.now();
      await page.goto(`${url}#/?trace=${encodeURIComponent(`${url}bench-traces/${file}`)}`, { waitUntil: 'load' });
      const banner = page.getByTestId('replay-banner');
      await banner.waitFor({ state: 'visible', timeout: 600_000 });
      await page.waitForFunction((n) => Number(document.querySelector('[data-testid="replay-banner"]')?.getAttribute('data-events')) >= n, events, { timeout: 600_000 });
      await page.getByTestId('play').waitFor({ state: 'visible', timeout: 600_000 });
      await page.waitForTimeout(1_000);
      return Date.now() - t0;
    };
    const rows: RenderRow[] = [];
    const playFor = async () => {
      await page.getByTestId('speed').selectOption('8').catch(() => undefined);
      await page.getByTestId('play').click();
      await page.waitForTimeout(ms);
      await page.getByTestId('pause').click().catch(() => undefined);
    };

    // 1. The timeline with about a million events.
    const loadBig = await open('big.kanatomy.jsonl', info.big.events);
    console.error(`bench: render — big trace loaded in ${(loadBig / 1000).toFixed(1)} s`);
    const lane = page.getByTestId('swimlane');
    await lane.waitFor({ state: 'visible', timeout: 60_000 });
    rows.push({ view: 'timeline', phase: 'idle (nothing moves)', stats: await measure(() => page.waitForTimeout(Math.min(ms, 3_000))) });
    rows.push({ view: 'timeline', phase: `playing at 8× (${opts.seconds} s)`, stats: await measure(playFor) });
    const box = await lane.boundingBox();
    if (!box) throw new Error('render bench: the swimlane has no box');
    const cx = box.x + box.width * 0.6;
    const cy = box.y + box.height * 0.5;
    rows.push({
      view: 'timeline',
      phase: 'zooming in and out (wheel)',
      stats: await measure(async () => {
        await page.mouse.move(cx, cy);
        const end = Date.now() + ms;
        let dir = -1;
        let steps = 0;
        while (Date.now() < end) {
          await page.mouse.wheel(0, dir * 120);
          await page.waitForTimeout(16);
          if (++steps % 40 === 0) dir = -dir;
        }
      }),
    });
    rows.push({
      view: 'timeline',
      phase: 'panning (drag), zoomed in',
      stats: await measure(async () => {
        const end = Date.now() + ms;
        let sign = 1;
        while (Date.now() < end) {
          await page.mouse.move(cx, cy);
          await page.mouse.down();
          for (let i = 1; i <= 20; i++) await page.mouse.move(cx - sign * i * 15, cy);
          await page.mouse.up();
          sign = -sign;
        }
      }),
    });
    const lod = await page.getByTestId('swimlane-root').getAttribute('data-lod');

    // 2. The topology of a 1,000-node cluster.
    const loadCluster = await open('nodes-1000.kanatomy.jsonl', info.cluster.events);
    console.error(`bench: render — 1,000-node trace loaded in ${(loadCluster / 1000).toFixed(1)} s`);
    await page.getByTestId('topology').waitFor({ state: 'visible', timeout: 60_000 });
    await page.getByTestId('restart').click().catch(() => undefined);
    rows.push({ view: 'topology, 1,000 nodes', phase: 'idle (nothing moves)', stats: await measure(() => page.waitForTimeout(Math.min(ms, 3_000))) });
    rows.push({ view: 'topology, 1,000 nodes', phase: `playing at 8× (${opts.seconds} s)`, stats: await measure(playFor) });
    await page.close();

    const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
    const fmt = (n: number, d = 1) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });
    const table = [
      '| view | what | frames | median frame | p95 frame | worst frame | long tasks | long-task time | swimlane draws | swimlane draw, median | p95 |',
      '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
      ...rows.map(
        (r) =>
          `| ${r.view} | ${r.phase} | ${r.stats.frames} | ${fmt(r.stats.median)} ms | ${fmt(r.stats.p95)} ms | ${fmt(r.stats.max)} ms | ${r.stats.longTasks} | ${fmt(r.stats.longTaskMs, 0)} ms | ${r.stats.draws} | ${r.stats.draws ? `${fmt(r.stats.drawMedian)} ms` : '–'} | ${r.stats.draws ? `${fmt(r.stats.drawP95)} ms` : '–'} |`,
      ),
    ].join('\n');
    return [
      table,
      '',
      `Traces: ${info.big.events.toLocaleString('en')} events on ${info.big.nodes} nodes (${mb(info.big.bytes)} MiB, loaded and indexed in ${fmt(loadBig / 1000)} s); ` +
        `${info.cluster.nodes?.toLocaleString('en')} nodes and ${info.cluster.pods?.toLocaleString('en')} Pods, ${info.cluster.events.toLocaleString('en')} events (${mb(info.cluster.bytes)} MiB, ${fmt(loadCluster / 1000)} s). ` +
        `The swimlane drew ${lod === 'density' ? 'density (level of detail)' : 'single events'} at the end of the pan.`,
    ].join('\n');
  } finally {
    server.close();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
