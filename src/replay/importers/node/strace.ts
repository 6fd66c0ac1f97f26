import type { FormatParser, ImportContext, Importer, RawEvent, SourceFacts, TimePrecision } from '../../types.ts';
import { fdArg, parseStraceLine, resultNumber, splitArgs, stringArray, unquote, type StraceTime } from './strace-line.ts';
import { precisionOf } from './text.ts';

/**
 * `strace -f` of runc or crun (`-tt`, `-ttt` or no time; `-o FILE` with leading pids or stderr
 * with `[pid N]`; `-y` fd paths or not) → the OCI runtime's syscall spans, as the simulator
 * writes them (src/domain/oci/runc-steps.ts, crun-steps.ts): op = the syscall, `attrs.proc` =
 * which runtime process (`runc create`, `runc init`, `runc:[0:PARENT]`, `runc:[1:CHILD]`,
 * `runc:[2:INIT]`; `crun run`, `crun init`), `attrs.pid`, then the call's arguments under their
 * man-page names.
 *
 * Kept: clone/clone3/fork/vfork of processes, unshare, setns, mount, umount2, pivot_root,
 * sethostname, execve/execveat (successful ones: a failed execve is the PATH search), writes to a
 * `cgroup.procs` file, runc's nsexec naming its stages (`prctl(PR_SET_NAME, "runc:[1:CHILD]")` →
 * the simulator's `nsexec stage-1` span, which names the process by pid), and process exits
 * (`+++ exited with N +++` → `exit_group` {status}, as the simulator ends a runtime process;
 * `+++ killed by SIG +++` → `exit` {signal}). Everything else (openat, other writes, signals) is
 * read and dropped; openat feeds the fd table that names a write's file when `-y` was not given.
 * A call still open in a thread that exits never resumes (strace prints no `resumed` for it):
 * it is dropped without an error; only a trace that ends inside a call reports one.
 *
 * The container's program: the init's execve of it is kept under the init's name
 * (`runc:[2:INIT]`, `crun init`), as the simulator writes it; after it the process and its
 * children are the container's, not the runtime's, and only the init's exit is kept. Inside the
 * container's pid namespace strace prints the pids clone returns in that namespace (`= 7`), not
 * the host pids its lines carry: such a child is the next unknown pid that prints a line.
 *
 * Go runtime threads: a clone with CLONE_THREAD makes a thread, not a process. It is dropped,
 * and the thread's later calls are its process's (runc's Go code makes its syscalls on any
 * thread: the `write` to cgroup.procs comes from one).
 *
 * The actor is `runc/<node>` or `crun/<node>`, from the first execve of a runc or crun binary
 * (events before it wait for it; a file that never execs one is runc's). Keys: `pid:<node>/<pid>`
 * on every span; `container:<id>` on the execve of a runtime command naming a container (the id
 * argument, else the bundle's last path segment, which is the id under containerd's shim);
 * spans of that command's processes carry `attrs.containerId`.
 *
 * `-tt` prints the time of day only: it is put on `ctx.day` (a day is added when the time goes
 * back by more than 12 hours: midnight passed); without `ctx.day`, and without `-tt`/`-ttt`,
 * events have no time and the merge places them in file order.
 */

interface Proc {
  name: string;
  containerId?: string;
  /**
   * `init`: the container's init, which exec'd the program (it keeps the runtime's name, which
   * the node view knows it by, for its exit); `descendant`: the program's own children. Their
   * calls are the container's, not the runtime's: dropped.
   */
  program?: 'init' | 'descendant';
  /**
   * In a pid namespace of its own (the container's init and what it starts): strace prints the
   * pids its clones return in that namespace (`= 7`), not the host pids its lines carry.
   */
  innerPid?: boolean;
  /** Has unshared CLONE_NEWPID: its children are in the new pid namespace. */
  newPidNs?: boolean;
}

/** A clone inside a pid namespace, whose child's host pid is not known yet. */
interface InnerClone {
  readonly thread: boolean;
  readonly parent: number;
  readonly template: Proc;
}

interface Pending {
  name: string;
  args: string;
  at?: number;
  line: number;
}

const RUNTIMES = new Set(['runc', 'crun']);
/** The runtime processes that exec the container's program. */
const CONTAINER_INITS = new Set(['runc:[2:INIT]', 'crun init']);
/** Options of runc/crun subcommands that take a value (`--bundle B`, `--pid-file F`, …). */
const VALUE_OPTIONS = new Set(['--bundle', '-b', '--pid-file', '--console-socket', '--preserve-fds', '--process', '-p', '--cwd', '--env', '-e', '--user', '-u', '--additional-gids', '-g', '--cap', '-c', '--apparmor', '--process-label', '--interval', '--format', '-f', '--root', '--log', '--log-format', '--criu', '--rootless', '--exec-id', '--image-path', '--work-path']);
const GLOBAL_FLAGS_WITH_VALUE = new Set(['--root', '--log', '--log-format', '--criu', '--rootless', '--cgroup-manager']);

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** `runc --root R create --bundle B ID` → the runtime, its subcommand and the container id. */
export function runtimeCommandOf(argv: readonly string[]): { runtime: string; sub?: string; id?: string; bundle?: string } | undefined {
  const runtime = basename(argv[0] ?? '');
  if (!RUNTIMES.has(runtime)) return undefined;
  let i = 1;
  while (i < argv.length && (argv[i] as string).startsWith('-')) i += GLOBAL_FLAGS_WITH_VALUE.has(argv[i] as string) ? 2 : 1;
  const sub = argv[i];
  if (sub === undefined) return { runtime };
  let bundle: string | undefined;
  const positional: string[] = [];
  for (let j = i + 1; j < argv.length; j++) {
    const a = argv[j] as string;
    if (a === '--bundle' || a === '-b') bundle = argv[j + 1];
    else if (a.startsWith('--bundle=')) bundle = a.slice('--bundle='.length);
    if (a.startsWith('-')) {
      if (VALUE_OPTIONS.has(a)) j++;
      continue;
    }
    positional.push(a);
  }
  const id = sub === 'init' ? undefined : positional[0] ?? (bundle ? basename(bundle.replace(/\/+$/, '')) : undefined);
  return { runtime, sub, ...(id !== undefined ? { id } : {}), ...(bundle !== undefined ? { bundle } : {}) };
}

/** The flags of a clone (`flags=…`) or clone3 (`{flags=…, …}`). */
function cloneFlags(args: string): string | undefined {
  return /(?:^|[{,\s])flags=([A-Z0-9_|]+)/.exec(args)?.[1];
}

class StraceParser implements FormatParser {
  private readonly procs = new Map<number, Proc>();
  private readonly threadOf = new Map<number, number>();
  private readonly fds = new Map<number, Map<number, string>>();
  private readonly pending = new Map<number, Pending>();
  private readonly innerClones: InnerClone[] = [];
  private runtime: string | undefined;
  private held: RawEvent[] = [];
  private precision: TimePrecision = 'none';
  private dayOffset = 0;
  private lastDayMicros: number | undefined;
  private carry: { text: string; line: number } | undefined;

  constructor(private readonly ctx: ImportContext) {}

  line(raw: string, lineNo: number): RawEvent[] {
    if (raw.trim() === '') return [];
    // On stderr strace's own notice can land inside a call's line: `clone3({…}/usr/bin/strace:
    // Process 9489 attached`, the call going on at the next line (` => {parent_tid=[9489]}, 88) = 9489`).
    const notice = /^(.+?)(?:(?:\/[\w.-]+)*\/)?strace: Process \d+ attached$/.exec(raw);
    if (notice && !/^\s*(?:\S*\/)?strace: /.test(raw)) {
      this.carry = { text: (this.carry?.text ?? '') + (notice[1] as string), line: this.carry?.line ?? lineNo };
      return [];
    }
    const carried = this.carry;
    this.carry = undefined;
    const text = carried ? carried.text + raw : raw;
    if (carried) lineNo = carried.line;
    const l = parseStraceLine(text);
    if (!l) {
      this.ctx.error(lineNo, `not strace output (expected "[pid] [time] syscall(args) = result", a signal or an exit): ${text.slice(0, 80)}`);
      return [];
    }
    const at = this.time(l.time);
    // On stderr the traced command's lines have no prefix until it has children; then strace
    // prefixes its lines too. pid 0 stands for it until then (no pid key is written), and the
    // first prefixed pid that is neither a child nor a thread seen so far is its real pid.
    if (l.pid !== undefined && this.procs.has(0) && !this.procs.has(l.pid) && !this.threadOf.has(l.pid)) this.learnFirstPid(l.pid);
    if (l.pid !== undefined && this.innerClones.length > 0 && !this.procs.has(l.pid) && !this.threadOf.has(l.pid)) this.placeInnerClone(l.pid);
    const pid = this.processOf(l.pid ?? 0);
    const out: RawEvent[] = [];
    const b = l.body;
    if (b.kind === 'call') this.call(out, pid, l.pid ?? 0, b.name, b.args, b.result, at, undefined, lineNo);
    else if (b.kind === 'unfinished') this.pending.set(l.pid ?? 0, { name: b.name, args: b.args, ...(at !== undefined ? { at } : {}), line: lineNo });
    else if (b.kind === 'resumed') {
      const p = this.pending.get(l.pid ?? 0);
      if (!p || p.name !== b.name) this.ctx.error(lineNo, `"<... ${b.name} resumed>" without an "${b.name}(… <unfinished ...>" of pid ${l.pid ?? '(first)'} before it`);
      else {
        this.pending.delete(l.pid ?? 0);
        const dur = p.at !== undefined && at !== undefined ? Math.max(0, at - p.at) : undefined;
        this.call(out, pid, l.pid ?? 0, p.name, p.args + b.rest, b.result, p.at, dur, p.line);
      }
    } else if (b.kind === 'exit') {
      // A call still open in an exiting thread never returns: strace prints no `resumed` for it.
      this.pending.delete(l.pid ?? 0);
      if (!this.threadOf.has(l.pid ?? 0)) {
        for (const [tid, of] of this.threadOf) if (of === pid) this.pending.delete(tid);
        const proc = this.procs.get(pid);
        // `exit_group` as the simulator's runtimes end a process (the node view drops it then);
        // a process killed by a signal made no call: `exit` with the signal.
        if (proc && proc.program !== 'descendant') this.emit(out, { at, op: b.status !== undefined ? 'exit_group' : 'exit', pid, proc, attrs: b.status !== undefined ? { status: b.status } : { signal: b.signal }, line: lineNo });
      }
    }
    return this.release(out);
  }

  end(): RawEvent[] {
    // exit_group and execve never return to a thread strace stops following (`= ?` or nothing).
    // `???`: a thread strace lost as it went away; it has nothing to return either.
    for (const [pid, p] of this.pending) if (p.name !== 'exit_group' && p.name !== 'exit' && p.name !== '???') this.ctx.error(p.line, `"${p.name}(" of pid ${pid || '(first)'} never resumed: the trace ends inside the call`);
    this.pending.clear();
    this.runtime ??= 'runc';
    return this.release([]);
  }

  facts(): SourceFacts {
    return { node: this.ctx.node, precision: this.precision };
  }

  private time(t: StraceTime): number | undefined {
    if (t.kind === 'none') return undefined;
    if (this.precision === 'none') this.precision = precisionOf(t.digits);
    if (t.kind === 'epoch') return t.micros;
    if (this.lastDayMicros !== undefined && t.micros < this.lastDayMicros - 12 * 3_600_000_000) this.dayOffset += 86_400_000_000;
    this.lastDayMicros = t.micros;
    return this.ctx.day === undefined ? undefined : this.ctx.day + this.dayOffset + t.micros;
  }

  /**
   * A pid never seen before, while clones inside a pid namespace wait for their host pid: it is
   * the oldest of those children (strace follows them in the order they were made; a process
   * or thread always prints a line, at least its exit, before anything else of it can matter).
   */
  private placeInnerClone(pid: number): void {
    const c = this.innerClones.shift() as InnerClone;
    if (c.thread) this.threadOf.set(pid, c.parent);
    else this.procs.set(pid, { ...c.template });
  }

  private learnFirstPid(pid: number): void {
    const first = this.procs.get(0) as Proc;
    this.procs.delete(0);
    this.procs.set(pid, first);
    for (const [tid, of] of this.threadOf) if (of === 0) this.threadOf.set(tid, pid);
    this.threadOf.set(0, pid);
  }

  private processOf(tid: number): number {
    return this.threadOf.get(tid) ?? tid;
  }

  private call(out: RawEvent[], pid: number, tid: number, name: string, argText: string, result: string, at: number | undefined, dur: number | undefined, line: number): void {
    const args = splitArgs(argText);
    const failed = result.startsWith('-1 ');
    const base = { at, dur, pid, line };
    // The container's program and its children: not the runtime's work (only their execs are followed, to know them).
    if (this.procs.get(pid)?.program && name !== 'execve' && name !== 'execveat') {
      const child = name === 'clone' || name === 'clone3' || name === 'fork' || name === 'vfork' ? resultNumber(result) : undefined;
      if (child !== undefined) this.innerClones.push({ thread: (cloneFlags(argText) ?? '').split('|').includes('CLONE_THREAD'), parent: pid, template: { ...(this.procs.get(pid) as Proc), program: 'descendant' } });
      return;
    }
    switch (name) {
      case 'execve':
      case 'execveat': {
        if (failed || result.startsWith('?') && name !== 'execve') return;
        const filename = unquote(args[name === 'execve' ? 0 : 1] ?? '');
        const argv = stringArray(args[name === 'execve' ? 1 : 2] ?? '') ?? [];
        const prev = this.procs.get(pid);
        const cmd = runtimeCommandOf(argv) ?? (filename === '/proc/self/exe' && prev ? runtimeCommandOf([prev.name.split(' ')[0] ?? '', ...argv.slice(1)]) : undefined);
        if (cmd && this.runtime === undefined) this.runtime = cmd.runtime;
        const procName = cmd ? (cmd.sub ? `${cmd.runtime} ${cmd.sub}` : cmd.runtime) : basename(argv[0] ?? filename);
        const containerId = cmd?.id ?? prev?.containerId;
        // The container's init execs the program (runc's `runc:[2:INIT]`, crun's `crun init`):
        // the simulator names that execve by the init (runc-steps.ts); from then on the process
        // is the container's, not the runtime's.
        if (prev?.program) return;
        const init = !cmd && prev !== undefined && CONTAINER_INITS.has(prev.name);
        const proc: Proc = init && prev ? { ...prev, program: 'init' } : { name: procName, ...(containerId !== undefined ? { containerId } : {}) };
        this.procs.set(pid, proc);
        this.fds.delete(pid);
        this.emit(out, { ...base, op: name, proc, attrs: { filename, argv }, ...(cmd?.id ? { key: `container:${cmd.id}` } : {}) });
        return;
      }
      case 'clone':
      case 'clone3':
      case 'fork':
      case 'vfork': {
        const child = resultNumber(result);
        const flags = name === 'fork' || name === 'vfork' ? undefined : cloneFlags(argText);
        if (child === undefined) return;
        const thread = flags?.split('|').includes('CLONE_THREAD') === true;
        const parent = this.procOf(pid);
        if (parent.innerPid) {
          this.innerClones.push({ thread, parent: pid, template: { name: this.childName(parent.name), innerPid: true, ...(parent.containerId !== undefined ? { containerId: parent.containerId } : {}) } });
          if (thread) return;
        } else if (thread) {
          this.threadOf.set(child, pid);
          return;
        }
        const childName = this.childName(parent.name);
        if (parent.name === 'runc init') parent.name = 'runc:[0:PARENT]';
        const inner = parent.newPidNs === true || (flags?.split('|').includes('CLONE_NEWPID') ?? false);
        if (!parent.innerPid) this.procs.set(child, { name: childName, ...(parent.containerId !== undefined ? { containerId: parent.containerId } : {}), ...(inner ? { innerPid: true } : {}) });
        this.emit(out, { ...base, op: name, proc: parent, attrs: { ...(flags !== undefined ? { flags } : {}), child } });
        return;
      }
      case 'prctl': {
        // runc's nsexec names its stages (PR_SET_NAME "runc:[0:PARENT]", "runc:[1:CHILD]",
        // "runc:[2:INIT]"): the simulator's `nsexec stage-N` span (runc-steps.ts) names the process by pid.
        const stage = /^PR_SET_NAME,\s*"(runc:\[([0-2]):[A-Z]+\])"/.exec(argText);
        if (!stage || failed) return;
        const proc = this.procOf(pid);
        proc.name = stage[1] as string;
        this.emit(out, { ...base, op: `nsexec stage-${stage[2]}`, proc, attrs: {} });
        return;
      }
      case 'unshare':
        if (!failed && (args[0] ?? '').split('|').includes('CLONE_NEWPID')) this.procOf(pid).newPidNs = true;
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { flags: args[0] ?? '', ...(failed ? { result } : {}) } });
        return;
      case 'setns': {
        const fd = fdArg(args[0] ?? '');
        const path = fd?.path ?? (fd ? this.fds.get(pid)?.get(fd.fd) : undefined);
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { fd: fd?.fd ?? args[0], ...(path !== undefined ? { path } : {}), nstype: args[1] ?? '', ...(failed ? { result } : {}) } });
        return;
      }
      case 'mount': {
        const data = args[4] === undefined || args[4] === 'NULL' ? undefined : unquote(args[4]);
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { source: unquote(args[0] ?? ''), target: unquote(args[1] ?? ''), fstype: unquote(args[2] ?? ''), flags: args[3] ?? '', ...(data !== undefined ? { data } : {}), ...(failed ? { result } : {}) } });
        return;
      }
      case 'umount2':
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { target: unquote(args[0] ?? ''), flags: args[1] ?? '', ...(failed ? { result } : {}) } });
        return;
      case 'pivot_root':
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { new_root: unquote(args[0] ?? ''), put_old: unquote(args[1] ?? ''), ...(failed ? { result } : {}) } });
        return;
      case 'sethostname': {
        const hostname = unquote(args[0] ?? '');
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { name: hostname, len: Number(args[1] ?? hostname.length) } });
        return;
      }
      case 'openat': {
        const fd = resultNumber(result);
        if (fd === undefined) return;
        const path = /^\d+<(.*)>$/.exec(result.split(' ')[0] ?? '')?.[1] ?? unquote(args[1] ?? '');
        let table = this.fds.get(pid);
        if (!table) this.fds.set(pid, (table = new Map()));
        table.set(fd, path);
        return;
      }
      case 'write': {
        const fd = fdArg(args[0] ?? '');
        const file = fd?.path ?? (fd ? this.fds.get(pid)?.get(fd.fd) : undefined);
        if (file === undefined || !file.endsWith('/cgroup.procs')) return;
        this.emit(out, { ...base, op: name, proc: this.procOf(pid), attrs: { file, value: unquote(args[1] ?? ''), ...(failed ? { result } : {}) } });
        return;
      }
      default:
        void tid;
    }
  }

  private procOf(pid: number): Proc {
    let p = this.procs.get(pid);
    if (!p) this.procs.set(pid, (p = { name: this.runtime ?? 'runc' }));
    return p;
  }

  /** runc's nsexec: runc init (stage-0) clones stage-1, which clones stage-2 (the container's init); crun's child is `crun init`. */
  private childName(parent: string): string {
    if (parent === 'runc init' || parent === 'runc:[0:PARENT]') return 'runc:[1:CHILD]';
    if (parent === 'runc:[1:CHILD]') return 'runc:[2:INIT]';
    if (parent.startsWith('crun ') && parent !== 'crun init') return 'crun init';
    return parent;
  }

  private emit(out: RawEvent[], e: { at: number | undefined; dur?: number | undefined; op: string; pid: number; proc: Proc; attrs: Record<string, unknown>; line: number; key?: string }): void {
    const node = this.ctx.node;
    const keys = [...(e.key ? [e.key] : []), ...(e.pid !== 0 ? [`pid:${node}/${e.pid}`] : [])];
    out.push({
      ...(e.at !== undefined ? { at: e.at } : {}),
      ...(e.dur !== undefined ? { dur: e.dur } : {}),
      kind: 'span',
      actor: '', // set once the runtime is known (release)
      op: e.op,
      attrs: { proc: e.proc.name, ...(e.pid !== 0 ? { pid: e.pid } : {}), ...e.attrs, ...(e.proc.containerId !== undefined ? { containerId: e.proc.containerId } : {}) },
      line: e.line,
      ...(keys.length ? { keys } : {}),
    });
  }

  /** Events wait until the runtime (the actor) is known. */
  private release(out: RawEvent[]): RawEvent[] {
    if (this.runtime === undefined) {
      this.held.push(...out);
      return [];
    }
    const actor = `${this.runtime}/${this.ctx.node}`;
    const all = this.held.length ? [...this.held, ...out] : out;
    this.held = [];
    for (const e of all) e.actor = actor;
    return all;
  }
}

const STRACE_SAMPLE = /^(?:\[pid\s+\d+\]\s+|\d+\s+)?(?:\d{9,11}\.\d+\s+|\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+)?(?:execve|clone3?|unshare|mount|openat|write|exit_group|\+\+\+ exited|--- SIG)/m;

export const straceImporter: Importer = {
  name: 'strace',
  label: 'strace -f of runc/crun (-tt, -ttt or no time)',
  detect(sample, fileName) {
    const lines = sample.split('\n').slice(0, 50).filter((l) => l.trim() !== '');
    if (lines.length === 0) return 0;
    const hits = lines.filter((l) => parseStraceLine(l) !== undefined && STRACE_SAMPLE.test(l)).length;
    const ratio = hits / lines.length;
    if (ratio < 0.5) return /strace/i.test(fileName) && ratio > 0 ? 0.3 : 0;
    return /runc|crun/.test(sample) ? 0.9 : 0.7;
  },
  create: (ctx) => new StraceParser(ctx),
};
