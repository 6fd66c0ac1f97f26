/**
 * `runc …` / `crun …` typed in a node's shell: parse (args.ts), read the state directory of the
 * --root given, print (print.ts), and frame errors as each runtime does: runc through logrus
 * (utils.go fatal), crun bare on a non-terminal (src/libcrun/error.c log_write_to_stream: the
 * timestamp and colours only on a terminal).
 *
 * The errors of a missing container are the runtimes' own: runc 1.1.5's ErrNotExist
 * "container does not exist" (libcontainer/error.go), crun's "error opening file
 * `<root>/<id>/status`: No such file or directory" (crun-lifecycle.ts).
 */
import { CRUN_ERRORS, RUNC_ERRORS, type OciRuntimeFlavour } from '../../../domain/oci/lifecycle.ts';
import type { CommandResult } from '../kubectl/client.ts';
import { isOciArgsError, parseOciArgs } from './args.ts';
import { crunList, logrusError, ociState, runcList, type StateDirEntry } from './print.ts';

export interface OciShellContext {
  /** The containers whose state directory is under `root`, in creation order. */
  stateDirectory: (root: string) => readonly StateDirEntry[];
  /** The node's clock, Unix µs (logrus's time="…"). */
  unixMicros: number;
  /** Whether stderr is a terminal (`ssh node cmd` gives none). */
  tty: boolean;
}

export function runOciShell(flavour: OciRuntimeFlavour, argv: readonly string[], ctx: OciShellContext): CommandResult {
  const fail = (exitCode: number, message: string, stdout = ''): CommandResult => ({ exitCode, stdout, stderr: flavour === 'crun' ? `${message}\n` : logrusError(message, ctx.unixMicros, ctx.tty) });
  const cmd = parseOciArgs(flavour, argv);
  if (isOciArgsError(cmd)) {
    if (cmd.framed) return { exitCode: cmd.exitCode, stdout: '', stderr: `${cmd.error}\n` };
    return fail(cmd.exitCode, cmd.error, cmd.stdout ?? '');
  }
  const entries = ctx.stateDirectory(cmd.root);
  if (cmd.verb === 'list') {
    if (flavour === 'crun' && cmd.format !== 'table') return { exitCode: 1, stdout: '', stderr: `crun list --format ${cmd.format}: not simulated yet on the node's shell in this release of kube-anatomy (simulated: crun list, crun list -q)\n` };
    const r = flavour === 'crun' ? crunList(entries, cmd.quiet) : runcList(entries, cmd.format, cmd.quiet);
    return r.error !== undefined ? fail(r.exitCode, r.error) : { exitCode: r.exitCode, stdout: r.stdout, stderr: '' };
  }
  const text = ociState(flavour, entries, cmd.id);
  if (text === undefined) return fail(1, flavour === 'crun' ? CRUN_ERRORS.noStatus(cmd.root, cmd.id) : RUNC_ERRORS.notExist);
  return { exitCode: 0, stdout: text, stderr: '' };
}
