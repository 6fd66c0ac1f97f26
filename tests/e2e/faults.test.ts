import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * The fault menu forks the run (issue 6): at a paused playhead of hello-deployment with its 3
 * Pods Running, select one, open "Inject fault" and pick
 * - "Delete Pod": a new branch runs `kubectl delete pod <name>` there; the ReplicaSet makes a
 *   replacement (a new name) that reaches Running, and the deleted one is gone;
 * - "Kill container": `kill -9` of the container's init on its node; the kubelet restarts it,
 *   and the Pod's status says restartCount 1 (the inspector's YAML at the playhead).
 * Screenshots of the open menu in English, Japanese and the projector theme.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const RUNNING_PODS = '[data-testid="pod-card"][data-phase="Running"]';

const browser = chromiumForFile(ARTIFACTS);

async function openPaused(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./#/?scenario=hello-deployment&t=20s&${query}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, RUNNING_PODS, { timeout: 60_000, polling: 250 });
  return { page, errors };
}

const runningNames = (page: Page): Promise<string[]> => page.locator(RUNNING_PODS).evaluateAll((els) => els.map((e) => e.getAttribute('data-pod') ?? ''));

/** Selects the first Running Pod and opens the fault menu; returns the Pod's name. */
async function openMenuOnPod(page: Page): Promise<string> {
  const card = page.locator(RUNNING_PODS).first();
  const name = (await card.getAttribute('data-pod')) ?? '';
  await card.click();
  await page.getByTestId('fault-menu').click();
  await page.locator('[role="menu"] [data-fault="pod-delete"]').waitFor({ state: 'visible' });
  return name;
}

/** Plays on at the fastest speed (when not at the end already). */
async function playOn(page: Page): Promise<void> {
  await page.getByTestId('speed').selectOption('8');
  const play = page.getByTestId('play');
  if (await play.isVisible()) await play.click();
}

/** The branch switcher lives in the Console tab: the new branch is selected there, labelled with the action. */
async function waitForBranch(page: Page, label: RegExp): Promise<void> {
  await page.getByTestId('tab-console').click();
  const switcher = page.getByTestId('branch-switcher');
  await switcher.waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => switcher.inputValue(), { timeout: 60_000 }).toBe('1');
  expect(await switcher.locator('option:checked').textContent()).toMatch(label);
}

describe('the fault menu', () => {
  for (const [lang, query] of [['en', 'lang=en'], ['ja', 'lang=ja'], ['projector-dark', 'lang=en&theme=projector-dark']] as const) {
    it(`lists the faults of a Running Pod (${lang})`, async () => {
      const { page, errors } = await openPaused(query);
      const name = await openMenuOnPod(page);
      const items = await page.locator('[role="menu"] [role="menuitem"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-fault')));
      expect(items).toEqual(['pod-delete', 'container-kill/nginx', 'memory-exhaust/nginx', 'image-pull-fail/nginx:1.27']);
      const first = await page.locator('[role="menu"] [data-fault="pod-delete"]').textContent();
      expect(first).toContain(name);
      expect(first).toContain(lang === 'ja' ? 'を削除します' : 'Delete Pod');
      // Keyboard: the first item has focus, arrows move it.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-fault'))).toBe('pod-delete');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-fault'))).toBe('container-kill/nginx');
      await page.screenshot({ path: `${ARTIFACTS}fault-menu-${lang}.png` });
      await page.keyboard.press('Escape');
      expect(await page.locator('[role="menu"]').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('Delete Pod: a new branch; the ReplicaSet replaces the Pod with a new one that reaches Running', async () => {
    const { page, errors } = await openPaused('lang=en');
    const before = await runningNames(page);
    const name = await openMenuOnPod(page);
    await page.locator('[role="menu"] [data-fault="pod-delete"]').click();
    await waitForBranch(page, new RegExp(`kubectl delete pod ${name}`));
    await playOn(page);
    await page.waitForFunction(
      ({ sel, gone, known }) => {
        const names = [...document.querySelectorAll(sel)].map((e) => e.getAttribute('data-pod') ?? '');
        return names.length === 3 && !names.includes(gone) && names.some((n) => !known.includes(n));
      },
      { sel: RUNNING_PODS, gone: name, known: before },
      { timeout: 60_000, polling: 250 },
    );
    const after = await runningNames(page);
    const replacement = after.filter((n) => !before.includes(n));
    expect(replacement).toHaveLength(1);
    // The same ReplicaSet (pod-template-hash) made it.
    expect(replacement[0]?.split('-').slice(0, 2)).toEqual(name.split('-').slice(0, 2));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Kill container: the kubelet restarts it; restartCount 1 in the inspector', async () => {
    const { page, errors } = await openPaused('lang=en');
    const name = await openMenuOnPod(page);
    await page.locator('[role="menu"] [data-fault="container-kill/nginx"]').click();
    await waitForBranch(page, /container-kill/);
    await playOn(page);
    const details = page.getByTestId('object-details');
    await expect.poll(() => details.textContent(), { timeout: 60_000 }).toContain('restartCount: 1');
    expect(await details.textContent()).toContain(name);
    expect(await details.textContent()).toMatch(/reason: Error[\s\S]*exitCode: 137|exitCode: 137[\s\S]*reason: Error/);
    await page.screenshot({ path: `${ARTIFACTS}fault-kill-restarted.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
