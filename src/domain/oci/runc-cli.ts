/**
 * The runc command lines containerd-shim-runc-v2 runs (through go-runc), as the real capture's
 * strace of execve shows them (real-capture-notes section 2):
 * `runc --root /run/containerd/runc/<ns> --log <bundle>/log.json --log-format json create
 * --bundle <bundle> --pid-file <bundle>/init.pid <id>`. go-runc puts the global flags first
 * (--root, --log, --log-format, then --systemd-cgroup when the runtime's SystemdCgroup option is
 * on), then the subcommand; kill takes the signal as a number after the id.
 *
 * The shim runs crun the same way: go-runc's `Command` is the runtime's `BinaryName` option
 * (containerd pkg/process/init.go NewRunc), the flags stay those of runc — crun accepts them —
 * and `--root` stays /run/containerd/runc/<ns> (process.RuncRoot), even for crun.
 *
 * exec follows go-runc runc.go Exec: the process spec goes to a temp file
 * (`os.CreateTemp(os.Getenv("XDG_RUNTIME_DIR"), "runc-process")`, /tmp/runc-process<N> on a host
 * without XDG_RUNTIME_DIR), then `exec --process <file> --detach --pid-file <file> <id>`
 * (ExecOpts.args: --console-socket, --detach, --pid-file, in that order).
 */
export type RuncOp = 'create' | 'start' | 'kill' | 'delete' | 'state' | 'pause' | 'resume' | 'exec';

export interface RuncCommandContext {
  id: string;
  /** Bundle directory; default /run/containerd/io.containerd.runtime.v2.task/<namespace>/<id>. */
  bundle?: string;
  /** runc --root, e.g. /run/containerd/runc/k8s.io. */
  root: string;
  /** containerd namespace (k8s.io for the CRI). */
  namespace: string;
  /** The runtime binary: `runc` (default) or `crun` (the runtime's BinaryName). */
  binary?: string;
  /** SystemdCgroup = true in the runc runtime options (kubeadm's default with the systemd driver). */
  systemdCgroup?: boolean;
  /** kill: signal number (default 15, SIGTERM). */
  signal?: number;
  /** kill --all / delete --force. */
  all?: boolean;
  force?: boolean;
  /** exec: the process spec file and the exec's pid file. */
  processFile?: string;
  execPidFile?: string;
}

/** The task bundle directory of the v2 shim. */
export function shimBundle(namespace: string, id: string): string {
  return `/run/containerd/io.containerd.runtime.v2.task/${namespace}/${id}`;
}

/** argv of the runc (or crun) invocation. */
export function runcArgv(op: RuncOp, ctx: RuncCommandContext): string[] {
  const bundle = ctx.bundle ?? shimBundle(ctx.namespace, ctx.id);
  const argv = [ctx.binary ?? 'runc', '--root', ctx.root, '--log', `${bundle}/log.json`, '--log-format', 'json'];
  if (ctx.systemdCgroup) argv.push('--systemd-cgroup');
  switch (op) {
    case 'create':
      argv.push('create', '--bundle', bundle, '--pid-file', `${bundle}/init.pid`, ctx.id);
      break;
    case 'kill':
      argv.push('kill', ...(ctx.all ? ['--all'] : []), ctx.id, String(ctx.signal ?? 15));
      break;
    case 'delete':
      argv.push('delete', ...(ctx.force ? ['--force'] : []), ctx.id);
      break;
    case 'exec':
      argv.push('exec', '--process', ctx.processFile ?? '/tmp/runc-process', '--detach', '--pid-file', ctx.execPidFile ?? `${bundle}/exec.pid`, ctx.id);
      break;
    default:
      argv.push(op, ctx.id);
  }
  return argv;
}

/** The command line as one string (arguments containing spaces are not expected here). */
export function runcCommandLine(op: RuncOp, ctx: RuncCommandContext): string {
  return runcArgv(op, ctx).join(' ');
}

/**
 * A runc command line as another runtime binary runs it (go-runc only swaps the command): for
 * callers that built the line for runc and hand it to the node's configured low-level runtime.
 */
export function withRuntimeBinary(commandLine: string, binary: string): string {
  return commandLine.startsWith('runc ') ? `${binary}${commandLine.slice('runc'.length)}` : commandLine;
}
