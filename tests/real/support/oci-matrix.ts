import { runcArgv, type RuncCommandContext, type RuncOp } from '../../../src/domain/oci/runc-cli.ts';

/**
 * The OCI lifecycle matrix both sides run: every (state, operation) pair, for runc and for crun.
 * A state is where the container is put first (`none`: the id was never created; `creating`:
 * `create` is held inside a createRuntime hook); an operation is one runtime invocation with the
 * command line containerd-shim-runc-v2 would use (go-runc's flags, runcArgv).
 */
export const MATRIX_STATES = ['none', 'creating', 'created', 'running', 'paused', 'stopped'] as const;
export type MatrixState = (typeof MATRIX_STATES)[number];

export interface MatrixOp {
  /** How the case is named in the fixture and in failures. */
  name: string;
  op: RuncOp;
  signal?: number;
  all?: boolean;
  force?: boolean;
}

export const MATRIX_OPS: readonly MatrixOp[] = [
  { name: 'create', op: 'create' },
  { name: 'start', op: 'start' },
  { name: 'kill SIGTERM', op: 'kill', signal: 15 },
  { name: 'kill SIGKILL', op: 'kill', signal: 9 },
  { name: 'kill --all SIGTERM', op: 'kill', signal: 15, all: true },
  { name: 'kill --all SIGKILL', op: 'kill', signal: 9, all: true },
  { name: 'pause', op: 'pause' },
  { name: 'resume', op: 'resume' },
  { name: 'exec', op: 'exec' },
  { name: 'state', op: 'state' },
  { name: 'delete', op: 'delete' },
  { name: 'delete --force', op: 'delete', force: true },
];

/** The container's process: busybox sleep, which handles no signal (so, as PID 1 of its namespace, it ignores SIGTERM). */
export const MATRIX_PROCESS = ['sleep', '3600'] as const;
/** The process `exec` runs. */
export const MATRIX_EXEC_PROCESS = ['true'] as const;

/** Where everything of one run lives; the fixtures show `<work>` instead. */
export interface MatrixLayout {
  work: string;
}

export const stateRoot = (l: MatrixLayout): string => `${l.work}/state`;
export const bundleDir = (l: MatrixLayout, id: string): string => `${l.work}/bundles/${id}`;
/** The rootfs all cases share (runc refuses a rootfs that is a symlink, so bundles name it by absolute path). */
export const sharedRootfs = (l: MatrixLayout): string => `${l.work}/base/rootfs`;
export const processFile = (l: MatrixLayout, id: string): string => `${l.work}/bundles/${id}/runc-process`;
/** The id of a container made for the case at `opIndex` of a row: readable, so fixtures need no id placeholder. */
export const caseId = (state: MatrixState, opIndex: number): string => `ka-${state}-${opIndex}`;

/** The shim-style command line of an operation on container `id`. */
export function matrixArgv(flavour: 'runc' | 'crun', layout: MatrixLayout, id: string, op: MatrixOp): string[] {
  const ctx: RuncCommandContext = {
    id,
    binary: flavour,
    root: stateRoot(layout),
    bundle: bundleDir(layout, id),
    namespace: 'k8s.io',
    ...(op.signal !== undefined ? { signal: op.signal } : {}),
    ...(op.all ? { all: true } : {}),
    ...(op.force ? { force: true } : {}),
    processFile: processFile(layout, id),
    execPidFile: `${bundleDir(layout, id)}/exec.pid`,
  };
  return runcArgv(op.op, ctx);
}

/** One cell of the matrix, as recorded (normalized) or as the model predicts it. */
export interface LifecycleCase {
  state: MatrixState;
  op: string;
  /** The container the operation ran on (a refused operation leaves it for the next one). */
  id: string;
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Lines the invocation appended to <bundle>/log.json (--log, --log-format json). */
  log: string[];
  /** `state`'s status afterwards, or `none` when the runtime says the container does not exist. */
  statusAfter: string;
}

export type LifecycleMatrix = {
  runtime: 'runc' | 'crun';
  version: string;
  process: readonly string[];
  cases: LifecycleCase[];
};
