import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Children that die with the recorder, even when it is killed hard (SIGKILL, OOM, a closed
 * terminal): the recorder puts its tools in process groups of their own (Ctrl-C must not reach
 * them before the recorder stops them in order), so nothing would stop them when it dies.
 * Linux's PR_SET_PDEATHSIG is not reachable from Node; a lifeline works on every POSIX system:
 * each tool is started by `sh` with a pipe from the recorder as its stdin. `sh` keeps that pipe
 * on fd 3 for a background watcher and then `exec`s the tool (same pid, so stopping by pid is
 * unchanged; the tool's own stdin is /dev/null, as before). When the recorder goes, the kernel
 * closes its end of the pipe, the watcher's `read` sees end of file, and it sends SIGTERM to the
 * process group — the tool and its own children. The watcher's stdout and stderr go to
 * /dev/null so it never holds the tool's output pipes open.
 *
 * After the tool exits on its own or is stopped, the recorder closes the pipe itself and the
 * watcher ends the same way (the group then holds only the watcher).
 */
export const LIFELINE_SCRIPT =
  '{ read -r _ <&3; kill -TERM 0; } </dev/null >/dev/null 2>&1 &\n' + 'exec "$@" 3<&- </dev/null';

/** `spawn(command, args)` turned into the `sh` command line that starts it on a lifeline. */
export function onLifeline(command: string, args: readonly string[]): { command: string; args: string[] } {
  return { command: '/bin/sh', args: ['-c', `exec 3<&0\n${LIFELINE_SCRIPT}`, 'kube-anatomy-lifeline', command, ...args] };
}

/** Where `command` would be run from by PATH lookup (or itself when it has a slash), if it exists. */
export function resolveCommand(command: string, path: string | undefined): string | undefined {
  if (command.includes('/')) return existsSync(command) ? command : undefined;
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
