import { createWriteStream, mkdirSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importFiles } from '../../src/replay/index.ts';
import type { ImportInput } from '../../src/replay/types.ts';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * Replay in the browser (issue 5, item 3): real recorded traces dropped onto the app, imported in
 * the import worker with a progress bar, played on the same views; a 200 MB audit log through the
 * file input; Cancel; and the errors of a bad line and of an unknown format.
 */

const FIXTURES = fileURLToPath(new URL('../fixtures/replay/node/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
/** Real captures (tests/fixtures/replay/node, recorded from real containerd, runc and etcd on this machine). */
const REAL = ['ctr-events.cri.txt', 'runc.create.strace-ttt.txt', 'etcd.watch.json.jsonl'];

let browser: LaunchedBrowser;
let tmp: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ka-e2e-replay-'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openApp(query = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./${query}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await page.getByTestId('replay-open').waitFor({ state: 'visible' });
  return { page, errors };
}

/** Drops files onto the app as a person dragging them from a file manager does (drag enter, over, drop). */
async function dropFiles(page: Page, files: { name: string; text: string }[]): Promise<void> {
  await page.evaluate((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'text/plain' }));
    const zone = document.querySelector('[data-testid="replay-dropzone"]');
    if (!zone) throw new Error('no drop zone');
    for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, files);
}

const waitForBanner = (page: Page, timeout = 60_000) => page.getByTestId('replay-banner').waitFor({ state: 'visible', timeout });

/** What the same import code gives in Node: the number of events the browser must show. */
async function eventsInNode(paths: string[]): Promise<number> {
  const inputs: ImportInput[] = paths.map((p) => ({
    name: p.split('/').pop() as string,
    async *open() {
      yield new Uint8Array(readFileSync(p));
    },
  }));
  return (await importFiles(inputs)).events.length;
}

describe('replay in Chromium', () => {
  it('imports real dropped traces with a progress bar, plays them, and shows topology and node views', async () => {
    const { page, errors } = await openApp('?theme=projector-dark');
    const expected = await eventsInNode(REAL.map((f) => join(FIXTURES, f)));
    expect(expected).toBeGreaterThan(0);
    await dropFiles(page, REAL.map((f) => ({ name: f, text: readFileSync(join(FIXTURES, f), 'utf8') })));
    await waitForBanner(page);
    // The progress bar is gone once the import finished.
    expect(await page.getByTestId('replay-progress').count()).toBe(0);
    const banner = page.getByTestId('replay-banner');
    expect(await banner.getAttribute('data-files')).toBe('3');
    expect(Number(await banner.getAttribute('data-events'))).toBe(expected);
    expect(await banner.textContent()).toContain('Replay of 3 files');
    expect(await page.getByTestId('replay-sources').locator('li').count()).toBe(3);
    // containerd's events lack steps the views need (the importer fills them in): the legend says how many.
    const legend = page.getByTestId('inferred-legend').first();
    await legend.waitFor({ state: 'visible' });
    expect(Number(await legend.getAttribute('data-inferred'))).toBeGreaterThan(0);
    // The banner is inside the theme: dark, not the page's default white.
    expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(255, 255, 255)');

    await page.getByTestId('play').click();
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: `${ARTIFACTS}replay-topology-projector-dark.png` });
    const nodePanel = page.getByTestId('node-panel');
    if (await nodePanel.count()) {
      // The node panel starts folded: unfold it by its header to show the runtime's work.
      const header = nodePanel.locator('button').first();
      if (await header.count()) await header.click();
      await page.waitForTimeout(500);
      await nodePanel.screenshot({ path: `${ARTIFACTS}replay-node-projector-dark.png` });
    }
    // Back to the scenario the user was on, as it was.
    await page.getByTestId('replay-back').click();
    await page.getByTestId('scenario-picker').waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese in the replay banner', async () => {
    const { page, errors } = await openApp('?lang=ja&theme=projector-light');
    expect(await page.getByTestId('replay-open').textContent()).toBe('トレースを開く');
    await page.getByTestId('replay-file-input').setInputFiles(REAL.map((f) => join(FIXTURES, f)));
    await waitForBanner(page);
    expect(await page.getByTestId('replay-banner').textContent()).toContain('3 個のファイルの再生');
    expect(await page.getByTestId('inferred-legend').first().textContent()).toContain('推定されたステップ');
    await page.screenshot({ path: `${ARTIFACTS}replay-ja-projector-light.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reports a bad line with file, line and reason and keeps the good lines', async () => {
    const { page, errors } = await openApp();
    const lines = readFileSync(join(FIXTURES, 'etcd.watch.json.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    const damaged = [lines[0], '{"Header": {"cluster_id": 1, "member_id"', ...lines.slice(1)].join('\n');
    await dropFiles(page, [{ name: 'etcd-watch.jsonl', text: damaged }]);
    await waitForBanner(page);
    const errs = page.getByTestId('replay-error');
    expect(await errs.count()).toBeGreaterThanOrEqual(1);
    expect(await errs.first().textContent()).toMatch(/^etcd-watch\.jsonl:2: .+/);
    expect(Number(await page.getByTestId('replay-banner').getAttribute('data-events'))).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('names an unknown format and lists the known formats', async () => {
    const { page, errors } = await openApp();
    await dropFiles(page, [{ name: 'notes.txt', text: 'shopping list\neggs\nmilk\n' }]);
    await page.getByTestId('replay-failure').waitFor({ state: 'visible', timeout: 30_000 });
    const text = (await page.getByTestId('replay-failure').textContent()) ?? '';
    expect(text).toContain('notes.txt is not a trace format kube-anatomy knows.');
    expect(await page.getByTestId('replay-known-formats').locator('li').count()).toBeGreaterThan(5);
    expect(text).toContain('audit');
    await page.getByTestId('replay-dismiss').click();
    await page.getByTestId('scenario-picker').waitFor({ state: 'visible' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports a generated 200 MB audit log through the file input without the tab crashing, and cancels one', async () => {
    const path = join(tmp, 'kube-apiserver-audit.log');
    const sample = join(tmp, 'sample-audit.log');
    const SAMPLE_LINES = 1_000;
    const bytes = await writeAuditLog(path, 200 * 1000 * 1000);
    const lines = bytes.lines;
    expect(lines % SAMPLE_LINES).toBe(0);
    await writeAuditLog(sample, 1, SAMPLE_LINES);
    const perSample = await eventsInNode([sample]);
    expect(perSample).toBeGreaterThan(0);

    const { page, errors } = await openApp();
    // Cancel first: the progress bar comes, Cancel stops it, the scenario stays.
    await page.getByTestId('replay-file-input').setInputFiles(path);
    await page.getByTestId('replay-progress').waitFor({ state: 'visible', timeout: 30_000 });
    await expect.poll(async () => Number((await page.getByTestId('replay-counts').getAttribute('data-lines').catch(() => '0')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).not.toBeNull();
    await page.getByTestId('replay-cancel').click();
    await page.getByTestId('replay-cancelled').waitFor({ state: 'visible' });
    expect(await page.getByTestId('replay-progress').count()).toBe(0);
    expect(await page.getByTestId('replay-banner').count()).toBe(0);

    // Then the whole file. The tab stays responsive while the worker imports: the page keeps
    // answering and repainting the progress (line counts read from the DOM keep advancing).
    await page.getByTestId('replay-file-input').setInputFiles(path);
    const seen = new Set<number>();
    const banner = page.getByTestId('replay-banner');
    const deadline = Date.now() + 170_000; // a bound for the loop, not a speed assertion
    while (Date.now() < deadline) {
      if ((await banner.count()) > 0) break;
      const lines = Number((await page.getByTestId('replay-counts').getAttribute('data-lines', { timeout: 5_000 }).catch(() => null)) ?? NaN);
      if (Number.isFinite(lines)) seen.add(lines);
      expect(await page.evaluate(() => document.readyState)).toBe('complete');
      await page.waitForTimeout(500);
    }
    await waitForBanner(page, 10_000);
    expect(seen.size, `progress values seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(3);
    // The page still answers.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Number(await page.getByTestId('replay-banner').getAttribute('data-events'))).toBe((perSample * lines) / SAMPLE_LINES);
    expect(Number(await page.getByTestId('replay-banner').getAttribute('data-errors'))).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}replay-audit-200mb.png` });
    expect(errors).toEqual([]);
    await page.close();
  }, 400_000);
});

/**
 * Streams a realistic kube-apiserver audit log (audit.k8s.io/v1, one Event per line at stage
 * ResponseComplete, level Metadata): kubelets' status patches, controllers' gets, pod creates.
 * Lines come in groups of ten, each request its own auditID and object, so the events per line
 * are the same in every group. Stops at the first thousand lines at or above `bytes`, or after `maxLines`.
 */
async function writeAuditLog(path: string, bytes: number, maxLines = Infinity): Promise<{ lines: number }> {
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  const t0 = Date.parse('2024-05-14T09:00:00Z');
  const hex = (i: number, w: number) => i.toString(16).padStart(w, '0').slice(-w);
  const uuid = (i: number, salt: number) => `${hex(salt, 8)}-${hex(i >>> 16, 4)}-4${hex(i, 3)}-8${hex(i >>> 4, 3)}-${hex(i * 7919, 12)}`;
  const stamp = (ms: number) => new Date(ms).toISOString().replace('Z', '').padEnd(23, '0') + '000Z';
  while (written < bytes || n % 1000 !== 0) {
    if (n >= maxLines) break;
    const g = Math.floor(n / 10);
    const k = n % 10;
    const at = t0 + n * 3;
    const pod = `web-${hex(g, 6)}-${'bcdfg'[k % 5]}x${k}`;
    const node = `node-${(g % 3) + 1}`;
    const verb = k === 0 ? 'create' : k < 6 ? 'patch' : 'get';
    const user = k === 0 ? { username: 'system:serviceaccount:kube-system:replicaset-controller', uid: uuid(1, 1), groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system', 'system:authenticated'] } : { username: `system:node:${node}`, groups: ['system:nodes', 'system:authenticated'] };
    const ev = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: uuid(n, 0xa0d17),
      stage: 'ResponseComplete',
      requestURI: verb === 'create' ? '/api/v1/namespaces/default/pods' : `/api/v1/namespaces/default/pods/${pod}${verb === 'patch' ? '/status' : ''}`,
      verb,
      user,
      sourceIPs: ['10.0.0.' + ((g % 200) + 2)],
      userAgent: verb === 'create' ? 'kube-controller-manager/v1.30.0 (linux/amd64) kubernetes/7c48c2b/system:serviceaccount:kube-system:replicaset-controller' : 'kubelet/v1.30.0 (linux/amd64) kubernetes/7c48c2b',
      objectRef: { resource: 'pods', namespace: 'default', name: pod, apiVersion: 'v1', ...(verb === 'patch' ? { subresource: 'status' } : {}) },
      responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
      requestReceivedTimestamp: stamp(at),
      stageTimestamp: stamp(at + 2),
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': verb === 'create' ? 'RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-controller" of ClusterRole "system:controller:replicaset-controller" to ServiceAccount "replicaset-controller/kube-system"' : '' },
    };
    const line = `${JSON.stringify(ev)}\n`;
    written += Buffer.byteLength(line);
    n++;
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { lines: n };
}
