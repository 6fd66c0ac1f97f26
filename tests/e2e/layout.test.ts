import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * The shell at laptop and projector sizes (issue 6, items 1, 5, 6): at 1280×720 and 1024×768,
 * in English and Japanese, with the projector theme's large type, no app-bar control runs past
 * the window or over its neighbour; the "Open trace" menu opens a URL; three open dock panels
 * each keep a legible height (the dock scrolls); the scenario picker's titles follow the
 * language; `#/?trace=…&lang=ja` is Japanese. Screenshots go to tests/e2e/artifacts/.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
] as const;
const LANGS = ['en', 'ja'] as const;
/** The least height of an open dock panel, in px: its header and about five rows of its body. */
const PANEL_MIN_PX = 130;
const TRACE = 'traces/containerd-runc-pod.kanatomy.jsonl';

const browser = chromiumForFile(ARTIFACTS);

async function open(hash: string, size: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize(size);
  await page.goto(new URL(`./${hash}`, inject('baseURL')).href, { waitUntil: 'load' });
  await expect.poll(() => page.getByTestId('play').isEnabled().catch(() => false), { timeout: 90_000 }).toBe(true);
  return { page, errors };
}

/** Waits until the scenario picker shows titles (they arrive after the first frame). */
async function titlesIn(page: Page): Promise<void> {
  await expect.poll(() => page.locator('[data-testid=scenario-picker] option[value=hello-deployment]').textContent(), { timeout: 60_000 }).not.toBe('hello-deployment');
}

interface Box {
  what: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The app bar's visible items and their controls, with their boxes and any clipped text. */
async function appBarBoxes(page: Page): Promise<{ items: Box[]; controls: Box[]; barScroll: number; barWidth: number }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.ka-appbar') as HTMLElement;
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.className;
      return { what: `${el.tagName.toLowerCase()}[${id}] "${(el.textContent ?? '').trim().slice(0, 30)}"`, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden';
    };
    const items = [...bar.children].filter(shown).map(box);
    const controls = [...bar.querySelectorAll('button, select, input, a')].filter((el) => !el.closest('[role=group], [role=dialog], [role=menu]')).filter(shown).map(box);
    return { items, controls, barScroll: bar.scrollWidth, barWidth: bar.clientWidth };
  });
}

describe('the app bar at laptop and projector widths', () => {
  for (const size of SIZES) {
    for (const lang of LANGS) {
      it(`fits ${size.width}×${size.height} in ${lang} with projector-dark: no control past the edge or over another`, async () => {
        const { page, errors } = await open(`#/?lang=${lang}&theme=projector-dark`, size);
        await titlesIn(page);
        const { items, controls, barScroll, barWidth } = await appBarBoxes(page);
        expect(controls.length).toBeGreaterThan(5);
        for (const c of controls) {
          expect(c.left, `${c.what} starts left of the window`).toBeGreaterThanOrEqual(0);
          expect(c.right, `${c.what} ends past the window's right edge (${size.width})`).toBeLessThanOrEqual(size.width);
          expect(c.bottom, `${c.what} is below the bar`).toBeLessThanOrEqual(80);
        }
        // Items side by side, none over its neighbour (a shrinking item must not be overdrawn).
        const sorted = [...items].sort((a, b) => a.left - b.left);
        for (let i = 1; i < sorted.length; i++) {
          const a = sorted[i - 1] as Box;
          const b = sorted[i] as Box;
          expect(b.left, `${b.what} overlaps ${a.what}`).toBeGreaterThanOrEqual(a.right - 0.5);
        }
        expect(barScroll, 'the app bar scrolls sideways').toBeLessThanOrEqual(barWidth + 1);
        // The playback row too: the view tabs and the readout stay on screen.
        for (const id of ['play', 'speed', 'playhead']) {
          const b = await page.getByTestId(id).boundingBox();
          expect(b && b.x + b.width, `${id} past the right edge`).toBeLessThanOrEqual(size.width);
        }
        await page.screenshot({ path: `${ARTIFACTS}layout-appbar-${size.width}-${lang}.png` });
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it('opens a trace from the "Open trace" menu: files, folder and URL behind one button; Escape closes it', async () => {
    const { page, errors } = await open('#/?lang=ja&theme=projector-light', SIZES[1]);
    const button = page.getByTestId('replay-open');
    expect(await button.textContent()).toBe('トレースを開く');
    expect(await page.getByTestId('replay-url').count()).toBe(0);
    await button.click();
    const menu = page.getByTestId('replay-menu');
    await menu.waitFor({ state: 'visible' });
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    // The panel stays inside the window (it hangs from a button near the right edge).
    const box = await menu.boundingBox();
    expect(box && box.x).toBeGreaterThanOrEqual(0);
    expect(box && box.x + box.width).toBeLessThanOrEqual(SIZES[1].width);
    expect(await page.getByTestId('replay-open-files').isVisible()).toBe(true);
    expect(await page.getByTestId('replay-open-folder').isVisible()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}layout-open-trace-ja.png` });
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    // A URL typed in the panel opens the replay; the URL is the app's own sample trace.
    await button.click();
    await page.getByTestId('replay-url').fill(new URL(TRACE, inject('baseURL')).href);
    await page.getByTestId('replay-open-url').click();
    await page.getByTestId('replay-banner').waitFor({ state: 'visible', timeout: 90_000 });
    expect(Number(await page.getByTestId('replay-banner').getAttribute('data-events'))).toBeGreaterThan(100);
    expect(await page.getByTestId('replay-menu').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('folds language and theme into one button below 1400 px; the switches inside still work', async () => {
    const { page, errors } = await open('#/?lang=ja&theme=projector-dark', SIZES[0]);
    await titlesIn(page);
    const picker = page.locator('[data-testid=scenario-picker] option[value=hello-deployment]');
    // The titles are the session's language: the `# ja:` line of the example.
    expect(await picker.textContent()).toBe('Kubernetes の内部の「hello world」');
    expect(await page.getByTestId('lang-switch').count()).toBe(0);
    await page.getByTestId('settings-menu').click();
    await page.getByTestId('lang-switch').selectOption('en');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(() => picker.textContent()).toBe('The "hello world" of Kubernetes internals');
    await page.getByTestId('theme-switch').selectOption('projector-light');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(window.location.hash.replace(/^#\/?\??/, '')).get('theme'))).toBe('projector-light');
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-panel').waitFor({ state: 'detached' });
    // Wide enough, they are inline again.
    await page.setViewportSize({ width: 1600, height: 900 });
    await page.getByTestId('lang-switch').waitFor({ state: 'visible' });
    expect(await page.getByTestId('settings-menu').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the side dock at 720 px tall', () => {
  for (const lang of LANGS) {
    it(`keeps each of the three open panels at least ${PANEL_MIN_PX} px tall in ${lang}, the dock scrolling`, async () => {
      const { page, errors } = await open(`#/?lang=${lang}&theme=projector-dark&t=30s`, SIZES[0]);
      // At 1280 px the panels start as a rail: open all three.
      for (const id of ['etcd-panel', 'scheduler-panel', 'node-panel']) {
        const toggle = page.locator(`[data-testid=${id}] .ka-dock-toggle`);
        if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
        await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      }
      for (const id of ['etcd-panel', 'scheduler-panel', 'node-panel']) {
        const b = await page.getByTestId(id).boundingBox();
        expect(b?.height ?? 0, `${id} height`).toBeGreaterThanOrEqual(PANEL_MIN_PX);
        // Its body shows something, not only the header.
        const body = await page.locator(`[data-testid=${id}] .ka-panel-body`).first().boundingBox();
        expect(body?.height ?? 0, `${id} body height`).toBeGreaterThanOrEqual(60);
      }
      const scroll = page.getByTestId('dock-scroll');
      const { scrollHeight, clientHeight } = await scroll.evaluate((el) => ({ scrollHeight: el.scrollHeight, clientHeight: el.clientHeight }));
      // Three panels do not fit in the projector theme at 720 px: the dock scrolls to the last one.
      expect(scrollHeight).toBeGreaterThan(clientHeight);
      await scroll.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      const node = await page.getByTestId('node-panel').boundingBox();
      const dock = await page.getByTestId('panel-dock').boundingBox();
      expect(node && dock && node.y + node.height).toBeLessThanOrEqual((dock?.y ?? 0) + (dock?.height ?? 0) + 1);
      // No header text runs past its panel.
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('.ka-dock .ka-panel-header')].filter((h) => h.scrollWidth > h.clientWidth + 1).map((h) => h.textContent),
      );
      expect(clipped).toEqual([]);
      await page.screenshot({ path: `${ARTIFACTS}layout-dock-${lang}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }
});

describe('a replay from the URL', () => {
  it('#/?trace=<url>&lang=ja shows the replay in Japanese', async () => {
    const { page, errors } = await open(`#/?trace=${encodeURIComponent(TRACE)}&lang=ja&theme=projector-dark`, SIZES[0]);
    const banner = page.getByTestId('replay-banner');
    await banner.waitFor({ state: 'visible', timeout: 90_000 });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await banner.textContent()).toContain('の再生');
    expect(await page.getByTestId('replay-open').textContent()).toBe('トレースを開く');
    // The comparison bar above the views fits the window too.
    const bar = await page.getByTestId('compare-bar').boundingBox();
    expect(bar && bar.x + bar.width).toBeLessThanOrEqual(SIZES[0].width);
    await page.screenshot({ path: `${ARTIFACTS}layout-replay-ja.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
