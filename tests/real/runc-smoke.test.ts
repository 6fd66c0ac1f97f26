import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStaticElf, requireCommand, requireRoot, run, type RunResult } from './support/host.ts';
import { makeBusyboxBundle } from './support/oci-bundle.ts';
import { parseStrace, type SyscallLine } from './support/strace.ts';

/**
 * Recorder smoke test: the real runc (Debian's runc 1.1) runs a busybox container under strace,
 * and the trace shows what the simulator's runc machine claims happens (DOMAIN.md 7): new
 * namespaces, pivot_root into the rootfs, then execve of the container's process.
 *
 * `runc run` is used, not create + start: under `strace -f`, `runc create` never returns, because
 * `runc init` waits on exec.fifo until `start` (real-capture-notes.md, section 1).
 */

const ARGS = ['sh', '-c', 'echo hello from runc; sleep 1'];
const ID = `ka-smoke-${process.pid}`;
const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;

let work = '';
let runc = '';
let result: RunResult;
let calls: SyscallLine[] = [];
let stateAfter: RunResult;

beforeAll(() => {
  requireRoot();
  runc = requireCommand('runc', 'runc');
  const strace = requireCommand('strace', 'strace');
  const busybox = requireCommand('busybox', 'busybox-static');
  if (!isStaticElf(busybox)) {
    throw new Error(`${busybox} is dynamically linked: install the static build with \`apt-get install -y busybox-static\``);
  }

  work = mkdtempSync(join(tmpdir(), 'ka-runc-'));
  const bundle = makeBusyboxBundle({ dir: join(work, 'bundle'), runc, busybox, args: ARGS, applets: ['sh', 'echo', 'sleep'] });
  const straceOut = join(work, 'strace.txt');
  const state = join(work, 'state');
  result = run(
    strace,
    ['-f', '-tt', '-e', 'trace=clone,clone3,unshare,setns,pivot_root,sethostname,execve,mount', '-o', straceOut, runc, '--root', state, 'run', '--bundle', bundle, ID],
    { timeoutMs: 60_000 },
  );
  const text = readFileSync(straceOut, 'utf8');
  calls = parseStrace(text);
  stateAfter = run(runc, ['--root', state, 'state', ID]);

  // Keep the capture for whoever reads a failure (tests/real/artifacts is not committed).
  mkdirSync(ARTIFACTS, { recursive: true });
  copyFileSync(straceOut, join(ARTIFACTS, 'runc-run.strace.txt'));
}, 90_000);

afterAll(() => {
  if (runc && work) run(runc, ['--root', join(work, 'state'), 'delete', '--force', ID]);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The first call of `syscall` whose arguments contain `needle`. */
function find(syscall: string, needle: string | RegExp = ''): SyscallLine | undefined {
  return calls.find((c) => c.syscall === syscall && (typeof needle === 'string' ? c.rest.includes(needle) : needle.test(c.rest)));
}

describe('runc run under strace (real runc)', () => {
  it('runs the container process to its end', () => {
    expect(result.stderr).not.toMatch(/level=error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('hello from runc\n');
  });

  it('creates new mount, UTS, IPC, PID and network namespaces', () => {
    const nsCalls = calls.filter((c) => ['unshare', 'clone', 'clone3'].includes(c.syscall) && c.rest.includes('CLONE_NEW'));
    const flags = new Set(nsCalls.flatMap((c) => c.rest.match(/CLONE_NEW[A-Z]+/g) ?? []));
    // runc's default spec asks for pid, network, ipc, uts and mount namespaces (no user, no cgroup).
    expect([...flags].sort()).toEqual(['CLONE_NEWIPC', 'CLONE_NEWNET', 'CLONE_NEWNS', 'CLONE_NEWPID', 'CLONE_NEWUTS']);
    // runc 1.1's nsexec does it with one unshare(2) call that succeeds.
    const unshare = find('unshare', 'CLONE_NEWPID');
    expect(unshare?.rest).toMatch(/\) = 0$/);
  });

  it('pivots into the rootfs, sets the hostname, then execs the container process', () => {
    const unshare = find('unshare', 'CLONE_NEWPID');
    const pivot = find('pivot_root');
    const hostname = find('sethostname');
    const exec = find('execve', '"/bin/sh"');
    expect(pivot?.rest).toBe('".", ".") = 0');
    expect(hostname?.rest).toBe('"runc", 4) = 0');
    expect(exec?.rest).toContain(`["sh", "-c", "echo hello from runc; sleep 1"]`);
    // Order: namespaces first, then the root switch, then the user's process.
    expect(unshare && pivot && exec).toBeTruthy();
    expect(unshare!.index).toBeLessThan(pivot!.index);
    expect(pivot!.index).toBeLessThan(exec!.index);
    // runc init pivots and then replaces itself with the container's process: the same pid.
    expect(exec!.pid).toBe(pivot!.pid);
    // `runc init` itself comes from re-executing the runc binary (argv[0] is how runc was called).
    expect(find('execve', /^"\/proc\/self\/exe", \["[^"]*runc", "init"\]/)).toBeDefined();
  });

  it('leaves no container behind: runc state says it does not exist', () => {
    expect(stateAfter.code).not.toBe(0);
    expect(stateAfter.stderr).toContain('container does not exist');
  });
});
