import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * Offline (issue 7): the single-file build (`npm run build:single`, dist-single/kube-anatomy.html)
 * opened from file:// with the network off (context offline and every http(s) request aborted)
 * plays a tour to its end with the simulation in a real Web Worker, and imports a recorded trace
 * (the import worker); the hosted build (dist/), visited once, works again offline after a reload
 * (service worker). No console errors.
 */

const SINGLE = fileURLToPath(new URL('../../dist-single/kube-anatomy.html', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../../public/traces/containerd-runc-pod.kanatomy.jsonl', import.meta.url));
const TOUR = 'how-a-pod-comes-to-be';

let browser: LaunchedBrowser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Records every Worker the page starts and whether it answered or failed (the sources fall back
 *  to the page's thread silently when a worker fails, so only this shows which one ran). */
async function watchWorkers(page: Page): Promise<void> {
  await page.addInitScript(`(() => {
    const W = window.Worker;
    window.__kaWorkers = [];
    window.Worker = class extends W {
      constructor(url, opts) {
        super(url, opts);
        const rec = { scheme: String(url).split(':')[0], error: false, message: false };
        window.__kaWorkers.push(rec);
        this.addEventListener('error', () => { rec.error = true; });
        this.addEventListener('message', () => { rec.message = true; });
      }
    };
  })()`);
}

type WorkerRecord = { scheme: string; error: boolean; message: boolean };
const workers = (page: Page): Promise<WorkerRecord[]> => page.evaluate('window.__kaWorkers') as Promise<WorkerRecord[]>;

async function playTourToEnd(page: Page): Promise<number> {
  const panel = page.getByTestId('tour-panel');
  await panel.waitFor({ state: 'visible', timeout: 90_000 });
  let steps = 0;
  let lastPlayhead = await page.getByTestId('playhead').textContent();
  let moved = 0;
  while ((await panel.getAttribute('data-phase')) !== 'ended') {
    expect(steps, 'the tour never ended').toBeLessThan(60);
    const before = await panel.getAttribute('data-step');
    await page.getByTestId('tour-next').click();
    await expect.poll(async () => (await panel.getAttribute('data-phase')) === 'ended' || (await panel.getAttribute('data-step')) !== before).toBe(true);
    const playhead = await page.getByTestId('playhead').textContent();
    if (playhead !== lastPlayhead) moved++;
    lastPlayhead = playhead;
    steps++;
  }
  // Each step moves the playhead to its event: most steps change the readout.
  expect(moved).toBeGreaterThan(steps / 2);
  return steps;
}

describe('offline', () => {
  it('the single file plays a tour from file:// with no network, workers included', async () => {
    expect(existsSync(SINGLE), `${SINGLE} is missing: run \`npm run build:single\` first`).toBe(true);
    const html = readFileSync(SINGLE, 'utf8');
    // Self-contained: no script, style sheet or module that points at another file.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel="(stylesheet|modulepreload|manifest)"/);
    expect(html).not.toContain('./assets/');

    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    const requested: string[] = [];
    await page.route(/^https?:/, (route) => {
      requested.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await browser.context.setOffline(true);
    try {
      await watchWorkers(page);
      await page.goto(`${pathToFileURL(SINGLE).href}#/?tour=${TOUR}&lang=ja`, { waitUntil: 'load' });
      const steps = await playTourToEnd(page);
      expect(steps).toBeGreaterThan(5);
      expect(await page.getByTestId('tour-panel').getAttribute('data-tour')).toBe(TOUR);
      // The scenario ran in a Web Worker started from an inline (blob:) script, not on the page's thread.
      const started = await workers(page);
      expect(started.length).toBeGreaterThan(0);
      expect(started.every((w) => w.message && !w.error), JSON.stringify(started)).toBe(true);

      // A recorded trace, dropped on the page, goes through the import worker.
      await page.evaluate(
        ([name, text]) => {
          const dt = new DataTransfer();
          dt.items.add(new File([text], name, { type: 'text/plain' }));
          const zone = document.querySelector('[data-testid="replay-dropzone"]');
          if (!zone) throw new Error('no drop zone');
          for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
        },
        ['containerd-runc-pod.kanatomy.jsonl', readFileSync(SAMPLE, 'utf8')] as const,
      );
      await page.getByTestId('replay-banner').waitFor({ state: 'visible', timeout: 60_000 });
      const after = await workers(page);
      expect(after.length).toBeGreaterThan(started.length);
      expect(after.every((w) => w.message && !w.error), JSON.stringify(after)).toBe(true);
      await page.screenshot({ path: '/tmp/ka-e2e-offline-single.png' });
      expect(requested).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });

  it('the hosted build works offline after one visit (service worker)', async () => {
    const base = inject('baseURL');
    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    try {
      await page.goto(new URL('./', base).href, { waitUntil: 'load' });
      await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
      // Installed and controlling this page: every file of the build is in the cache by then.
      await page.waitForFunction('navigator.serviceWorker && navigator.serviceWorker.controller !== null', undefined, { timeout: 60_000 });
      const cached = (await page.evaluate(`(async () => {
        const keys = await caches.keys();
        const cache = await caches.open(keys.find((k) => k.startsWith('kube-anatomy-')));
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      })()`)) as string[];
      expect(cached.some((p) => /\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
      expect(cached.some((p) => p.endsWith('/sw.js'))).toBe(false);

      await browser.context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
      // A tour never opened online: its chunks and its scenario come from the precache too.
      await page.goto(new URL(`./#/?tour=${TOUR}`, base).href, { waitUntil: 'load' });
      await page.reload({ waitUntil: 'load' });
      await page.getByTestId('tour-panel').waitFor({ state: 'visible', timeout: 60_000 });
      expect(await page.getByTestId('tour-panel').getAttribute('data-tour')).toBe(TOUR);
      await page.screenshot({ path: '/tmp/ka-e2e-offline-hosted.png' });
      expect(errors).toEqual([]);
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });
});
