import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OciSpec } from '../../../src/domain/oci/spec.ts';
import { isStaticElf, requireCommand } from './host.ts';
import { makeBusyboxBundle } from './oci-bundle.ts';
import { hostCgroupLayout, mountPointOf, type RuntimeCommand } from './oci-host.ts';
import { matrixArgv, MATRIX_OPS, type MatrixLayout } from './oci-matrix.ts';
import { RealRuntime } from './oci-runtime.ts';
import { TRACED_SYSCALLS } from './oci-strace-keys.ts';
import { parseStrace, type SyscallLine } from './strace.ts';
import type { StraceHostFacts } from './oci-strace-model.ts';

/**
 * The real side of the strace order test: `<runtime> create` under `strace -f` (in the
 * background: strace follows the container's init, which waits on exec.fifo), then
 * `<runtime> start` under strace, each with the shim's command line; the container runs
 * `sh -c 'echo hi'` and exits, which ends the first strace. The two traces are merged by time.
 * The host facts the model needs to say the same (cgroup layout, which masked paths this kernel
 * has, the mount the rootfs lives on) are read here too.
 */

export const STRACE_ID = 'ka-strace';
export const STRACE_PROCESS = ['sh', '-c', 'echo hi'] as const;

export interface StraceCapture {
  lines: SyscallLine[];
  spec: OciSpec;
  host: StraceHostFacts;
  cgroupsPath: string;
  stdout: string;
}

interface TracedRun {
  done: Promise<number>;
}

function startTraced(cmd: RuntimeCommand, argv: readonly string[], traceFile: string, outFile: string): TracedRun {
  const strace = requireCommand('strace', 'strace');
  const out = openSync(outFile, 'w');
  // strace execs the runtime by name with argv[0] as given ("runc", "crun"), as the shim does.
  const full = [...cmd.wrapper, strace, '-f', '-tt', '-s', '512', '-e', `trace=${TRACED_SYSCALLS}`, '-o', traceFile, ...argv];
  const child = spawn(full[0] as string, full.slice(1), { stdio: ['ignore', out, out], env: { ...process.env, PATH: `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` } });
  closeSync(out);
  return { done: new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1))) };
}

async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no end after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the traced create + start in `work`; deletes the container afterwards. */
export async function captureCreateStart(cmd: RuntimeCommand, work: string, cgroupParent: string): Promise<StraceCapture> {
  const runc = requireCommand('runc', 'runc');
  const busybox = requireCommand('busybox', 'busybox-static');
  if (!isStaticElf(busybox)) throw new Error(`${busybox} is dynamically linked: install busybox-static`);
  const layout: MatrixLayout = { work };
  const bundle = join(work, 'bundles', STRACE_ID);
  makeBusyboxBundle({ dir: bundle, runc, busybox, args: STRACE_PROCESS, applets: ['sh', 'echo'] });
  const configPath = join(bundle, 'config.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as OciSpec;
  const cgroupsPath = `${cgroupParent}/${STRACE_ID}`;
  config.linux.cgroupsPath = cgroupsPath;
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const rt = new RealRuntime(cmd, work);
  const op = (name: string) => MATRIX_OPS.find((o) => o.name === name) ?? MATRIX_OPS[0]!;
  const createTrace = join(work, 'strace.create.txt');
  const startTrace = join(work, 'strace.start.txt');
  const create = startTraced(cmd, matrixArgv(cmd.flavour, layout, STRACE_ID, op('create')), createTrace, join(work, 'create.out'));
  try {
    // created once the state says so (create itself returns, but its strace goes on).
    const until = Date.now() + 15_000;
    for (;;) {
      const s = await rt.run([cmd.flavour, '--root', join(work, 'state'), 'state', STRACE_ID]);
      if (s.exitCode === 0 && (JSON.parse(s.stdout) as { status: string }).status === 'created') break;
      if (Date.now() > until) throw new Error(`${cmd.flavour} create under strace did not reach created: ${readFileSync(join(work, 'create.out'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const start = startTraced(cmd, matrixArgv(cmd.flavour, layout, STRACE_ID, op('start')), startTrace, join(work, 'start.out'));
    const startCode = await within(start.done, 15_000, `${cmd.flavour} start under strace`);
    if (startCode !== 0) throw new Error(`${cmd.flavour} start failed: ${readFileSync(join(work, 'start.out'), 'utf8')}`);
    await within(create.done, 15_000, `${cmd.flavour} create's strace (the container should have exited)`);
  } finally {
    await rt.run([cmd.flavour, '--root', join(work, 'state'), 'delete', '--force', STRACE_ID]);
  }

  const lines = mergeTraces([readFileSync(createTrace, 'utf8'), readFileSync(startTrace, 'utf8')]);
  const paths = [...(config.linux.maskedPaths ?? []), ...(config.linux.readonlyPaths ?? [])];
  const host: StraceHostFacts = {
    cgroupLayout: hostCgroupLayout(),
    absentPaths: paths.filter((p) => !existsSync(p)),
    rootfsMountPoint: mountPointOf(join(bundle, 'rootfs')),
  };
  return { lines, spec: config, host, cgroupsPath, stdout: readFileSync(join(work, 'create.out'), 'utf8') };
}

/**
 * Traces of several invocations as one, ordered by time: each file without its first line (the
 * test's own execve of the runtime; the model leaves out the shim's too).
 */
export function mergeTraces(texts: readonly string[]): SyscallLine[] {
  const all = texts.flatMap((text, file) => {
    const lines = parseStrace(text);
    const first = lines.findIndex((l) => l.syscall === 'execve');
    return lines.filter((_, i) => i !== first).map((l) => ({ ...l, index: file * 1_000_000 + l.index }));
  });
  return all.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.index - b.index));
}
