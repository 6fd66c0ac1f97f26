import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseDurationMicros } from '../duration.ts';
import type { CliIO } from '../io.ts';
import { readOptions } from '../options.ts';
import { AuditLogCapture } from '../record/audit-tail.ts';
import { systemClock, type RecordClock } from '../record/clock.ts';
import { etcdWatchCapture } from '../record/etcd-watch.ts';
import { FolderSink, TeeSink } from '../record/folder-sink.ts';
import { eventsCapture, watchCapture, type KubectlOptions } from '../record/kubectl-watch.ts';
import { crictlEventsCapture, ctrEventsCapture } from '../record/node-events.ts';
import { OtlpReceiver } from '../record/otlp-receiver.ts';
import { type Capture, Recording } from '../record/recording.ts';
import type { BundleManifest, RecordSink } from '../record/sink.ts';
import { StraceRuncCapture } from '../record/strace-runc.ts';
import { writeTarGz } from '../record/tar-writer.ts';
import { RECORD_USAGE } from '../usage.ts';

export const DEFAULT_RESOURCES = ['pods', 'replicasets', 'deployments', 'nodes'];

/** What `record` needs from outside: tests pass their own stop signal, clock and live sink. */
export interface RecordDeps {
  /** Aborted on Ctrl-C / SIGTERM (bin/kube-anatomy.mjs → main.ts wires the process signals). */
  stop: AbortSignal;
  clock?: RecordClock;
  /** `--live ws://…`: H5's LiveSink (src/cli/record/live-sink.ts), through the RecordSink interface. */
  openLive?: (url: string, init: { node?: string; startedAt: string; generator: string }) => Promise<RecordSink>;
  now?: () => Date;
}

/**
 * `kube-anatomy record [--out DIR|FILE.tar.gz] [--duration 30s] …`: captures what the user's
 * permissions allow into one bundle (files + manifest.json), until --duration has passed or
 * Ctrl-C. Exit 0 when the bundle was written, 1 when no source could be captured (the bundle
 * still says why in `skipped`) or it cannot be written, 2 for wrong usage.
 */
export async function recordCommand(argv: readonly string[], io: CliIO, deps: RecordDeps): Promise<number> {
  const parsed = readOptions(argv, [
    { name: 'out', short: 'o', takesValue: true },
    { name: 'duration', short: 'd', takesValue: true },
    { name: 'kubeconfig', takesValue: true },
    { name: 'context', takesValue: true },
    { name: 'namespace', short: 'n', takesValue: true },
    { name: 'all-namespaces', short: 'A', takesValue: false },
    { name: 'resources', takesValue: true },
    { name: 'audit-log', takesValue: true },
    { name: 'otlp-listen', takesValue: true },
    { name: 'ctr-events', takesValue: false },
    { name: 'containerd-address', takesValue: true, requires: 'ctr-events' },
    { name: 'ctr-namespace', takesValue: true, requires: 'ctr-events' },
    { name: 'crictl-events', takesValue: false },
    { name: 'runtime-endpoint', takesValue: true, requires: 'crictl-events' },
    { name: 'strace-runc', takesValue: false },
    { name: 'runc-binary', takesValue: true, requires: 'strace-runc' },
    { name: 'etcd-watch', takesValue: false },
    { name: 'etcd-endpoints', takesValue: true, requires: 'etcd-watch' },
    { name: 'etcd-prefix', takesValue: true, requires: 'etcd-watch' },
    { name: 'node', takesValue: true },
    { name: 'no-redact', takesValue: false },
    { name: 'live', takesValue: true },
    { name: 'help', short: 'h', takesValue: false },
  ]);
  if ('error' in parsed) return usageError(io, parsed.error);
  const v = parsed.values;
  if (v.has('help')) {
    io.out(RECORD_USAGE);
    return 0;
  }
  if (parsed.positionals.length > 0) return usageError(io, `unexpected argument "${parsed.positionals[0]}"`);
  if (v.has('namespace') && v.has('all-namespaces')) return usageError(io, '--namespace and -A (--all-namespaces) cannot be used together');
  if (v.has('etcd-watch') && !v.has('etcd-endpoints')) return usageError(io, '--etcd-watch needs --etcd-endpoints URL[,URL…]');

  let durationUs: number | undefined;
  if (v.has('duration')) {
    const d = parseDurationMicros(v.get('duration') as string);
    if (typeof d !== 'number') return usageError(io, `--duration: ${d.error}`);
    if (d <= 0) return usageError(io, `--duration must be positive, got ${v.get('duration') as string}`);
    durationUs = d;
  }
  const resources = ((v.get('resources') as string | undefined) ?? DEFAULT_RESOURCES.join(',')).split(',').map((r) => r.trim()).filter(Boolean);
  if (resources.length === 0) return usageError(io, '--resources needs at least one resource (pods,replicasets,…)');
  let otlp: { host: string; port: number } | undefined;
  if (v.has('otlp-listen')) {
    const addr = parseListen(v.get('otlp-listen') as string);
    if ('error' in addr) return usageError(io, `--otlp-listen: ${addr.error}`);
    otlp = addr;
  }
  const live = v.get('live') as string | undefined;
  if (live !== undefined && !/^wss?:\/\/[^/]+/.test(live)) return usageError(io, `--live needs a ws:// or wss:// URL of a replay server, got "${live}"`);

  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const out = (v.get('out') as string | undefined) ?? `kube-anatomy-${stampForName(startedAt)}`;
  const tarGz = /\.(tar\.gz|tgz)$/i.test(out);
  if (!tarGz && existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    io.err(`kube-anatomy record: ${out} already exists and is not an empty folder; choose another --out\n`);
    return 1;
  }
  if (tarGz && !existsSync(dirname(resolve(out)))) {
    io.err(`kube-anatomy record: cannot write ${out}: no such folder ${dirname(out)}\n`);
    return 1;
  }
  // A .tar.gz is packed from a folder beside it at the end; the runc wrapper writes there too.
  const bundleDir = tarGz ? mkdtempSync(join(dirname(resolve(out)), `.${basename(out)}.`)) : out;
  const redact = !v.has('no-redact');
  const node = (v.get('node') as string | undefined) ?? (v.has('ctr-events') || v.has('crictl-events') || v.has('strace-runc') ? hostname() : undefined);
  const generator = `kube-anatomy ${io.version}`;
  const clock = deps.clock ?? systemClock();

  let sink: RecordSink;
  try {
    const folder = new FolderSink(bundleDir);
    sink = folder;
    if (live !== undefined) {
      if (deps.openLive === undefined) {
        io.err(`kube-anatomy record: --live: the live sink is not available in this build (src/cli/record/live-sink.ts)\n`);
        cleanup(tarGz, bundleDir);
        return 1;
      }
      const init: { node?: string; startedAt: string; generator: string } = { startedAt: startedAt.toISOString(), generator };
      if (node !== undefined) init.node = node;
      sink = new TeeSink([folder, await deps.openLive(live, init)]);
    }
  } catch (e) {
    io.err(`kube-anatomy record: ${live !== undefined ? `--live ${live}` : `cannot write ${bundleDir}`}: ${(e as Error).message}\n`);
    cleanup(tarGz, bundleDir);
    return 1;
  }

  const rec = new Recording(sink, (t) => io.err(t), node);
  const kubectl: KubectlOptions = { kubectl: 'kubectl', redact, clock };
  if (v.has('kubeconfig')) kubectl.kubeconfig = v.get('kubeconfig') as string;
  if (v.has('context')) kubectl.context = v.get('context') as string;
  if (v.has('namespace')) kubectl.namespace = v.get('namespace') as string;

  const captures: Capture[] = [...resources.map((r) => watchCapture(r, kubectl)), eventsCapture(kubectl)];
  if (v.has('audit-log')) captures.push(new AuditLogCapture(v.get('audit-log') as string, redact));
  if (otlp !== undefined) captures.push(new OtlpReceiver(otlp.host, otlp.port, redact));
  const withNode = <T extends object>(o: T): T & { node?: string } => (node !== undefined ? { ...o, node } : o);
  if (v.has('ctr-events')) {
    const o: { ctr: string; address?: string; namespace: string; node?: string } = withNode({ ctr: 'ctr', namespace: (v.get('ctr-namespace') as string | undefined) ?? 'k8s.io' });
    if (v.has('containerd-address')) o.address = v.get('containerd-address') as string;
    captures.push(ctrEventsCapture(o));
  }
  if (v.has('crictl-events')) {
    const o: { crictl: string; runtimeEndpoint?: string; node?: string } = withNode({ crictl: 'crictl' });
    if (v.has('runtime-endpoint')) o.runtimeEndpoint = v.get('runtime-endpoint') as string;
    captures.push(crictlEventsCapture(o));
  }
  if (v.has('strace-runc')) captures.push(new StraceRuncCapture(bundleDir, v.get('runc-binary') as string | undefined, node));
  if (v.has('etcd-watch')) {
    captures.push(etcdWatchCapture({ etcdctl: 'etcdctl', endpoints: v.get('etcd-endpoints') as string, prefix: (v.get('etcd-prefix') as string | undefined) ?? '/registry/', redact, clock }));
  }

  io.err(`kube-anatomy record: recording to ${out}${durationUs !== undefined ? ` for ${v.get('duration') as string}` : ''} (Ctrl-C to stop)${redact ? '' : '; secrets are NOT redacted (--no-redact)'}\n`);
  for (const c of captures) await c.start(rec);

  await waitForStop(deps.stop, durationUs);
  io.err('kube-anatomy record: stopping…\n');
  // Every capture stops even when one fails to (its lines so far are kept).
  for (const c of captures) {
    try {
      await c.stop();
    } catch (e) {
      rec.skip(c.source, `could not stop cleanly: ${(e as Error).message}`);
    }
  }

  const manifest: BundleManifest = {
    format: 'kube-anatomy-bundle',
    version: 1,
    generator,
    startedAt: startedAt.toISOString(),
    endedAt: now().toISOString(),
    redacted: redact,
    files: rec.files,
  };
  if (node !== undefined) manifest.node = node;
  // Every file was stamped or written on this host (node-side tools run here too).
  manifest.clocks = [{ id: hostname(), offsetMicros: 0, method: 'same-host' }];
  if (rec.skipped.length > 0) manifest.skipped = rec.skipped;
  if (rec.extras.length > 0) manifest.extras = rec.extras;
  try {
    await sink.close(manifest);
    if (tarGz) {
      await writeTarGz(bundleDir, out, basename(out).replace(/\.(tar\.gz|tgz)$/i, ''));
      rmSync(bundleDir, { recursive: true, force: true });
    }
  } catch (e) {
    io.err(`kube-anatomy record: cannot write the bundle ${out}: ${(e as Error).message}\n`);
    return 1;
  }
  const lines = rec.files.reduce((n, f) => n + f.lines, 0);
  io.err(`kube-anatomy record: wrote ${out}: ${rec.files.length} file${rec.files.length === 1 ? '' : 's'}, ${lines} line${lines === 1 ? '' : 's'}${rec.skipped.length > 0 ? `, ${rec.skipped.length} source${rec.skipped.length === 1 ? '' : 's'} skipped` : ''}\n`);
  if (rec.files.length === 0) {
    io.err('kube-anatomy record: nothing could be recorded (see the skipped sources above)\n');
    return 1;
  }
  return 0;
}

function waitForStop(stop: AbortSignal, durationUs: number | undefined): Promise<void> {
  return new Promise((resolveStop) => {
    if (stop.aborted) return resolveStop();
    const timer = durationUs !== undefined ? setTimeout(done, durationUs / 1000) : undefined;
    stop.addEventListener('abort', done, { once: true });
    function done(): void {
      if (timer !== undefined) clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolveStop();
    }
  });
}

/** `127.0.0.1:4318`, `[::1]:4318`, `localhost:0`: loopback only (spans may hold request details). */
function parseListen(text: string): { host: string; port: number } | { error: string } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text);
  if (!m) return { error: `needs HOST:PORT (e.g. 127.0.0.1:4318), got "${text}"` };
  const host = (m[1] ?? m[2]) as string;
  const port = Number(m[3]);
  if (port > 65535) return { error: `port ${port} is out of range` };
  if (!(host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host))) {
    return { error: `${host} is not a loopback address; the receiver listens on loopback only (127.0.0.1, ::1, localhost)` };
  }
  return { host, port };
}

function stampForName(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function cleanup(tarGz: boolean, dir: string): void {
  if (tarGz) rmSync(dir, { recursive: true, force: true });
}

function usageError(io: CliIO, problem: string): number {
  io.err(`kube-anatomy record: ${problem}\n\n${RECORD_USAGE}`);
  return 2;
}
