import type { Micros } from '../../base/time.ts';
import { imagePrograms, lookPath, PROGRAMS, type ImagePrograms, type ListenSpec, type Userland } from '../images/programs.ts';
import { parseScript, type Separator, type Statement } from './shell.ts';

/**
 * What a container's process does, from its image and its argv (the OCI `process.args`, i.e. the
 * pod's command/args merged with the image's entrypoint/cmd): a pure kernel the runtimes use to
 * schedule the process's exit (runc → the shim's TaskExit), to answer probes (the ports it
 * listens on and the files it has made) and to run `ExecSync` commands in it.
 *
 * The model:
 * - Before execve, runc's init looks the program up (exec.LookPath): a missing one fails
 *   `runc create` with runc's message (`exec: "foo": executable file not found in $PATH`).
 * - `sh -c SCRIPT` is interpreted (domain/pod/shell.ts): `sleep N` takes N seconds, `exit N`
 *   ends with N, `touch`/`rm` make and remove files, an unknown command prints the shell's
 *   "not found" and gives 127, `while true; do …; done` runs until signalled. A script of one
 *   simple command is exec'd by the shell (dash, busybox ash and bash all do), so that command
 *   is PID 1; otherwise the shell stays PID 1.
 * - Server programs (nginx, httpd, redis, postgres, pause) run until signalled and open their
 *   ports after their start-up time (domain/images/programs.ts).
 * - PID 1 of a pid namespace gets no default signal actions (signal(7), pid_namespaces(7)): a
 *   signal it has no handler for is ignored, so `sleep 3600` or a shell script only stops on
 *   SIGKILL, exit status 137. Programs with handlers exit as they do in real life.
 * - Each external command costs a fork and exec (1 ms); shell builtins cost nothing.
 *
 * `exit.timed` says whether the exit comes after a wait (a `sleep`, a server's start-up) or at
 * once as part of starting: the simulator treats the first as a timer (background work) and the
 * second as pending work (docs/scenario-format.md, `until: settled`).
 */

export interface ProcessInput {
  /** The image reference, as in the pod spec. */
  image: string;
  /** OCI process.args; empty means the image's default command. */
  args: readonly string[];
  /** OCI process.env, `KEY=VALUE`. */
  env?: readonly string[];
}

/** A port the process listens on from `from` µs after its start. */
export interface OpenPort extends ListenSpec {
  from: Micros;
}

/** A file the process created at `from` (and removed at `until`). */
export interface FileSpan {
  path: string;
  from: Micros;
  until?: Micros;
}

export interface ProcessPlan {
  /** runc create fails before execve, with this message (after "error during container init: "). */
  startError?: string;
  /** The process ends by itself: after how long, with which code; absent = runs until signalled. */
  exit?: { after: Micros; code: number; timed: boolean };
  listens: OpenPort[];
  files: FileSpan[];
  /** Signals PID 1 handles by exiting. SIGKILL is not here: it always ends the process (137). */
  signals: Record<string, { after: Micros; exitCode: number }>;
  /** PID 1's program after any exec chain (`nginx`, `sleep`, `sh`). */
  pid1: string;
  /** What PID 1 wrote on stderr before exiting by itself (the container's log, for describe). */
  stderr: string;
  /** Unknown image: the process runs until signalled and answers nothing. */
  programs?: ImagePrograms;
  env: Record<string, string>;
}

/** What the signal does to a running process: exit after `after` µs with `exitStatus`, or nothing. */
export type SignalOutcome = { after: Micros; exitStatus: number } | 'ignored';

const FORK_EXEC: Micros = 1_000;
const ENTRYPOINT_SCRIPT: Micros = 20_000;
const SHELL_EOF: Micros = 2_000;
/** A shell's own start-up before it runs the first command of its -c script. */
const SHELL_START: Micros = 1_000;
const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);
/** dash and busybox ash builtins: no fork, no exec. */
const BUILTINS = new Set(['exit', 'true', 'false', ':', 'echo', 'printf', 'test', '[', 'kill', 'trap', 'cd', 'export', 'set', 'unset', 'exec', 'wait', '!']);

/** The running state while a script is followed. */
interface Run {
  t: Micros;
  timed: boolean;
  status: number;
  ended?: 'exit' | 'forever';
  files: Map<string, FileSpan>;
  spans: FileSpan[];
  listens: OpenPort[];
  stdout: string;
  stderr: string;
  pid1: string;
  signals: Record<string, { after: Micros; exitCode: number }>;
  /** `trap 'exit N' TERM` in the PID 1 shell. */
  traps: Record<string, number>;
}

interface Ctx {
  programs: ImagePrograms;
  env: Record<string, string>;
  /** Running as the container's process (true) or as an exec'd command (ExecSync). */
  init: boolean;
}

function envMap(env: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of env ?? []) {
    const i = kv.indexOf('=');
    if (i > 0) out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function newRun(t: Micros): Run {
  return { t, timed: false, status: 0, files: new Map(), spans: [], listens: [], stdout: '', stderr: '', pid1: '', signals: {}, traps: {} };
}

/** Plans what a container's process does. Pure and deterministic. */
export function planProcess(input: ProcessInput): ProcessPlan {
  const env = envMap(input.env);
  const programs = imagePrograms(input.image);
  if (!programs) return { listens: [], files: [], signals: {}, pid1: input.args[0] ?? '', stderr: '', env };
  const argv = input.args.length > 0 ? [...input.args] : [...programs.defaultArgv];
  const found = lookPath(programs, argv[0] ?? '');
  if ('error' in found) return { startError: found.error, listens: [], files: [], signals: {}, pid1: '', stderr: '', env, programs };
  const run = newRun(0);
  runProgram(run, found.name, argv.slice(1), { programs, env, init: true }, true);
  const plan: ProcessPlan = { listens: run.listens, files: run.spans, signals: run.signals, pid1: run.pid1, stderr: run.stderr, env, programs };
  if (run.ended !== 'forever') plan.exit = { after: run.t, code: run.status, timed: run.timed };
  return plan;
}

/** Runs one program (already looked up) in `run`. `exec` says it replaces PID 1. */
function runProgram(run: Run, name: string, args: string[], ctx: Ctx, exec: boolean): void {
  if (exec) {
    run.pid1 = name;
    run.signals = {};
  }
  if (SHELLS.has(name)) return runShell(run, name, args, ctx, exec);
  const server = PROGRAMS[name];
  if (server) {
    if (server.execsArgs) {
      run.t += ENTRYPOINT_SCRIPT;
      const next = args[0];
      if (next === undefined) return;
      const found = lookPath(ctx.programs, next);
      if ('error' in found) {
        run.stderr += `${name}: line 1: exec: ${next}: not found\n`;
        run.status = 127;
        run.ended = 'exit';
        return;
      }
      return runProgram(run, found.name, args.slice(1), ctx, exec);
    }
    if (server.requiresEnv && !server.requiresEnv.anyOf.some((k) => (ctx.env[k] ?? '') !== '')) {
      run.t += server.requiresEnv.after;
      run.stderr += server.requiresEnv.stderr;
      run.status = server.requiresEnv.exitCode;
      run.ended = 'exit';
      return;
    }
    for (const l of server.listens) run.listens.push({ ...l, from: run.t + l.after });
    if (exec) run.signals = { ...server.signals };
    run.ended = 'forever';
    return;
  }
  runUtility(run, name, args, ctx);
}

function runShell(run: Run, name: string, args: string[], ctx: Ctx, exec: boolean): void {
  const c = args.indexOf('-c');
  if (c < 0) {
    if (args.some((a) => !a.startsWith('-'))) {
      // `sh script.sh`: the simulator has no script files in images.
      const file = args.find((a) => !a.startsWith('-')) as string;
      run.t += FORK_EXEC;
      run.stderr += ctx.programs.userland === 'busybox' ? `${name}: can't open '${file}': No such file or directory\n` : `${name}: 0: cannot open ${file}: No such file\n`;
      run.status = 2;
      run.ended = 'exit';
      return;
    }
    // No script and no terminal: the shell reads end-of-file on stdin and exits 0.
    run.t += SHELL_EOF;
    run.status = 0;
    run.ended = 'exit';
    return;
  }
  const script = args[c + 1] ?? '';
  run.t += SHELL_START;
  const stmts = parseScript(script, ctx.env);
  const only = stmts.length === 1 ? stmts[0] : undefined;
  // dash, ash and bash exec the last simple command of a -c script when it is the only one.
  const execsOnly = only?.kind === 'command' && only.sep === ';' && !BUILTINS.has(only.argv[0] ?? '') && only.argv[0] !== 'exec';
  if (exec && !execsOnly) run.pid1 = name;
  runStatements(run, stmts, ctx, exec && execsOnly, name);
  if (run.ended === undefined) run.ended = 'exit';
  if (exec && run.pid1 === name) {
    for (const [sig, code] of Object.entries(run.traps)) run.signals[sig] = { after: 1_000, exitCode: code };
  }
}

function runStatements(run: Run, stmts: readonly Statement[], ctx: Ctx, execLast: boolean, shell: string): void {
  let prevSep: Separator = ';';
  for (const stmt of stmts) {
    if (run.ended) return;
    const skip = (prevSep === '&&' && run.status !== 0) || (prevSep === '||' && run.status === 0);
    prevSep = stmt.sep;
    if (skip) continue;
    if (stmt.sep === '&') {
      // A background job: it runs alongside; the script goes on at once.
      const bg = { ...run, ended: undefined, files: run.files, spans: run.spans, listens: run.listens } as Run;
      runStatement(bg, stmt, ctx, false, shell);
      run.status = 0;
      continue;
    }
    runStatement(run, stmt, ctx, execLast, shell);
  }
}

function runStatement(run: Run, stmt: Statement, ctx: Ctx, exec: boolean, shell: string): void {
  if (stmt.kind === 'unsupported') {
    run.ended = 'forever';
    return;
  }
  if (stmt.kind === 'loop') {
    const probe = { ...run, ended: undefined } as Run;
    runStatements(probe, stmt.cond, ctx, false, shell);
    run.t = probe.t;
    const enter = stmt.until ? probe.status !== 0 : probe.status === 0;
    if (!enter) {
      run.status = 0;
      return;
    }
    // The loop goes round again and again: one turn shows its effects; it never ends by itself.
    runStatements(run, stmt.body, ctx, false, shell);
    if (run.ended === 'exit') return;
    run.ended = 'forever';
    return;
  }
  const argv = stmt.argv;
  if (argv.length === 0) return;
  let [cmd, ...rest] = argv as [string, ...string[]];
  let negate = false;
  if (cmd === '!') {
    negate = true;
    if (rest.length === 0) return;
    [cmd, ...rest] = rest as [string, ...string[]];
  }
  if (cmd === 'exec') {
    if (rest.length === 0) return;
    [cmd, ...rest] = rest as [string, ...string[]];
    exec = ctx.init;
  }
  runCommand(run, cmd, rest, ctx, exec, shell);
  if (negate) run.status = run.status === 0 ? 1 : 0;
}

function notFound(shell: string, userland: Userland, cmd: string): string {
  if (shell === 'bash') return `bash: line 1: ${cmd}: command not found\n`;
  return userland === 'busybox' ? `${shell}: ${cmd}: not found\n` : `${shell}: 1: ${cmd}: not found\n`;
}

function runCommand(run: Run, cmd: string, args: string[], ctx: Ctx, exec: boolean, shell: string): void {
  switch (cmd) {
    case 'exit':
      run.status = Number.parseInt(args[0] ?? String(run.status), 10) & 0xff;
      run.ended = 'exit';
      return;
    case 'true':
    case ':':
      run.status = 0;
      return;
    case 'false':
      run.status = 1;
      return;
    case 'echo':
    case 'printf':
      run.stdout += `${args.join(' ')}\n`;
      run.status = 0;
      return;
    case 'test':
    case '[':
      run.status = testExpr(run, ctx, cmd === '[' ? args.slice(0, -1) : args) ? 0 : 1;
      return;
    case 'trap':
      trap(run, args);
      return;
    case 'kill':
    case 'cd':
    case 'export':
    case 'set':
    case 'unset':
    case 'wait':
      run.status = 0;
      return;
    default:
      break;
  }
  const found = lookPath(ctx.programs, cmd);
  if ('error' in found) {
    run.t += FORK_EXEC;
    run.stderr += notFound(shell, ctx.programs.userland, cmd);
    run.status = 127;
    return;
  }
  run.t += FORK_EXEC;
  runProgram(run, found.name, args, ctx, exec);
}

function trap(run: Run, args: string[]): void {
  const [action, ...signals] = args;
  const m = /\bexit\s+(\d+)/.exec(action ?? '') ?? (/\bexit\b/.test(action ?? '') ? ['', '0'] : null);
  if (!m) return;
  for (const s of signals) {
    const sig = s.startsWith('SIG') ? s : `SIG${s.toUpperCase()}`;
    run.traps[sig] = Number(m[1]);
  }
  run.status = 0;
}

function testExpr(run: Run, ctx: Ctx, args: string[]): boolean {
  if (args[0] === '!') return !testExpr(run, ctx, args.slice(1));
  if ((args[0] === '-f' || args[0] === '-e' || args[0] === '-d' || args[0] === '-s' || args[0] === '-r') && args[1] !== undefined) return fileExists(run, ctx, args[1]);
  if (args[0] === '-n') return (args[1] ?? '') !== '';
  if (args[0] === '-z') return (args[1] ?? '') === '';
  if (args[1] === '=' || args[1] === '==') return args[0] === args[2];
  if (args[1] === '!=') return args[0] !== args[2];
  return args.length === 1 && args[0] !== '';
}

/** Files every container has (the kubelet's and the runtime's mounts) and the image's own. */
const CONTAINER_FILES = ['/etc/hosts', '/etc/hostname', '/etc/resolv.conf', '/dev/termination-log', '/dev/null', '/tmp', '/var/run/secrets/kubernetes.io/serviceaccount/token'];

/** Whether a file exists at the run's current time. */
function exists(run: Run, path: string): boolean {
  if (run.files.has(path)) return true;
  return CONTAINER_FILES.includes(path);
}

function imageHas(ctx: Ctx, path: string): boolean {
  return ctx.programs.files.includes(path) || [...ctx.programs.binaries.values()].includes(path);
}

function fileExists(run: Run, ctx: Ctx, path: string): boolean {
  return exists(run, path) || imageHas(ctx, path);
}

function touch(run: Run, path: string): void {
  if (run.files.has(path)) return;
  const span: FileSpan = { path, from: run.t };
  run.files.set(path, span);
  run.spans.push(span);
}

function remove(run: Run, path: string): boolean {
  const span = run.files.get(path);
  if (!span) return false;
  span.until = run.t;
  run.files.delete(path);
  return true;
}

/** sleep(1) durations: "5", "0.5", "2m", "1h", "infinity". */
function sleepMicros(arg: string | undefined): Micros | undefined {
  if (arg === undefined) return 0;
  if (arg === 'infinity' || arg === 'inf') return undefined;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!m) return 0;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(m[1]) * unit * 1_000_000);
}

/** The core utilities and busybox applets the simulator follows. */
function runUtility(run: Run, name: string, args: string[], ctx: Ctx): void {
  const busybox = ctx.programs.userland === 'busybox';
  const files = args.filter((a) => !a.startsWith('-'));
  switch (name) {
    case 'sleep': {
      const d = sleepMicros(args[0]);
      run.timed = true;
      if (d === undefined) {
        run.ended = 'forever';
        return;
      }
      run.t += d;
      run.status = 0;
      return;
    }
    case 'touch':
    case 'mkdir':
      for (const f of files) touch(run, f);
      run.status = 0;
      return;
    case 'rm': {
      const force = args.some((a) => /^-[a-zA-Z]*f/.test(a));
      run.status = 0;
      for (const f of files) {
        if (!remove(run, f) && !force) {
          run.stderr += busybox ? `rm: can't remove '${f}': No such file or directory\n` : `rm: cannot remove '${f}': No such file or directory\n`;
          run.status = 1;
        }
      }
      return;
    }
    case 'cat':
    case 'ls': {
      run.status = 0;
      for (const f of files) {
        if (fileExists(run, ctx, f)) {
          if (name === 'ls') run.stdout += `${f}\n`;
          continue;
        }
        if (name === 'cat') run.stderr += busybox ? `cat: can't open '${f}': No such file or directory\n` : `cat: ${f}: No such file or directory\n`;
        else run.stderr += busybox ? `ls: ${f}: No such file or directory\n` : `ls: cannot access '${f}': No such file or directory\n`;
        run.status = name === 'ls' && !busybox ? 2 : 1;
      }
      return;
    }
    case 'tail':
      if (args.includes('-f') || args.includes('-F')) {
        run.ended = 'forever';
        return;
      }
      run.status = 0;
      return;
    case 'nc': {
      const listen = args.some((a) => /^-[a-z]*l/.test(a));
      if (!listen) {
        run.status = 1;
        return;
      }
      const p = args.indexOf('-p');
      const port = Number(p >= 0 ? args[p + 1] : files[files.length - 1]);
      if (Number.isInteger(port) && port > 0) run.listens.push({ port, protocol: 'tcp', after: 0, from: run.t });
      run.ended = 'forever';
      return;
    }
    case 'redis-cli':
    case 'pg_isready':
      clientCheck(run, name);
      return;
    case 'wget':
    case 'curl':
      httpClient(run, name, args);
      return;
    default:
      // date, env, hostname, ps, psql and the like: they print and exit 0.
      run.status = 0;
  }
}

function listening(run: Run, port: number): OpenPort | undefined {
  return run.listens.find((l) => l.port === port && l.from <= run.t);
}

function clientCheck(run: Run, name: string): void {
  if (name === 'redis-cli') {
    if (listening(run, 6379)) {
      run.stdout += 'PONG\n';
      run.status = 0;
    } else {
      run.stdout += 'Could not connect to Redis at 127.0.0.1:6379: Connection refused\n';
      run.status = 1;
    }
    return;
  }
  // pg_isready exits 0 when the server accepts connections, 2 when there is no response.
  if (listening(run, 5432)) {
    run.stdout += '/var/run/postgresql:5432 - accepting connections\n';
    run.status = 0;
  } else {
    run.stdout += '/var/run/postgresql:5432 - no response\n';
    run.status = 2;
  }
}

function httpClient(run: Run, name: string, args: string[]): void {
  const url = args.find((a) => /^https?:\/\//.test(a)) ?? '';
  const m = /^http:\/\/(localhost|127\.0\.0\.1)(?::(\d+))?(\/[^\s]*)?$/.exec(url);
  const port = m ? Number(m[2] ?? 80) : 0;
  const l = m ? listening(run, port) : undefined;
  if (!l) {
    // wget: "Connection refused", exit 1 (busybox) / 4 (GNU); curl: exit 7 (couldn't connect).
    run.stderr += name === 'curl' ? `curl: (7) Failed to connect to localhost port ${port} after 0 ms: Couldn't connect to server\n` : `wget: can't connect to remote host (127.0.0.1): Connection refused\n`;
    run.status = name === 'curl' ? 7 : 1;
    return;
  }
  const status = l.protocol === 'http' ? (l.paths?.[m?.[3] ?? '/'] ?? l.otherStatus ?? 200) : 0;
  if (status >= 200 && status < 400) {
    run.status = 0;
    return;
  }
  run.stderr += name === 'curl' ? `curl: (22) The requested URL returned error: ${status}\n` : `wget: server returned error: HTTP/1.1 ${status} Not Found\n`;
  run.status = name === 'curl' ? (args.some((a) => /^-[a-zA-Z]*f/.test(a)) ? 22 : 0) : 1;
}

// ---------------------------------------------------------------- signals, probes, exec

/**
 * What a signal does to the running process: SIGKILL ends it at once (wait status 137); a signal
 * PID 1 handles ends it after its shutdown with its exit code; any other is ignored.
 */
export function signalOutcome(plan: ProcessPlan, sig: string | number): SignalOutcome {
  const signal = typeof sig === 'number' ? (Object.entries(SIGNAL_NUMBERS).find(([, n]) => n === sig)?.[0] ?? String(sig)) : sig;
  if (signal === 'SIGKILL') return { after: 0, exitStatus: 128 + 9 };
  const handled = plan.signals[signal];
  if (handled) return { after: handled.after, exitStatus: handled.exitCode };
  return 'ignored';
}

/** The signal number (for wait statuses and `kill(2)` spans). */
export function signalNumber(signal: string): number {
  return SIGNAL_NUMBERS[signal] ?? 15;
}

/** What a connection from the host to a pod's IP meets (TCP: status 0 when something listens). */
export type ConnectionAnswer = { status: number } | { refused: true } | { notHttp: true };

/**
 * A connection to a pod's port, as the kubelet's HTTP and TCP probes make it: the first running
 * process of the pod that listens there answers; none does: refused. `at` is µs since that
 * process started. One rule for every runtime (containerd, CRI-O, dockershim, rkt).
 */
export function podConnectionAnswer(running: Iterable<{ plan: ProcessPlan; at: Micros }>, port: number, path?: string): ConnectionAnswer {
  for (const { plan, at } of running) {
    if (path === undefined) {
      if (tcpAnswer(plan, port, at)) return { status: 0 };
      continue;
    }
    const answer = httpAnswer(plan, port, path, at);
    if (!('refused' in answer)) return answer;
  }
  return { refused: true };
}

/** The file state and open ports at `at` µs after the start. */
function stateAt(plan: ProcessPlan, at: Micros): Run {
  const run = newRun(at);
  for (const f of plan.files) if (f.from <= at && (f.until === undefined || f.until > at)) run.files.set(f.path, { ...f });
  run.listens = plan.listens.filter((l) => l.from <= at);
  return run;
}

/** An HTTP GET to the process's port at `at` µs after its start. */
export function httpAnswer(plan: ProcessPlan, port: number, path: string, at: Micros): { status: number } | { refused: true } | { notHttp: true } {
  const l = stateAt(plan, at).listens.find((x) => x.port === port);
  if (!l) return { refused: true };
  if (l.protocol !== 'http') return { notHttp: true };
  return { status: l.paths?.[path] ?? l.otherStatus ?? 200 };
}

/** Whether a TCP connection to the port is accepted at `at` µs after the start. */
export function tcpAnswer(plan: ProcessPlan, port: number, at: Micros): boolean {
  return stateAt(plan, at).listens.some((x) => x.port === port);
}

/** The result of a command run in the container (CRI ExecSync), or the runtime's error. */
export type ExecResult = { exitCode: number; stdout: string; stderr: string } | { error: string } | { timedOut: true };

/**
 * Runs a command in the container at `at` µs after its start, as `runc exec` does: looked up on
 * the image's $PATH (a missing one fails with runc's exec error), then followed like the main
 * process, against the files and ports the main process has at that moment.
 */
export function execIn(plan: ProcessPlan, argv: readonly string[], at: Micros): ExecResult {
  if (!plan.programs) return { exitCode: 0, stdout: '', stderr: '' };
  const found = lookPath(plan.programs, argv[0] ?? '');
  if ('error' in found) return { error: found.error };
  const run = stateAt(plan, at);
  runProgram(run, found.name, argv.slice(1), { programs: plan.programs, env: plan.env, init: false }, false);
  if (run.ended === 'forever') return { timedOut: true };
  return { exitCode: run.status, stdout: run.stdout, stderr: run.stderr };
}
