import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BundleManifest } from '../../../../src/cli/record/sink.ts';
import { requireCommand, run } from '../host.ts';
import { IMAGE_SERVICE, RUNTIME_SERVICE, serviceOf, type CallOutcome, type CriGrpcClient } from '../cri/client.ts';
import { NODE_NAME } from '../cri/constants.ts';
import { startContainerd, type ContainerdHost } from '../cri/containerd-host.ts';
import { RealTransport } from '../cri/real-side.ts';
import { epochNanos } from './clock.ts';
import { startEtcdWriter, watchedRevisions, type EtcdWrite } from './etcd-writer.ts';
import { exportRequest, hexId, type CriCallRecord, type KubeletSpan } from './otlp-spans.ts';
import { podRunSequence, type PodRunIds } from './pod-run.ts';
import { startRecord, type RecordProcess } from './record-process.ts';
import { waitTracers } from './strace-tracers.ts';

/**
 * Records one real pod on this machine into a bundle with `kube-anatomy record` (issue 5, item 8):
 * a private containerd 1.6 (CRI plugin; runc through record's strace wrapper, set as the runc
 * runtime's `BinaryName`) is driven over gRPC through one pod's life (pod-run.ts) while
 *
 *     kube-anatomy record --out <bundle> --node node-1 --resources pods \
 *       --ctr-events --containerd-address <sock> --strace-runc --runc-binary <runc> \
 *       --etcd-watch --etcd-endpoints <etcd> --etcd-prefix /registry/ --otlp-listen 127.0.0.1:0
 *
 * runs, and stops it with Ctrl-C (SIGINT) at the end. The harness does only what record cannot:
 * it plays the kubelet (the CRI calls, and their OTLP spans, sent to record's OTLP/HTTP receiver
 * as the kubelet's exporter would: otlp-spans.ts) and kube-apiserver (the Pod's and the node
 * Lease's etcd writes, etcd-writer.ts), and keeps what the real software answered as `truth`.
 *
 * Races handled (real-capture-notes; a slow 2-core CI): record's `ctr events` subscription is
 * awaited with a throw-away containerd namespace (created until the stream prints it, as
 * containerd-host.ts does for its own stream); its `etcdctl watch` by renewing the node Lease
 * until the watch prints the renewal (what a kubelet does every 10 s anyway); the traces by
 * waiting for every strace to exit. No kubectl cluster is reachable here, so record reports the
 * kubectl watches as skipped, and the manifest says so; so is `crictl events` (GetContainerEvents
 * is Unimplemented in containerd 1.6, and crictl is not in Debian 12), which is not asked for.
 */

export interface RecordedPodRun {
  bundle: string;
  manifest: BundleManifest;
  /** record's stderr (what it skipped and why). */
  recordLog: string;
  /** What the real software answered: the ids, the etcd revisions, the versions. */
  truth: PodRunIds & { etcdWrites: EtcdWrite[]; containerd: string; runc: string; cgroupVersion: 1 | 2 };
}

/** A bundle file of one format (record names them: otlp/traces.jsonl, node/ctr-events.txt, etcd/watch.jsonl, strace/*.strace). */
export function filesOf(manifest: BundleManifest, format: string): string[] {
  return manifest.files.filter((f) => f.format === format).map((f) => f.path);
}

/** Where record writes what (src/cli/record/*), to wait on while it runs; the manifest names them at the end. */
const filesOfRecord = { ctrEvents: 'node/ctr-events.txt', etcdWatch: 'etcd/watch.jsonl', wrapper: 'strace/runc-traced' };

async function syncCtrEvents(rec: RecordProcess, ctr: string, socket: string): Promise<void> {
  const file = filesOfRecord.ctrEvents;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const name = `kube-anatomy-sync-${attempt}`;
    const env = { ...process.env, CONTAINERD_ADDRESS: socket };
    if (run(ctr, ['-a', socket, 'namespaces', 'create', name], { env }).code !== 0) throw new Error(`ctr namespaces create ${name} failed`);
    const printed = (topic: string): boolean => rec.read(file).includes(`${topic} {"name":"${name}"}`);
    let seen = true;
    try {
      await rec.waitUntil(`ctr events to print ${name}`, () => printed('/namespaces/create'), 1_000);
    } catch (err) {
      if (rec.proc.exitCode !== undefined) throw err;
      seen = false;
    }
    if (run(ctr, ['-a', socket, 'namespaces', 'remove', name], { env }).code !== 0) throw new Error(`ctr namespaces remove ${name} failed`);
    if (seen) return rec.waitUntil(`ctr events to print the removal of ${name}`, () => printed('/namespaces/delete'));
  }
  throw new Error(`record's ctr events did not subscribe in 20 attempts:\n${rec.proc.stderr}`);
}

export async function recordPodRun(bundle: string): Promise<RecordedPodRun> {
  const runc = requireCommand('runc', 'runc');
  const ctr = requireCommand('ctr', 'containerd');
  requireCommand('strace', 'strace');
  requireCommand('etcdctl', 'etcd-client');
  if (existsSync(bundle)) throw new Error(`${bundle} exists: record wants a new folder`);
  bundle = resolve(bundle);
  const work = mkdtempSync(join(tmpdir(), 'ka-replay-'));
  // containerd reads BinaryName when it starts a shim: a link that record's wrapper fills in.
  const runcLink = join(work, 'runc');
  let host: ContainerdHost | undefined;
  let rec: RecordProcess | undefined;
  const etcd = await startEtcdWriter(work);
  let ids: PodRunIds | undefined;
  let failure: unknown;
  const problems: string[] = [];
  try {
    host = await startContainerd({ runcBinaryName: runcLink });
    rec = startRecord(bundle, ['--node', NODE_NAME, '--resources', 'pods', '--ctr-events', '--containerd-address', host.socket, '--strace-runc', '--runc-binary', runc, '--etcd-watch', '--etcd-endpoints', etcd.etcd.clientURL, '--etcd-prefix', '/registry/', '--otlp-listen', '127.0.0.1:0']);
    const r = rec;
    await r.waitUntil('the runc wrapper', () => existsSync(join(bundle, filesOfRecord.wrapper)));
    symlinkSync(join(bundle, filesOfRecord.wrapper), runcLink);
    await r.waitUntil('the OTLP receiver', () => /receiving OTLP\/HTTP JSON spans on (\S+)/.test(r.proc.stderr));
    const otlpURL = (/receiving OTLP\/HTTP JSON spans on (\S+)/.exec(r.proc.stderr) as RegExpExecArray)[1] as string;
    await syncCtrEvents(r, ctr, host.socket);

    // RealTransport does the kubelet's node-side work and the quiet wait after each call; the
    // client under it is wrapped to take the call's own start and end (the span's times).
    const timed = { startNs: 0n, endNs: 0n };
    const client = host.client;
    const timingClient = {
      call: async (method: string, request: Record<string, unknown>, timeoutMs?: number): Promise<CallOutcome> => {
        timed.startNs = epochNanos();
        const outcome = await client.call(method, request, timeoutMs);
        timed.endNs = epochNanos();
        return outcome;
      },
    } as unknown as CriGrpcClient;
    const transport = new RealTransport({ ...host, client: timingClient });
    let parent: KubeletSpan | undefined;
    const pending: { parents: KubeletSpan[]; calls: CriCallRecord[] } = { parents: [], calls: [] };
    // The kubelet's exporter: one OTLP/HTTP JSON request per batch, to record's receiver.
    const exportPending = async (): Promise<void> => {
      if (!pending.parents.length && !pending.calls.length) return;
      const body = exportRequest(NODE_NAME, pending.parents, pending.calls);
      pending.parents = [];
      pending.calls = [];
      const res = await fetch(otlpURL, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      if (res.status !== 200) throw new Error(`POST ${otlpURL}: ${res.status} ${await res.text()}`);
    };
    let exporting: Promise<void> = Promise.resolve();
    ids = await podRunSequence(
      {
        async call(method, request) {
          // The quiet wait after each call (real-side.ts) lets ctr events catch up, so a call's
          // events come before the next call's on a slow machine too.
          const outcome = await transport.call(method, request);
          const service = serviceOf(method) === IMAGE_SERVICE ? IMAGE_SERVICE : RUNTIME_SERVICE;
          pending.calls.push({ method, service, request, outcome, startNs: timed.startNs, endNs: timed.endNs, ...(parent ? { parent } : {}) });
          return outcome;
        },
        waitForContainerState: (id, state) => transport.waitForContainerState(id, state),
        begin(name, pod) {
          parent = { name, traceId: hexId(16), spanId: hexId(8), startNs: epochNanos(), endNs: 0n, pod };
        },
        end() {
          if (parent) {
            parent.endNs = epochNanos();
            pending.parents.push(parent);
          }
          parent = undefined;
          exporting = exporting.then(exportPending);
        },
        etcd,
        async syncWatch(revision: number) {
          await r.waitUntil(`etcdctl watch to print revision ${revision}`, () => watchedRevisions(r.read(filesOfRecord.etcdWatch)).includes(revision), 1_000);
        },
      },
      { cgroupVersion: host.cgroupVersion },
    );
    exporting = exporting.then(exportPending);
    await exporting;
    const last = etcd.writes[etcd.writes.length - 1];
    if (last) await r.waitUntil(`etcdctl watch to print revision ${last.revision}`, () => watchedRevisions(r.read(filesOfRecord.etcdWatch)).includes(last.revision));
  } catch (err) {
    failure = err;
  }
  // Every process under strace has ended once the pod is gone; their files are complete then.
  const leftTracers = await waitTracers(join(bundle, 'strace'), 15_000);
  if (leftTracers.length) problems.push(`strace pids ${leftTracers.join(', ')} still ran after the pod was removed (killed)`);
  const code = rec ? await rec.stop() : undefined;
  if (rec && code !== 0) problems.push(`kube-anatomy record exited ${code} on SIGINT:\n${rec.proc.stderr.slice(-4000)}`);
  const versions = host?.versions;
  const cgroupVersion = host?.cgroupVersion ?? 1;
  for (const stop of [() => etcd.stop(), async () => host?.stop()]) {
    try {
      await stop();
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  rmSync(work, { recursive: true, force: true });
  if (failure) throw failure instanceof Error && problems.length ? new Error(`${failure.message}\n(and ${problems.join('; ')})`) : failure;
  if (problems.length) throw new Error(problems.join('; '));
  const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  return { bundle, manifest, recordLog: rec?.proc.stderr ?? '', truth: { ...(ids as PodRunIds), etcdWrites: [...etcd.writes], containerd: versions?.containerd ?? '', runc: versions?.runc ?? '', cgroupVersion } };
}
