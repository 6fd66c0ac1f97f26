/**
 * Which operations crun 1.8.1 refuses in which state, with the texts it prints (every failure
 * exits 1). Read from crun: src/libcrun/status.c (libcrun_status_check_directories: "container
 * `%s` already exists" when the state directory is there; libcrun_read_container_status: "error
 * opening file `<root>/<id>/status`" when the status file is not), src/libcrun/container.c
 * (libcrun_container_delete: a missing status file means "delete the directory", so delete
 * succeeds on a container still being created and fails with "cannot open directory" only when
 * there is no directory; "the container `%s` is not in `created` or `stopped` state" without
 * --force; libcrun_container_start: a running container has no exec.fifo, so start fails opening
 * it, and a stopped one is "container `%s` is not running"; exec of a stopped container: "the
 * container `%s` is not running", of a paused one: "the container `%s` is paused"). crun does
 * not refuse pausing a paused container or resuming a running one. Checked against the real
 * crun 1.8.1 by tests/real/crun-lifecycle.test.ts.
 *
 * A stopped container here is one whose init has been reaped, as under containerd (the shim is a
 * child subreaper and reaps at once). Then kill's pidfd_open fails ("open pidfd: No such
 * process"), and pause/resume add the errno of their kill(pid, 0) probe ("…is not running: No
 * such process"). While the dead init is still a zombie crun prints "kill container: No such
 * process" and no errno instead: the real test waits for the reaping before it asks.
 */
import type { OciCheck, OciCheckOptions, OciOperation, OciStatus } from './lifecycle.ts';

/** crun's error texts; most name the container or a file under the state root. */
export const CRUN_ERRORS = {
  exists: (id: string) => `container \`${id}\` already exists`,
  noStatus: (root: string, id: string) => `error opening file \`${root}/${id}/status\`: No such file or directory`,
  noDirectory: (root: string, id: string) => `cannot open directory '${root}/${id}': No such file or directory`,
  noExecFifo: (root: string, id: string) => `cannot open \`${root}/${id}/exec.fifo\`: No such file or directory`,
  startStopped: (id: string) => `container \`${id}\` is not running`,
  notRunning: (id: string) => `the container \`${id}\` is not running`,
  notRunningReaped: (id: string) => `the container \`${id}\` is not running: No such process`,
  paused: (id: string) => `the container \`${id}\` is paused`,
  deleteNotStopped: (id: string) => `the container \`${id}\` is not in \`created\` or \`stopped\` state`,
  killReaped: 'open pidfd: No such process',
} as const;

const OK: OciCheck = { ok: true };
const fail = (error: string): OciCheck => ({ ok: false, error, exitCode: 1 });

/** crun's default --root for root: /run/crun (`crun --version` prints it as rundir). */
export const CRUN_DEFAULT_ROOT = '/run/crun';

export function checkCrunOperation(status: OciStatus | undefined, op: OciOperation, id: string, opts: OciCheckOptions): OciCheck {
  const root = opts.root ?? CRUN_DEFAULT_ROOT;
  // The state directory exists from the first moment of create; the status file only at its end.
  if (op === 'create') return status === undefined ? OK : fail(CRUN_ERRORS.exists(id));
  if (status === undefined) return op === 'delete' ? (opts.force ? OK : fail(CRUN_ERRORS.noDirectory(root, id))) : fail(CRUN_ERRORS.noStatus(root, id));
  if (status === 'creating') return op === 'delete' ? OK : fail(CRUN_ERRORS.noStatus(root, id));
  switch (op) {
    case 'state':
      return OK;
    case 'start':
      if (status === 'created') return OK;
      return status === 'stopped' ? fail(CRUN_ERRORS.startStopped(id)) : fail(CRUN_ERRORS.noExecFifo(root, id));
    case 'kill':
      if (status !== 'stopped') return OK;
      // --all signals the processes left in the cgroup: none, which is no error.
      return opts.all ? OK : fail(CRUN_ERRORS.killReaped);
    case 'delete':
      if (status === 'stopped' || status === 'created' || opts.force) return OK;
      return fail(CRUN_ERRORS.deleteNotStopped(id));
    case 'pause':
    case 'resume':
      return status === 'stopped' ? fail(CRUN_ERRORS.notRunningReaped(id)) : OK;
    case 'exec':
      if (status === 'stopped') return fail(CRUN_ERRORS.notRunning(id));
      return status === 'paused' ? fail(CRUN_ERRORS.paused(id)) : OK;
  }
}

/**
 * crun's create error when the process's program is not on PATH (linux.c, find_executable),
 * from runc's wording of the same lookup (`exec: "foo": executable file not found in $PATH`).
 * Other texts are returned as they are.
 */
export function crunExecNotFound(runcText: string): string {
  const m = /exec: "([^"]+)": executable file not found in \$PATH/.exec(runcText);
  return m ? `executable file \`${m[1]}\` not found in $PATH: No such file or directory` : runcText;
}
