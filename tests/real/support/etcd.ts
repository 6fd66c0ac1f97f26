import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../e2e/support/server.ts';

/** A real etcd started for one test file, on loopback ports of its own. */
export interface RunningEtcd {
  clientURL: string;
  pid: number;
  logFile: string;
  /** SIGTERM by PID (SIGKILL after 10 s); resolves with how it ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** What a test may choose about the etcd it starts; everything left out keeps the defaults below. */
export interface StartEtcdOptions {
  /** Member name (`--name`, and the name in `--initial-cluster`). Default `ka-etcd-0`. */
  name?: string;
  /** Fixed loopback ports, when the test must know them in advance (default: two free ones). */
  clientPort?: number;
  peerPort?: number;
  /** More flags, e.g. `--heartbeat-interval 10`. */
  extraArgs?: readonly string[];
  /**
   * How readiness is checked. `health` (default) asks /health, which in etcd 3.4 is a v2 QGET
   * through raft: it adds one entry to the raft log. `metrics` reads /metrics until the member
   * leads and has applied its bootstrap entries, and writes nothing, so the raft index stays the
   * one of a fresh member (the differential test compares it with the model's).
   */
  ready?: 'health' | 'metrics';
  timeoutMs?: number;
}

/**
 * Starts `etcd` with a fresh data dir on two free loopback ports, never 2379/2380 (another etcd may
 * own them, real-capture-notes.md section 0), and waits until it is ready.
 */
export async function startEtcd(etcd: string, workDir: string, timeoutOrOptions: number | StartEtcdOptions = 30_000): Promise<RunningEtcd> {
  const opts: StartEtcdOptions = typeof timeoutOrOptions === 'number' ? { timeoutMs: timeoutOrOptions } : timeoutOrOptions;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const [client, peer] = opts.clientPort !== undefined && opts.peerPort !== undefined ? [opts.clientPort, opts.peerPort] : await twoFreePorts();
  const clientURL = `http://127.0.0.1:${client}`;
  const peerURL = `http://127.0.0.1:${peer}`;
  const logFile = join(workDir, 'etcd.log');
  const log = openSync(logFile, 'w');
  const name = opts.name ?? 'ka-etcd-0';
  const child = spawn(
    etcd,
    [
      '--name', name,
      '--data-dir', join(workDir, 'data'),
      '--listen-client-urls', clientURL,
      '--advertise-client-urls', clientURL,
      '--listen-peer-urls', peerURL,
      '--initial-advertise-peer-urls', peerURL,
      '--initial-cluster', `${name}=${peerURL}`,
      '--logger', 'zap',
      '--log-outputs', 'stderr',
      ...(opts.extraArgs ?? []),
    ],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${etcd}`);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running: RunningEtcd = { clientURL, pid, logFile, stop: () => stopByPid(child, exit) };
  try {
    if (opts.ready === 'metrics') await waitReadyByMetrics(clientURL, child, timeoutMs);
    else await waitHealthy(clientURL, child, timeoutMs);
  } catch (err) {
    await running.stop();
    throw new Error(`etcd did not become ready on ${clientURL} (log: ${logFile}): ${(err as Error).message}`);
  }
  return running;
}

/** Two distinct free loopback ports, neither of them etcd's defaults. */
export async function twoFreePorts(): Promise<[number, number]> {
  let client = await freePort();
  let peer = await freePort();
  while (client === 2379 || client === 2380 || peer === client || peer === 2379 || peer === 2380) {
    client = await freePort();
    peer = await freePort();
  }
  return [client, peer];
}

/**
 * Ready without writing: the member is leader, the cluster version is set (the last of the
 * bootstrap entries: conf change, the leader's empty entry, publish, cluster version), and
 * everything committed is applied.
 */
async function waitReadyByMetrics(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const m = await readMetrics(url);
      const applied = m.get('etcd_server_proposals_applied_total');
      if (m.get('etcd_server_is_leader') === 1 && [...m.keys()].some((k) => k.startsWith('etcd_cluster_version{')) && applied !== undefined && applied >= 4 && applied === m.get('etcd_server_proposals_committed_total') && m.get('etcd_server_proposals_pending') === 0) return;
    } catch {
      // Not serving yet.
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not ready within ${timeoutMs / 1000} s`);
}

/** The samples of etcd's Prometheus /metrics, by series (name plus labels, as printed). */
export async function readMetrics(url: string): Promise<Map<string, number>> {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(2_000) });
  const text = await res.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as { health?: string };
      if (res.ok && body.health === 'true') return;
    } catch {
      // Not serving yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no healthy answer within ${timeoutMs / 1000} s`);
}

async function stopByPid(
  child: ChildProcess,
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    process.kill(child.pid, 'SIGTERM');
    const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000));
    if ((await Promise.race([exit, timer])) === 'timeout') process.kill(child.pid, 'SIGKILL');
  }
  return exit;
}

/**
 * Parses `etcdctl -w json` output. cluster_id, member_id and lease IDs are uint64s that
 * JSON.parse would round (real-capture-notes.md section 4), so they are read as strings.
 */
export function parseEtcdJson(text: string): unknown {
  return JSON.parse(text.replace(/"(cluster_id|member_id|ID|lease)":(\d+)/g, '"$1":"$2"'));
}
