import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { onLifeline, resolveCommand } from './lifeline.ts';
import type { Capture, Recording } from './recording.ts';

export interface ProcessCaptureSpec {
  source: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** The file in the bundle and its format. */
  file: string;
  format: string;
  description: string;
  node?: string;
  /** Each line of the tool's stdout as it goes to the bundle (stamped, redacted); undefined drops it. */
  transform(line: string): string | undefined;
  /** Said when the command is not installed: which package has it. */
  notFound: string;
}

/** How long a child gets after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 5_000;

/**
 * A tool whose stdout is the capture (`kubectl get … --watch`, `ctr events`, `etcdctl watch`):
 * spawned in a process group of its own (a terminal's Ctrl-C goes to the whole foreground group:
 * the tools must not die before the recorder has stopped them in order) and on a lifeline
 * (lifeline.ts: it dies with the recorder, even one killed with SIGKILL), read line by line with backpressure (stdout is paused
 * while the bundle catches up), stopped by its pid with SIGTERM (SIGKILL after 5 s). A tool that
 * ends on its own with an error (no cluster, no permission) becomes a `skipped` entry with its
 * last line of stderr, and the recording goes on with the other sources.
 */
export class ProcessCapture implements Capture {
  readonly source: string;
  private child: ChildProcess | undefined;
  private done: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(private readonly spec: ProcessCaptureSpec) {
    this.source = spec.source;
  }

  async start(rec: Recording): Promise<void> {
    const { spec } = this;
    let stderr = '';
    const env = spec.env ?? process.env;
    // sh would run a missing tool as `exec: kubectl: not found`, exit 127: said as before instead.
    if (resolveCommand(spec.command, env.PATH) === undefined) {
      rec.skip(spec.source, `${spec.command}: command not found (${spec.notFound})`);
      return;
    }
    // On a lifeline (lifeline.ts): the tool dies with the recorder, even a recorder killed hard.
    const line = onLifeline(spec.command, spec.args);
    const child = spawn(line.command, line.args, { stdio: ['pipe', 'pipe', 'pipe'], env, detached: true });
    this.child = child;
    child.stdin?.on('error', () => undefined); // the watcher gone first: nothing to tell it
    child.once('exit', () => child.stdin?.end());
    const spawned = new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', (e: NodeJS.ErrnoException) => {
        rec.skip(spec.source, e.code === 'ENOENT' ? `${spec.command}: command not found (${spec.notFound})` : `${spec.command}: ${e.message}`);
        resolve(false);
      });
    });
    if (!(await spawned)) {
      this.child = undefined;
      return;
    }
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4096);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: child.stdout!, crlfDelay: Infinity });
    const reading = (async () => {
      for await (const line of lines) {
        const out = spec.transform(line);
        if (out === undefined) continue;
        rec.open(spec.file, spec.format, spec.description, spec.node);
        await rec.write(spec.file, [out]);
      }
    })();
    this.done = (async () => {
      await reading;
      const { code, signal } = await exited;
      this.child = undefined;
      if (this.stopping) {
        rec.open(spec.file, spec.format, spec.description, spec.node); // ran to the end: the file exists, even empty
        return;
      }
      const last = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
      const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
      rec.skip(spec.source, `${spec.command} ${how} before the recording ended${last ? `: ${last}` : ''}`);
    })();
    // A failed write (disk full) surfaces in stop(); until then it must not crash the recorder.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      }, STOP_GRACE_MS);
      try {
        await this.done;
      } finally {
        clearTimeout(timer);
      }
      return;
    }
    await this.done;
  }
}
