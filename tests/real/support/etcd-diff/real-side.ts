import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenize } from '../../../../src/engine/commands/tokenize.ts';
import { startEtcd } from '../etcd.ts';
import type { EtcdSetup } from './setup.ts';
import type { CommandLine, CommandOutput } from './ops.ts';
import { grantsOf, resolvePlaceholders } from './placeholders.ts';
import { type Captured, startCaptured, waitExit } from './process.ts';
import { waitQuiet, waitWatchersSettle, waitWatchInPlace, watcherCount } from './watch-sync.ts';

/**
 * The real side: a fresh etcd 3.4 per sequence (fresh data dir, the setup's ports and flags),
 * each command run as `etcdctl …` with ETCDCTL_API=3 and ETCDCTL_ENDPOINTS set, split into
 * words as a shell would (the simulator's own tokenizer, so both sides get the same argv).
 * Every wait is bounded; etcd is stopped by its pid and its dir removed, whatever happens.
 */

/** A foreground etcdctl that has not ended after this long is killed (it never should). */
const COMMAND_TIMEOUT_MS = 15_000;
const WATCH_IN_PLACE_TIMEOUT_MS = 5_000;
/** How long the watches must have printed nothing before the sequence's Ctrl-C. */
const QUIET_MS = 300;
const QUIET_TIMEOUT_MS = 5_000;

export interface RealBinaries {
  etcd: string;
  etcdctl: string;
}

export async function runReal(commands: readonly CommandLine[], bin: RealBinaries, setup: EtcdSetup): Promise<CommandOutput[]> {
  const work = mkdtempSync(join(tmpdir(), 'ka-etcd-diff-'));
  const watches: { slot: number; proc: Captured }[] = [];
  let etcd: Awaited<ReturnType<typeof startEtcd>> | undefined;
  try {
    etcd = await startEtcd(bin.etcd, work, {
      name: setup.name,
      clientPort: setup.clientPort,
      peerPort: setup.peerPort,
      extraArgs: ['--heartbeat-interval', String(setup.heartbeatIntervalMs), '--election-timeout', String(setup.electionTimeoutMs)],
      ready: 'metrics',
      timeoutMs: 20_000,
    });
    const env = { ...process.env, ETCDCTL_API: '3', ETCDCTL_ENDPOINTS: etcd.clientURL };
    const outputs: (CommandOutput | undefined)[] = [];
    let lastCommandEnd = Date.now();
    for (const [i, cmd] of commands.entries()) {
      const line = resolvePlaceholders(cmd.line, grantsOf(commands.slice(0, i), outputs as CommandOutput[]));
      const [tool, ...args] = tokenize(line);
      if (tool !== 'etcdctl') throw new Error(`not an etcdctl command: ${line}`);
      if (args[0] === 'watch') {
        const before = await watcherCount(etcd.clientURL);
        const proc = startCaptured(bin.etcdctl, args, env);
        watches.push({ slot: i, proc });
        outputs.push(undefined);
        if ((await waitWatchInPlace(etcd.clientURL, proc, before, WATCH_IN_PLACE_TIMEOUT_MS)) === 'exited') {
          await waitWatchersSettle(etcd.clientURL, watches.filter((w) => w.proc.exitCode === undefined).length, WATCH_IN_PLACE_TIMEOUT_MS);
        }
      } else {
        const proc = startCaptured(bin.etcdctl, args, env, cmd.stdin);
        const code = await waitExit(proc, COMMAND_TIMEOUT_MS);
        outputs.push({ exitCode: code ?? 124, stdout: proc.stdout, stderr: proc.stderr + (code === undefined ? `[harness: killed after ${COMMAND_TIMEOUT_MS} ms]\n` : '') });
      }
      lastCommandEnd = Date.now();
    }
    const running = watches.filter((w) => w.proc.exitCode === undefined).map((w) => w.proc);
    await waitQuiet(running, lastCommandEnd, QUIET_MS, QUIET_TIMEOUT_MS);
    for (const w of watches) {
      const stillRunning = w.proc.exitCode === undefined;
      if (stillRunning) w.proc.signal('SIGINT');
      const code = await waitExit(w.proc, 5_000);
      // Ctrl-C: the shell reports 130 (128 + SIGINT), whatever the process did on the signal.
      outputs[w.slot] = { exitCode: stillRunning ? 130 : (code ?? 124), stdout: w.proc.stdout, stderr: w.proc.stderr };
    }
    return outputs as CommandOutput[];
  } finally {
    for (const w of watches) {
      if (w.proc.exitCode !== undefined) continue;
      w.proc.signal('SIGKILL');
      await w.proc.exited;
    }
    await etcd?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
