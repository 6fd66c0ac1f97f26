import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * Forking the run from the console (issue 6): pause hello-deployment mid-way (the Deployment
 * `web` applied at 1 s, its 3 Pods still starting at 3 s), type `kubectl scale
 * deployment/web --replicas=5` in the Console tab, and the recomputed branch ends with 5 Running
 * Pods; the branch switcher goes back to branch 0, the scenario as written, with its 3.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const POD_CARDS = '[data-testid="pod-card"]';
const RUNNING_PODS = '[data-testid="pod-card"][data-phase="Running"]';
const SCALE = 'kubectl scale deployment/web --replicas=5';

const browser = chromiumForFile(ARTIFACTS);

async function openPaused(lang: 'en' | 'ja', at = '3s'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./#/?scenario=hello-deployment&t=${at}&lang=${lang}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  return { page, errors };
}

/** Plays on at the fastest speed (when not at the end already). */
async function playOn(page: Page): Promise<void> {
  await page.getByTestId('speed').selectOption('8');
  const play = page.getByTestId('play');
  if (await play.isVisible()) await play.click();
}

describe('the console forks the run at the playhead', () => {
  for (const lang of ['en', 'ja'] as const) {
    it(`scales web to 5 in a new branch and goes back to branch 0 (${lang})`, async () => {
      const { page, errors } = await openPaused(lang);
      await page.getByTestId('tab-console').click();
      const input = page.getByTestId('console-input');
      await input.click();
      // The scenario's own command is in the transcript already: the playhead is past 1 s.
      await expect.poll(() => page.getByTestId('console').textContent()).toContain('$ kubectl apply -f -');
      // Space typed here is text for the prompt, not the presenter's play key.
      await input.pressSequentially(SCALE);
      expect(await page.getByTestId('play').isVisible()).toBe(true);
      await input.press('Enter');

      const switcher = page.getByTestId('branch-switcher');
      await switcher.waitFor({ state: 'visible', timeout: 60_000 });
      expect(await switcher.inputValue()).toBe('1');
      expect(await switcher.locator('option:checked').textContent()).toContain(SCALE);
      await expect.poll(() => page.getByTestId('console').textContent(), { timeout: 30_000 }).toContain('deployment.apps/web scaled');
      await page.screenshot({ path: `${ARTIFACTS}console-fork-${lang}.png` });

      await playOn(page);
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 5, RUNNING_PODS, { timeout: 60_000, polling: 250 });
      expect(await page.locator(POD_CARDS).count()).toBe(5);

      await switcher.selectOption('0');
      await playOn(page);
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, RUNNING_PODS, { timeout: 60_000, polling: 250 });
      expect(await page.locator(POD_CARDS).count()).toBe(3);
      // Branch 1 is still there to go back to.
      expect(await switcher.locator('option').count()).toBe(2);
      await page.screenshot({ path: `${ARTIFACTS}console-branch0-${lang}.png` });
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('reports an unknown fault type in the transcript, listing the known ones', async () => {
    const { page } = await openPaused('en');
    await page.getByTestId('tab-console').click();
    await page.getByTestId('console-input').fill('fault meteor');
    await page.getByTestId('console-input').press('Enter');
    await expect.poll(() => page.getByTestId('console-error').first().textContent()).toMatch(/unknown fault type "meteor" \(known: .*node-down/);
    await page.close();
  });

  for (const lang of ['en', 'ja'] as const) {
    it(`injects a fault typed with Tab completion; the branch chip goes back from the Timeline tab (${lang})`, async () => {
      // At 7 s the three Pods of web run (one on node-1): a container of it can be killed.
      const { page, errors } = await openPaused(lang, '7s');
      await page.getByTestId('tab-console').click();
      const input = page.getByTestId('console-input');
      await input.click();
      await input.pressSequentially('fault container-k');
      await input.press('Tab');
      expect(await input.inputValue()).toBe('fault container-kill ');
      await input.pressSequentially('node=node-1 po');
      await input.press('Tab');
      expect(await input.inputValue()).toBe('fault container-kill node=node-1 pod=');
      // Only one Pod runs on node-1: Tab names it.
      await input.press('Tab');
      const line = await input.inputValue();
      expect(line).toMatch(/^fault container-kill node=node-1 pod=web-[0-9a-f]+-[0-9a-z]{5} $/);
      await input.press('Enter');

      const chip = page.getByTestId('branch-chip');
      await chip.waitFor({ state: 'visible', timeout: 60_000 });
      await expect.poll(() => chip.getAttribute('data-branch')).toBe('1');
      expect(await page.getByTestId('branch-switcher').locator('option:checked').textContent()).toContain('fault container-kill node=node-1 pod=web-');
      // The container's init died of SIGKILL from the host: exit status 137 in the branch's future.
      await page.getByTestId('tab-timeline').click();
      expect(await chip.isVisible()).toBe(true);
      await page.screenshot({ path: `${ARTIFACTS}console-fault-chip-${lang}.png` });

      // Back to the scenario as written, from the Timeline tab, with one click.
      await page.getByTestId('branch-back').click();
      await expect.poll(() => chip.getAttribute('data-branch')).toBe('0');
      expect(await page.getByTestId('branch-back').count()).toBe(0);

      // And forward again with the keyboard alone: ↓ opens the menu, ↓ moves, Enter chooses.
      await chip.focus();
      await chip.press('ArrowDown');
      const menu = page.getByTestId('branch-menu');
      await menu.waitFor({ state: 'visible' });
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('branch-item-0');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect.poll(() => chip.getAttribute('data-branch')).toBe('1');
      expect(await menu.count()).toBe(0);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('branch-chip');
      // Escape closes the menu and leaves the branch as it was.
      await chip.press('Enter');
      await menu.waitFor({ state: 'visible' });
      await page.keyboard.press('Escape');
      expect(await menu.count()).toBe(0);
      expect(await chip.getAttribute('data-branch')).toBe('1');
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('names the bad field of a fault line as a CLI would', async () => {
    const { page } = await openPaused('en', '7s');
    await page.getByTestId('tab-console').click();
    const input = page.getByTestId('console-input');
    await input.fill('fault kubelet-stop host=node-1');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('console-error').last().textContent()).toBe('fault "kubelet-stop" has no field "host" (fields: node; e.g. {type: kubelet-stop, node: node-1})');
    await input.fill('fault container-kill node=node-1 pod=nope');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('console-error').last().textContent()).toMatch(/^pods "nope" not found in namespace "default" \(Pods: web-/);
    // No branch was computed for either.
    expect(await page.getByTestId('branch-chip').count()).toBe(0);
    await page.close();
  });
});
