import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * Saving and sharing (issue 7, item 6) in the built app: write a scenario in "My files" from an
 * example, see the real parse error (file:line:column), fix it, save, reload (still there), run
 * it; export it as a file and import files back; a corrupted record planted in IndexedDB is
 * reported and set aside while the good ones stay; the share button's link reopens the same
 * frame (scenario, playhead, seed, language, theme; a tour and its step), and with the clipboard
 * refused the link is left selected in its field. Screenshots go to /tmp/ka-e2e-shots.
 */

const SHOTS = '/tmp/ka-e2e-shots';
const HELLO = readFileSync(fileURLToPath(new URL('../../examples/hello-deployment.scenario.yaml', import.meta.url)), 'utf8');

const browser = chromiumForFile(SHOTS);

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(new URL(path, inject('baseURL')).href, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits until the scenario file on screen is `file` and the player can play it. */
async function showing(page: Page, file: string): Promise<void> {
  await expect.poll(() => page.getByTestId('scenario-file').textContent().catch(() => null), { timeout: 90_000 }).toBe(file);
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 90_000 }).toBe(true);
}

const hashParam = (page: Page, key: string) => page.evaluate((k) => new URLSearchParams(window.location.hash.replace(/^#\/?[a-z]*\??/, '')).get(k), key);
const itemNames = (page: Page) => page.getByTestId('library-item').locator('code').allTextContents();

async function openLibrary(page: Page): Promise<void> {
  await page.getByTestId('library-button').click();
  await page.getByTestId('library-dialog').waitFor({ state: 'visible' });
  await page.getByTestId('library-items').waitFor({ state: 'attached' });
  // The listing is read from IndexedDB after the dialog opens.
  await expect.poll(() => page.getByTestId('library-new').isEnabled()).toBe(true);
}

describe('my scenarios and tours', () => {
  it('writes a scenario from an example, shows the parse error, saves, survives a reload and runs', async () => {
    const { page, errors } = await open('./#/?lang=en');
    await showing(page, 'hello-deployment.scenario.yaml');
    await openLibrary(page);
    expect(await itemNames(page)).toEqual([]);
    await page.getByTestId('library-example').selectOption('scenario:hello-deployment');
    await page.getByTestId('library-new').click();
    await expect.poll(() => page.getByTestId('library-text').inputValue()).toBe(HELLO);
    await page.getByTestId('library-name').fill('my-api');

    // An unknown key on line 1: the engine's own error, with file, line and column.
    await page.getByTestId('library-text').fill(`bogus: 1\n${HELLO}`);
    await page.getByTestId('library-validate').click();
    await expect.poll(() => page.getByTestId('library-status').textContent()).toMatch(/^my-api\.scenario\.yaml:1:1: /);
    await page.screenshot({ path: `${SHOTS}/saving-parse-error.png` });

    // Fixed, and changed: the Deployment is called api, with 2 replicas.
    const mine = HELLO.replace(/name: web\b/g, 'name: api').replace('replicas: 3 ', 'replicas: 2 ');
    await page.getByTestId('library-text').fill(mine);
    await page.getByTestId('library-validate').click();
    await expect.poll(() => page.getByTestId('library-status').textContent()).toBe('my-api.scenario.yaml is valid.');
    await page.getByTestId('library-save').click();
    await expect.poll(() => itemNames(page)).toEqual(['my-api.scenario.yaml']);

    await page.reload({ waitUntil: 'load' });
    await showing(page, 'hello-deployment.scenario.yaml');
    await openLibrary(page);
    await expect.poll(() => itemNames(page)).toEqual(['my-api.scenario.yaml']);
    await page.getByTestId('library-item').first().click();
    expect(await page.getByTestId('library-text').inputValue()).toBe(mine);
    await page.getByTestId('library-run').click();
    await showing(page, 'my-api.scenario.yaml');
    const id = await hashParam(page, 'saved');
    expect(id).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    // The run is the edited text: Pods of the Deployment api, none of web.
    await page.getByTestId('step-forward').waitFor();
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('[data-testid="play"]')?.click());
    await expect.poll(() => page.locator('.ka-views').textContent(), { timeout: 60_000 }).toMatch(/api-[a-z0-9]{6,10}/);
    expect(await page.locator('.ka-views').textContent()).not.toMatch(/\bweb-[a-z0-9]{6,10}-/);

    // The link itself opens it too (in this browser).
    const again = await open(`./#/?saved=${id}&lang=ja`);
    await showing(again.page, 'my-api.scenario.yaml');
    await again.page.close();
    const missing = await open('./#/?saved=nope-123&lang=en');
    await expect.poll(() => missing.page.getByTestId('saved-error').textContent(), { timeout: 30_000 }).toMatch(/There is no saved file "nope-123" in this browser/);
    await missing.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('writes a tour from an example, saves it and runs it with its narration', async () => {
    const { page, errors } = await open('./#/?lang=en');
    await showing(page, 'hello-deployment.scenario.yaml');
    await openLibrary(page);
    await page.getByTestId('library-example').selectOption('tour:how-a-pod-comes-to-be');
    await page.getByTestId('library-new').click();
    await expect.poll(() => page.getByTestId('library-text').inputValue()).toMatch(/scenario: /);
    // A tour naming a scenario that is not an example: said so, with the file.
    const text = await page.getByTestId('library-text').inputValue();
    await page.getByTestId('library-text').fill(text.replace(/^scenario: .*$/m, 'scenario: no-such'));
    await page.getByTestId('library-validate').click();
    await expect.poll(() => page.getByTestId('library-status').textContent()).toMatch(/^my-how-a-pod-comes-to-be\.tour\.yaml: scenario: "no-such" is not an example/);
    await page.getByTestId('library-text').fill(text);
    await page.getByTestId('library-run').click();
    await page.locator('[data-testid="tour-panel"][data-phase="idle"]').waitFor({ state: 'visible', timeout: 90_000 });
    expect(await hashParam(page, 'saved')).toMatch(/^[a-z0-9]+-[a-z0-9]+$/);
    // Remove it again, so the listings below hold only scenarios.
    await openLibrary(page);
    await page.getByTestId('library-item').filter({ hasText: 'my-how-a-pod-comes-to-be.tour.yaml' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('library-delete').click();
    await expect.poll(() => itemNames(page)).toEqual(['my-api.scenario.yaml']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports a file and imports files back, reporting a file it cannot read', async () => {
    const { page, errors } = await open('./#/?lang=en');
    await showing(page, 'hello-deployment.scenario.yaml');
    await openLibrary(page);
    await expect.poll(() => itemNames(page)).toContain('my-api.scenario.yaml');
    await page.getByTestId('library-item').first().click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('library-export').click()]);
    expect(download.suggestedFilename()).toBe('my-api.scenario.yaml');
    const exported = readFileSync((await download.path()) as string, 'utf8');
    expect(exported).toMatch(/name: api/);

    await page.getByTestId('library-import-input').setInputFiles([
      { name: 'imported.scenario.yaml', mimeType: 'text/yaml', buffer: Buffer.from(exported) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') },
    ]);
    await expect.poll(() => page.getByTestId('library-status').textContent()).toMatch(/Imported 1 file\(s\)\.\nnotes\.txt: not a library file/);
    await expect.poll(() => itemNames(page)).toEqual(['imported.scenario.yaml', 'my-api.scenario.yaml']);

    // The bundle of all, and back in: two more items.
    const [bundle] = await Promise.all([page.waitForEvent('download'), page.getByTestId('library-export-all').click()]);
    expect(bundle.suggestedFilename()).toBe('my-library.kube-anatomy.json');
    const bundleText = readFileSync((await bundle.path()) as string, 'utf8');
    expect(JSON.parse(bundleText)).toMatchObject({ format: 'kube-anatomy-library', items: [{ name: 'imported' }, { name: 'my-api' }] });
    await page.getByTestId('library-import-input').setInputFiles([{ name: 'all.kube-anatomy.json', mimeType: 'application/json', buffer: Buffer.from(bundleText) }]);
    await expect.poll(() => itemNames(page)).toHaveLength(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reports a corrupted record, keeps the good ones and sets the bad one aside (exportable)', async () => {
    const { page, errors } = await open('./#/?lang=en');
    await showing(page, 'hello-deployment.scenario.yaml');
    // Planted behind the app's back, as a bug or a half-written record would leave it.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const r = indexedDB.open('kube-anatomy-library');
          r.onerror = () => reject(r.error);
          r.onsuccess = () => {
            const tx = r.result.transaction('items', 'readwrite');
            tx.objectStore('items').put('{"id": "broken", "kind": "scen', 'broken');
            tx.objectStore('items').put({ id: 'half', kind: 'scenario', name: 'half' }, 'half');
            tx.oncomplete = () => {
              r.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await openLibrary(page);
    const bad = page.getByTestId('library-bad');
    await bad.waitFor({ state: 'visible' });
    expect(await bad.textContent()).toMatch(/2 saved record\(s\) could not be read/);
    expect(await bad.textContent()).toMatch(/broken: not JSON/);
    expect(await bad.textContent()).toMatch(/half: field "text" is missing/);
    expect(await itemNames(page)).toHaveLength(4);
    await page.screenshot({ path: `${SHOTS}/saving-corrupted.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('library-export-bad').click()]);
    const kept = JSON.parse(readFileSync((await download.path()) as string, 'utf8')) as { key: string; raw: string }[];
    expect(kept.map((k) => k.key).sort()).toEqual(['broken', 'half']);
    expect(kept.find((k) => k.key === 'broken')?.raw).toBe('{"id": "broken", "kind": "scen');

    // Still reported after a reload: the quarantine is only dropped on request.
    await page.reload({ waitUntil: 'load' });
    await showing(page, 'hello-deployment.scenario.yaml');
    await openLibrary(page);
    await bad.waitFor({ state: 'visible' });
    expect(await itemNames(page)).toHaveLength(4);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('library-discard-bad').click();
    await bad.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the share button', () => {
  it('copies the link of the current frame, which reopens the same frame; the embed link and iframe too', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const { page, errors } = await open('./#/?scenario=crashloop&seed=5&lang=ja&theme=projector-dark');
    await showing(page, 'crashloop.scenario.yaml');
    for (let i = 0; i < 7; i++) await page.getByTestId('step-forward').click();
    const playhead = await page.getByTestId('playhead').textContent();
    await page.getByTestId('share-button').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toBe('リンクをコピーしました');
    const url = await page.getByTestId('share-app-url').inputValue();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    const params = new URLSearchParams(new URL(url).hash.replace(/^#\/\?/, ''));
    expect(Object.fromEntries(params)).toMatchObject({ scenario: 'crashloop', seed: '5', lang: 'ja', theme: 'projector-dark' });
    expect(Number(params.get('t'))).toBeGreaterThan(0);
    const embed = await page.getByTestId('share-embed-url').inputValue();
    expect(embed).toBe(url.replace('#/?', '#/embed?'));
    expect(await page.getByTestId('share-iframe').inputValue()).toMatch(/^<iframe src="[^"]+#\/embed\?scenario=crashloop&amp;t=[\d.]+&amp;seed=5&amp;lang=ja&amp;theme=projector-dark" /);
    await page.screenshot({ path: `${SHOTS}/saving-share.png` });

    const reopened = await open(url);
    await showing(reopened.page, 'crashloop.scenario.yaml');
    await expect.poll(() => reopened.page.getByTestId('playhead').textContent()).toBe(playhead);
    expect(await reopened.page.evaluate(() => [document.documentElement.lang, document.documentElement.dataset.theme])).toEqual(['ja', 'projector-dark']);
    await reopened.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the tour and its step', async () => {
    const { page, errors } = await open('./#/?tour=how-a-pod-comes-to-be&step=3&lang=en');
    await page.locator('[data-testid="tour-panel"][data-step="2"]').waitFor({ state: 'visible', timeout: 90_000 });
    await page.getByTestId('share-button').click();
    const url = await page.getByTestId('share-app-url').inputValue();
    const params = new URLSearchParams(new URL(url).hash.replace(/^#\/\?/, ''));
    expect(params.get('tour')).toBe('how-a-pod-comes-to-be');
    expect(params.get('step')).toBe('3');
    const reopened = await open(url);
    await reopened.page.locator('[data-testid="tour-panel"][data-step="2"]').waitFor({ state: 'visible', timeout: 90_000 });
    await reopened.page.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('leaves the link selected in its field when the clipboard is refused', async () => {
    const { page, errors } = await open('./#/?lang=en');
    await showing(page, 'hello-deployment.scenario.yaml');
    await page.evaluate(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await page.getByTestId('share-button').click();
    await expect.poll(() => page.getByTestId('toast').textContent()).toMatch(/refused the clipboard/);
    await page.getByTestId('share-refused').waitFor({ state: 'visible' });
    const url = await page.getByTestId('share-app-url').inputValue();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString() || (document.activeElement as HTMLInputElement | null)?.value.slice((document.activeElement as HTMLInputElement).selectionStart ?? 0, (document.activeElement as HTMLInputElement).selectionEnd ?? 0))).toBe(url);
    await page.keyboard.press('Escape');
    await page.getByTestId('share-popover').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });
});
