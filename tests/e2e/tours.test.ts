import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { parseScenario } from '../../src/engine/scenario/parse.ts';
import { runScenario } from '../../src/engine/scenario/runner.ts';
import { formatTime } from '../../src/ui/swimlane/lanes.ts';
import { parseTour } from '../../src/ui/tour/parse.ts';
import { resolveTour } from '../../src/ui/tour/resolve.ts';
import type { TraceEvent } from '../../src/trace/index.ts';
import type { ResolvedTour } from '../../src/ui/tour/types.ts';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * Every tour of examples/tours in the built app, in English and Japanese: open
 * `#/?tour=<name>&lang=<l>`, step to the end with Next, and on every step check what the reader
 * sees against the trace (the engine runs the tour's scenario here too, deterministically): the
 * panel's step and event seq, the playhead readout at the step's `t + dur`, the inspector showing
 * that event; answer each question and check the revealed answer; open a glossary link. Then
 * back to the cover with Back. With the timeline tab showing, the swimlane highlights the step's
 * event (`data-highlight-seq` on `swimlane-root`, set only when the event is inside the visible
 * window). `#/?tour=<name>&step=N` opens step N; PageDown/PageUp step the tour. No console
 * errors. A screenshot per step (with the step's own views) goes to /tmp/ka-e2e-shots.
 */

const ROOT = new URL('../../', import.meta.url);
const SHOTS = '/tmp/ka-e2e-shots';
const TOUR_FILES = readdirSync(fileURLToPath(new URL('examples/tours/', ROOT)))
  .filter((f) => f.endsWith('.tour.yaml'))
  .sort();

function resolvedWithEvents(file: string): { r: ResolvedTour; events: readonly TraceEvent[] } {
  const tour = parseTour(readFileSync(new URL(`examples/tours/${file}`, ROOT), 'utf8'), `examples/tours/${file}`);
  const path = `examples/${tour.scenario}.scenario.yaml`;
  const events = runScenario(parseScenario(readFileSync(new URL(path, ROOT), 'utf8'), path)).events;
  return { r: resolveTour(tour, { length: events.length, at: (i) => events[i]! }), events };
}
const resolved = (file: string): ResolvedTour => resolvedWithEvents(file).r;

const browser = chromiumForFile(SHOTS);

async function openTour(name: string, lang: string, step?: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./#/?tour=${name}&lang=${lang}${step ? `&step=${step}` : ''}`, inject('baseURL')).href, { waitUntil: 'load' });
  const panel = step ? `[data-step="${step - 1}"]` : '[data-phase="idle"]';
  await page.locator(`[data-testid="tour-panel"][data-tour="${name}"]${panel}`).waitFor({ state: 'visible', timeout: 90_000 });
  return { page, errors };
}

const panelAttr = (page: Page, name: string) => page.getByTestId('tour-panel').getAttribute(name);

describe('tours in Chromium', () => {
  it('finds the tours', () => {
    expect(TOUR_FILES).toContain('how-a-pod-comes-to-be.tour.yaml');
  });

  for (const file of TOUR_FILES) {
    const name = file.replace(/\.tour\.yaml$/, '');
    for (const lang of ['en', 'ja'] as const) {
      it(`${name} (${lang}): every step moves the playhead to its event and selects it; back to the start`, async () => {
        const { r, events } = resolvedWithEvents(file);
        const bySeq = new Map(events.map((e) => [e.seq, e]));
        const { page, errors } = await openTour(name, lang);
        await page.screenshot({ path: `${SHOTS}/${name}-${lang}-00-cover.png` });
        let openedGlossary = false;
        for (const [i, step] of r.steps.entries()) {
          await page.getByTestId('tour-next').click();
          await expect.poll(() => panelAttr(page, 'data-step')).toBe(String(i));
          expect(await panelAttr(page, 'data-step-id')).toBe(step.step.id);
          expect(await panelAttr(page, 'data-step-seq')).toBe(String(step.seq));
          await expect.poll(() => page.getByTestId('playhead').textContent()).toBe(formatTime(step.t));
          // The inspector shows the step's event (the session's selection).
          const ev = bySeq.get(step.seq)!;
          await expect.poll(() => page.getByTestId('inspector').locator('.ka-event-op').first().textContent()).toBe(ev.op);
          expect(await page.getByTestId('inspector').textContent()).toContain(ev.actor);
          await expect.poll(() => page.getByTestId('tour-progress').textContent()).toContain(String(i + 1));
          if (step.question) {
            await page.getByTestId('tour-choice').first().check();
            await page.getByTestId('tour-reveal').click();
            await expect.poll(() => page.getByTestId('tour-answer').getAttribute('data-correct')).toBe(step.question.correct);
          }
          const link = page.getByTestId('glossary-link').first();
          if (!openedGlossary && (await link.count()) > 0) {
            await link.click();
            await page.getByTestId('glossary-popover').waitFor({ state: 'visible' });
            expect(await page.getByTestId('glossary-popover').textContent()).not.toContain('No glossary entry');
            await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${String(i + 1).padStart(2, '0')}-glossary.png` });
            await page.getByTestId('glossary-popover').press('Escape');
            await page.getByTestId('glossary-popover').waitFor({ state: 'detached' });
            openedGlossary = true;
          }
          await page.screenshot({ path: `${SHOTS}/${name}-${lang}-${String(i + 1).padStart(2, '0')}.png` });
          // The swimlane follows the playhead to the step and highlights its event.
          await page.getByTestId('tab-timeline').click();
          await expect
            .poll(() => page.getByTestId('swimlane-root').getAttribute('data-highlight-seq'), { message: `${name} step ${step.step.id} (seq ${step.seq})` })
            .toBe(String(step.seq));
        }
        expect(openedGlossary).toBe(true);
        await page.getByTestId('tour-next').click();
        await expect.poll(() => panelAttr(page, 'data-phase')).toBe('ended');
        for (let i = r.steps.length - 1; i >= 0; i--) {
          await page.getByTestId('tour-back').click();
          await expect.poll(() => panelAttr(page, 'data-step')).toBe(String(i));
          // A revealed answer stays revealed on the way back.
          expect(await page.getByTestId('tour-answer').count()).toBe(r.steps[i]?.question ? 1 : 0);
        }
        await page.getByTestId('tour-back').click();
        await expect.poll(() => panelAttr(page, 'data-phase')).toBe('idle');
        expect(errors).toEqual([]);
        await page.close();
      });
    }
  }

  it('switching the language keeps the step', async () => {
    const { page, errors } = await openTour('how-a-pod-comes-to-be', 'en');
    for (let i = 0; i < 3; i++) await page.getByTestId('tour-next').click();
    await expect.poll(() => panelAttr(page, 'data-step')).toBe('2');
    const title = await page.getByTestId('tour-step-title').textContent();
    await page.getByTestId('lang-switch').selectOption('ja');
    await expect.poll(() => page.getByTestId('tour-step-title').textContent()).not.toBe(title);
    expect(await panelAttr(page, 'data-step')).toBe('2');
    expect(await page.getByTestId('tour-progress').textContent()).toContain('ステップ 3 / 15');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('step=N opens step N; PageDown and PageUp step the tour', async () => {
    const r = resolved('pod-replicaset-deployment.tour.yaml');
    const { page, errors } = await openTour('pod-replicaset-deployment', 'en', 5);
    expect(await panelAttr(page, 'data-step-id')).toBe(r.steps[4]!.step.id);
    expect(await panelAttr(page, 'data-step-seq')).toBe(String(r.steps[4]!.seq));
    await expect.poll(() => page.getByTestId('playhead').textContent()).toBe(formatTime(r.steps[4]!.t));
    await page.locator('body').click({ position: { x: 2, y: 2 } });
    await page.keyboard.press('PageDown');
    await expect.poll(() => panelAttr(page, 'data-step')).toBe('5');
    expect(await panelAttr(page, 'data-step-seq')).toBe(String(r.steps[5]!.seq));
    await page.keyboard.press('PageDown');
    await expect.poll(() => panelAttr(page, 'data-step')).toBe('6');
    await page.keyboard.press('PageUp');
    await expect.poll(() => panelAttr(page, 'data-step')).toBe('5');
    await expect.poll(() => page.getByTestId('playhead').textContent()).toBe(formatTime(r.steps[5]!.t));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('playing from a step stops at the next step and makes it current', async () => {
    const r = resolved('how-a-pod-comes-to-be.tour.yaml');
    const { page, errors } = await openTour('how-a-pod-comes-to-be', 'en');
    await page.getByTestId('tour-next').click();
    await expect.poll(() => panelAttr(page, 'data-step')).toBe('0');
    await page.getByTestId('speed').selectOption('8');
    await page.getByTestId('play').click();
    await expect.poll(() => panelAttr(page, 'data-step'), { timeout: 30_000 }).toBe('1');
    await page.getByTestId('play').waitFor({ state: 'visible' });
    await expect.poll(() => page.getByTestId('playhead').textContent()).toBe(formatTime(r.steps[1]!.t));
    expect(errors).toEqual([]);
    await page.close();
  });
});
