/**
 * What a signal from `runc kill` / `crun kill` does to a container: the status the runtime
 * reports afterwards.
 *
 * The signal goes to the container's PID 1, which is the init of a new PID namespace. The kernel
 * delivers a signal from an ancestor namespace to such an init only when it has a handler for
 * it; SIGKILL and SIGSTOP are always delivered (pid_namespaces(7); kernel/signal.c
 * sig_task_ignored with SIGNAL_UNKILLABLE). So who PID 1 is matters:
 * - a created runc container: `runc init` is a Go program, and the Go runtime installs a handler
 *   for every signal; per os/signal's documentation SIGHUP, SIGINT and SIGTERM make the program
 *   exit, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGSTKFLT and SIGSYS exit with a stack dump, the
 *   rest are caught and nothing happens;
 * - a created crun container: crun's own C child, blocked reading exec.fifo, with default
 *   dispositions, so nothing but SIGKILL reaches it;
 * - a started container: the user's process, which dies of the signals it handles by exiting
 *   (`handles`) and of SIGKILL.
 * A frozen (paused) cgroup holds the signal until it is thawed: runc's Signal thaws the cgroup
 * for SIGKILL (container_linux.go), crun's kill does not; `kill --all` freezes, signals every
 * process and thaws in both (runc signalAllProcesses, crun libcrun_cgroup_killall), so the
 * container runs again unless the signal ended it.
 */
import type { OciRuntimeFlavour, OciStatus } from './lifecycle.ts';

export const SIGNALS: Readonly<Record<string, number>> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12,
  SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGWINCH: 28, SIGSYS: 31,
};

/** "SIGTERM" for 15, the number as text for others. */
export function signalName(n: number): string {
  return Object.entries(SIGNALS).find(([, v]) => v === n)?.[0] ?? String(n);
}

const SIGKILL = 9;
/** Signals the Go runtime ends the program on when nobody called signal.Notify (os/signal doc). */
const GO_FATAL = new Set([1, 2, 3, 4, 5, 6, 15, 16, 31]);

/** Who is PID 1 of the container: the runtime's own init until `start`, then the user's process. */
export type InitProcess = 'go-runc-init' | 'crun-child' | 'user-process';

export function initProcessOf(flavour: OciRuntimeFlavour, status: OciStatus): InitProcess {
  if (status !== 'created') return 'user-process';
  return flavour === 'runc' ? 'go-runc-init' : 'crun-child';
}

/** Whether `signal` ends PID 1 (pid-namespace init rules above); `handles`: signals the user's process exits on. */
export function signalEndsInit(init: InitProcess, signal: number, handles: readonly number[] = []): boolean {
  if (signal === SIGKILL) return true;
  if (init === 'go-runc-init') return GO_FATAL.has(signal);
  if (init === 'crun-child') return false;
  return handles.includes(signal);
}

/**
 * The status after an accepted kill, once the signal has had its effect (a handled signal may
 * take the process some time to act on: callers wanting timing schedule it themselves).
 */
export function killOutcome(flavour: OciRuntimeFlavour, status: OciStatus, signal: number, opts: { all?: boolean; handles?: readonly number[] } = {}): OciStatus {
  if (status === 'stopped' || status === 'creating') return status;
  const ends = signalEndsInit(initProcessOf(flavour, status), signal, opts.handles);
  if (status === 'paused') {
    const thawed = opts.all === true || (flavour === 'runc' && signal === SIGKILL);
    if (!thawed) return 'paused';
    return ends ? 'stopped' : 'running';
  }
  return ends ? 'stopped' : status;
}
