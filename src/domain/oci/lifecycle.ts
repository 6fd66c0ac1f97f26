/**
 * OCI runtime states and what each low-level runtime does with an operation in each of them
 * (runtime-spec runtime.md; DOMAIN.md 7). The rules and texts are those of the releases the
 * differential test runs (Debian 12): runc 1.1.5 (runc-lifecycle.ts) and crun 1.8.1
 * (crun-lifecycle.ts); tests/real/fixtures/{runc,crun}/lifecycle.json hold what the real ones did
 * for every (state, operation) pair.
 *
 * `creating` is the status a runtime-spec hook sees while `create` runs. Neither runtime reports
 * it: runc writes state.json and crun its `status` file only when create is done, so until then
 * every operation but create finds no container.
 */
import { checkCrunOperation } from './crun-lifecycle.ts';
import { checkRuncOperation } from './runc-lifecycle.ts';

export { RUNC_ERRORS } from './runc-lifecycle.ts';
export { CRUN_ERRORS } from './crun-lifecycle.ts';

export type OciStatus = 'creating' | 'created' | 'running' | 'stopped' | 'paused';

export type OciOperation = 'create' | 'start' | 'kill' | 'delete' | 'pause' | 'resume' | 'state' | 'exec';

/** The low-level runtimes modelled at this level of detail. */
export type OciRuntimeFlavour = 'runc' | 'crun';

/** Accepted, or refused with the text the runtime prints and its exit code. */
export type OciCheck = { ok: true } | { ok: false; error: string; exitCode: number };

export interface OciCheckOptions {
  /** delete --force. */
  force?: boolean;
  /** kill --all. */
  all?: boolean;
  /** Default runc. */
  flavour?: OciRuntimeFlavour;
  /** The runtime's --root: crun names files under it in its errors. */
  root?: string;
}

/** Whether the runtime accepts `op` on a container in `status` (undefined: no such container). */
export function checkOciOperation(status: OciStatus | undefined, op: OciOperation, id: string, opts: OciCheckOptions = {}): OciCheck {
  return (opts.flavour ?? 'runc') === 'crun' ? checkCrunOperation(status, op, id, opts) : checkRuncOperation(status, op, id, opts);
}

/** The status `state` reports for a container in `status` (undefined: "does not exist"). */
export function reportedStatus(status: OciStatus | undefined): OciStatus | undefined {
  return status === 'creating' ? undefined : status;
}

/**
 * The status after a successful operation other than kill (see signals.ts killOutcome), as the
 * runtime reports it. crun reports a container whose exec.fifo still exists as `created` even
 * when its cgroup is frozen (status.c reads the fifo first), so pausing or resuming a created
 * container leaves it `created`; crun resumes a running one without complaint.
 */
export function ociStatusAfter(status: OciStatus | undefined, op: Exclude<OciOperation, 'kill'>, flavour: OciRuntimeFlavour = 'runc'): OciStatus | undefined {
  switch (op) {
    case 'create':
      return 'created';
    case 'start':
      return 'running';
    case 'delete':
      return undefined;
    case 'pause':
      return flavour === 'crun' && status === 'created' ? 'created' : 'paused';
    case 'resume':
      return flavour === 'crun' && status === 'created' ? 'created' : 'running';
    case 'state':
    case 'exec':
      return reportedStatus(status);
  }
}
