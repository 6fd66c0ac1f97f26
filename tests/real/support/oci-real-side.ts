import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStaticElf, requireCommand } from './host.ts';
import { makeBusyboxBundle } from './oci-bundle.ts';
import { removeCgroupDirs, type RuntimeCommand } from './oci-host.ts';
import { bundleDir, caseId, matrixArgv, MATRIX_EXEC_PROCESS, MATRIX_OPS, MATRIX_PROCESS, MATRIX_STATES, processFile, sharedRootfs, stateRoot, type LifecycleCase, type MatrixLayout, type MatrixOp, type MatrixState } from './oci-matrix.ts';
import { RealRuntime, type Invocation, type Running } from './oci-runtime.ts';

/**
 * The real side of the lifecycle matrix: for each (state, operation) pair a container on a
 * busybox bundle is put into the state with the real runtime (or kept from the case before, see
 * realRow), the operation is run with the shim's command line, and what it printed, its exit
 * code, what it appended to log.json and the status `state` reports afterwards are recorded
 * (raw: oci-normalize.ts makes them comparable). Every container is deleted (--force) by id
 * when its row is done with it; the cgroup parent is removed at the end.
 */

interface Config {
  root: { path: string; readonly?: boolean };
  process: { args: string[]; terminal: boolean };
  linux: { cgroupsPath?: string };
  hooks?: Record<string, { path: string; args: string[] }[]>;
}

export interface RealSide {
  layout: MatrixLayout;
  runtime: RealRuntime;
  /** The cgroup parent of every container of the run (`/ka-real-<pid>`). */
  cgroupParent: string;
  baseConfig: Config;
}

/** Builds the shared rootfs and base config (from `runc spec`) under `work`. */
export function prepareRealSide(work: string, command: RuntimeCommand): RealSide {
  const runc = requireCommand('runc', 'runc');
  const busybox = requireCommand('busybox', 'busybox-static');
  if (!isStaticElf(busybox)) throw new Error(`${busybox} is dynamically linked: install the static build with \`apt-get install -y busybox-static\``);
  const base = makeBusyboxBundle({ dir: join(work, 'base'), runc, busybox, args: MATRIX_PROCESS, applets: ['sh', 'sleep', 'true'] });
  mkdirSync(join(work, 'bundles'), { recursive: true });
  mkdirSync(join(work, 'scratch'), { recursive: true });
  mkdirSync(join(work, 'state'), { recursive: true });
  const baseConfig = JSON.parse(readFileSync(join(base, 'config.json'), 'utf8')) as Config;
  return { layout: { work }, runtime: new RealRuntime(command, join(work, 'scratch')), cgroupParent: `/ka-real-${process.pid}`, baseConfig };
}

/** A bundle of its own for container `id`: its config.json (and log.json later), the shared rootfs. */
function makeCaseBundle(side: RealSide, id: string, hold?: string): void {
  const dir = bundleDir(side.layout, id);
  mkdirSync(dir, { recursive: true });
  const config: Config = structuredClone(side.baseConfig);
  config.root.path = sharedRootfs(side.layout);
  config.linux.cgroupsPath = `${side.cgroupParent}/${id}`;
  if (hold) {
    // createRuntime runs in the runtime's namespaces after the container's namespaces exist: the
    // state it gets says "creating" (runtime-spec runtime.md), and `create` waits for the hook.
    // The hook gives up after 30 s on its own, so it cannot outlive a failed run.
    config.hooks = { createRuntime: [{ path: '/bin/sh', args: ['sh', '-c', `cat > ${hold}/state.json.tmp && mv ${hold}/state.json.tmp ${hold}/state.json; i=0; while [ ! -e ${hold}/release ] && [ $i -lt 1500 ]; do sleep 0.02; i=$((i+1)); done`] }] };
  }
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  // What `exec --process` runs: the container's process with other args (go-runc writes the same JSON).
  const execProcess = { ...side.baseConfig.process, args: [...MATRIX_EXEC_PROCESS] };
  writeFileSync(processFile(side.layout, id), JSON.stringify(execProcess));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `state`'s status, without --log (so nothing is appended to the case's log.json); `none` when it fails. */
async function statusOf(side: RealSide, id: string): Promise<string> {
  const r = await side.runtime.run([side.runtime.command.flavour, '--root', stateRoot(side.layout), 'state', id]);
  if (r.exitCode !== 0) return 'none';
  return (JSON.parse(r.stdout) as { status: string }).status;
}

async function initPid(side: RealSide, id: string): Promise<number> {
  const r = await side.runtime.run([side.runtime.command.flavour, '--root', stateRoot(side.layout), 'state', id]);
  return (JSON.parse(r.stdout) as { pid: number }).pid;
}

async function waitStatus(side: RealSide, id: string, want: string, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await statusOf(side, id);
    if (s === want || Date.now() >= until) return s;
    await sleep(20);
  }
}

async function must(side: RealSide, id: string, op: MatrixOp): Promise<void> {
  const r = await side.runtime.run(matrixArgv(side.runtime.command.flavour, side.layout, id, op));
  if (r.exitCode !== 0) throw new Error(`setting up ${id}: ${op.name} failed (${r.exitCode}): ${r.stderr}`);
}

const OP = (name: string): MatrixOp => MATRIX_OPS.find((o) => o.name === name) as MatrixOp;

/** Puts container `id` into `state`; for `creating`, returns the held `create`. */
async function enterState(side: RealSide, id: string, state: MatrixState): Promise<{ held?: Running; hold?: string }> {
  if (state === 'none') {
    makeCaseBundle(side, id);
    return {};
  }
  if (state === 'creating') {
    const hold = join(side.layout.work, 'hold', id);
    mkdirSync(hold, { recursive: true });
    makeCaseBundle(side, id, hold);
    const held = side.runtime.start(matrixArgv(side.runtime.command.flavour, side.layout, id, OP('create')));
    const until = Date.now() + 10_000;
    while (!existsSync(join(hold, 'state.json'))) {
      if (Date.now() > until) {
        const r = await held.done(0);
        throw new Error(`setting up ${id}: the createRuntime hook did not run; create exited ${r.exitCode}: ${r.stderr}`);
      }
      await sleep(10);
    }
    return { held, hold };
  }
  makeCaseBundle(side, id);
  await must(side, id, OP('create'));
  if (state === 'created') return {};
  await must(side, id, OP('start'));
  if (state === 'running') return {};
  if (state === 'paused') {
    await must(side, id, OP('pause'));
    return {};
  }
  const pid = await initPid(side, id);
  await must(side, id, OP('kill SIGKILL'));
  const s = await waitStatus(side, id, 'stopped', 5_000);
  if (s !== 'stopped') throw new Error(`setting up ${id}: still ${s} after SIGKILL`);
  // Dead is not yet gone: until its parent reaps it the init is a zombie, and crun words its
  // errors by whether the pid still exists ("kill container: No such process" for a zombie,
  // "open pidfd: No such process" once reaped). Under containerd the shim, a subreaper, reaps at
  // once; wait for that here too.
  const until = Date.now() + 5_000;
  while (existsSync(`/proc/${pid}`)) {
    if (Date.now() > until) throw new Error(`setting up ${id}: pid ${pid} was not reaped`);
    await sleep(10);
  }
  return {};
}

function logLines(side: RealSide, id: string): string[] {
  const file = join(bundleDir(side.layout, id), 'log.json');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

/**
 * How long a signalled init gets to die before `state` is read: the kill call returns before
 * the kernel has reaped the process.
 */
const KILL_SETTLE_MS = 800;

interface Live {
  id: string;
  held?: Running;
  hold?: string;
}

/** Runs `op` on the container in `state`, and reads the status afterwards. */
async function applyOp(side: RealSide, state: MatrixState, live: Live, op: MatrixOp): Promise<LifecycleCase> {
  const argv = matrixArgv(side.runtime.command.flavour, side.layout, live.id, op);
  const before = logLines(side, live.id).length;
  const running = side.runtime.start(argv);
  let r: Invocation;
  if (live.held) {
    // An operation may wait for the held create: it gets a bounded time while the hook holds.
    const early = await Promise.race([running.done(60_000).then((x) => ({ x })), sleep(1_500).then(() => undefined)]);
    r = early ? early.x : { exitCode: undefined, stdout: '', stderr: '' };
  } else {
    r = await running.done(15_000);
  }
  const log = logLines(side, live.id).slice(before);
  const statusAfter = op.op === 'kill' && r.exitCode === 0 ? await waitStatus(side, live.id, 'stopped', KILL_SETTLE_MS) : await statusOf(side, live.id);
  return { state, op: op.name, id: live.id, argv, exitCode: r.exitCode ?? null, stdout: r.stdout, stderr: r.stderr, log, statusAfter };
}

/** Releases a held create and deletes the container (--force), by id. */
async function cleanUp(side: RealSide, live: Live): Promise<void> {
  if (live.held && live.hold) {
    writeFileSync(join(live.hold, 'release'), '');
    await live.held.done(10_000);
  }
  await side.runtime.run([side.runtime.command.flavour, '--root', stateRoot(side.layout), 'delete', '--force', live.id]);
}

/**
 * One row of the matrix: every operation on a container in `state`. A container is used for the
 * next operation too when the runtime refused this one (or it was `state`) and the status did
 * not move: a refusal changes nothing, and a fresh container per case would double the run.
 * After a delete it never is (runc's delete removes the directory of a container being created
 * even as it fails). The id (`ka-<state>-<index of the case that made it>`) is recorded per case.
 */
export async function realRow(side: RealSide, state: MatrixState): Promise<LifecycleCase[]> {
  const row: LifecycleCase[] = [];
  let live: Live | undefined;
  for (let i = 0; i < MATRIX_OPS.length; i++) {
    const op = MATRIX_OPS[i] as MatrixOp;
    if (!live) {
      const id = caseId(state, i);
      live = { id, ...(await enterState(side, id, state)) };
    }
    let c: LifecycleCase;
    try {
      c = await applyOp(side, state, live, op);
    } catch (e) {
      await cleanUp(side, live);
      throw e;
    }
    row.push(c);
    // runc and crun report a container being created as not existing.
    const unchanged = c.statusAfter === (state === 'none' || state === 'creating' ? 'none' : state);
    const reusable = unchanged && (c.exitCode !== 0 || op.op === 'state') && op.op !== 'delete';
    if (!reusable) {
      // A container that is gone needs no delete, unless a held create may still bring it back.
      if (c.statusAfter !== 'none' || live.held) await cleanUp(side, live);
      live = undefined;
    }
  }
  if (live) await cleanUp(side, live);
  return row;
}

/**
 * Every case of the matrix, in MATRIX_STATES × MATRIX_OPS order. The rows run side by side (each
 * with its own containers): most of a case is waiting for processes.
 */
export async function realMatrix(side: RealSide): Promise<LifecycleCase[]> {
  const rows = await Promise.all(MATRIX_STATES.map((state) => realRow(side, state)));
  return rows.flat();
}

/** Removes the run's cgroup parent from every hierarchy (the containers' own cgroups are gone with delete). */
export function removeCgroupParent(side: RealSide): string[] {
  return removeCgroupDirs(side.cgroupParent);
}
