import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * Any example by URL in the built app (`#/?scenario=<name>`, `?scenario=<name>`), the app bar's
 * scenario picker (keyboard and mouse, the URL following it), and the page for an unknown name
 * (the known ones as links, in en and ja). Screenshots of the app bar with the picker in both
 * languages and both projector themes go to tests/e2e/artifacts/.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const NAMES = readdirSync(fileURLToPath(new URL('../../examples/', import.meta.url)))
  .filter((f) => f.endsWith('.scenario.yaml'))
  .map((f) => f.replace(/\.scenario\.yaml$/, ''));

const browser = chromiumForFile(ARTIFACTS);

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(new URL(path, inject('baseURL')).href, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits until the scenario on screen is `name` and the player can play it. */
async function showing(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.getByTestId('scenario-file').textContent().catch(() => null), { timeout: 90_000 }).toBe(`${name}.scenario.yaml`);
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 90_000 }).toBe(true);
}

const hashParam = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(window.location.hash.replace(/^#\/?\??/, '')).get(k), key);

describe('a scenario by URL and the scenario picker', () => {
  it('opens the example the hash names, and the query form too', async () => {
    const { page, errors } = await open('./#/?scenario=crashloop&lang=en');
    await showing(page, 'crashloop');
    await page.goto(new URL('./?scenario=drain', inject('baseURL')).href, { waitUntil: 'load' });
    await showing(page, 'drain');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists every example by title; switching (keyboard, then mouse) loads it and rewrites the URL', async () => {
    const { page, errors } = await open('./#/?scenario=crashloop&lang=en&theme=projector-light&t=2s');
    await showing(page, 'crashloop');
    const picker = page.getByTestId('scenario-picker');
    expect(await picker.inputValue()).toBe('crashloop');
    const options = picker.locator('option');
    expect(await options.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value).sort())).toEqual([...NAMES].sort());
    // The titles (first comment lines) arrive after the first scenario: then no option shows a bare file name.
    await expect.poll(() => options.evaluateAll((els) => els.filter((e) => e.textContent === (e as HTMLOptionElement).value).length), { timeout: 30_000 }).toBe(0);
    expect(await picker.locator('option[value="hello-deployment"]').textContent()).toBe('The "hello world" of Kubernetes internals');

    for (const [lang, theme] of [
      ['en', 'projector-light'],
      ['en', 'projector-dark'],
      ['ja', 'projector-light'],
      ['ja', 'projector-dark'],
    ] as const) {
      await page.getByTestId('lang-switch').selectOption(lang);
      await page.getByTestId('theme-switch').selectOption(theme);
      await expect.poll(() => page.evaluate(() => `${document.documentElement.lang} ${document.documentElement.dataset['theme'] ?? ''}`)).toBe(`${lang} ${theme}`);
      expect(await picker.getAttribute('aria-label')).toBe(lang === 'ja' ? 'シナリオを開く' : 'Open a scenario');
      await page.locator('header.ka-appbar').screenshot({ path: `${ARTIFACTS}appbar-picker-${lang}-${theme}.png` });
    }

    // Keyboard: Tab reaches the picker from the page, ArrowDown picks the next example.
    await page.locator('body').focus();
    for (let i = 0; i < 10 && !(await picker.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await picker.evaluate((el) => el === document.activeElement)).toBe(true);
    const sorted = await options.evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    const next = sorted[sorted.indexOf('crashloop') + 1] ?? '';
    await page.keyboard.press('ArrowDown');
    await showing(page, next);
    expect(await hashParam(page, 'scenario')).toBe(next);
    // The old scenario's playhead does not carry over; language and theme do.
    expect(await hashParam(page, 't')).toBeNull();
    expect(await hashParam(page, 'lang')).toBe('ja');
    expect(await page.getByTestId('playhead').textContent()).toMatch(/^0s/);

    await page.getByTestId('scenario-picker').selectOption('drain');
    await showing(page, 'drain');
    expect(await hashParam(page, 'scenario')).toBe('drain');
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('projector-dark');
    // The URL now opens the same thing after a reload.
    await page.reload({ waitUntil: 'load' });
    await showing(page, 'drain');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so for an unknown name, in en and ja, and links every known example', async () => {
    const { page, errors } = await open('./#/?scenario=no-such-thing&lang=en');
    const box = page.getByTestId('unknown-scenario');
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await box.textContent()).toContain('There is no scenario named "no-such-thing".');
    const links = box.locator('a');
    expect((await links.allTextContents()).sort()).toEqual([...NAMES].sort());
    await page.screenshot({ path: `${ARTIFACTS}unknown-scenario-en.png` });

    await page.goto(new URL('./#/?scenario=no-such-thing&lang=ja&theme=projector-dark', inject('baseURL')).href, { waitUntil: 'load' });
    await page.reload({ waitUntil: 'load' });
    await box.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await box.textContent()).toContain('「no-such-thing」という名前のシナリオはありません。');
    expect(await box.textContent()).toContain('開けるシナリオ:');
    await page.screenshot({ path: `${ARTIFACTS}unknown-scenario-ja-projector-dark.png` });

    // A link opens that example in place, keeping the other parameters.
    await box.locator('a', { hasText: /^crashloop$/ }).click();
    await showing(page, 'crashloop');
    expect(await hashParam(page, 'lang')).toBe('ja');
    expect(errors).toEqual([]);
    await page.close();
  });
});
