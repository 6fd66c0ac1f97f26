import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from '../etcd-diff/process.ts';

/**
 * The tracers of `kube-anatomy record --strace-runc`'s runc wrapper: `strace -D -f` runs as a
 * detached grandchild of the shim (nobody waits for it) and follows runc init and then the
 * container's own process until they exit, so a trace file is complete only once its strace has
 * exited. Found by pid from /proc (their argv names the bundle's strace folder).
 */

/** Pids of the strace processes writing into `outDir` (detached: nobody waits for them). */
export function tracersWriting(outDir: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)strace$/.test(argv[0] ?? '') && argv.some((a) => a.startsWith(`${outDir}/`))) out.push(Number(e));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/**
 * Waits until every tracer has exited (its file is then complete: strace flushes on exit);
 * after `timeoutMs` kills the rest by pid and says which.
 */
export async function waitTracers(outDir: string, timeoutMs: number): Promise<number[]> {
  const until = Date.now() + timeoutMs;
  let left = tracersWriting(outDir);
  while (left.length && Date.now() < until) {
    await sleep(50);
    left = tracersWriting(outDir);
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  return left;
}
