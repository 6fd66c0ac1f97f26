import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRepo } from '../../examples/decks/reveal/serve.mjs';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * The reveal.js deck of examples/decks/reveal (issue 7, part 4): the deck's own keys step the
 * embedded tour. The repository is served as a speaker would (the deck, node_modules/reveal.js,
 * the built app and player.js in dist/), the deck is opened in Chromium and driven with
 * PageDown/PageUp on the deck, then with the keys inside the iframe. The tour's step is read
 * from the embed itself (the narration's data-step, 0-based).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = '/tmp/ka-e2e-shots';

let browser: LaunchedBrowser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  if (!existsSync(`${ROOT}dist/player.js`)) throw new Error('dist/player.js is missing: run `npm run build` first (it builds the app and player.js)');
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
  server = await serveRepo({ root: ROOT });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const deckUrl = (suffix = '') => `${server.url}examples/decks/reveal/${suffix}`;
const panel = (page: Page) => page.frameLocator('#tour iframe').locator('[data-testid="tour-panel"]');
/** Waits until the embed shows tour step n (1-based). */
const embedAt = (page: Page, n: number) => page.frameLocator('#tour iframe').locator(`[data-testid="tour-panel"][data-step="${n - 1}"]`).waitFor({ timeout: 60_000 });
/** Waits until the deck's document, not an iframe, has the keyboard. */
const keysAtDeck = (page: Page) => page.waitForFunction(() => document.hasFocus() && !(document.activeElement instanceof HTMLIFrameElement), undefined, { timeout: 10_000 });
const slideId = (page: Page) => page.evaluate(() => (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide().id);
const hash = (page: Page) => page.evaluate(() => location.hash);
/** The plugin's view of the tour: how many steps the embed said, and the step the deck shows. */
const plugin = (page: Page) =>
  page.evaluate(() => {
    const t = (window as unknown as { Reveal: { getPlugin(id: string): { tours: { steps?: number; step: number }[] } } }).Reveal.getPlugin('kube-anatomy').tours[0]!;
    return { steps: t.steps, step: t.step, fragments: document.querySelectorAll('#tour .ka-step').length, shown: document.querySelectorAll('#tour .ka-step.visible').length };
  });

async function openDeck(suffix = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = collectPageErrors(page);
  await page.goto(deckUrl(suffix), { waitUntil: 'load' });
  await page.locator('html[data-deck-ready]').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Waits until the embed has said how many steps it has (the fragments exist then). */
async function tourReady(page: Page): Promise<number> {
  await page.waitForFunction(() => document.querySelectorAll('#tour .ka-step').length > 0, undefined, { timeout: 60_000 });
  return (await plugin(page)).steps!;
}

describe('reveal.js deck with an embedded tour', () => {
  it('steps the tour with PageDown, leaves the slide at its end, comes back with PageUp, and a reload keeps the step', async () => {
    const { page, errors } = await openDeck();
    expect(await slideId(page)).toBe('title');
    await page.keyboard.press('PageDown');
    expect(await slideId(page)).toBe('tour');
    await embedAt(page, 1);
    const steps = await tourReady(page);
    expect(steps).toBeGreaterThan(3);
    expect(await plugin(page)).toMatchObject({ fragments: steps - 1, shown: 0, step: 1 });
    expect(await page.frameLocator('#tour iframe').locator('html').getAttribute('lang')).toBe('en');

    // Each PageDown is the next tour step, on the deck (fragments, URL) and in the embed.
    for (let n = 2; n <= steps; n++) {
      await page.keyboard.press('PageDown');
      await embedAt(page, n);
      expect(await slideId(page)).toBe('tour');
      expect((await plugin(page)).shown).toBe(n - 1);
    }
    await page.waitForFunction((f) => location.hash === `#/tour/${f}`, steps - 2);
    await page.screenshot({ path: `${SHOTS}/decks-reveal-last-step.png` });

    // At the tour's end the deck moves on.
    await page.keyboard.press('PageDown');
    expect(await slideId(page)).toBe('after');
    expect(await page.locator('#after h2.en').isVisible()).toBe(true);

    // PageUp comes back to the tour's last step (reveal reloads the frame: it opens there), then steps back.
    await page.keyboard.press('PageUp');
    expect(await slideId(page)).toBe('tour');
    await embedAt(page, steps);
    expect(await page.frameLocator('#tour iframe').locator('body').evaluate(() => location.hash)).toContain(`step=${steps}`);
    await page.keyboard.press('PageUp');
    await embedAt(page, steps - 1);
    await page.keyboard.press('PageUp');
    await embedAt(page, steps - 2);
    await page.waitForFunction((f) => location.hash === `#/tour/${f}`, steps - 4);

    // A reload with the hash: the same step on the deck and in the embed, and the URL keeps it.
    await page.goto(deckUrl('#/tour/3'));
    await page.reload({ waitUntil: 'load' });
    await page.locator('html[data-deck-ready]').waitFor();
    expect(await slideId(page)).toBe('tour');
    await embedAt(page, 5);
    await page.waitForFunction(() => document.querySelectorAll('#tour .ka-step.visible').length === 4, undefined, { timeout: 30_000 });
    expect(await plugin(page)).toMatchObject({ step: 5, shown: 4 });
    await page.waitForFunction(() => location.hash === '#/tour/3');
    await page.keyboard.press('PageDown');
    await embedAt(page, 6);
    await page.screenshot({ path: `${SHOTS}/decks-reveal-tour.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('with focus inside the frame, the embed keys step the tour and the deck follows, moves on and pauses', async () => {
    const { page, errors } = await openDeck('#/tour');
    await embedAt(page, 1);
    const steps = await tourReady(page);
    const frame = page.frameLocator('#tour iframe');
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });

    // The embed's own PageDown: its step, and the deck's fragments and URL follow.
    await page.keyboard.press('PageDown');
    await embedAt(page, 2);
    await page.waitForFunction(() => document.querySelectorAll('#tour .ka-step.visible').length === 1);
    await page.waitForFunction(() => location.hash === '#/tour/0');
    await page.keyboard.press('ArrowRight');
    await embedAt(page, 3);
    await page.waitForFunction(() => location.hash === '#/tour/1');

    // B inside the frame: the deck's pause (black screen), passed on by the embed.
    await page.keyboard.press('b');
    await page.waitForFunction(() => (window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused());
    await page.keyboard.press('b'); // back in the deck's hands: reveal resumes
    await page.waitForFunction(() => !(window as unknown as { Reveal: { isPaused(): boolean } }).Reveal.isPaused());

    // Back to step 1 inside the frame, and once more: the deck goes to the previous slide.
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageUp');
    await embedAt(page, 2);
    await page.keyboard.press('PageUp');
    await embedAt(page, 1);
    await page.keyboard.press('PageUp');
    await page.waitForFunction(() => (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide().id === 'title');
    // The plugin hands the keys back to the deck (the frame of a slide left behind is unloaded:
    // a key sent there would be lost). Focus moves between frames asynchronously: wait for it.
    await keysAtDeck(page);

    // The last step inside the frame, then Next: `ended`, and the deck moves on.
    await page.keyboard.press('PageDown');
    await embedAt(page, 1);
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    await page.evaluate((n) => (window as unknown as { Reveal: { getPlugin(id: string): { tours: { client: { goto(n: number): Promise<unknown> } }[] } } }).Reveal.getPlugin('kube-anatomy').tours[0]!.client.goto(n), steps);
    await embedAt(page, steps);
    await page.waitForFunction((n) => document.querySelectorAll('#tour .ka-step.visible').length === n - 1, steps);
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => (window as unknown as { Reveal: { getCurrentSlide(): HTMLElement } }).Reveal.getCurrentSlide().id === 'after');
    // The keys are the deck's again: PageUp comes back to the tour.
    await keysAtDeck(page);
    await page.keyboard.press('PageUp');
    expect(await slideId(page)).toBe('tour');
    expect(await hash(page)).toMatch(/^#\/tour/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese with ?lang=ja, slides and tour', async () => {
    const { page, errors } = await openDeck('?lang=ja#/tour');
    await embedAt(page, 1);
    expect(await page.frameLocator('#tour iframe').locator('html').getAttribute('lang')).toBe('ja');
    await page.frameLocator('#tour iframe').locator('[data-testid="tour-next"]', { hasText: '次' }).waitFor();
    await tourReady(page);
    await page.keyboard.press('PageDown');
    await embedAt(page, 2);
    expect(await panel(page).textContent()).toMatch(/[ぁ-んァ-ン]/);
    await page.screenshot({ path: `${SHOTS}/decks-reveal-tour-ja.png` });
    await page.goto(deckUrl('?lang=ja#/title'));
    await page.reload({ waitUntil: 'load' });
    await page.locator('html[data-deck-ready]').waitFor();
    expect(await page.locator('#title h1.ja').isVisible()).toBe(true);
    expect(await page.locator('#title h1.en').isVisible()).toBe(false);
    await page.screenshot({ path: `${SHOTS}/decks-reveal-title-ja.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
