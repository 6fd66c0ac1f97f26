import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LiveSink } from '../../src/cli/record/live-sink.ts';
import type { BundleManifest } from '../../src/cli/record/sink.ts';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * The live mode end to end (issue 5: "recorder → server → browser"): the real `kube-anatomy
 * serve` process, a recorder (the CLI's LiveSink, as `kube-anatomy record --live` uses it)
 * sending real captured lines (tests/fixtures/replay/node: containerd's `ctr events` and etcd's
 * watch, recorded on this machine) in batches, and the app in Chromium following
 * `#/?trace=ws://…/live/<name>/follow`. The app's event count must grow as the batches arrive
 * and end equal to what the server imported.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'tests/fixtures/replay/node/');
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const NAME = 'e2e-node-1';

const lines = (file: string) =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');

let browser: LaunchedBrowser;
let tmp: string;
let serve: ChildProcess | undefined;
let serverUrl: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'ka-e2e-live-'));
  const app = new URL(inject('baseURL')).origin;
  serve = spawn(process.execPath, [join(ROOT, 'bin/kube-anatomy.mjs'), 'serve', tmp, '--listen', '127.0.0.1:0', '--allow-origin', app], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  serverUrl = await listeningUrl(serve);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (serve?.pid !== undefined && serve.exitCode === null) {
    const exited = new Promise<void>((resolve) => serve?.once('exit', () => resolve()));
    process.kill(-serve.pid, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** `kube-anatomy serve` prints `serving DIR at http://HOST:PORT` once it listens (port 0: the kernel's pick). */
function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kube-anatomy serve did not report its address:\n${out}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = / at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`kube-anatomy serve exited with ${code}:\n${out}`)));
  });
}

/** What the server holds of the live trace (`GET /api/live`). */
async function serverSummary(): Promise<{ events: number; errors: number; state: string; followers: number }> {
  const res = await fetch(`${serverUrl}/api/live`);
  const body = (await res.json()) as { live: { name: string; events: number; errors: number; state: string; followers: number }[] };
  const t = body.live.find((l) => l.name === NAME);
  if (!t) throw new Error(`${NAME} is not among the live traces: ${JSON.stringify(body)}`);
  return t;
}

describe('live follow in Chromium', () => {
  it('shows a live trace growing as a recorder sends real captured lines through kube-anatomy serve', async () => {
    const ctr = lines('ctr-events.cri.txt');
    const etcd = lines('etcd.watch.json.jsonl');
    expect(ctr.length).toBeGreaterThan(20);
    const third = Math.ceil(ctr.length / 3);
    const ws = serverUrl.replace(/^http/, 'ws');
    // The recorder started just before its first captured line (the fixtures were captured earlier):
    // a start after the lines would put every event at t=0, as times before the start are moved up to it.
    const firstAt = Date.parse(`${(ctr[0] ?? '').split(' ').slice(0, 2).join('T').slice(0, 23)}Z`);
    expect(Number.isFinite(firstAt)).toBe(true);
    const startedAt = new Date(firstAt - 1_000).toISOString();
    const sink = new LiveSink(`${ws}/live/${NAME}/record`, { node: 'node-1', startedAt, generator: 'kube-anatomy e2e' });
    sink.open('ctr-events.txt', 'ctr-events');
    sink.open('etcd-watch.jsonl', 'etcd-watch');

    // Batch 1 before the browser comes: the follower's snapshot holds it.
    await sink.write('ctr-events.txt', ctr.slice(0, third));
    await expect.poll(async () => (await serverSummary()).events, { timeout: 30_000 }).toBeGreaterThan(0);

    const page = await browser.context.newPage();
    const errors = collectPageErrors(page);
    const follow = `${ws}/live/${NAME}/follow`;
    await page.goto(new URL(`./?theme=projector-dark#/?trace=${encodeURIComponent(follow)}`, inject('baseURL')).href, { waitUntil: 'load' });
    const banner = page.getByTestId('replay-banner');
    await banner.waitFor({ state: 'visible', timeout: 60_000 }).catch(async (err: unknown) => {
      // Say what the page shows instead (an import failure names its reason).
      await page.screenshot({ path: `${ARTIFACTS}live-follow-failed.png` });
      const failure = await page.getByTestId('replay-failure').textContent({ timeout: 1_000 }).catch(() => null);
      throw new Error(`no live replay banner: ${failure ?? (err as Error).message}\npage errors: ${errors.join('\n')}`);
    });
    expect(await banner.getAttribute('data-live')).toBe('true');
    expect(await banner.textContent()).toContain(`Live trace ${follow}`);
    const eventsShown = async () => Number(await banner.getAttribute('data-events'));
    const first = (await serverSummary()).events;
    await expect.poll(eventsShown, { timeout: 30_000 }).toBe(first);
    expect((await serverSummary()).followers).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}live-follow-1.png` });

    // Batch 2 (containerd and etcd): the page grows without a reload.
    await sink.write('ctr-events.txt', ctr.slice(third, 2 * third));
    await sink.write('etcd-watch.jsonl', etcd);
    await expect.poll(async () => (await serverSummary()).events, { timeout: 30_000 }).toBeGreaterThan(first);
    const second = (await serverSummary()).events;
    await expect.poll(eventsShown, { timeout: 30_000 }).toBe(second);

    // Batch 3, then the recording ends: the banner says so and holds every event the server imported.
    await sink.write('ctr-events.txt', ctr.slice(2 * third));
    const manifest: BundleManifest = {
      format: 'kube-anatomy-bundle',
      version: 1,
      generator: 'kube-anatomy e2e',
      startedAt,
      endedAt: new Date().toISOString(),
      node: 'node-1',
      redacted: true,
      files: [
        { path: 'ctr-events.txt', format: 'ctr-events', description: 'ctr events', lines: ctr.length },
        { path: 'etcd-watch.jsonl', format: 'etcd-watch', description: 'etcdctl watch -w json', lines: etcd.length },
      ],
    };
    await sink.close(manifest);
    await page.getByTestId('replay-live-ended').waitFor({ state: 'visible', timeout: 30_000 });
    const final = await serverSummary();
    expect(final.state).toBe('ended');
    expect(final.events).toBeGreaterThan(second);
    expect(final.errors).toBe(0);
    expect(await eventsShown()).toBe(final.events);
    expect(Number(await banner.getAttribute('data-errors'))).toBe(0);

    // The swimlane draws what came: play a little and keep a picture of it.
    await page.getByTestId('play').click();
    await page.waitForTimeout(2_000);
    await page.screenshot({ path: `${ARTIFACTS}live-follow-ended-projector-dark.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
