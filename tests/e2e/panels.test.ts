import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * The etcd keyspace and scheduling decision panels in a real browser, on the default scenario
 * (a Deployment `web` of three nginx replicas on two nodes): open the app at the end of the
 * trace, select a Pod, and read what both panels say about it; then move the playhead and see
 * them follow. Hooks: data-testid `panel-dock`, `etcd-panel`, `etcd-key` (data-key),
 * `scheduler-panel` (data-pod), `scheduler-outcome`, `scheduler-filter`, `scheduler-score`.
 */

const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

const browser = chromiumForFile(ARTIFACTS);

/** Opens the app at `t` past the end (the app clamps it to the end of the trace) and waits for the Pods. */
async function openAtEnd(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./?t=3600s${query}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  await page.locator('[data-testid="pod-card"][data-phase="Running"]').nth(2).waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Opens both panels of the dock (on a 1440-px window they start folded into a rail). */
async function openPanels(page: Page): Promise<void> {
  for (const id of ['etcd-panel', 'scheduler-panel']) {
    const toggle = page.getByTestId(id).locator('.ka-dock-toggle');
    if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
    expect(await toggle.getAttribute('aria-expanded'), id).toBe('true');
  }
}

describe('the etcd and scheduler panels in Chromium', () => {
  it('explain the selected Pod: its etcd key and value, and how kube-scheduler placed it', async () => {
    const { page, errors } = await openAtEnd('');
    await openPanels(page);
    const card = page.locator('[data-testid="pod-card"]').first();
    const pod = (await card.getAttribute('data-pod')) ?? '';
    expect(pod).toMatch(/^web-/);
    await card.click();

    // etcd: the store's revision, one leader, and the Pod's key with its revisions.
    const etcd = page.getByTestId('etcd-panel');
    const revision = Number((await etcd.getByTestId('etcd-revision').textContent())?.match(/revision (\d+)/)?.[1]);
    expect(revision).toBeGreaterThan(10);
    expect(await etcd.locator('[data-role="leader"]').count()).toBe(1);
    const key = etcd.locator(`[data-testid="etcd-key"][data-key="/registry/pods/default/${pod}"]`);
    await key.waitFor({ timeout: 5_000 });
    expect(await key.getAttribute('class')).toContain('is-selected');
    const [create, mod, version] = (await key.locator('.ka-num').allTextContents()).map(Number);
    expect(create).toBeGreaterThan(1);
    expect(mod).toBeGreaterThan(create ?? 0);
    expect(mod).toBeLessThanOrEqual(revision);
    expect(version).toBeGreaterThan(1);
    // Its value is the Pod as stored: spec.nodeName set by the binding, no resourceVersion.
    await key.locator('.ka-key-row').click();
    const value = (await key.locator('.ka-key-value').textContent()) ?? '';
    expect(value).toContain('kind: Pod');
    expect(value).toContain(`name: ${pod}`);
    expect(value).not.toContain('resourceVersion');
    const nodeName = value.match(/nodeName: (\S+)/)?.[1];
    expect(nodeName).toMatch(/^node-[12]$/);
    expect(await etcd.getByTestId('etcd-keys').textContent()).toContain('minions/');

    // Scheduler: the same Pod, every Filter passed on both nodes, scores and the chosen node.
    const sched = page.getByTestId('scheduler-panel');
    expect(await sched.getAttribute('data-pod')).toBe(pod);
    expect(await sched.getByTestId('scheduler-outcome').textContent()).toContain(`Scheduled on ${nodeName}`);
    const filter = sched.getByTestId('scheduler-filter');
    expect(await filter.locator('th.ka-sched-node').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('node-1'), expect.stringContaining('node-2')]));
    expect(await filter.locator('td.is-ok').count()).toBeGreaterThanOrEqual(4);
    expect(await filter.locator('tbody th').allTextContents()).toContain('NodeResourcesFit');
    const score = sched.getByTestId('scheduler-score');
    expect(await score.locator('tbody th').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('TaintToleration'), expect.stringContaining('ImageLocality')]));
    const chosen = await score.getByTestId('scheduler-chosen').textContent();
    expect(Number(chosen?.match(/\d+/)?.[0])).toBeGreaterThan(0);
    expect(await sched.getByTestId('scheduler-event').textContent()).toContain(`Successfully assigned default/${pod} to ${nodeName}`);

    await page.getByTestId('panel-dock').screenshot({ path: `${ARTIFACTS}panels-en-light.png` });

    // One playhead: back at the start, no Pod exists yet, and etcd is at its first revisions.
    await page.getByTestId('restart').click();
    await expect.poll(async () => Number((await etcd.getByTestId('etcd-revision').textContent())?.match(/revision (\d+)/)?.[1]), { timeout: 5_000 }).toBeLessThan(revision);
    expect(await etcd.locator('[data-key^="/registry/pods/"]').count()).toBe(0);
    expect(await sched.textContent()).toContain('has not tried this Pod yet');

    expect(errors).toEqual([]);
    await page.close();
  });

  it('speak Japanese in the projector-dark theme, and fold into a rail', async () => {
    const { page, errors } = await openAtEnd('&lang=ja&theme=projector-dark');
    await openPanels(page);
    await page.locator('[data-testid="pod-card"]').nth(1).click();
    const etcd = page.getByTestId('etcd-panel');
    expect(await etcd.locator('h2').textContent()).toBe('etcd のキー空間');
    expect(await etcd.getByTestId('etcd-revision').textContent()).toMatch(/リビジョン \d+/);
    const sched = page.getByTestId('scheduler-panel');
    expect(await sched.locator('h2').textContent()).toBe('スケジューリングの判断');
    expect(await sched.getByTestId('scheduler-outcome').textContent()).toMatch(/node-[12] にスケジュール済み/);
    await page.getByTestId('panel-dock').screenshot({ path: `${ARTIFACTS}panels-ja-projector-dark.png` });

    for (const id of ['etcd-panel', 'scheduler-panel']) await page.getByTestId(id).locator('.ka-dock-toggle').click();
    expect(await page.getByTestId('panel-dock').getAttribute('class')).toContain('is-rail');
    expect(await page.locator('[data-testid="etcd-key"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
