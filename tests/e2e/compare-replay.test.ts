import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * Simulated vs real (issue 5, item 7). The "real" trace is the audit log kube-apiserver writes
 * (`kube-anatomy run examples/hello-deployment.scenario.yaml --audit-log … --audit-policy-file …`,
 * level RequestResponse, one line per request), imported with `kube-anatomy replay`; the app
 * opens it and compares it with the hello-deployment simulation. A second log with one request
 * deleted shows that request as missing from the recording.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const CLI = join(ROOT, 'bin/kube-anatomy.mjs');
// RequestResponse for everything; RequestReceived omitted (as many clusters do), so every
// request is exactly one line of the log.
const POLICY = 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: RequestResponse\n';
const BINDING = 'message|scheduler>kube-apiserver|POST /api/v1/namespaces/*/pods/*/binding';

let browser: LaunchedBrowser;
let tmp: string;
let fullTrace: string;
let missingTrace: string;

const cli = (args: string[]) => execFileSync(process.execPath, [CLI, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ka-e2e-compare-'));
  writeFileSync(join(tmp, 'policy.yaml'), POLICY);
  cli(['run', join(ROOT, 'examples/hello-deployment.scenario.yaml'), '--audit-log', 'audit.log', '--audit-policy-file', 'policy.yaml']);
  const lines = readFileSync(join(tmp, 'audit.log'), 'utf8').split('\n');
  // Delete the log line of the first pods/binding request (the scheduler binding one replica).
  const drop = lines.findIndex((l) => l.includes('/binding"'));
  expect(drop).toBeGreaterThanOrEqual(0);
  writeFileSync(join(tmp, 'audit-missing.log'), lines.filter((_, i) => i !== drop).join('\n'));
  cli(['replay', 'audit.log', '--out', 'real.kanatomy.jsonl']);
  cli(['replay', 'audit-missing.log', '--out', 'real-missing.kanatomy.jsonl']);
  fullTrace = readFileSync(join(tmp, 'real.kanatomy.jsonl'), 'utf8');
  missingTrace = readFileSync(join(tmp, 'real-missing.kanatomy.jsonl'), 'utf8');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openReplay(hash: string, name: string, text: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1600, height: 1000 });
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./${hash}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('replay-open').waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('replay-file-input').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  await page.getByTestId('replay-banner').waitFor({ state: 'visible', timeout: 60_000 });
  return { page, errors };
}

async function compare(page: Page): Promise<{ same: number; missing: number; extra: number; reordered: number }> {
  expect(await page.getByTestId('compare-scenario').inputValue()).toBe('hello-deployment');
  await page.getByTestId('compare-open').click();
  await page.getByTestId('compare-view').waitFor({ state: 'visible', timeout: 60_000 });
  const summary = page.getByTestId('compare-summary');
  const n = async (k: string) => Number(await summary.getAttribute(`data-${k}`));
  return { same: await n('same'), missing: await n('missing'), extra: await n('extra'), reordered: await n('reordered') };
}

describe('simulated vs real in Chromium', () => {
  it('compares a replayed audit log with the hello-deployment simulation: mostly the same steps', async () => {
    const { page, errors } = await openReplay('#/?lang=en&theme=projector-light', 'real.kanatomy.jsonl', fullTrace);
    const c = await compare(page);
    expect(c.same).toBeGreaterThan(50);
    expect(c.same).toBeGreaterThan(4 * (c.missing + c.extra + c.reordered));
    expect(await page.getByTestId('compare-step').count()).toBe(c.same + c.missing + c.extra + c.reordered);

    // Clicking a step seeks both panes to it: real playhead = sim playhead + offset.
    const step = page.locator('[data-testid="compare-step"][data-status="same"]').nth(10);
    await step.click();
    expect(await step.getAttribute('aria-current')).toBe('step');
    // Keyboard: ↓ moves to the next step, which becomes the one at the playhead.
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.index);
    expect(Number(focused)).toBe(11);
    expect(await page.locator('[data-testid="compare-step"][data-index="11"]').getAttribute('aria-current')).toBe('step');
    await page.getByTestId('compare-view-real').selectOption('topology');
    await page.screenshot({ path: join(ARTIFACTS, 'compare-replay-en.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('compare-view').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('in Japanese and the dark projector theme, highlights a request deleted from the log as missing', async () => {
    const { page, errors } = await openReplay('#/?lang=ja&theme=projector-dark', 'real-missing.kanatomy.jsonl', missingTrace);
    const c = await compare(page);
    expect(c.missing).toBeGreaterThanOrEqual(1);
    const missing = page.locator(`[data-testid="compare-step"][data-status="missing"][data-signature="${BINDING}"]`);
    expect(await missing.count()).toBe(1);
    await missing.click();
    expect(await missing.getAttribute('aria-current')).toBe('step');
    expect(await missing.textContent()).toContain('記録にない');
    expect(await page.getByTestId('compare-view').textContent()).toContain('シミュレーション');
    await page.screenshot({ path: join(ARTIFACTS, 'compare-replay-ja.png') });
    expect(errors).toEqual([]);
    await page.close();
  });
});
