import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep, startCaptured, waitExit, type Captured } from '../etcd-diff/process.ts';
import { BIN } from './replay-cli.ts';

/**
 * `kube-anatomy record …` as a user runs it on a node: a child process of the checkout's
 * bin/kube-anatomy.mjs, stopped with SIGINT as Ctrl-C would (it then stops its captures, writes
 * manifest.json and exits 0).
 */

export interface RecordProcess {
  proc: Captured;
  bundle: string;
  /** Waits until `ok()` holds, failing with record's stderr if it exits or `timeoutMs` passes. */
  waitUntil(what: string, ok: () => boolean, timeoutMs?: number): Promise<void>;
  /** The text of a bundle file so far ('' while it does not exist). */
  read(path: string): string;
  /** Ctrl-C; resolves with the exit code (SIGKILL after `timeoutMs`: undefined). */
  stop(timeoutMs?: number): Promise<number | undefined>;
}

export function startRecord(bundle: string, args: readonly string[]): RecordProcess {
  const proc = startCaptured(process.execPath, [BIN, 'record', '--out', bundle, ...args], process.env);
  const failure = (what: string): Error => new Error(`kube-anatomy record: ${what}\n${proc.stderr.slice(-4000)}`);
  return {
    proc,
    bundle,
    async waitUntil(what, ok, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (!ok()) {
        if (proc.exitCode !== undefined) throw failure(`exited with ${proc.exitCode} while waiting for ${what}`);
        if (Date.now() > until) throw failure(`${what}: not within ${timeoutMs} ms`);
        await sleep(25);
      }
    },
    read(path) {
      const p = join(bundle, path);
      return existsSync(p) ? readFileSync(p, 'utf8') : '';
    },
    async stop(timeoutMs = 30_000) {
      proc.signal('SIGINT');
      return waitExit(proc, timeoutMs);
    },
  };
}
