import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { collectPageErrors } from './support/browser.ts';
import { chromiumForFile } from './support/per-file.ts';

/**
 * Accessibility (issue 6): axe-core, run inside the page on the main screen, on a guided tour
 * and on the console, in both languages and the projector themes, must find no serious or
 * critical violation. axe-core comes from npm (node_modules), injected as a script tag.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/a11y/', import.meta.url));
const AXE = createRequire(`${ROOT}package.json`).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const browser = chromiumForFile(ARTIFACTS);

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(path, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  return { page, errors };
}

/** The serious and critical violations axe finds on the page as it is now, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`);
}

describe('accessibility (axe-core)', () => {
  for (const [lang, theme] of [
    ['en', 'light'],
    ['ja', 'projector-dark'],
    ['en', 'projector-light'],
  ] as const) {
    it(`the main screen has no serious or critical violation (${lang}, ${theme})`, async () => {
      const { page, errors } = await open(`./#/?lang=${lang}&theme=${theme}&t=6s`);
      await page.screenshot({ path: `${ARTIFACTS}main-${lang}-${theme}.png` });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    });
  }

  it('a guided tour has no serious or critical violation (both languages)', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const { page, errors } = await open(`./#/?tour=how-a-pod-comes-to-be&lang=${lang}`);
      await page.getByTestId('tour-panel').waitFor({ state: 'visible' });
      await page.getByTestId('tour-next').click();
      await page.screenshot({ path: `${ARTIFACTS}tour-${lang}.png` });
      expect(await seriousViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('the console has no serious or critical violation', async () => {
    const { page, errors } = await open('./#/?t=8s');
    await page.getByTestId('tab-console').click();
    await page.getByTestId('console').waitFor({ state: 'visible' });
    await page.screenshot({ path: `${ARTIFACTS}console.png` });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
