import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RuntimeCommand } from './oci-host.ts';

/** One finished runtime invocation. */
export interface Invocation {
  /** The exit code; undefined when it did not end within the timeout (it was then killed). */
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/** A runtime invocation still running (a `create` held up by a hook). */
export interface Running {
  pid: number;
  /** Resolves once it exits, or after `timeoutMs` (killed by pid) with exitCode undefined. */
  done(timeoutMs: number): Promise<Invocation>;
}

/**
 * Runs runc or crun with the argv the model prints (argv[0] is the runtime's name, replaced by the
 * binary found on this host, behind the crun wrapper when one is needed). Standard output and
 * error go to files, not pipes: the container's init inherits them, and a pipe would keep the
 * call "open" until the container exits.
 */
export class RealRuntime {
  private seq = 0;

  constructor(
    readonly command: RuntimeCommand,
    /** A directory for the output files. */
    private readonly scratch: string,
  ) {}

  start(argv: readonly string[]): Running {
    const n = this.seq++;
    const outFile = join(this.scratch, `out.${n}`);
    const errFile = join(this.scratch, `err.${n}`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    const [, ...args] = argv;
    const full = [...this.command.wrapper, this.command.binary, ...args];
    // argv[0] as the shim gives it ("runc", "crun"): runc passes its own argv[0] on to `runc init`.
    const child = spawn(full[0] as string, full.slice(1), { stdio: ['ignore', out, err], ...(this.command.wrapper.length === 0 ? { argv0: argv[0] } : {}) });
    closeSync(out);
    closeSync(err);
    if (child.pid === undefined) throw new Error(`could not start ${full.join(' ')}`);
    const pid = child.pid;
    const exited = new Promise<number>((resolve) => child.once('exit', (code, sig) => resolve(code ?? 128 + signalNumber(sig))));
    return {
      pid,
      done: async (timeoutMs) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), timeoutMs);
        });
        let code = await Promise.race([exited, timeout]);
        clearTimeout(timer);
        if (code === undefined) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Gone in the meantime.
          }
          await exited;
          code = undefined;
        }
        const result = { exitCode: code, stdout: readFileSync(outFile, 'utf8'), stderr: readFileSync(errFile, 'utf8') };
        rmSync(outFile, { force: true });
        rmSync(errFile, { force: true });
        return result;
      },
    };
  }

  run(argv: readonly string[], timeoutMs = 15_000): Promise<Invocation> {
    return this.start(argv).done(timeoutMs);
  }
}

function signalNumber(sig: NodeJS.Signals | null): number {
  return sig === 'SIGKILL' ? 9 : sig === 'SIGTERM' ? 15 : sig === 'SIGINT' ? 2 : 0;
}
