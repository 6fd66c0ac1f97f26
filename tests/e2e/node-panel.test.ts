import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TraceEvent } from '../../src/trace/schema.ts';
import { collectPageErrors, launchChromium, type LaunchedBrowser } from './support/browser.ts';

/**
 * The node internals panel in a real browser, on the default scenario (a Deployment `web` of
 * three nginx replicas on two nodes, containerd + runc). What it shows is checked against the
 * trace itself: the same scenario run by the CLI (`kube-anatomy run … --trace`), read here with
 * plain queries, not with the panel's view-model. Hooks: data-testid `node-panel` (data-node),
 * `node-namespaces` (boxes with data-ns-kind, data-from, data-to, data-path, data-join-path),
 * `node-overlay` / `node-layers`, `node-mount-table`, `node-cgroups` (data-path per cgroup),
 * `node-processes` (data-process, data-pid).
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

let browser: LaunchedBrowser;
let trace: TraceEvent[];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'ka-e2e-node-'));
  try {
    const file = join(dir, 'hello.kanatomy.jsonl');
    const run = spawnSync(process.execPath, ['bin/kube-anatomy.mjs', 'run', 'examples/hello-deployment.scenario.yaml', '--trace', file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    trace = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as TraceEvent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** What the trace says about one Pod's node internals, read directly from its events. */
function facts(pod: string) {
  const ofPod = trace.filter((e) => e.ref?.kind === 'Pod' && e.ref.name === pod);
  const lastPod = [...trace].reverse().find((e) => e.kind === 'object' && e.ref?.name === pod);
  const node = (lastPod?.attrs?.['object'] as { spec: { nodeName: string } }).spec.nodeName;
  const netns = String(ofPod.find((e) => e.op === 'create network namespace')?.attrs?.['path']);
  // runc's `running` step (a span; the oci-container machine's `running` is a state) names the init's pid.
  const pausePid = Number(ofPod.find((e) => e.kind === 'span' && e.op === 'running' && e.attrs?.['comm'] === 'pause')?.attrs?.['pid']);
  const appPid = Number(ofPod.find((e) => e.kind === 'span' && e.op === 'running' && e.attrs?.['comm'] !== 'pause')?.attrs?.['pid']);
  const sandboxConfig = ofPod.find((e) => e.op === 'RunPodSandbox')?.attrs?.['request'] as { config: { linux: { cgroupParent: string } } };
  const appCreate = ofPod.find((e) => e.op === 'CreateContainerResponse')?.attrs?.['response'] as { containerId: string };
  const appSnapshot = ofPod.find((e) => e.op === 'snapshot prepare' && e.attrs?.['key'] === appCreate.containerId);
  const scopeDir = String(ofPod.find((e) => e.op === 'mkdir' && String(e.attrs?.['path']).endsWith(`cri-containerd-${appCreate.containerId}.scope`))?.attrs?.['path']);
  const cpuWeight = ofPod.find((e) => e.op === 'write' && e.attrs?.['file'] === `${scopeDir}/cpu.weight`)?.attrs?.['value'];
  const merged = ofPod.find((e) => e.op === 'fchdir' && e.attrs?.['fd'] === 'newroot' && String(e.attrs?.['path']).includes(appCreate.containerId))?.attrs?.['path'];
  return { node, netns, pausePid, appPid, cgroupParent: sandboxConfig.config.linux.cgroupParent, appId: appCreate.containerId, layers: Number(appSnapshot?.attrs?.['layers']), scopeDir, cpuWeight, merged };
}

/** Opens the app at the end of the trace (the app clamps t) and waits for the Pods. */
async function openAtEnd(query: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(new URL(`./?t=3600s${query}`, inject('baseURL')).href, { waitUntil: 'load' });
  await page.getByTestId('play').waitFor({ state: 'visible', timeout: 60_000 });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
  await page.locator('[data-testid="pod-card"][data-phase="Running"]').nth(2).waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Opens the node panel (it starts folded) and gives the dock more width with the keyboard, as a presenter would. */
async function openNodePanel(page: Page): Promise<Locator> {
  const panel = page.getByTestId('node-panel');
  const toggle = panel.locator('.ka-dock-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  expect(await toggle.getAttribute('aria-expanded')).toBe('true');
  const splitter = page.locator('.ka-dock > .ka-splitter--v');
  await splitter.focus();
  for (let i = 0; i < 6; i++) await splitter.press('ArrowLeft');
  return panel;
}

/** Checks the panel against the trace for one Pod. */
async function checkAgainstTrace(panel: Locator, pod: string): Promise<void> {
  const f = facts(pod);
  expect(await panel.getAttribute('data-node')).toBe(f.node);
  const ns = panel.getByTestId('node-namespaces');
  expect(await ns.getAttribute('data-pod')).toBe(pod);
  // net: one box from the pause column (1) over the app column (2), pinned at the CNI netns path.
  const net = ns.locator('[data-ns-kind="net"][data-from="1"]');
  expect(await net.getAttribute('data-to')).toBe('2');
  expect(await net.getAttribute('data-path')).toBe(f.netns);
  // ipc and uts: made by the pause container, joined by the app through /proc/<pause pid>/ns/….
  for (const kind of ['ipc', 'uts']) {
    const box = ns.locator(`[data-ns-kind="${kind}"][data-from="1"]`);
    expect(await box.getAttribute('data-to'), kind).toBe('2');
    expect(await box.getAttribute('data-join-path'), kind).toBe(`/proc/${f.pausePid}/ns/${kind}`);
    expect(await box.getAttribute('data-relations'), kind).toBe('created joined');
  }
  // mnt and pid: one of their own each; user and time: the host's, over every column.
  for (const kind of ['mnt', 'pid']) expect(await ns.locator(`[data-ns-kind="${kind}"]`).count(), kind).toBe(3);
  for (const kind of ['user', 'time']) expect(await ns.locator(`[data-ns-kind="${kind}"]`).getAttribute('data-to'), kind).toBe('2');
  // The process tree has both container inits with the pids runc reported.
  const procs = panel.getByTestId('node-processes');
  expect(await procs.locator(`[data-pid="${f.pausePid}"]`).getAttribute('data-process')).toBe('pause');
  expect(await procs.locator(`[data-pid="${f.appPid}"]`).count()).toBe(1);
  // Mounts: the app container's overlay, its merged dir and as many layers as the snapshotter said.
  const mounts = panel.getByTestId('node-mounts');
  expect(await mounts.getAttribute('data-container')).toBe('nginx');
  expect(await mounts.locator('.ka-node-ov.is-merged').getAttribute('data-dir')).toBe(f.merged);
  expect(await mounts.locator('.ka-node-ov.is-root').getAttribute('data-pivot')).toBe('done');
  expect(await mounts.getByTestId('node-layers').locator('li').count()).toBe(f.layers);
  expect(await mounts.getByTestId('node-mount-table').locator('tr[data-target="/etc/hosts"]').count()).toBe(1);
  // cgroups: the pod slice from the CRI cgroupParent and the app's scope with the cpu.weight runc wrote.
  const cg = panel.getByTestId('node-cgroups');
  const scopePath = f.scopeDir.replace('/sys/fs/cgroup/', '');
  const scope = cg.locator(`[data-path="${scopePath}"]`);
  expect(await scope.count()).toBe(1);
  expect(scopePath.split('/').slice(-2, -1)[0]).toBe(f.cgroupParent);
  expect(await scope.locator('[data-file="cpu.weight"] strong').first().textContent()).toBe(String(f.cpuWeight));
}

describe('the node internals panel in Chromium', () => {
  it('shows the selected Pod\'s namespaces, mounts and cgroups as the trace has them, in English and the light theme', async () => {
    const { page, errors } = await openAtEnd('');
    const panel = await openNodePanel(page);
    const card = page.locator('[data-testid="pod-card"]').first();
    const pod = (await card.getAttribute('data-pod')) ?? '';
    await card.click();
    await expect.poll(() => panel.getByTestId('node-namespaces').getAttribute('data-pod'), { timeout: 5_000 }).toBe(pod);
    expect(await panel.locator('h2').textContent()).toBe('Node internals');
    expect(await panel.getByTestId('node-boundary').getAttribute('data-runtime')).toBe('runc');
    expect(await panel.getByTestId('node-boundary').textContent()).not.toContain('Sentry');
    await checkAgainstTrace(panel, pod);
    await page.setViewportSize({ width: 1440, height: 3000 });
    await panel.screenshot({ path: `${ARTIFACTS}node-en-light.png` });
    await page.setViewportSize({ width: 1440, height: 900 });

    // One playhead: at the start nothing has happened on the node.
    await page.getByTestId('restart').click();
    await expect.poll(async () => (await panel.textContent()) ?? '', { timeout: 5_000 }).toContain('No Pod on this node yet at the playhead.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the playhead: runc\'s stages and the pause container\'s first namespaces while it is created', async () => {
    const unshare = trace.find((e) => e.op === 'unshare' && e.attrs?.['proc'] === 'runc:[1:CHILD]');
    const pod = unshare?.ref?.name ?? '';
    const { page, errors } = await openAtEnd('');
    await page.goto(new URL(`./?t=${((unshare?.t ?? 0) / 1e6).toFixed(6)}`, inject('baseURL')).href, { waitUntil: 'load' });
    await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 60_000 }).toBe(true);
    const panel = await openNodePanel(page);
    const f = facts(pod);
    await page.locator('[data-testid="node-picker"]').selectOption(f.node);
    await panel.locator(`[data-testid="node-pods"] [data-pod="${pod}"]`).click();
    // Under the Pod's shim: runc create with its children, stage-1 among them (other Pods may be being created too).
    const shim = panel.getByTestId('node-processes').locator('li.is-focus');
    await expect.poll(() => shim.locator('[data-process="runc:[1:CHILD]"]').count(), { timeout: 5_000 }).toBe(1);
    expect(await shim.locator('[data-process="runc create"]').count()).toBe(1);
    const ns = panel.getByTestId('node-namespaces');
    expect(await ns.getAttribute('data-pod')).toBe(pod);
    expect(await ns.locator('[data-ns-kind="mnt"][data-from="1"]').getAttribute('data-relations')).toBe('created');
    expect(await ns.locator('[data-ns-kind="net"][data-from="1"]').getAttribute('data-path')).toBe(f.netns);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('speaks Japanese in the projector-dark theme', async () => {
    const { page, errors } = await openAtEnd('&lang=ja&theme=projector-dark');
    const panel = await openNodePanel(page);
    const card = page.locator('[data-testid="pod-card"]').nth(1);
    const pod = (await card.getAttribute('data-pod')) ?? '';
    await card.click();
    await expect.poll(() => panel.getByTestId('node-namespaces').getAttribute('data-pod'), { timeout: 5_000 }).toBe(pod);
    expect(await panel.locator('h2').textContent()).toBe('ノードの内部');
    expect(await panel.getByTestId('node-boundary').textContent()).toContain('隔離の境界');
    await checkAgainstTrace(panel, pod);
    await page.setViewportSize({ width: 1440, height: 3000 });
    await panel.screenshot({ path: `${ARTIFACTS}node-ja-projector-dark.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
