import { spawn } from 'node:child_process';

/**
 * A child process started without a shell, its output collected as it comes. Used for the
 * etcdctl commands of the real side: foreground ones are awaited, watches run on "in a second
 * terminal" and are stopped with SIGINT, as Ctrl-C would.
 */
export interface Captured {
  pid: number;
  stdout: string;
  stderr: string;
  /** Date.now() of the last byte read on stdout or stderr (or of the start). */
  lastOutputAt: number;
  /** The exit code, or 128 + the signal number when a signal ended it, as a shell reports it. */
  exitCode: number | undefined;
  exited: Promise<number>;
  /** Sends a signal by pid, if it still runs. */
  signal(sig: NodeJS.Signals): void;
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function startCaptured(command: string, args: readonly string[], env: NodeJS.ProcessEnv, stdin?: string): Captured {
  const child = spawn(command, args, { env, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const c: Captured = {
    pid: child.pid,
    stdout: '',
    stderr: '',
    lastOutputAt: Date.now(),
    exitCode: undefined,
    exited: new Promise<number>((resolve) => {
      // 'close' waits for the pipes to drain as well, so nothing printed is lost.
      child.once('close', (code, sig) => {
        c.exitCode = code ?? 128 + (sig ? (SIGNAL_NUMBERS[sig] ?? 0) : 0);
        resolve(c.exitCode);
      });
    }),
    signal(sig) {
      if (c.exitCode === undefined && child.exitCode === null && child.signalCode === null) process.kill(c.pid, sig);
    },
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    c.stdout += d;
    c.lastOutputAt = Date.now();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    c.stderr += d;
    c.lastOutputAt = Date.now();
  });
  if (stdin !== undefined && child.stdin) {
    // etcdctl txn reads to EOF; a closed pipe after an early exit is not our error.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  }
  return c;
}

/** Waits for the exit; after `timeoutMs` kills it (SIGKILL, by pid) and reports `undefined`. */
export async function waitExit(c: Captured, timeoutMs: number): Promise<number | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)));
  const code = await Promise.race([c.exited, timeout]);
  clearTimeout(timer);
  if (code === undefined) {
    c.signal('SIGKILL');
    await c.exited;
  }
  return code;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
