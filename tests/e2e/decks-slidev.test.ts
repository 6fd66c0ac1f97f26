import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildDeck, DECK_DIR, REPO_ROOT, serveStatic } from '../../examples/decks/slidev/serve.ts';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * The Slidev example (examples/decks/slidev, issue 7 part 4): both decks are built with the
 * installed @slidev/cli into a temp dir and served on loopback; Chromium presses the deck's
 * own keys. On the tour slide each PageDown shows the next tour step inside the iframe, after
 * the last step PageDown moves to the next slide, PageUp comes back; keys pressed with the focus
 * inside the iframe step the tour and hand the ends back to the deck.
 *
 * The English deck is built with VITE_KUBE_ANATOMY_URL pointing at the app the e2e setup serves
 * (another origin: the embed's `origins=` and targetOrigin are exercised) and a `clicks:` count in
 * its frontmatter; the Japanese deck uses the default app URL `../../` (this server serves dist/
 * at `/`) and no `clicks:` (the count comes from the embed's `ready`).
 */

const SHOTS = '/tmp/ka-e2e-shots';
const TOUR_STEPS = 15; // examples/tours/how-a-pod-comes-to-be.tour.yaml

const BAD_DECK = `---
theme: none
fonts:
  provider: none
favicon: ./favicon.svg
routerMode: hash
---

# Mistakes

---
clicks: 3
---

<KubeAnatomy tour="how-a-pod-comes-to-be" />

<KubeAnatomy tour="Bad Name" lang="fr" views="topology,kubelet" />
`;

let browser: LaunchedBrowser;
let server: Server;
let origin: string;
let out: string;
const buildMs: Record<string, number> = {};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  out = mkdtempSync(join(tmpdir(), 'ka-e2e-slidev-'));
  // One after the other: the machine has two cores.
  buildMs.en = await buildDeck({ entry: 'slides.md', outDir: join(out, 'en'), base: '/decks/slidev/', appUrl: inject('baseURL') });
  buildMs.ja = await buildDeck({ entry: 'slides.ja.md', outDir: join(out, 'ja'), base: '/decks/slidev-ja/' });
  // A deck with mistakes in it: a wrong `clicks:` and bad props (the component's own files).
  const bad = join(out, 'bad-src');
  cpSync(join(DECK_DIR, 'components'), join(bad, 'components'), { recursive: true });
  cpSync(join(DECK_DIR, 'embed-client.ts'), join(bad, 'embed-client.ts'));
  cpSync(join(DECK_DIR, 'public'), join(bad, 'public'), { recursive: true });
  writeFileSync(join(bad, 'slides.md'), BAD_DECK);
  buildMs.bad = await buildDeck({ entry: join(bad, 'slides.md'), outDir: join(out, 'bad'), base: '/decks/bad/' });
  console.log(`slidev build: slides.md ${(buildMs.en / 1000).toFixed(1)} s, slides.ja.md ${(buildMs.ja / 1000).toFixed(1)} s, a broken deck ${(buildMs.bad / 1000).toFixed(1)} s`);
  ({ server, origin } = await serveStatic([
    { prefix: '/', dir: join(REPO_ROOT, 'dist') },
    { prefix: '/decks/slidev/', dir: join(out, 'en') },
    { prefix: '/decks/slidev-ja/', dir: join(out, 'ja') },
    { prefix: '/decks/bad/', dir: join(out, 'bad') },
  ]));
  browser = await launchChromium();
}, 300_000); // three builds in a row; each alone 5–35 s on this shared 2-core machine

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Slidev's hash route: `#/2?clicks=3` → slide 2, clicks 3. */
function position(page: Page): { slide: number; clicks: number } {
  const hash = new URL(page.url()).hash.replace(/^#/, '');
  const [path, query] = hash.split('?');
  return { slide: Number(path!.replace(/^\//, '') || 1), clicks: Number(new URLSearchParams(query ?? '').get('clicks') ?? 0) };
}

async function waitPosition(page: Page, slide: number, clicks: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const p = position(page);
    if (p.slide === slide && p.clicks === clicks) return;
    await page.waitForTimeout(50);
  }
  expect(position(page)).toEqual({ slide, clicks });
}

/** The tour panel inside the iframe shows step n (1-based; the panel's data-step is 0-based). */
const waitStep = (frame: Frame, n: number) => frame.locator(`[data-testid="tour-panel"][data-step="${n - 1}"]`).waitFor({ timeout: 15_000 });

function embedFrame(page: Page): Frame {
  const f = page.frames().find((x) => x.url().includes('#/embed?'));
  if (!f) throw new Error(`no embed iframe among ${page.frames().map((x) => x.url()).join(', ')}`);
  return f;
}

async function openDeck(path: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const errors = collectPageErrors(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return { page, errors, requests };
}

/** Every request stayed on loopback (no fonts, themes or icons from the network). */
function expectOffline(requests: string[]): void {
  const remote = requests.filter((u) => !/^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|data:|blob:|about:)/.test(u));
  expect(remote).toEqual([]);
}

describe('Slidev deck (examples/decks/slidev)', () => {
  it('builds offline, quickly, with no external URL in its HTML', () => {
    for (const ms of Object.values(buildMs)) expect(ms).toBeLessThan(60_000);
    for (const lang of ['en', 'ja', 'bad']) {
      const html = readFileSync(join(out, lang, 'index.html'), 'utf8');
      expect(html.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).toEqual([]);
    }
  });

  it('steps the embedded tour with PageDown/PageUp, and moves on at its end', async () => {
    const { page, errors, requests } = await openDeck('/decks/slidev/');
    await page.getByRole('heading', { name: 'How a Pod comes to be' }).waitFor({ timeout: 30_000 });
    expect(position(page)).toEqual({ slide: 1, clicks: 0 });

    await page.keyboard.press('PageDown');
    await waitPosition(page, 2, 0);
    // The slide knows the tour once the embed is ready (its PONG, then `ready`/getState).
    await page.locator(`.kube-anatomy[data-steps="${TOUR_STEPS}"]`).waitFor({ timeout: 120_000 });
    const frame = embedFrame(page);
    expect(new URL(frame.url()).origin).toBe(new URL(inject('baseURL')).origin);
    expect(new URLSearchParams(frame.url().split('?')[1]).get('origins')).toBe(origin);
    await waitStep(frame, 1);

    for (let n = 2; n <= TOUR_STEPS; n++) {
      await page.keyboard.press('PageDown');
      await waitStep(frame, n);
      await waitPosition(page, 2, n - 1);
      if (n === 6) await page.screenshot({ path: `${SHOTS}/decks-slidev-en.png` });
    }
    // Past the tour's last step: the next slide.
    await page.keyboard.press('PageDown');
    await waitPosition(page, 3, 0);
    await page.getByRole('heading', { name: 'Nobody told a node to start anything' }).waitFor();
    // PageUp comes back to the tour's last step, and steps back through it.
    await page.keyboard.press('PageUp');
    await waitPosition(page, 2, TOUR_STEPS - 1);
    await waitStep(frame, TOUR_STEPS);
    await page.keyboard.press('PageUp');
    await waitPosition(page, 2, TOUR_STEPS - 2);
    await waitStep(frame, TOUR_STEPS - 1);

    // Focus inside the iframe: the embed's own keys step the tour, the deck's clicks follow.
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageDown');
    await waitStep(frame, TOUR_STEPS);
    await waitPosition(page, 2, TOUR_STEPS - 1);
    // At the end the embed posts `ended`: the deck moves on and takes the keys back.
    await page.keyboard.press('PageDown');
    await waitPosition(page, 3, 0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('IFRAME');
    await page.keyboard.press('PageUp');
    await waitPosition(page, 2, TOUR_STEPS - 1);
    // Back to the first step with the deck's keys, then PageUp inside the iframe leaves backwards.
    for (let n = TOUR_STEPS - 1; n >= 1; n--) {
      await page.keyboard.press('PageUp');
      await waitStep(frame, n);
    }
    await waitPosition(page, 2, 0);
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageUp');
    await waitPosition(page, 1, 0);
    await page.keyboard.press('PageDown');
    await waitPosition(page, 2, 0);
    await waitStep(frame, 1);

    // A key the embed does not use is the deck's: `d` toggles Slidev's dark mode, the tour's theme follows.
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'projector-light');
    await frame.locator('.ka-topology-wrap').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('d');
    await page.waitForFunction(() => document.documentElement.classList.contains('dark'));
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'projector-dark');
    await page.keyboard.press('d');
    await page.waitForFunction(() => !document.documentElement.classList.contains('dark'));
    await frame.waitForFunction(() => document.documentElement.dataset.theme === 'projector-light');
    expect(position(page)).toEqual({ slide: 2, clicks: 0 });

    expectOffline(requests);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a deep link on its step, and keeps up with keys pressed faster than the embed answers', async () => {
    // `clicks: 14` in the frontmatter: Slidev knows the count before the embed loads.
    const { page, errors } = await openDeck('/decks/slidev/#/2?clicks=5');
    await page.locator(`.kube-anatomy[data-steps="${TOUR_STEPS}"]`).waitFor({ timeout: 120_000 });
    const frame = embedFrame(page);
    expect(new URLSearchParams(frame.url().split('?')[1]).get('step')).toBe('6');
    await waitStep(frame, 6);
    for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
    await waitStep(frame, 10);
    await waitPosition(page, 2, 9);
    // The echoes of steps 7–9 arrive after the deck is at 10: they must not pull it back.
    await page.waitForTimeout(1500);
    expect(position(page)).toEqual({ slide: 2, clicks: 9 });
    await waitStep(frame, 10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names mistakes on the slide instead of breaking: a wrong clicks count, bad props', async () => {
    const { page, errors } = await openDeck('/decks/bad/#/2');
    const notes = page.locator('.kube-anatomy-notes');
    await notes.first().waitFor({ timeout: 120_000 });
    await page.locator(`.kube-anatomy[data-steps="${TOUR_STEPS}"]`).waitFor({ timeout: 120_000 });
    await page.getByText(`This slide has clicks: 3, but the tour how-a-pod-comes-to-be has ${TOUR_STEPS} steps: set clicks: ${TOUR_STEPS - 1}.`).waitFor();
    const text = (await notes.allTextContents()).join('\n');
    expect(text).toContain('tour="Bad Name": a tour name such as how-a-pod-comes-to-be');
    expect(text).toContain('lang="fr": en or ja');
    expect(text).toContain('views="topology,kubelet": a comma list of topology, timeline');
    expect(await page.locator('.kube-anatomy iframe').count()).toBe(1); // the bad one opens no embed
    // The slide's 3 clicks still step the tour; the 4th press leaves.
    const frame = embedFrame(page);
    for (let n = 2; n <= 4; n++) {
      await page.keyboard.press('PageDown');
      await waitStep(frame, n);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it('Japanese deck: the default app URL, the step count from the embed, a projector-dark tour', async () => {
    const { page, errors, requests } = await openDeck('/decks/slidev-ja/#/2');
    await page.locator(`.kube-anatomy[data-steps="${TOUR_STEPS}"]`).waitFor({ timeout: 120_000 });
    const frame = embedFrame(page);
    expect(new URL(frame.url()).origin).toBe(origin); // ../../ from /decks/slidev-ja/
    await frame.waitForFunction(() => document.documentElement.lang === 'ja' && document.documentElement.dataset.theme === 'projector-dark');
    await waitStep(frame, 1);
    await frame.locator('[data-testid="tour-next"]', { hasText: '次' }).waitFor();
    for (let n = 2; n <= TOUR_STEPS; n++) {
      await page.keyboard.press('PageDown');
      await waitStep(frame, n);
      if (n === 6) await page.screenshot({ path: `${SHOTS}/decks-slidev-ja.png` });
    }
    await waitPosition(page, 2, TOUR_STEPS - 1);
    // Without `clicks:` the slide's total came from the embed: one more PageDown leaves it.
    await page.keyboard.press('PageDown');
    await waitPosition(page, 3, 0);
    await page.getByRole('heading', { name: 'どのノードにも「起動せよ」とは命じていません' }).waitFor();
    await page.keyboard.press('PageUp');
    await waitPosition(page, 2, TOUR_STEPS - 1);
    expectOffline(requests);
    expect(errors).toEqual([]);
    await page.close();
  });
});
