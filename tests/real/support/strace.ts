/** One system call line of `strace -f -tt` output. */
export interface SyscallLine {
  /** Index of the line in the file (0-based): the order strace saw the calls start in. */
  index: number;
  pid: number;
  /** Wall-clock time as strace printed it (HH:MM:SS.micros). */
  time: string;
  syscall: string;
  /** Everything after the opening parenthesis, result included (`"." , ".") = 0`). */
  rest: string;
  /** The call was interrupted by another process's line (`<unfinished ...>`); its result comes later. */
  unfinished: boolean;
}

const CALL = /^(\d+)\s+(\d{2}:\d{2}:\d{2}\.\d+)\s+([a-z_0-9]+)\((.*)$/;

/**
 * Reads the call lines of `strace -f -tt -o FILE` (every line prefixed by a pid). Signal lines
 * (`--- SIGCHLD …`), exits (`+++ exited …`) and resumptions (`<... execve resumed>`) are left out.
 */
export function parseStrace(text: string): SyscallLine[] {
  const out: SyscallLine[] = [];
  text.split('\n').forEach((line, index) => {
    const m = CALL.exec(line);
    if (!m) return;
    const rest = m[4] ?? '';
    out.push({ index, pid: Number(m[1]), time: m[2] ?? '', syscall: m[3] ?? '', rest, unfinished: rest.endsWith('<unfinished ...>') });
  });
  return out;
}
