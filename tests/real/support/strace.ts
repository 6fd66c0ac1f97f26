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
  /**
   * True when another process's line interrupted the call (`<unfinished ...>`) and no
   * `<... resumed>` line completed it. Resumed calls are joined, so `rest` ends with the result.
   */
  unfinished: boolean;
}

const CALL = /^(\d+)\s+(\d{2}:\d{2}:\d{2}\.\d+)\s+([a-z_0-9]+)\((.*)$/;
const RESUMED = /^(\d+)\s+\S+\s+<\.\.\. ([a-z_0-9]+) resumed>(.*)$/;
const UNFINISHED = / ?<unfinished \.\.\.>$/;

/**
 * Reads the call lines of `strace -f -tt -o FILE` (every line prefixed by a pid). A call that
 * strace split in two (`… <unfinished ...>`, later `<... name resumed>…`) comes back as one line,
 * in the place where it started. Signal lines (`--- SIGCHLD …`) and exits (`+++ exited …`) are
 * left out.
 */
export function parseStrace(text: string): SyscallLine[] {
  const out: SyscallLine[] = [];
  const pending = new Map<number, SyscallLine>();
  text.split('\n').forEach((line, index) => {
    const resumed = RESUMED.exec(line);
    if (resumed) {
      const call = pending.get(Number(resumed[1]));
      if (call && call.syscall === resumed[2]) {
        call.rest = call.rest.replace(UNFINISHED, '') + (resumed[3] ?? '');
        call.unfinished = false;
        pending.delete(call.pid);
      }
      return;
    }
    const m = CALL.exec(line);
    if (!m) return;
    const rest = m[4] ?? '';
    const call: SyscallLine = { index, pid: Number(m[1]), time: m[2] ?? '', syscall: m[3] ?? '', rest, unfinished: UNFINISHED.test(rest) };
    if (call.unfinished) pending.set(call.pid, call);
    out.push(call);
  });
  return out;
}
