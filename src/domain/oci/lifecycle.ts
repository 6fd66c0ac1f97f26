/**
 * OCI runtime states and which operations each one refuses (runtime-spec runtime.md; DOMAIN.md
 * 7), with the error texts runc 1.1 prints. Read from runc: start.go (the three "cannot start"
 * texts), delete.go ("cannot delete container %s that is not stopped: %s", --force, a created
 * container is killed then destroyed), libcontainer/error.go (ErrExist "container with given ID
 * already exists", ErrNotExist "container does not exist", ErrNotRunning "container not
 * running", ErrNotPaused "container not paused"), container_linux.go Signal/Pause/Resume.
 *
 * Older runc (1.0-rc) printed `container "<id>" does not exist`; runc 1.1.5, the version the real
 * capture ran, prints "container does not exist" (state.deleted.json in real-capture-notes 1).
 */
export type OciStatus = 'creating' | 'created' | 'running' | 'stopped' | 'paused';

export type OciOperation = 'create' | 'start' | 'kill' | 'delete' | 'pause' | 'resume' | 'state';

export type OciCheck = { ok: true } | { ok: false; error: string };

const OK: OciCheck = { ok: true };
const fail = (error: string): OciCheck => ({ ok: false, error });

/** runc's error texts, by name, for callers that print them. */
export const RUNC_ERRORS = {
  exists: 'container with given ID already exists',
  notExist: 'container does not exist',
  notRunning: 'container not running',
  notPaused: 'container not paused',
  startStopped: 'cannot start a container that has stopped',
  startRunning: 'cannot start an already running container',
} as const;

/**
 * Whether runc accepts `op` on a container in `status` (undefined: no such container).
 * - create: only when the id is free.
 * - start: only from created (runtime.md); runc names stopped and running specially.
 * - kill: created, running, and paused (runc thaws on SIGKILL); a stopped container is "not running".
 * - delete: stopped (destroy) or created (runc kills init first); running/paused only with --force;
 *   --force also succeeds on a container that does not exist.
 * - pause: running or created; resume: only paused; state: any existing container.
 */
export function checkOciOperation(status: OciStatus | undefined, op: OciOperation, id: string, opts: { force?: boolean } = {}): OciCheck {
  if (op === 'create') return status === undefined ? OK : fail(RUNC_ERRORS.exists);
  if (status === undefined) return op === 'delete' && opts.force ? OK : fail(RUNC_ERRORS.notExist);
  switch (op) {
    case 'state':
      return OK;
    case 'start':
      if (status === 'created') return OK;
      if (status === 'stopped') return fail(RUNC_ERRORS.startStopped);
      if (status === 'running') return fail(RUNC_ERRORS.startRunning);
      return fail(`cannot start a container in the ${status} state`);
    case 'kill':
      return status === 'created' || status === 'running' || status === 'paused' ? OK : fail(RUNC_ERRORS.notRunning);
    case 'delete':
      if (status === 'stopped' || status === 'created' || opts.force) return OK;
      return fail(`cannot delete container ${id} that is not stopped: ${status}`);
    case 'pause':
      return status === 'running' || status === 'created' ? OK : fail(RUNC_ERRORS.notRunning);
    case 'resume':
      return status === 'paused' ? OK : fail(RUNC_ERRORS.notPaused);
  }
}

/**
 * The status after a successful operation. kill does not change the status by itself: the
 * container becomes stopped when init exits (exitAfterKill tells the caller the signal was
 * fatal, e.g. SIGKILL or an unhandled SIGTERM). delete removes the container (undefined).
 */
export function ociStatusAfter(status: OciStatus | undefined, op: OciOperation, exitAfterKill = false): OciStatus | undefined {
  switch (op) {
    case 'create':
      return 'created';
    case 'start':
      return 'running';
    case 'kill':
      return exitAfterKill ? 'stopped' : status;
    case 'delete':
      return undefined;
    case 'pause':
      return 'paused';
    case 'resume':
      return 'running';
    case 'state':
      return status;
  }
}

/**
 * `runc state <id>` output (runtime-spec runtime.md State + runc's extra fields): pid only while
 * the container has a live init (created, running, paused), 0 once stopped.
 */
export function ociStateJson(opts: { id: string; status: OciStatus; pid?: number; bundle: string; rootfs?: string; created: string; annotations?: Record<string, string>; ociVersion?: string }): Record<string, unknown> {
  const live = opts.status === 'created' || opts.status === 'running' || opts.status === 'paused';
  return {
    ociVersion: opts.ociVersion ?? '1.0.2-dev',
    id: opts.id,
    pid: live ? (opts.pid ?? 0) : 0,
    status: opts.status,
    bundle: opts.bundle,
    rootfs: opts.rootfs ?? `${opts.bundle}/rootfs`,
    created: opts.created,
    owner: '',
    ...(opts.annotations ? { annotations: opts.annotations } : {}),
  };
}
