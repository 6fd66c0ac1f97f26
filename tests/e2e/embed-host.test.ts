import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * The embed as a slide deck sees it (issue 7, items 1–4): a host page served from its own origin
 * (a tiny node server on another port) puts the app in an iframe with `origins=<host origin>`,
 * completes the PING/PONG handshake, drives it with every command of the protocol, checks the
 * callbacks and the `stepchanged`, `ended` and `keypass` events (presenter keys pressed inside
 * the iframe), and takes screenshots. A second host origin, not on the list, gets no reply and
 * the embed warns in the console. Bad URL parameters show a note instead of breaking the embed.
 */

const SHOTS = '/tmp/ka-e2e-shots';
const TOUR = 'how-a-pod-comes-to-be';

/** The host page: records every message from the embed in `window.msgs`; `window.send(cmd)` posts one. */
const HOST_HTML = (src: string) => `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<style>body{margin:0;background:#223}iframe{border:0;width:1200px;height:680px;margin:20px 40px}</style></head>
<body><iframe id="ka" src="${src.replace(/"/g, '&quot;')}"></iframe>
<script>
window.msgs = [];
window.addEventListener('message', (e) => { window.msgs.push({ origin: e.origin, data: e.data }); });
window.send = (cmd) => document.getElementById('ka').contentWindow.postMessage(cmd, '*');
</script></body></html>`;

function hostServer(): Promise<{ server: Server; origin: string; setSrc(src: string): void }> {
  let src = 'about:blank';
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(HOST_HTML(src));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}`, setSrc: (s) => (src = s) });
    }),
  );
}

type Msg = { origin: string; data: { namespace?: string; eventName?: string; id?: unknown; result?: Record<string, unknown>; error?: string; key?: string; state?: Record<string, unknown> } };

let browser: LaunchedBrowser;
let hostA: Awaited<ReturnType<typeof hostServer>>;
let hostB: Awaited<ReturnType<typeof hostServer>>;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  hostA = await hostServer();
  hostB = await hostServer();
});

afterAll(async () => {
  await browser?.close();
  hostA?.server.close();
  hostB?.server.close();
});

const appUrl = (params: string) => new URL(`./#/embed?${params}`, inject('baseURL')).href;
const msgs = (page: Page) => page.evaluate(() => (window as unknown as { msgs: Msg[] }).msgs);
const send = (page: Page, cmd: unknown) => page.evaluate((c) => (window as unknown as { send(c: unknown): void }).send(c), cmd);

/** Sends a command with an id and waits for its callback. */
let nextId = 0;
async function call(page: Page, method: string, args?: unknown[]): Promise<Msg['data']> {
  const id = `c${++nextId}`;
  await send(page, { namespace: 'kube-anatomy', method, id, ...(args ? { args } : {}) });
  await page.waitForFunction((i) => (window as unknown as { msgs: Msg[] }).msgs.some((m) => m.data?.eventName === 'callback' && m.data.id === i), id, { timeout: 30_000 });
  return (await msgs(page)).find((m) => m.data.eventName === 'callback' && m.data.id === id)!.data;
}

/** PING until PONG: the channel is unbuffered, so the host learns this way that the embed listens. */
async function handshake(page: Page): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await send(page, { namespace: 'kube-anatomy', method: 'PING' });
    if ((await msgs(page)).some((m) => m.data?.eventName === 'PONG')) return;
    await page.waitForTimeout(300);
  }
  throw new Error('no PONG from the embed');
}

const events = async (page: Page, name: string) => (await msgs(page)).filter((m) => m.data?.eventName === name);

async function openHost(host: typeof hostA, params: string): Promise<{ page: Page; frame: Frame; errors: string[]; warnings: string[] }> {
  host.setSrc(appUrl(params));
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = collectPageErrors(page);
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(`${host.origin}/`, { waitUntil: 'load' });
  const frame = page.frames().find((f) => f !== page.mainFrame())!;
  return { page, frame, errors, warnings };
}

describe('embed host (postMessage protocol)', () => {
  it('is driven by an allowed host: handshake, every command, step events and keys', async () => {
    const { page, frame, errors } = await openHost(hostA, `tour=${TOUR}&step=1&origins=${hostA.origin}`);
    await handshake(page);
    await frame.locator(`[data-testid="tour-panel"][data-step="0"]`).waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => (window as unknown as { msgs: Msg[] }).msgs.some((m) => m.data?.eventName === 'ready'), undefined, { timeout: 30_000 });
    const ready = (await events(page, 'ready'))[0]!;
    expect(ready.origin).toBe(new URL(inject('baseURL')).origin);
    expect(ready.data.state).toMatchObject({ tour: TOUR, step: 1, playing: false, lang: 'en' });
    const steps = ready.data.state!.steps as number;
    expect(steps).toBeGreaterThan(3);

    const s0 = await call(page, 'getState');
    expect(s0.result).toMatchObject({ tour: TOUR, step: 1, steps, scenario: expect.any(String) });

    // step forward: the callback and a stepchanged event, and the panel shows step 2.
    expect((await call(page, 'step', ['forward'])).result).toMatchObject({ step: 2 });
    await frame.locator('[data-testid="tour-panel"][data-step="1"]').waitFor();
    await page.waitForFunction(() => (window as unknown as { msgs: Msg[] }).msgs.some((m) => m.data?.eventName === 'stepchanged' && m.data.state?.step === 2));
    const stepT = Number(await frame.getByTestId('tour-panel').getAttribute('data-step-t'));
    expect((await call(page, 'getState')).result!.t).toBe(stepT);

    expect((await call(page, 'goto', [steps])).result).toMatchObject({ step: steps });
    await frame.locator(`[data-testid="tour-panel"][data-step="${steps - 1}"]`).waitFor();
    expect((await call(page, 'goto', [steps + 1])).error).toBe(`goto: step ${steps + 1} is out of range 1–${steps} of tour "${TOUR}"`);
    expect((await call(page, 'step', ['back'])).result).toMatchObject({ step: steps - 1 });
    await page.screenshot({ path: `${SHOTS}/embed-host-step.png` });

    // seek, play, pause
    expect((await call(page, 'seek', [1_000])).result).toMatchObject({ t: 1_000 });
    expect((await call(page, 'seek', ['1.5s'])).result!.t).toBe(1_500_000);
    expect((await call(page, 'seek', ['soon'])).error).toMatch(/not a time/);
    expect((await call(page, 'play')).result).toMatchObject({ playing: true });
    expect((await call(page, 'pause')).result).toMatchObject({ playing: false });

    // language and theme
    expect((await call(page, 'setLanguage', ['ja'])).result).toMatchObject({ lang: 'ja' });
    await frame.waitForFunction(() => document.documentElement.lang === 'ja');
    await frame.locator('[data-testid="tour-next"]', { hasText: '次' }).waitFor();
    expect((await call(page, 'setTheme', ['projector-dark'])).result).toMatchObject({ theme: 'projector-dark' });
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'projector-dark');
    expect((await call(page, 'setTheme', ['neon'])).error).toMatch(/not a theme/);
    await page.screenshot({ path: `${SHOTS}/embed-host-ja-projector.png` });

    // Presenter keys inside the iframe: PageDown to the last step, once more → ended + keypass.
    await call(page, 'goto', [steps - 1]);
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    const changed = (await events(page, 'stepchanged')).length;
    await frame.page().keyboard.press('PageDown');
    await frame.locator(`[data-testid="tour-panel"][data-step="${steps - 1}"]`).waitFor();
    await page.waitForFunction((n) => (window as unknown as { msgs: Msg[] }).msgs.filter((m) => m.data?.eventName === 'stepchanged').length > n, changed);
    expect(await events(page, 'ended')).toHaveLength(0);
    await frame.page().keyboard.press('PageDown');
    await page.waitForFunction(() => (window as unknown as { msgs: Msg[] }).msgs.some((m) => m.data?.eventName === 'ended'));
    const pass1 = await events(page, 'keypass');
    expect(pass1.map((m) => m.data.key)).toEqual(['PageDown']);
    expect((await events(page, 'ended'))[0]!.data.state).toMatchObject({ step: steps, steps });
    await frame.locator(`[data-testid="tour-panel"][data-step="${steps - 1}"]`).waitFor(); // still on the last step
    // B and . are the deck's (black screen): passed, not swallowed.
    await frame.page().keyboard.press('b');
    await frame.page().keyboard.press('.');
    // At the first step, "prev" goes to the deck too.
    await call(page, 'goto', [1]);
    await frame.page().keyboard.press('PageUp');
    await frame.page().keyboard.press('Shift+Space');
    await page.waitForFunction(() => (window as unknown as { msgs: Msg[] }).msgs.filter((m) => m.data?.eventName === 'keypass').length >= 5);
    expect((await events(page, 'keypass')).map((m) => m.data.key)).toEqual(['PageDown', 'b', '.', 'PageUp', ' ']);
    // Shift+Space on a middle step steps back.
    await call(page, 'goto', [3]);
    await frame.page().keyboard.press('Shift+Space');
    await frame.locator('[data-testid="tour-panel"][data-step="1"]').waitFor();

    // Every message the host got came from the app's origin, in the namespace.
    expect((await msgs(page)).every((m) => m.origin === new URL(inject('baseURL')).origin && m.data.namespace === 'kube-anatomy')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('ignores a host not on the allow-list, and malformed messages, with a console warning', async () => {
    // The embed allows hostA only; it is framed by hostB.
    const { page, frame, errors, warnings } = await openHost(hostB, `origins=${hostA.origin}`);
    await frame.locator('[data-testid="embed"]').waitFor({ timeout: 120_000 });
    await send(page, { namespace: 'kube-anatomy', method: 'PING', id: 1 });
    await send(page, { namespace: 'kube-anatomy', method: 'play', id: 2 });
    await page.waitForTimeout(1500);
    expect(await msgs(page)).toEqual([]); // no PONG, no callback, and `ready` went to hostA only
    expect(warnings.some((w) => w.includes(`ignored a message from ${hostB.origin}: not in origins=${hostA.origin}`))).toBe(true);
    expect(await frame.getByTestId('play').isVisible()).toBe(true); // still paused
    await page.close();

    // From the allowed host: junk is ignored with a warning naming why, and the embed still answers.
    const a = await openHost(hostA, `origins=${hostA.origin}`);
    await handshake(a.page);
    await send(a.page, '{not json');
    await send(a.page, { namespace: 'kube-anatomy', method: 'fly' });
    await send(a.page, { method: 'play' });
    await a.page.waitForTimeout(500);
    expect(a.warnings.some((w) => w.includes('a string that is not JSON'))).toBe(true);
    expect(a.warnings.some((w) => w.includes('unknown method "fly"'))).toBe(true);
    expect(a.warnings.some((w) => w.includes('namespace is missing'))).toBe(true);
    expect((await call(a.page, 'getState')).result).toMatchObject({ playing: false });
    expect([...errors, ...a.errors]).toEqual([]);
    await a.page.close();
  });

  it('shows the views and controls the URL names, and notes bad parameters without breaking', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 720 });
    const errors = collectPageErrors(page);
    await page.goto(appUrl('views=etcd,events,kubelet&controls=min&lang=fr&theme=projector-light'), { waitUntil: 'load' });
    const embed = page.getByTestId('embed');
    await embed.waitFor({ timeout: 120_000 });
    expect(await embed.getAttribute('data-views')).toBe('etcd,events');
    expect(await embed.getAttribute('data-controls')).toBe('min');
    expect(await page.locator('.ka-topology-wrap').count()).toBe(0);
    expect(await page.locator('.ka-dock').count()).toBe(1);
    expect(await page.getByTestId('play').isVisible()).toBe(true);
    expect(await page.locator('.ka-open-full').count()).toBe(0); // min: the player only
    const notes = page.getByTestId('embed-notes');
    expect(await notes.locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-param')))).toEqual(['lang', 'views']);
    expect(await notes.textContent()).toContain('lang=fr');
    await page.screenshot({ path: `${SHOTS}/embed-views-notes.png` });

    // The same URL shows the same frame: tour step and t from the URL, after a reload too.
    const url = appUrl(`tour=${TOUR}&step=3&t=2s&lang=ja&controls=none`);
    await page.goto('about:blank');
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('[data-testid="tour-panel"][data-step="2"]').waitFor({ timeout: 120_000 });
    expect(await page.locator('.ka-controls').count()).toBe(0);
    const frame1 = await page.evaluate(() => document.documentElement.lang);
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-testid="tour-panel"][data-step="2"]').waitFor({ timeout: 120_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(frame1);
    await page.screenshot({ path: `${SHOTS}/embed-tour-ja-none.png` });
    // A step out of range: a note, and step 1.
    await page.goto('about:blank');
    await page.goto(appUrl(`tour=${TOUR}&step=99`), { waitUntil: 'load' });
    await page.locator('[data-testid="tour-panel"][data-step="0"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('embed-notes').textContent()).toContain('step=99');
    expect(errors).toEqual([]);
    await page.close();
  });
});
