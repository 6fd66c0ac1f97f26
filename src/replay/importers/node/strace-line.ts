/**
 * One line of `strace -f` output, taken apart: the pid prefix (`12345 ` with `-o FILE`, `[pid
 * 12345] ` on stderr, none for the first process on stderr), the time (`-ttt` epoch seconds,
 * `-tt` time of day, none), and the rest: a call with its result, the start of a call that
 * another process interrupted (`<unfinished ...>`), its end (`<... name resumed>`), a signal
 * (`--- SIGCHLD {...} ---`) or an exit (`+++ exited with N +++`, `+++ killed by SIGKILL +++`).
 */

export type StraceTime = { kind: 'epoch'; micros: number; digits: number } | { kind: 'day'; micros: number; digits: number } | { kind: 'none' };

export type StraceBody =
  | { kind: 'call'; name: string; args: string; result: string }
  | { kind: 'unfinished'; name: string; args: string }
  | { kind: 'resumed'; name: string; rest: string; result: string }
  | { kind: 'signal'; signal: string; info: string }
  | { kind: 'exit'; status?: number; signal?: string }
  | { kind: 'other'; text: string };

export interface StraceLine {
  pid?: number;
  time: StraceTime;
  body: StraceBody;
}

const PREFIX = /^(?:\[pid\s+(\d+)\]\s+|(\d+)\s+)?(?:(\d{9,11})(?:\.(\d{1,9}))?\s+|(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s+)?/;

function micros(frac: string | undefined): number {
  return frac ? Number((frac + '000000').slice(0, 6)) : 0;
}

/**
 * A call's name. strace prints `???` when it could not read which call a thread was in (the
 * thread was going away as strace stopped it: `27410 …861266 ???( <unfinished ...>`, then
 * `<... ??? resumed>) = ?`); real captures of containerd's shim have it.
 */
const NAME = String.raw`([a-z_][a-z0-9_]*|\?\?\?)`;
/** The call's name, its arguments and its result (`= 0`, `= -1 ENOENT (No such file or directory)`, `= ?`). */
const CALL = new RegExp(String.raw`^${NAME}\((.*)\)\s+=\s+(.*)$`);
const UNFINISHED = new RegExp(String.raw`^${NAME}\((.*?)\s*<unfinished \.\.\.>$`);
const RESUMED = new RegExp(String.raw`^<\.\.\. ${NAME} resumed>(.*)\)\s+=\s+(.*)$`);
const SIGNAL = /^--- (SIG[A-Z0-9]+) (.*) ---$/;
const EXITED = /^\+\+\+ exited with (\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9]+)(?: \(core dumped\))? \+\+\+$/;

/** Takes one line apart; undefined when it is not strace output at all. */
export function parseStraceLine(text: string): StraceLine | undefined {
  const p = PREFIX.exec(text);
  const head = p?.[0] ?? '';
  const pid = p?.[1] ?? p?.[2];
  let time: StraceTime = { kind: 'none' };
  if (p?.[3] !== undefined) time = { kind: 'epoch', micros: Number(p[3]) * 1_000_000 + micros(p[4]), digits: p[4]?.length ?? 0 };
  else if (p?.[5] !== undefined) time = { kind: 'day', micros: ((Number(p[5]) * 60 + Number(p[6])) * 60 + Number(p[7])) * 1_000_000 + micros(p[8]), digits: p[8]?.length ?? 0 };
  const rest = text.slice(head.length).trimEnd();
  const body = parseBody(rest);
  if (!body) return undefined;
  return { ...(pid !== undefined ? { pid: Number(pid) } : {}), time, body };
}

function parseBody(rest: string): StraceBody | undefined {
  let m = RESUMED.exec(rest);
  if (m) return { kind: 'resumed', name: m[1] as string, rest: m[2] as string, result: m[3] as string };
  m = UNFINISHED.exec(rest);
  if (m) return { kind: 'unfinished', name: m[1] as string, args: m[2] as string };
  m = CALL.exec(rest);
  if (m) return { kind: 'call', name: m[1] as string, args: m[2] as string, result: m[3] as string };
  m = SIGNAL.exec(rest);
  if (m) return { kind: 'signal', signal: m[1] as string, info: m[2] as string };
  m = EXITED.exec(rest);
  if (m) return { kind: 'exit', status: Number(m[1]) };
  m = KILLED.exec(rest);
  if (m) return { kind: 'exit', signal: m[1] as string };
  // strace's own notes: `strace: Process 123 attached`, `<detached ...>`, `+++ superseded by execve +++`,
  // `--- stopped by SIGSTOP ---` (a group stop).
  if (/^((\S*\/)?strace: |\+\+\+ superseded|<detached|--- stopped by SIG[A-Z0-9]+ ---$)/.test(rest)) return { kind: 'other', text: rest };
  return undefined;
}

/**
 * Top-level arguments of a call: split at commas outside quotes, braces, brackets and
 * parentheses. Strings stay quoted (see `unquote`).
 */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '=' && args[i + 1] === '>') i++; // clone3's `{…} => {parent_tid=[…]}`
    else if (c === '{' || c === '[' || c === '(' || c === '<') depth++;
    else if (c === '}' || c === ']' || c === ')' || c === '>') depth--;
    else if (c === ',' && depth === 0) {
      out.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = args.slice(start).trim();
  if (last !== '' || out.length > 0) out.push(last);
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', f: '\f', '"': '"', '\\': '\\' };

/**
 * A strace string argument without its quotes and escapes (`"abc\n"...` → `abc\n`, the `...` of
 * a string cut by `-s` dropped); `NULL` → ''. Anything else is returned as it is.
 */
export function unquote(arg: string): string {
  if (arg === 'NULL') return '';
  const m = /^"((?:[^"\\]|\\.)*)"(?:\.\.\.)?$/.exec(arg);
  if (!m) return arg;
  return (m[1] as string).replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ESCAPES[e] ?? e;
  });
}

/** `["runc", "init"]` → the strings; undefined when the argument is not an array of strings. */
export function stringArray(arg: string): string[] | undefined {
  const m = /^\[(.*)\]$/.exec(arg.trim());
  if (!m) return undefined;
  return splitArgs(m[1] as string).filter((a) => a !== '' && a !== '...').map(unquote);
}

/** An fd argument as `-y` prints it (`7</sys/fs/cgroup/…/cgroup.procs>`): the number and the path. */
export function fdArg(arg: string): { fd: number; path?: string } | undefined {
  const m = /^(-?\d+|AT_FDCWD)(?:<(.*)>)?$/.exec(arg.trim());
  if (!m) return undefined;
  return { fd: m[1] === 'AT_FDCWD' ? -100 : Number(m[1]), ...(m[2] !== undefined ? { path: m[2] } : {}) };
}

/** The number a call returned (`= 9315`, `= 3</etc/ld.so.cache>`); undefined for errors and `?`. */
export function resultNumber(result: string): number | undefined {
  const m = /^(-?\d+)(?:<[^>]*>)?(?:\s|$)/.exec(result);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n < 0 ? undefined : n;
}
