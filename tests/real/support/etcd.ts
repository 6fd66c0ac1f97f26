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

/**
 * Starts `etcd` with a fresh data dir on two free loopback ports, never 2379/2380 (another etcd may
 * own them, real-capture-notes.md section 0), and waits until /health answers.
 */
export async function startEtcd(etcd: string, workDir: string, timeoutMs = 30_000): Promise<RunningEtcd> {
  let client = await freePort();
  let peer = await freePort();
  while (client === 2379 || client === 2380 || peer === client || peer === 2379 || peer === 2380) {
    client = await freePort();
    peer = await freePort();
  }
  const clientURL = `http://127.0.0.1:${client}`;
  const peerURL = `http://127.0.0.1:${peer}`;
  const logFile = join(workDir, 'etcd.log');
  const log = openSync(logFile, 'w');
  const name = 'ka-etcd-0';
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
    await waitHealthy(clientURL, child, timeoutMs);
  } catch (err) {
    await running.stop();
    throw new Error(`etcd did not become healthy on ${clientURL} (log: ${logFile}): ${(err as Error).message}`);
  }
  return running;
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
