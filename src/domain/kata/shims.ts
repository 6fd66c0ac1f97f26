/**
 * Which containerd shim v2 runs a node's low-level runtime, and what containerd's task call
 * becomes below it. The shim binary is `containerd-shim-<name>-<version>` from the runtime
 * type (`io.containerd.runc.v2`, `io.containerd.runsc.v1`, `io.containerd.kata.v2`: containerd
 * core/runtime/v2/binary.go BinaryName); every shim v2 takes the same start flags.
 * runc and crun: a runc command line (runc-cli.ts); runsc: runsc's (gvisor runsccmd);
 * Kata: no binary per call, the shim serves the task API itself (ttrpc `containerd.task.v2.Task`).
 */
import { runcCommandLine, withRuntimeBinary, type RuncOp } from '../oci/runc-cli.ts';
import { runscCommandLine, type RunscOp } from '../gvisor/runsc-cli.ts';

export type LowLevelRuntime = 'runc' | 'crun' | 'runsc' | 'kata';

export const SHIM_BINARY: Readonly<Record<LowLevelRuntime, string>> = {
  runc: '/usr/bin/containerd-shim-runc-v2',
  crun: '/usr/bin/containerd-shim-runc-v2',
  runsc: '/usr/local/bin/containerd-shim-runsc-v1',
  kata: '/usr/local/bin/containerd-shim-kata-v2',
};

/** The shim's start command line (shim.Run's flags; the same for every shim v2). */
export function shimStartCommandLine(lowLevel: LowLevelRuntime, namespace: string, id: string): string {
  return `${SHIM_BINARY[lowLevel]} -namespace ${namespace} -address /run/containerd/containerd.sock -publish-binary /usr/bin/containerd -id ${id} start`;
}

const TASK_CALL: Record<string, string> = { create: 'Create', start: 'Start', kill: 'Kill', delete: 'Delete', state: 'State', pause: 'Pause', resume: 'Resume', exec: 'Exec' };

/** What one task operation runs below the shim, as a line for the trace. */
export function lowLevelCommandLine(lowLevel: LowLevelRuntime, op: RuncOp, ctx: { id: string; bundle: string; root: string; namespace: string; signal?: number }): string {
  if (lowLevel === 'runsc') return runscCommandLine(op as RunscOp, { id: ctx.id, bundle: ctx.bundle, namespace: ctx.namespace, ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}) });
  if (lowLevel === 'kata') return `ttrpc containerd.task.v2.Task/${TASK_CALL[op] ?? op} id=${ctx.id}${op === 'create' ? ` bundle=${ctx.bundle}` : ''}${op === 'kill' ? ` signal=${ctx.signal ?? 15}` : ''}`;
  const line = runcCommandLine(op, { id: ctx.id, bundle: ctx.bundle, root: ctx.root, namespace: ctx.namespace, ...(ctx.signal !== undefined ? { signal: ctx.signal } : {}) });
  return lowLevel === 'crun' ? withRuntimeBinary(line, 'crun') : line;
}
