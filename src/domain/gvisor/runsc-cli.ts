/**
 * The runsc command lines containerd-shim-runsc-v1 runs. The shim drives runsc through its own
 * copy of go-runc (gvisor pkg/shim/runsccmd/runsc.go): global flags are written `--flag=value`
 * (`--root=…`, `--log=…`, `--log-format=json`), unlike go-runc's `--root <dir>` for runc; then the
 * subcommand with its flags (`create --bundle <b> --pid-file <f> <id>`, `kill <id> <sig>`,
 * `delete [--force] <id>`). The root is /run/containerd/runsc/<namespace> (the shim's RunscRoot
 * joined with the containerd namespace), the log is the bundle's log.json.
 */
export type RunscOp = 'create' | 'start' | 'kill' | 'delete' | 'state' | 'pause' | 'resume';

/** runsc's state root under containerd-shim-runsc-v1. */
export const RUNSC_ROOT_BASE = '/run/containerd/runsc';

export interface RunscCommandContext {
  id: string;
  bundle: string;
  /** containerd namespace (k8s.io for the CRI). */
  namespace: string;
  signal?: number;
  force?: boolean;
}

export function runscRoot(namespace: string): string {
  return `${RUNSC_ROOT_BASE}/${namespace}`;
}

/** argv of one runsc invocation by the shim. */
export function runscArgv(op: RunscOp, ctx: RunscCommandContext): string[] {
  const argv = ['runsc', `--root=${runscRoot(ctx.namespace)}`, `--log=${ctx.bundle}/log.json`, '--log-format=json'];
  switch (op) {
    case 'create':
      argv.push('create', '--bundle', ctx.bundle, '--pid-file', `${ctx.bundle}/init.pid`, ctx.id);
      break;
    case 'kill':
      argv.push('kill', ctx.id, String(ctx.signal ?? 15));
      break;
    case 'delete':
      argv.push('delete', ...(ctx.force ? ['--force'] : []), ctx.id);
      break;
    default:
      argv.push(op, ctx.id);
  }
  return argv;
}

export function runscCommandLine(op: RunscOp, ctx: RunscCommandContext): string {
  return runscArgv(op, ctx).join(' ');
}
