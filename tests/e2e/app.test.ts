import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * The app in a real browser, as a person uses it: open it, press play, watch the default
 * scenario (a Deployment `web` of 3 nginx replicas) until its three Pods run. The UI's test
 * hooks are data-testid attributes (CONTRIBUTING.md, "End-to-end tests").
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
/** How long the default scenario may take to reach three Running Pods, playing at normal speed. */
const RUNNING_TIMEOUT_MS = 90_000;
/** A pod name of a Deployment: `<deployment>-<pod-template-hash>-<5 chars>`, in apimachinery's alphabet. */
const DEPLOYMENT_POD_NAME = /^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/;
const RUNNING_PODS = '[data-testid="pod-card"][data-phase="Running"]';

const browser = chromiumForFile(ARTIFACTS);

/** Opens `path` (relative to the served app) and waits until the player's controls are there. */
async function openApp(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(path, inject('baseURL')).href, { waitUntil: 'load' });
  // The app is ready when it can be played: the scenario has run and the trace is loaded.
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  return { page, errors };
}

/** Presses play and waits until exactly the three Pods of `web` are Running; returns their names. */
async function playUntilThreePodsRun(page: Page): Promise<string[]> {
  await page.getByTestId('play').click();
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 3, RUNNING_PODS, {
    timeout: RUNNING_TIMEOUT_MS,
    polling: 250,
  });
  return page.locator(RUNNING_PODS).evaluateAll((els) => els.map((el) => el.getAttribute('data-pod') ?? ''));
}

describe('the app in Chromium', () => {
  it('plays the default scenario until three Pods are Running, without console errors', async () => {
    const { page, errors } = await openApp('./');
    const pods = await playUntilThreePodsRun(page);

    expect(pods).toHaveLength(3);
    expect(new Set(pods).size).toBe(3);
    for (const name of pods) expect(name).toMatch(DEPLOYMENT_POD_NAME);

    await page.screenshot({ path: `${ARTIFACTS}hello-running.png`, fullPage: false });
    // The README's picture is this screenshot; refresh it on purpose, not on every run.
    if (process.env.E2E_UPDATE_SCREENSHOT === '1') copyFileSync(`${ARTIFACTS}hello-running.png`, `${ROOT}docs/screenshot.png`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese with ?lang=ja, in the projector-dark theme', async () => {
    const { page, errors } = await openApp('./?lang=ja&theme=projector-dark');

    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    // The play button's label (i18n key controls.play) in Japanese, as text or accessible name.
    const play = page.getByTestId('play');
    const label = `${(await play.textContent()) ?? ''} ${(await play.getAttribute('aria-label')) ?? ''} ${(await play.getAttribute('title')) ?? ''}`;
    expect(label).toContain('再生');
    expect(await page.locator('[data-theme="projector-dark"]').count()).toBeGreaterThan(0);

    const pods = await playUntilThreePodsRun(page);
    expect(pods).toHaveLength(3);
    await page.screenshot({ path: `${ARTIFACTS}ja-projector-dark.png`, fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });
});
