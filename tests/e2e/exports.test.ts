import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readWebmDuration } from '../../src/ui/export/webmDuration.ts';
import { inspectWebm } from '../../src/ui/export/webmInspect.ts';
import { parseTour } from '../../src/ui/tour/parse.ts';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * Exports (issue 7, item 7), in the built app: the Export menu's PNG and SVG downloads are
 * images of the chosen projector size (PNG IHDR; SVG width/height/viewBox, and it renders alone
 * as an <img>, with the tour step's caption in it); the WebM of a range of tour steps, made
 * after them in the same page (as CI runs it), is a VP9/VP8 file of the chosen size whose
 * Duration and frames are the step range at 20 fps, and a <video> plays it; the GIF has its
 * header and size; the print page has one page per tour step (counted in the PDF Chromium
 * prints from it). The panel's code is fetched only when the menu is first used.
 */

const ROOT = new URL('../../', import.meta.url);
const TOUR = 'how-a-pod-comes-to-be';
const tour = parseTour(readFileSync(new URL(`examples/tours/${TOUR}.tour.yaml`, ROOT), 'utf8'), `examples/tours/${TOUR}.tour.yaml`);

let browser: LaunchedBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  await page.goto(new URL(`/#/?tour=${TOUR}&step=3`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('tour-step-title').waitFor({ state: 'visible', timeout: 60_000 });
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Opens the menu (if shut), sets the form, exports and returns the downloaded file's bytes. An
 * export that fails says so in its status at once: that fails the test with the status text,
 * rather than leaving it to wait for a download that will never come.
 */
async function exportFile(format: string, size: string, setup?: () => Promise<void>): Promise<{ bytes: Buffer; name: string; seconds: number }> {
  if (!(await page.getByTestId('export-panel').isVisible().catch(() => false))) await page.getByTestId('export-button').click();
  await page.getByTestId('export-format').selectOption(format);
  await page.getByTestId('export-size').selectOption(size);
  await setup?.();
  const t0 = Date.now();
  const failed = page
    .locator('[data-testid="export-status"][data-state="error"]')
    .waitFor({ timeout: 150_000 })
    .then(async () => {
      throw new Error(`the ${format} export failed: ${await page.getByTestId('export-status').textContent()}`);
    });
  const [download] = await Promise.all([Promise.race([page.waitForEvent('download', { timeout: 150_000 }), failed]), page.getByTestId('export-go').click()]);
  failed.catch(() => undefined);
  const path = await download.path();
  await expect.poll(() => page.getByTestId('export-status').getAttribute('data-state')).toBe('done');
  return { bytes: readFileSync(path), name: download.suggestedFilename(), seconds: (Date.now() - t0) / 1000 };
}

const pngSize = (b: Buffer) => ({ sig: b.subarray(0, 8).toString('hex'), chunk: b.subarray(12, 16).toString('ascii'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe('exports', () => {
  it('PNG of the current frame at 1280×720 (the panel fetched on first use)', async () => {
    const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').some((r) => /ExportPanel/.test(r.name)));
    expect(await fetched()).toBe(false);
    const { bytes, name } = await exportFile('png', '1280x720');
    expect(await fetched()).toBe(true);
    expect(name).toBe('hello-deployment-step-3-1280x720.png');
    expect(pngSize(bytes)).toEqual({ sig: '89504e470d0a1a0a', chunk: 'IHDR', width: 1280, height: 720 });
    expect(bytes.length).toBeGreaterThan(10_000);
  });

  it('SVG at 1920×1080, with the step caption, rendering alone', async () => {
    const { bytes } = await exportFile('svg', '1920x1080', async () => {
      await page.getByTestId('export-caption').check();
    });
    const svg = bytes.toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1920" height="1080" viewBox="0 0 1920 1080"/);
    expect(svg).toContain(tour.steps[2]!.title.en.replace(/&/g, '&amp;'));
    // The theme's colours are resolved: no CSS variable or class is left for a page stylesheet.
    expect(svg).not.toContain('var(--');
    expect(svg).not.toContain('class=');
    expect(svg).toMatch(/font-family:[^;]*\w/);
    const drawn = await page.evaluate(async (text) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    }, svg);
    expect(drawn).toEqual({ w: 1920, h: 1080 });
  });

  // Steps 1–4 of the tour: the range from the trace's start to step 4's playhead, played at 1×.
  // Frames carry their own timestamps (WebCodecs), so the file's timing is exact however loaded
  // the machine is; only the time it takes to make varies.
  it('WebM of tour steps 1–4 at 1280×720, after the PNG and SVG in the same page', async () => {
    let announced = 0;
    const { bytes, name, seconds } = await exportFile('webm', '1280x720', async () => {
      await page.getByTestId('export-range-steps').check();
      await page.getByTestId('export-from-step').selectOption('1');
      await page.getByTestId('export-to-step').selectOption('4');
      announced = Number(await page.getByTestId('export-duration').getAttribute('data-ms'));
    });
    const fps = 20;
    const frames = Math.round((announced * fps) / 1000);
    console.log(`webm: ${frames} frames in ${seconds.toFixed(1)} s (${((seconds / frames) * 1000).toFixed(0)} ms a frame), ${bytes.length} bytes`);
    expect(name).toBe('hello-deployment-steps-1-4-1280x720.webm');
    expect(frames).toBeGreaterThan(10);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    expect(bytes.length).toBeGreaterThan(5000);
    const file = inspectWebm(bytes);
    expect(file.codecId).toMatch(/^V_VP[89]$/);
    expect({ width: file.width, height: file.height }).toEqual({ width: 1280, height: 720 });
    expect(readWebmDuration(bytes)).toBe(announced);
    expect(file.frames).toBe(frames);
    expect(file.lastFrameMs).toBe(announced - 1000 / fps);
    expect(file.keyFrames).toBeGreaterThanOrEqual(1);
    const meta = await page.evaluate(async (b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const video = document.createElement('video');
      video.muted = true;
      video.src = URL.createObjectURL(new Blob([data], { type: 'video/webm' }));
      await new Promise((resolve, reject) => {
        video.onloadeddata = resolve;
        video.onerror = () => reject(new Error(`the video did not load: ${video.error?.message ?? ''}`));
      });
      // The last frame decodes too (the Cues let the player seek there), and it is a picture, not a blank.
      video.currentTime = video.duration - 0.01;
      await new Promise((resolve) => (video.onseeked = resolve));
      const canvas = document.createElement('canvas');
      canvas.width = 160;
      canvas.height = 90;
      const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D;
      // The decoded frame may reach the element a little after 'seeked' on a loaded machine: look a few times.
      let colours = 0;
      for (let tries = 0; tries < 50 && colours <= 8; tries++) {
        ctx.drawImage(video, 0, 0, 160, 90);
        const px = ctx.getImageData(0, 0, 160, 90).data;
        const seen = new Set<number>();
        for (let i = 0; i < px.length; i += 4) seen.add(((px[i] as number) >> 4) * 256 + ((px[i + 1] as number) >> 4) * 16 + ((px[i + 2] as number) >> 4));
        colours = seen.size;
        if (colours <= 8) await new Promise((r) => setTimeout(r, 100));
      }
      return { duration: video.duration, width: video.videoWidth, height: video.videoHeight, colours };
    }, bytes.toString('base64'));
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 1280, height: 720 });
    expect(Math.abs(meta.duration * 1000 - announced)).toBeLessThanOrEqual(1000 / fps);
    expect(meta.colours).toBeGreaterThan(8);
  });

  it('GIF of a short time range at 1280×720', async () => {
    const { bytes } = await exportFile('gif', '1280x720', async () => {
      await page.getByTestId('export-range-time').check();
      await page.getByTestId('export-from').fill('0s');
      await page.getByTestId('export-to').fill('20ms');
    });
    expect(bytes.subarray(0, 6).toString('ascii')).toBe('GIF89a');
    expect({ w: bytes.readUInt16LE(6), h: bytes.readUInt16LE(8) }).toEqual({ w: 1280, h: 720 });
    expect(bytes.length).toBeGreaterThan(5_000);
  });

  // A background tab gets no animation frames and its timers fire at most once a second: an
  // export paced by either would hang or crawl there. The page is made to behave so (rAF never
  // calls back, setTimeout waits at least 1 s) and a WebM must still come, at the same pace.
  it('WebM in a page without animation frames and with timers throttled to 1 s', async () => {
    const p = await browser.context.newPage();
    const pageErrors = collectPageErrors(p);
    try {
      await p.goto(new URL(`/#/?tour=${TOUR}&step=2`, inject('baseURL')).href, { waitUntil: 'load' });
      await p.getByTestId('tour-step-title').waitFor({ state: 'visible', timeout: 60_000 });
      await p.getByTestId('export-button').click();
      await p.getByTestId('export-format').selectOption('webm');
      await p.getByTestId('export-size').selectOption('1280x720');
      await p.getByTestId('export-from-step').selectOption('1');
      await p.getByTestId('export-to-step').selectOption('2');
      const announced = Number(await p.getByTestId('export-duration').getAttribute('data-ms'));
      await p.evaluate(() => {
        window.requestAnimationFrame = () => 0;
        const original = window.setTimeout.bind(window);
        window.setTimeout = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => original(fn, Math.max(1000, ms ?? 0), ...args)) as typeof window.setTimeout;
      });
      const t0 = Date.now();
      const [download] = await Promise.all([p.waitForEvent('download', { timeout: 120_000 }), p.getByTestId('export-go').click()]);
      const frames = Math.round((announced * 20) / 1000);
      const seconds = (Date.now() - t0) / 1000;
      console.log(`webm, throttled page: ${frames} frames in ${seconds.toFixed(1)} s`);
      // Paced by a 1 s timer per frame it would take at least `frames` seconds.
      expect(seconds).toBeLessThan(Math.max(frames, 2));
      const bytes = readFileSync(await download.path());
      expect(inspectWebm(bytes)).toMatchObject({ width: 1280, height: 720, frames, durationMs: announced });
      expect(pageErrors).toEqual([]);
    } finally {
      await p.close();
    }
  });

  it('names a bad time and does not export', async () => {
    await page.getByTestId('export-format').selectOption('gif');
    await page.getByTestId('export-range-time').check();
    await page.getByTestId('export-to').fill('soon');
    await expect.poll(() => page.getByTestId('export-range-error').textContent()).toContain('"soon"');
    expect(await page.getByTestId('export-go').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('the print page puts each step on its own page', async () => {
    const p = await browser.context.newPage();
    const pageErrors = collectPageErrors(p);
    await p.goto(new URL(`/#/print?tour=${TOUR}&lang=ja`, inject('baseURL')).href, { waitUntil: 'load' });
    await p.locator('[data-testid="print-tour"][data-ready="true"]').waitFor({ timeout: 120_000 });
    expect(await p.getByTestId('print-page').count()).toBe(tour.steps.length);
    expect(await p.getByTestId('print-picture').count()).toBe(tour.steps.length);
    expect(await p.getByTestId('print-page').first().locator('h2').textContent()).toBe(tour.steps[0]!.title.ja);
    const sizes = await p.getByTestId('print-picture').evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((i) => i.naturalWidth));
    expect(sizes.every((w) => w === 1600)).toBe(true);
    const pdf = await p.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    expect(pages).toBe(tour.steps.length);
    expect(pageErrors).toEqual([]);
    await p.close();
  });
});
