/**
 * Which operations runc 1.1.5 refuses in which state, with the texts and exit codes it prints.
 * Read from runc: start.go (the three "cannot start" texts), delete.go ("cannot delete container
 * %s that is not stopped: %s"; a created container is killed then destroyed; --force succeeds on
 * a missing container), create.go ("runc create failed: %w"), exec.go ("exec failed: %w", exit
 * status 255, "cannot exec in a paused container (use --ignore-paused to override)", "cannot exec
 * in a stopped container"), libcontainer/error.go (ErrExist "container with given ID already
 * exists", ErrNotExist "container does not exist", ErrNotRunning "container not running",
 * ErrNotPaused "container not paused"), libcontainer/container_linux.go Signal (kill --all
 * signals the cgroup's processes even when the container is stopped, as long as the cgroup is
 * there), Pause/Resume. Checked against the real runc 1.1.5 by tests/real/runc-lifecycle.test.ts.
 *
 * A container being created does not exist for runc: state.json is written at procReady, after
 * the createRuntime hooks, so a second create finds the directory ("already exists") and every
 * other call finds no state. Older runc (1.0-rc) printed `container "<id>" does not exist`.
 */
import type { OciCheck, OciCheckOptions, OciOperation, OciStatus } from './lifecycle.ts';

/** runc's error texts, by name, for callers that print them. */
export const RUNC_ERRORS = {
  exists: 'container with given ID already exists',
  createExists: 'runc create failed: container with given ID already exists',
  notExist: 'container does not exist',
  notRunning: 'container not running',
  notPaused: 'container not paused',
  startStopped: 'cannot start a container that has stopped',
  startRunning: 'cannot start an already running container',
  execPaused: 'exec failed: cannot exec in a paused container (use --ignore-paused to override)',
  execStopped: 'exec failed: cannot exec in a stopped container',
} as const;

const OK: OciCheck = { ok: true };
/** runc's fatal(): exit status 1; exec's own failures exit 255 (exec.go). */
const fail = (error: string, exitCode = 1): OciCheck => ({ ok: false, error, exitCode });

export function checkRuncOperation(status: OciStatus | undefined, op: OciOperation, id: string, opts: OciCheckOptions): OciCheck {
  if (op === 'create') return status === undefined ? OK : fail(RUNC_ERRORS.createExists);
  if (status === undefined || status === 'creating') {
    if (op === 'delete' && opts.force) return OK;
    return op === 'exec' ? fail(`exec failed: ${RUNC_ERRORS.notExist}`, 255) : fail(RUNC_ERRORS.notExist);
  }
  switch (op) {
    case 'state':
      return OK;
    case 'start':
      if (status === 'created') return OK;
      if (status === 'stopped') return fail(RUNC_ERRORS.startStopped);
      if (status === 'running') return fail(RUNC_ERRORS.startRunning);
      return fail(`cannot start a container in the ${status} state`);
    case 'kill':
      if (status !== 'stopped') return OK;
      // kill --all goes to the processes of the cgroup, which is still there until delete.
      return opts.all ? OK : fail(RUNC_ERRORS.notRunning);
    case 'delete':
      if (status === 'stopped' || status === 'created' || opts.force) return OK;
      return fail(`cannot delete container ${id} that is not stopped: ${status}`);
    case 'pause':
      return status === 'running' || status === 'created' ? OK : fail(RUNC_ERRORS.notRunning);
    case 'resume':
      return status === 'paused' ? OK : fail(RUNC_ERRORS.notPaused);
    case 'exec':
      if (status === 'paused') return fail(RUNC_ERRORS.execPaused, 255);
      if (status === 'stopped') return fail(RUNC_ERRORS.execStopped, 255);
      return OK;
  }
}
