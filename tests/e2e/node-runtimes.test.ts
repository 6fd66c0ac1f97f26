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
 * The node internals view for every low-level runtime, in Chromium: runc, gVisor and Kata
 * (examples/sandboxed-runtimes.scenario.yaml) and rkt's stage1 fly, coreos and kvm
 * (examples/rkt-stage1-flavours.scenario.yaml), each opened in the built app by its URL
 * (`#/?scenario=<name>&t=…`, served by the global setup's `vite preview` of dist/). Per runtime: select a Pod on that node, check the
 * isolation stack's bands (names, kinds, the boundary, that the trace showed each at work) and
 * the namespaces against the trace itself (the CLI's trace of the same scenario, read with plain
 * queries), and save a screenshot in tests/e2e/artifacts/. One browser, one page per scenario;
 * the language and theme are switched on the page, so every language × projector theme is shot.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

let browser: LaunchedBrowser;
const traces = new Map<string, TraceEvent[]>();
const pages = new Map<string, { page: Page; errors: string[] }>();

function runScenario(name: string): TraceEvent[] {
  const dir = mkdtempSync(join(tmpdir(), 'ka-e2e-rt-'));
  try {
    const file = join(dir, 't.jsonl');
    const run = spawnSync(process.execPath, ['bin/kube-anatomy.mjs', 'run', `examples/${name}.scenario.yaml`, '--trace', file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    return readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as TraceEvent);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const s of ['sandboxed-runtimes', 'rkt-stage1-flavours']) traces.set(s, runScenario(s));
  browser = await launchChromium();
});

afterAll(async () => {
  for (const { page } of pages.values()) await page.close();
  await browser?.close();
});

const spans = (scenario: string, pred: (e: TraceEvent) => boolean) => (traces.get(scenario) ?? []).filter((e) => e.kind === 'span' && pred(e));

/** The page of a scenario, opened once at `t` (seconds) with the node panel unfolded and wide. */
async function pageOf(scenario: string, t: number, query: string): Promise<{ page: Page; errors: string[] }> {
  const known = pages.get(scenario);
  if (known) return known;
  const page = await browser.context.newPage();
  const errors = collectPageErrors(page);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(new URL(`./#/?scenario=${scenario}&t=${t.toFixed(6)}${query}`, inject('baseURL')).href, { waitUntil: 'load' });
  await expect.poll(() => page.getByTestId('play').isEnabled(), { timeout: 90_000 }).toBe(true);
  expect(await page.getByTestId('scenario-file').textContent()).toBe(`${scenario}.scenario.yaml`);
  const panel = page.getByTestId('node-panel');
  const toggle = panel.locator('.ka-dock-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  const splitter = page.locator('.ka-dock > .ka-splitter--v');
  await splitter.focus();
  // As wide as the dock goes (half the window): two columns side by side need 760 px.
  for (let i = 0; i < 24; i++) await splitter.press('ArrowLeft');
  const entry = { page, errors };
  pages.set(scenario, entry);
  return entry;
}

/** Selects a Pod by its card and waits until the panel follows it to its node. */
async function selectPod(page: Page, pod: string, node: string): Promise<Locator> {
  await page.locator(`[data-testid="pod-card"][data-pod="${pod}"]`).click();
  const panel = page.getByTestId('node-panel');
  await expect.poll(() => panel.getAttribute('data-node'), { timeout: 5_000 }).toBe(node);
  return panel;
}

interface Band {
  name: string;
  kind: string;
  seen: string;
  boundary: boolean;
  text: string;
}

/** The bands of the first column's isolation stack, top to bottom. */
async function bands(panel: Locator): Promise<Band[]> {
  return panel
    .getByTestId('node-column')
    .first()
    .locator('[data-testid="node-boundary"] li.ka-node-layer')
    .evaluateAll((els) => els.map((e) => ({ name: (e as HTMLElement).dataset['name'] ?? '', kind: (e as HTMLElement).dataset['layer'] ?? '', seen: (e as HTMLElement).dataset['seen'] ?? '', boundary: e.classList.contains('is-boundary'), text: e.textContent ?? '' })));
}

/** Switches language and theme with the app's own controls. */
async function settings(page: Page, lang: 'en' | 'ja', theme: 'projector-light' | 'projector-dark'): Promise<void> {
  await page.getByTestId('lang-switch').selectOption(lang);
  await page.getByTestId('theme-switch').selectOption(theme);
  await expect.poll(() => page.evaluate(() => `${document.documentElement.lang} ${document.documentElement.dataset['theme'] ?? ''}`)).toBe(`${lang} ${theme}`);
}

async function shoot(page: Page, panel: Locator, name: string): Promise<void> {
  await page.setViewportSize({ width: 1920, height: 3200 });
  // From the panel's top (an earlier test may have scrolled the dock).
  await panel.evaluate((el) => {
    for (let n: Element | null = el; n; n = n.parentElement) n.scrollTop = 0;
    for (const body of el.querySelectorAll('.ka-panel-body')) body.scrollTop = 0;
  });
  await panel.screenshot({ path: `${ARTIFACTS}${name}.png` });
  await page.setViewportSize({ width: 1920, height: 1080 });
}

/** Namespace boxes of the Pod that are not the host's. */
const ownNamespaces = (panel: Locator) => panel.getByTestId('node-column').first().locator('[data-testid="node-namespaces"] [data-scope="pod"], [data-testid="node-namespaces"] [data-scope="own"]');

describe('the node view of each low-level runtime (sandboxed-runtimes: runc, gVisor, Kata)', () => {
  const S = 'sandboxed-runtimes';
  // Before `kubectl delete pod`: every Pod runs.
  const beforeDelete = () => ((traces.get(S) ?? []).find((e) => e.op.startsWith('kubectl delete pod'))?.t ?? 0) / 1e6 - 0.001;

  it('runc: host processes in namespaces the pause container holds, the overlay the shim mounted made / by pivot_root (en, projector-light)', async () => {
    const { page, errors } = await pageOf(S, beforeDelete(), '&lang=en&theme=projector-light');
    const panel = await selectPod(page, 'web-runc', 'node-1');
    expect(await panel.getByTestId('node-boundary').getAttribute('data-runtime')).toBe('runc');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'namespaces · cgroups · seccomp · capabilities', true],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    expect(b[1]?.text).toContain('pivot_root');
    // The pod's net, ipc and uts are the pause container's: one box over both columns.
    const ns = panel.getByTestId('node-namespaces');
    const netns = String((traces.get(S) ?? []).find((e) => e.op === 'create network namespace' && e.ref?.name === 'web-runc')?.attrs?.['path']);
    expect(await ns.locator('[data-ns-kind="net"][data-from="1"]').getAttribute('data-path')).toBe(netns);
    expect(await ns.locator('[data-ns-kind="net"][data-from="1"]').getAttribute('data-to')).toBe('3');
    // Mounts: the shim's overlay mount of nginx's rootfs, as its span has it.
    const nginxId = ((traces.get(S) ?? []).find((e) => e.op === 'CreateContainerResponse' && e.ref?.name === 'web-runc')?.attrs?.['response'] as { containerId: string }).containerId;
    const mount = spans(S, (e) => e.op === 'mount' && e.actor === 'containerd/node-1' && e.attrs?.['id'] === nginxId)[0];
    const data = String(mount?.attrs?.['data']);
    const opt = (k: string) => data.split(',').find((o) => o.startsWith(`${k}=`))?.slice(k.length + 1);
    const mounts = panel.getByTestId('node-mounts');
    expect(await mounts.getAttribute('data-container')).toBe('nginx');
    expect(await mounts.getByTestId('node-overlay').getAttribute('data-mounted')).toBe('true');
    expect(await mounts.locator('.ka-node-ov.is-merged').getAttribute('data-dir')).toBe(mount?.attrs?.['target']);
    expect(await mounts.locator('.ka-node-ov.is-upper').getAttribute('data-dir')).toBe(opt('upperdir'));
    expect(await mounts.locator('.ka-node-ov.is-work').getAttribute('data-dir')).toBe(opt('workdir'));
    expect(await mounts.getByTestId('node-layers').locator('li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['dir']))).toEqual(opt('lowerdir')?.split(':'));
    expect(await mounts.locator('.ka-node-ov.is-root').getAttribute('data-pivot')).toBe('done');
    await shoot(page, panel, 'node-runc-en-projector-light');
    // The mounts section, scrolled into the panel's view (the dock scrolls inside itself).
    await page.setViewportSize({ width: 1920, height: 3200 });
    await panel.getByTestId('node-mounts-section').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await panel.screenshot({ path: `${ARTIFACTS}node-runc-mounts-en-projector-light.png` });
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(errors).toEqual([]);
  });

  it('gVisor: the app\'s syscalls stop at the Sentry, the Gofer serves its files, the host kernel sees only them', async () => {
    const { page, errors } = await pageOf(S, beforeDelete(), '&lang=en&theme=projector-light');
    const panel = await selectPod(page, 'web-gvisor', 'node-2');
    const boundary = panel.getByTestId('node-boundary');
    expect(await boundary.getAttribute('data-runtime')).toBe('runsc');
    expect(await boundary.getAttribute('data-host-kernel-shared')).toBe('false');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'Sentry', true],
      ['guard', 'Gofer', false],
      ['guard', 'seccomp · namespaces', false],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    // Every execve of the pod's containers is the Sentry's, as many as the trace has.
    const sentryExecs = spans(S, (e) => e.actor === 'runsc/node-2' && e.op === 'execve' && e.attrs?.['kernel'] === 'sentry');
    expect(sentryExecs.length).toBe(3);
    const app = boundary.locator('li.ka-node-layer[data-layer="app"] .ka-node-layer-facts li');
    expect(await app.count()).toBe(sentryExecs.length);
    for (const text of await app.allTextContents()) expect(text).toContain('servedBy=Sentry');
    const platform = String(spans(S, (e) => e.op === 'sentry boot')[0]?.attrs?.['platform']);
    expect(b[1]?.text).toContain(`platform=${platform}`);
    // On the host: the shim's children are the gofers and the sandbox, nothing of the app.
    const shim = panel.getByTestId('node-processes').locator('[data-process="containerd-shim-runsc-v1"]');
    expect(await shim.locator('[data-process="runsc-sandbox"]').count()).toBe(1);
    expect(await shim.locator('[data-process="nginx"]').count()).toBe(0);
    await shoot(page, panel, 'node-gvisor-en-projector-light');
    expect(errors).toEqual([]);
  });

  it('Kata: the microVM (Firecracker on KVM, the guest kernel, the kata-agent) is the boundary; side by side with gVisor (ja, projector-dark)', async () => {
    const { page, errors } = await pageOf(S, beforeDelete(), '&lang=en&theme=projector-light');
    await settings(page, 'ja', 'projector-dark');
    const panel = await selectPod(page, 'web-kata', 'node-3');
    expect(await panel.locator('h2').textContent()).toBe('ノードの内部');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'kata-agent · namespaces · cgroups', false],
      ['kernel', 'guest Linux kernel', false],
      ['vmm', 'Firecracker · KVM', true],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    const image = String(spans(S, (e) => e.op === 'guest kernel boot')[0]?.attrs?.['image']);
    expect(b[2]?.text).toContain(image);
    // The containers are made inside the VM by the agent's rustjail (kata-agent's libcontainer).
    expect(b[1]?.text).toContain('rustjail init');
    // On the host the pod is one firecracker process; only the pod's netns is not the host's.
    const shim = panel.getByTestId('node-processes').locator('[data-process="containerd-shim-kata-v2"]');
    expect(await shim.locator('[data-process="firecracker"]').count()).toBe(1);
    expect(await ownNamespaces(panel).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['nsKind']))).toEqual(['net']);
    await shoot(page, panel, 'node-kata-ja-projector-dark');

    // Side by side: Kata's boundary (the VMM) against gVisor's (the Sentry).
    await page.getByTestId('node-compare').selectOption('node-2');
    const cols = panel.getByTestId('node-column');
    await expect.poll(() => cols.count()).toBe(2);
    expect(await cols.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['runtime']))).toEqual(['kata', 'runsc']);
    const tags = await cols.evaluateAll((els) => els.map((e) => e.querySelector('li.ka-node-layer.is-boundary')?.getAttribute('data-name')));
    expect(tags).toEqual(['Firecracker · KVM', 'Sentry']);
    const [left, right] = await cols.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
    expect(right).toBeGreaterThan((left ?? 0) + 200);
    await shoot(page, panel, 'node-kata-vs-gvisor-ja-projector-dark');
    await page.getByTestId('node-compare').selectOption('');
    expect(errors).toEqual([]);
  });
});

describe('the node view of rkt\'s stage1 flavours (rkt-stage1-flavours: fly, coreos, kvm)', () => {
  const S = 'rkt-stage1-flavours';
  const END = 3600;

  it('coreos: systemd-nspawn makes the pod\'s mnt, pid, uts and ipc namespaces, stage1 its netns (ja, projector-light)', async () => {
    const { page, errors } = await pageOf(S, END, '&lang=ja&theme=projector-light');
    const panel = await selectPod(page, 'on-coreos', 'coreos-1');
    expect(await panel.getByTestId('node-boundary').getAttribute('data-runtime')).toBe('rkt-coreos');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'systemd-nspawn · systemd · chroot', true],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    const clone = spans(S, (e) => e.actor === 'rkt/coreos-1' && e.op === 'clone' && e.attrs?.['proc'] === 'systemd-nspawn')[0];
    const netns = String(spans(S, (e) => e.actor === 'rkt/coreos-1' && e.op === 'unshare' && e.attrs?.['ns'] === 'net')[0]?.attrs?.['bindMount']);
    const ns = panel.getByTestId('node-namespaces');
    expect(await ns.getAttribute('data-pod')).toBe('on-coreos');
    // stage1's column (1) made them, the app (2) is in them.
    for (const kind of clone?.attrs?.['namespaces'] as string[]) {
      const box = ns.locator(`[data-ns-kind="${kind}"][data-from="1"]`);
      expect(await box.getAttribute('data-to'), kind).toBe('2');
      expect(await box.getAttribute('data-relations'), kind).toBe('created inherited');
    }
    expect(await ns.locator('[data-ns-kind="net"][data-from="1"]').getAttribute('data-path')).toBe(netns);
    expect(await ownNamespaces(panel).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['nsKind']))).toEqual(['pid', 'net', 'mnt', 'ipc', 'uts']);
    const appPid = spans(S, (e) => e.actor === 'rkt/coreos-1' && e.op === 'app process')[0]?.attrs?.['pid'];
    expect(await panel.getByTestId('node-processes').locator('[data-process="systemd-nspawn"] [data-process="web"]').getAttribute('data-pid')).toBe(String(appPid));
    await shoot(page, panel, 'node-rkt-coreos-ja-projector-light');
    expect(errors).toEqual([]);
  });

  it('fly: a chroot and nothing more — the app runs in the host\'s namespaces, no namespace box of its own', async () => {
    const { page, errors } = await pageOf(S, END, '&lang=ja&theme=projector-light');
    const panel = await selectPod(page, 'on-fly', 'fly-1');
    expect(await panel.getByTestId('node-boundary').getAttribute('data-runtime')).toBe('rkt-fly');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'chroot', true],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    // The Kubernetes Pod never got a sandbox (fly pods cannot be mutable); the pod made by `rkt run` is shown.
    const app = spans(S, (e) => e.actor === 'rkt/fly-1' && e.op === 'app process').at(-1);
    expect((app?.attrs?.['isolation'] as { namespaces: string[] }).namespaces).toEqual([]);
    const uuid = String(app?.attrs?.['pod']);
    expect(await panel.getByTestId('node-pods').locator('button').allTextContents()).toEqual([`rkt ${uuid.slice(0, 8)}`]);
    expect(await panel.getByTestId('node-no-sandbox').textContent()).toContain('on-fly');
    expect(b[1]?.text).toContain('namespaces=host');
    expect(await panel.getByTestId('node-namespaces').locator('[data-ns-kind]').count()).toBe(8);
    expect(await ownNamespaces(panel).count()).toBe(0);
    expect(await panel.getByTestId('node-processes').locator(`[data-process="etcd"]`).getAttribute('data-pid')).toBe(String(app?.attrs?.['pid']));
    await shoot(page, panel, 'node-rkt-fly-ja-projector-light');
    expect(errors).toEqual([]);
  });

  it('kvm: a VM per pod (lkvm on KVM, its own kernel, systemd inside); side by side with coreos (en, projector-dark)', async () => {
    const { page, errors } = await pageOf(S, END, '&lang=ja&theme=projector-light');
    await settings(page, 'en', 'projector-dark');
    const panel = await selectPod(page, 'on-kvm', 'kvm-1');
    const b = await bands(panel);
    expect(b.map((x) => [x.kind, x.name, x.boundary])).toEqual([
      ['app', 'containers', false],
      ['guard', 'systemd', false],
      ['kernel', 'guest Linux kernel', false],
      ['vmm', 'lkvm · KVM', true],
      ['kernel', 'Linux kernel', false],
    ]);
    expect(b.every((x) => x.seen === 'true')).toBe(true);
    const tap = String(spans(S, (e) => e.actor === 'rkt/kvm-1' && e.op === 'ioctl TUNSETIFF')[0]?.attrs?.['name']);
    expect(b[3]?.text).toContain(tap);
    // The app's namespaces are the guest's: the host holds none of the pod's.
    expect(await panel.getByTestId('node-ns-vm').textContent()).toContain('lkvm');
    expect(await ownNamespaces(panel).count()).toBe(0);
    expect(await panel.getByTestId('node-namespaces').locator('[data-ns-kind="pid"][data-from="2"]').getAttribute('data-relations')).toBe('none');
    await shoot(page, panel, 'node-rkt-kvm-en-projector-dark');

    await page.getByTestId('node-compare').selectOption('coreos-1');
    const cols = panel.getByTestId('node-column');
    await expect.poll(() => cols.count()).toBe(2);
    expect(await cols.evaluateAll((els) => els.map((e) => e.querySelector('[data-testid="node-boundary"]')?.getAttribute('data-runtime')))).toEqual(['rkt-kvm', 'rkt-coreos']);
    await shoot(page, panel, 'node-rkt-kvm-vs-coreos-en-projector-dark');
    await page.getByTestId('node-compare').selectOption('');
    expect(errors).toEqual([]);
  });
});
