import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRepo } from '../../examples/decks/reveal/serve.mjs';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * `<kube-anatomy-player>` on a plain page (issue 7, part 4): a host page on its own origin loads
 * dist/player.js from the app's server (another origin, as a blog embedding a hosted app would),
 * so the element has to add `origins=` itself. Checked: `ready` with the attributes' state, the
 * 16:9 size, `next()` and its `stepchanged`, attribute changes by postMessage without reloading
 * the iframe (a marker on the frame's window survives), `step` reflecting the embed's step,
 * errors from the embed as rejected promises, and console warnings for bad attribute values.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = '/tmp/ka-e2e-shots';
const TOUR = 'how-a-pod-comes-to-be';

let browser: LaunchedBrowser;
let app: { url: string; close(): Promise<void> };
let host: Server;
let hostOrigin: string;

const HOST_HTML = (player: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>player host</title>
<style>body{margin:0;padding:20px;background:#f4f4f4;font-family:sans-serif}kube-anatomy-player#p{width:960px}kube-anatomy-player#bad{width:320px;margin-top:12px}</style>
<script type="module" src="${player}"></script></head>
<body><h1 style="font-size:18px;margin:0 0 10px">A page with a kube-anatomy player</h1>
<kube-anatomy-player id="p" tour="${TOUR}" step="2" lang="ja"></kube-anatomy-player>
<kube-anatomy-player id="bad" tour="${TOUR}" step="abc" lang="fr" controls="none"></kube-anatomy-player>
<script>
window.events = [];
for (const id of ['p', 'bad']) for (const name of ['ready', 'stepchanged', 'ended', 'keypass'])
  document.getElementById(id).addEventListener(name, (e) => window.events.push({ id, name, detail: e.detail }));
</script></body></html>`;

beforeAll(async () => {
  if (!existsSync(`${ROOT}dist/player.js`)) throw new Error('dist/player.js is missing: run `npm run build` first (it builds the app and player.js)');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  app = await serveRepo({ root: ROOT });
  host = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOST_HTML(`${app.url}dist/player.js`));
  });
  await new Promise<void>((ok) => host.listen(0, '127.0.0.1', () => ok()));
  hostOrigin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  host?.close();
});

type Ev = { id: string; name: string; detail: Record<string, unknown> };
const events = (page: Page, id: string, name: string) => page.evaluate(([i, n]) => (window as unknown as { events: Ev[] }).events.filter((e) => e.id === i && e.name === n), [id, name] as const);
const waitEvent = (page: Page, id: string, name: string, match: Record<string, unknown> = {}) =>
  page.waitForFunction(
    ([i, n, m]) => (window as unknown as { events: Ev[] }).events.some((e) => e.id === i && e.name === n && Object.entries(m).every(([k, v]) => e.detail[k] === v)),
    [id, name, match] as const,
    { timeout: 90_000 },
  );
type PlayerEl = HTMLElement & { next(): Promise<{ step: number }>; goto(n: number): Promise<unknown>; getState(): Promise<Record<string, unknown>>; play(): Promise<{ playing: boolean }>; pause(): Promise<{ playing: boolean }>; iframe: HTMLIFrameElement };

describe('<kube-anatomy-player>', () => {
  it('embeds the tour, is driven by methods and attributes without reloading, and warns about bad attributes', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    const errors = collectPageErrors(page);
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await page.goto(`${hostOrigin}/`, { waitUntil: 'load' });

    // ready, with the attributes' state; the URL carries origins= for this page.
    await waitEvent(page, 'p', 'ready');
    const ready = (await events(page, 'p', 'ready'))[0]!.detail;
    expect(ready).toMatchObject({ tour: TOUR, step: 2, lang: 'ja' });
    const steps = ready.steps as number;
    const src = await page.evaluate(() => (document.getElementById('p') as PlayerEl).iframe.src);
    expect(src).toBe(`${app.url}dist/#/embed?tour=${TOUR}&step=2&lang=ja&origins=${encodeURIComponent(hostOrigin)}`);
    const frame = page.frameLocator('#p iframe');
    await frame.locator('[data-testid="tour-panel"][data-step="1"]').waitFor();
    expect(await frame.locator('html').getAttribute('lang')).toBe('ja');
    // Sized by the element: its width, 16:9.
    const box = (await page.locator('#p').boundingBox())!;
    expect(box.width).toBe(960);
    expect(box.height).toBe(540);

    // The frame's document: a marker on its window must survive every change below.
    const frameWin = page.frames().find((f) => f.url().startsWith(`${app.url}dist/`) && f.url().includes('step=2'))!;
    await frameWin.evaluate(() => ((window as unknown as { marker: number }).marker = 42));

    // next(): resolves with the new state, fires stepchanged, and step reflects it.
    expect((await page.evaluate(() => (document.getElementById('p') as PlayerEl).next())).step).toBe(3);
    await waitEvent(page, 'p', 'stepchanged', { step: 3 });
    await frame.locator('[data-testid="tour-panel"][data-step="2"]').waitFor();
    expect(await page.getAttribute('#p', 'step')).toBe('3');

    // Attributes after load go by postMessage.
    await page.evaluate(() => document.getElementById('p')!.setAttribute('lang', 'en'));
    await frameWin.waitForFunction(() => document.documentElement.lang === 'en');
    await frame.locator('[data-testid="tour-next"]', { hasText: 'Next' }).waitFor();
    await page.evaluate(() => document.getElementById('p')!.setAttribute('step', '5'));
    await frame.locator('[data-testid="tour-panel"][data-step="4"]').waitFor();
    await waitEvent(page, 'p', 'stepchanged', { step: 5 });
    await page.evaluate(() => document.getElementById('p')!.setAttribute('theme', 'projector-dark'));
    await frameWin.waitForFunction(() => document.documentElement.dataset.theme === 'projector-dark');
    expect(await frameWin.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // The other methods, and an embed error as a rejection naming why.
    expect(await page.evaluate(() => (document.getElementById('p') as PlayerEl).getState())).toMatchObject({ step: 5, lang: 'en', theme: 'projector-dark', tour: TOUR });
    expect((await page.evaluate(() => (document.getElementById('p') as PlayerEl).play())).playing).toBe(true);
    expect((await page.evaluate(() => (document.getElementById('p') as PlayerEl).pause())).playing).toBe(false);
    const bad = await page.evaluate((n) => (document.getElementById('p') as PlayerEl).goto(n).then(() => 'resolved', (e: Error) => e.message), steps + 1);
    expect(bad).toBe(`kube-anatomy: goto: step ${steps + 1} is out of range 1–${steps} of tour "${TOUR}"`);
    await page.evaluate((n) => (document.getElementById('p') as PlayerEl).goto(n), steps);
    await frame.locator(`[data-testid="tour-panel"][data-step="${steps - 1}"]`).waitFor();
    expect(await page.getAttribute('#p', 'step')).toBe(String(steps));
    expect(await frameWin.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    await page.screenshot({ path: `${SHOTS}/player-element.png` });

    // Bad attributes: a warning naming each, and the defaults (step 1, the browser's language: en-US here).
    await waitEvent(page, 'bad', 'ready');
    expect((await events(page, 'bad', 'ready'))[0]!.detail).toMatchObject({ step: 1, lang: 'en' });
    expect(warnings).toContain('kube-anatomy-player: step="abc" is not a step number from 1; using step 1');
    expect(warnings).toContain('kube-anatomy-player: lang="fr" is not a language (en, ja); using the browser\'s language');
    await page.evaluate(() => document.getElementById('p')!.setAttribute('step', 'x'));
    expect(warnings.some((w) => w.startsWith('kube-anatomy-player: step="x" is not a step number from 1; staying on step'))).toBe(true);

    // A page that changes a non-live attribute gets the new URL (a new document): tour → scenario.
    await page.evaluate(() => {
      const el = document.getElementById('bad')!;
      el.removeAttribute('tour');
      el.setAttribute('scenario', 'drain');
    });
    await page.frameLocator('#bad iframe').locator('[data-testid="embed"]').waitFor({ timeout: 90_000 });
    expect(await page.evaluate(() => (document.getElementById('bad') as PlayerEl).iframe.src)).toMatch(/#\/embed\?scenario=drain&step=1&controls=none&origins=/); // step: reflected from its first ready
    expect(await page.evaluate(() => (document.getElementById('bad') as PlayerEl).iframe.title)).toBe('kube-anatomy: drain');
    expect(errors).toEqual([]);
    await page.close();
  });
});
