import type { TraceEvent } from '../../trace/schema.ts';

/**
 * The node's processes and namespaces, replayed from the runtimes' syscall spans with the
 * kernel's rules (clone(2), unshare(2), setns(2), namespaces(7), pid_namespaces(7)):
 *
 * - a child starts in its parent's namespaces, except the pid namespace, which is the parent's
 *   "pid namespace for children" (set by unshare or setns of CLONE_NEWPID, never the caller's
 *   own); CLONE_NEW* flags of clone give the child new ones;
 * - CLONE_PARENT makes the caller's parent the child's parent (runc's nsexec stages);
 * - unshare and setns change the caller's own namespaces (pid: only its children's);
 * - the first process in a new pid namespace is its PID 1;
 * - a namespace lives while a process is in it or a bind mount pins it (the CRI plugin's
 *   `/var/run/netns/cni-…`);
 * - when a process exits its children go to the nearest subreaper: the shim
 *   (containerd-shim-runc-v2 sets PR_SET_CHILD_SUBREAPER), so the container's init ends up
 *   under the shim once `runc create` has exited.
 *
 * Processes are named by the spans' `proc` (runc's own names: `runc create`, `runc init`,
 * `runc:[1:CHILD]`, …) and pids where the trace gives them (`clone` `child`, `execve` and
 * `nsexec stage-N` `pid`). Nothing here knows runc's stages: a runtime that clones with
 * CLONE_NEW* flags (crun) replays the same way.
 */

export type NsKind = 'pid' | 'net' | 'mnt' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';
/** The order the node view lists them (namespaces(7) lists the same eight). */
export const NS_KINDS: readonly NsKind[] = ['pid', 'net', 'mnt', 'ipc', 'uts', 'user', 'cgroup', 'time'];

/** clone(2) flags → namespace kind. */
export const CLONE_NS_FLAGS: Readonly<Record<string, NsKind>> = {
  CLONE_NEWPID: 'pid',
  CLONE_NEWNET: 'net',
  CLONE_NEWNS: 'mnt',
  CLONE_NEWIPC: 'ipc',
  CLONE_NEWUTS: 'uts',
  CLONE_NEWUSER: 'user',
  CLONE_NEWCGROUP: 'cgroup',
  CLONE_NEWTIME: 'time',
};

/** The names of /proc/<pid>/ns/<name> links (the pid_for_children link joins the pid kind). */
const PROC_NS_NAMES: Readonly<Record<string, NsKind>> = {
  pid: 'pid',
  pid_for_children: 'pid',
  net: 'net',
  mnt: 'mnt',
  ipc: 'ipc',
  uts: 'uts',
  user: 'user',
  cgroup: 'cgroup',
  time: 'time',
  time_for_children: 'time',
};

export interface NsCreator {
  /** The process that called unshare or clone (its `proc` name) and its pid if known. */
  readonly proc: string;
  readonly pid?: number;
  /** The container it worked for. */
  readonly container?: string;
  readonly actor: string;
  /** The call as strace shows it: `unshare(CLONE_NEWNS|…)`, `clone(CLONE_NEWPID|…)`, `unshare(CLONE_NEWNET)`. */
  readonly syscall: string;
  readonly t: number;
  readonly seq: number;
}

export interface NsJoin {
  readonly container?: string;
  readonly proc: string;
  readonly pid?: number;
  readonly path: string;
  readonly t: number;
  readonly seq: number;
}

export interface NamespaceInfo {
  readonly key: string;
  readonly kind: NsKind;
  /** One of the node's initial namespaces (everything starts in them). */
  readonly host: boolean;
  readonly creator?: NsCreator;
  /** A bind mount that keeps it alive without a process. */
  path?: string;
  pinned: boolean;
  /** pid namespaces: the process that is PID 1 in it. */
  init?: string;
  readonly since: number;
  readonly joins: NsJoin[];
}

export type ProcessRole = 'daemon' | 'shim' | 'cli' | 'helper' | 'init';

export interface ProcessInfo {
  readonly key: string;
  pid?: number;
  name: string;
  argv?: readonly string[];
  /** Parent process key; undefined: PID 1's child (daemons and daemonized shims). */
  parent?: string;
  /** The container this process works for (the runtime's helpers included). */
  container?: string;
  /** `cli`: a runtime command (`runc create`); `helper`: its children; `init`: the container's init. */
  role: ProcessRole;
  ns: Record<NsKind, string>;
  pidForChildren?: string;
  readonly since: number;
  /** Order of creation, to find a container's newest helper. */
  readonly order: number;
  /** Blocked on the exec FIFO between `runc create` and `runc start`. */
  waiting?: boolean;
  /** Has run `execve` of the container's program. */
  exec?: boolean;
  /** Spans name it (by `proc`); a clone child is anonymous until then. */
  named?: boolean;
}

export interface KernelContext {
  /** The low-level runtime's actor on this node (`runc/node-1`). */
  readonly ociActor: string;
  /** The high-level runtime's actor (`containerd/node-1`). */
  readonly criActor: string;
  /** The sandbox a container belongs to (the shim serving it). */
  readonly sandboxOf: (container: string) => string | undefined;
  /**
   * CRI-O's container monitor (`conmon/node-1`): one conmon per container, forked by CRI-O
   * (internal/oci/runtime_oci.go CreateContainer), is the parent and subreaper of the runtime
   * it runs and of the container's init (conmon src/conmon.c), where containerd has one shim per pod.
   */
  readonly monitorActor?: string;
  /** containerd's task shim as an actor of its own (`containerd-shim-runc-v2/host-1` on Docker hosts and dockershim nodes). */
  readonly shimActor?: string;
  /** The node's daemons by name (chain.ts); the kubelet and the CRI runtime when not given. */
  readonly daemons?: readonly string[];
}

/** Spans that act as their process, so an unnamed clone child may be the one they mean. */
const ADOPTING_OPS = new Set(['setns', 'unshare', 'clone', 'exit_group', 'openat', 'read', 'write', 'mount', 'sethostname']);
/** `proc` names that are never the container's processes (systemd makes the scopes for the systemd driver). */
const NOT_CONTAINER_PROCS = new Set(['systemd', 'container', 'runc', 'crun']);

const HOST_NS: Readonly<Record<NsKind, string>> = Object.fromEntries(NS_KINDS.map((k) => [k, `host:${k}`])) as Record<NsKind, string>;

export class KernelFold {
  readonly namespaces = new Map<string, NamespaceInfo>();
  readonly processes = new Map<string, ProcessInfo>();
  /** The designated init process of each container (from the runtime's reports). */
  readonly initOf = new Map<string, string>();
  /** `container|proc` → process key, for spans that name their process only by `proc`. */
  private readonly bound = new Map<string, string>();
  private order = 0;
  private started = false;

  constructor(private readonly ctx: KernelContext) {
    for (const kind of NS_KINDS) this.namespaces.set(HOST_NS[kind], { key: HOST_NS[kind], kind, host: true, pinned: true, since: 0, joins: [] });
  }

  apply(e: TraceEvent, container: string | undefined): void {
    if (!this.started) this.startDaemons(e.t);
    const a = e.attrs ?? {};
    if (e.kind === 'state') {
      if (a['machine'] === 'oci-container' && a['final'] === true) this.ociDeleted(a);
    } else if (e.actor === this.ctx.criActor) this.cri(e, a, container);
    else if (e.actor === this.ctx.ociActor) this.oci(e, a, container);
    else if (this.ctx.monitorActor && e.actor === this.ctx.monitorActor) this.monitor(e, container);
  }

  /** The shim or monitor a container's processes hang from: its own conmon, else its pod's shim. */
  private shimOf(container: string): string {
    const own = `shim:${container}`;
    return this.processes.has(own) ? own : `shim:${this.ctx.sandboxOf(container) ?? container}`;
  }

  /** conmon writes the exit file once the container's init is reaped, then exits itself (src/ctr_exit.c). */
  private monitor(e: TraceEvent, container: string | undefined): void {
    if (e.kind === 'message' && e.op === 'exit file' && container) this.exit(`shim:${container}`);
  }

  /** The kubelet and the CRI runtime run before the trace starts: daemons, children of PID 1. */
  private startDaemons(t: number): void {
    this.started = true;
    const names = this.ctx.daemons ?? ['kubelet', this.ctx.criActor.split('/')[0] ?? this.ctx.criActor];
    for (const name of names) {
      this.addProcess({ key: `daemon:${name}`, name, role: 'daemon', ns: { ...HOST_NS }, since: t, order: this.order++ });
    }
  }

  private cri(e: TraceEvent, a: Record<string, unknown>, container: string | undefined): void {
    if (e.kind === 'message' && this.ctx.shimActor && e.to === this.ctx.shimActor && e.op.endsWith('Task/Create') && typeof a['id'] === 'string') {
      // Docker's containers (namespace moby) get a shim each: dockerd's task carries no
      // sandbox-id annotation, so containerd-shim-runc-v2's manager starts a new one per id.
      const id = a['id'];
      if (!this.processes.has(`shim:${id}`)) this.addProcess({ key: `shim:${id}`, name: this.ctx.shimActor.split('/')[0] ?? 'shim', role: 'shim', container: id, ns: { ...HOST_NS }, since: e.t, order: this.order++ });
      return;
    }
    if (e.kind === 'message' && this.ctx.monitorActor && e.to === this.ctx.monitorActor && e.op === 'conmon' && container) {
      const argv = typeof a['argv'] === 'string' ? a['argv'].split(' ') : [];
      this.addProcess({ key: `shim:${container}`, name: basename(argv[0] ?? 'conmon'), argv, role: 'shim', container, ns: { ...HOST_NS }, since: e.t, order: this.order++ });
      return;
    }
    if (e.kind !== 'span') return;
    const pinned = e.op === 'mount' && a['proc'] === 'pinns' && typeof a['syscall'] === 'string' ? /^mount\("\/proc\/self\/ns\/(\w+)", "([^"]+)"/.exec(a['syscall']) : null;
    if (pinned) {
      // pinns (cri-o internal/config/nsmgr): the namespace it unshared, bind-mounted at
      // <dir>/<type>ns/<uuid>; with drop_infra_ctr no process holds it, the mount does.
      const kind = NS_KINDS.find((k) => k === pinned[1]);
      const path = pinned[2] as string;
      if (!kind) return;
      this.namespaces.set(`path:${path}`, { key: `path:${path}`, kind, host: false, path, pinned: true, since: e.t, joins: [], creator: { proc: 'pinns', actor: e.actor, syscall: `unshare(CLONE_NEW${kind === 'net' ? 'NET' : kind.toUpperCase()})`, t: e.t, seq: e.seq, ...(container ? { container } : {}) } });
      return;
    }
    const unpinned = e.op === 'umount' && typeof a['syscall'] === 'string' ? /^umount2\("([^"]+)"/.exec(a['syscall']) : null;
    if (unpinned) {
      const ns = this.namespaces.get(`path:${unpinned[1] as string}`);
      if (ns) ns.pinned = false;
      return;
    }
    if (e.op === 'start shim' && container) {
      // containerd-shim-runc-v2 groups a pod's containers in one shim (manager_linux.go Start:
      // the `io.kubernetes.cri.sandbox-id` annotation picks the socket; an existing one is reused).
      const sandbox = this.ctx.sandboxOf(container) ?? container;
      const key = `shim:${sandbox}`;
      if (this.processes.has(key)) return;
      const argv = typeof a['argv'] === 'string' ? a['argv'].split(' ') : [];
      const name = basename(argv[0] ?? 'shim');
      this.addProcess({ key, name, argv, role: 'shim', container: sandbox, ns: { ...HOST_NS }, since: e.t, order: this.order++ });
    } else if (e.op === 'create network namespace' && typeof a['path'] === 'string') {
      const key = `path:${a['path']}`;
      this.namespaces.set(key, {
        key,
        kind: 'net',
        host: false,
        path: a['path'],
        pinned: true,
        since: e.t,
        joins: [],
        creator: { proc: this.ctx.criActor.split('/')[0] ?? 'containerd', actor: e.actor, syscall: typeof a['syscall'] === 'string' ? a['syscall'] : 'unshare(CLONE_NEWNET)', t: e.t, seq: e.seq, ...(container ? { container } : {}) },
      });
    } else if (e.op === 'remove network namespace' && typeof a['path'] === 'string') {
      const ns = this.namespaces.get(`path:${a['path']}`);
      if (ns) ns.pinned = false;
    }
  }

  private oci(e: TraceEvent, a: Record<string, unknown>, container: string | undefined): void {
    const procName = typeof a['proc'] === 'string' ? a['proc'] : undefined;
    if (e.kind === 'message') {
      // The runtime reports the container's init: `exit status 0` of create (its pid) and the
      // `exit` of the init itself (SIGCHLD to the shim).
      if (e.op === 'exit' && typeof a['pid'] === 'number') this.exit(`pid:${a['pid']}`);
      else if (e.op.startsWith('exit status') && typeof a['pid'] === 'number' && container && this.processes.has(`pid:${a['pid']}`)) this.initOf.set(container, `pid:${a['pid']}`);
      return;
    }
    if (e.kind !== 'span' || !procName) return;
    const pid = typeof a['pid'] === 'number' ? a['pid'] : undefined;
    const self = this.resolve(container, procName) ?? (ADOPTING_OPS.has(e.op) ? this.adopt(container, procName) : undefined);
    switch (e.op) {
      case 'execve': {
        const argv = Array.isArray(a['argv']) ? (a['argv'] as unknown[]).map(String) : undefined;
        const filename = typeof a['filename'] === 'string' ? a['filename'] : procName;
        if (pid !== undefined && this.processes.has(`pid:${pid}`)) {
          const p = this.processes.get(`pid:${pid}`) as ProcessInfo;
          if (self === p.key) {
            // The container's init execs the program: from now on it is that program.
            if (filename !== '') p.name = basename(filename);
            if (argv) p.argv = argv;
            p.exec = true;
            p.waiting = false;
            p.role = 'init';
            if (container) this.initOf.set(container, p.key);
          } else {
            p.name = procName;
            p.named = true;
            if (argv) p.argv = argv;
            this.bind(container, procName, p.key);
          }
        } else if (self && this.processes.has(self)) {
          const p = this.processes.get(self) as ProcessInfo;
          if (argv) p.argv = argv;
        } else {
          const key = `cli:${container ?? ''}:${procName}:${e.seq}`;
          const parent = container ? this.shimOf(container) : undefined;
          this.addProcess({ key, name: procName, ...(argv ? { argv } : {}), role: 'cli', ns: { ...HOST_NS }, since: e.t, order: this.order++, ...(container ? { container } : {}), ...(parent ? { parent } : {}) });
          this.bind(container, procName, key);
        }
        return;
      }
      case 'clone': {
        const child = typeof a['child'] === 'number' ? a['child'] : undefined;
        const p = self ? this.processes.get(self) : undefined;
        if (child === undefined || !p) return;
        const flags = splitFlags(a['flags']);
        const ns = { ...p.ns, pid: p.pidForChildren ?? p.ns.pid };
        const key = `pid:${child}`;
        for (const f of flags) {
          const kind = CLONE_NS_FLAGS[f];
          if (kind) ns[kind] = this.newNamespace(kind, e, p, `clone(${a['flags']})`);
        }
        const parent = flags.includes('CLONE_PARENT') ? p.parent : p.key;
        this.addProcess({ key, pid: child, name: p.name, role: 'helper', ns, since: e.t, order: this.order++, ...(container ? { container } : {}), ...(parent ? { parent } : {}) });
        const pidNs = this.namespaces.get(ns.pid);
        if (pidNs && !pidNs.host && pidNs.init === undefined) pidNs.init = key;
        return;
      }
      case 'nsexec stage-0':
      case 'nsexec stage-1':
      case 'nsexec stage-2':
        if (pid !== undefined && this.processes.has(`pid:${pid}`)) {
          const p = this.processes.get(`pid:${pid}`) as ProcessInfo;
          p.name = procName;
          p.named = true;
          this.bind(container, procName, p.key);
        }
        return;
      case 'setns': {
        const p = self ? this.processes.get(self) : undefined;
        const path = typeof a['path'] === 'string' ? a['path'] : undefined;
        const kind = typeof a['nstype'] === 'string' ? CLONE_NS_FLAGS[a['nstype']] : undefined;
        if (!p || !path || !kind) return;
        const target = this.resolvePath(path, kind, e.t);
        if (kind === 'pid') p.pidForChildren = target;
        else p.ns[kind] = target;
        this.namespaces.get(target)?.joins.push({ proc: p.name, path, t: e.t, seq: e.seq, ...(p.pid !== undefined ? { pid: p.pid } : {}), ...(container ? { container } : {}) });
        return;
      }
      case 'unshare': {
        const p = self ? this.processes.get(self) : undefined;
        if (!p) return;
        const syscall = `unshare(${String(a['flags'])})`;
        for (const f of splitFlags(a['flags'])) {
          const kind = CLONE_NS_FLAGS[f];
          if (!kind) continue;
          const key = this.newNamespace(kind, e, p, syscall);
          if (kind === 'pid') p.pidForChildren = key;
          else p.ns[kind] = key;
        }
        return;
      }
      case 'openat':
      case 'read':
        // runc's init blocks opening exec.fifo for writing, crun's reading it.
        if (a['blocks'] === true && self && this.processes.has(self)) (this.processes.get(self) as ProcessInfo).waiting = true;
        return;
      case 'running':
        if (pid !== undefined && this.processes.has(`pid:${pid}`)) {
          const p = this.processes.get(`pid:${pid}`) as ProcessInfo;
          if (typeof a['comm'] === 'string' && a['comm'] !== '') p.name = a['comm'];
          p.role = 'init';
          p.waiting = false;
          if (container) this.initOf.set(container, p.key);
        }
        return;
      case 'exit_group':
        if (self) this.exit(self);
        return;
      default:
        return;
    }
  }

  /** The shim exits once the sandbox's own task is deleted (containerd then calls its Shutdown). */
  private ociDeleted(a: Record<string, unknown>): void {
    const id = a['instance'];
    if (typeof id === 'string' && this.processes.has(`shim:${id}`)) this.exit(`shim:${id}`);
  }

  private newNamespace(kind: NsKind, e: TraceEvent, by: ProcessInfo, syscall: string): string {
    const key = `ns:${e.seq}:${kind}`;
    this.namespaces.set(key, {
      key,
      kind,
      host: false,
      pinned: false,
      since: e.t,
      joins: [],
      creator: { proc: by.name, actor: e.actor, syscall, t: e.t, seq: e.seq, ...(by.pid !== undefined ? { pid: by.pid } : {}), ...(by.container ? { container: by.container } : {}) },
    });
    return key;
  }

  /** The namespace a setns path names: another process's /proc/<pid>/ns/<name>, or a pinned file. */
  private resolvePath(path: string, kind: NsKind, t: number): string {
    const m = /^\/proc\/(\d+)\/ns\/(\w+)$/.exec(path);
    if (m) {
      const p = this.processes.get(`pid:${m[1]}`);
      const linkKind = PROC_NS_NAMES[m[2] ?? ''];
      if (p && linkKind === kind) return m[2] === 'pid_for_children' ? (p.pidForChildren ?? p.ns.pid) : p.ns[kind];
    }
    const key = `path:${path}`;
    if (!this.namespaces.has(key)) this.namespaces.set(key, { key, kind, host: false, path, pinned: true, since: t, joins: [] });
    return key;
  }

  /**
   * A span names a process the trace has not named yet: the container's newest anonymous clone
   * child (crun's `crun init` is the child of its one clone; runc names each stage by pid first).
   */
  private adopt(container: string | undefined, proc: string): string | undefined {
    if (!container || NOT_CONTAINER_PROCS.has(proc)) return undefined;
    let best: ProcessInfo | undefined;
    for (const p of this.processes.values()) if (p.container === container && p.role === 'helper' && !p.named && (!best || p.order > best.order)) best = p;
    if (!best) return undefined;
    best.name = proc;
    best.named = true;
    this.bind(container, proc, best.key);
    return best.key;
  }

  private resolve(container: string | undefined, proc: string): string | undefined {
    return this.bound.get(`${container ?? ''}|${proc}`) ?? this.shimNamed(container, proc);
  }

  /** A span by the shim itself (containerd-shim-kata-v2 is the runtime: it forks the VMM). */
  private shimNamed(container: string | undefined, proc: string): string | undefined {
    if (!container) return undefined;
    const key = `shim:${this.ctx.sandboxOf(container) ?? container}`;
    return this.processes.get(key)?.name === proc ? key : undefined;
  }

  private bind(container: string | undefined, proc: string, key: string): void {
    this.bound.set(`${container ?? ''}|${proc}`, key);
  }

  private addProcess(p: ProcessInfo): void {
    this.processes.set(p.key, p);
  }

  private exit(key: string): void {
    const p = this.processes.get(key);
    if (!p) return;
    this.processes.delete(key);
    // Orphans go to the nearest subreaper: the shim of their container, else PID 1.
    const reaper = p.container ? this.shimOf(p.container) : undefined;
    for (const c of this.processes.values()) {
      if (c.parent !== key) continue;
      if (reaper && reaper !== key && this.processes.has(reaper)) c.parent = reaper;
      else delete c.parent;
    }
    for (const [k, v] of this.bound) if (v === key) this.bound.delete(k);
  }

  /** Is a namespace alive: a host one, pinned, or some live process is in it (or will put its children in it)? */
  alive(): Set<string> {
    const live = new Set<string>();
    for (const ns of this.namespaces.values()) if (ns.host || ns.pinned) live.add(ns.key);
    for (const p of this.processes.values()) {
      for (const k of NS_KINDS) live.add(p.ns[k]);
      if (p.pidForChildren) live.add(p.pidForChildren);
    }
    return live;
  }

  /**
   * The process that stands for a container at the playhead: its init once the runtime named it,
   * else its newest live helper (while runc's stages run, the newest stage), else none.
   */
  representative(container: string): ProcessInfo | undefined {
    const init = this.initOf.get(container);
    if (init && this.processes.has(init)) return this.processes.get(init);
    let best: ProcessInfo | undefined;
    for (const p of this.processes.values()) {
      if (p.container !== container || (p.role !== 'helper' && p.role !== 'init')) continue;
      if (!best || p.order > best.order) best = p;
    }
    return best;
  }
}

/**
 * A syscall that failed did nothing: strace prints its result as `-1 ERRNO (text)`, and the
 * runtimes' spans carry that in `result` (runc's maskPath tries a /dev/null bind, gets
 * ENOTDIR on a directory and mounts a tmpfs instead; a path missing on this kernel gives ENOENT).
 */
export function failedSyscall(e: TraceEvent): boolean {
  const r = e.attrs?.['result'];
  return typeof r === 'string' ? /^-1\b/.test(r.trim()) : typeof r === 'number' && r < 0;
}

function splitFlags(flags: unknown): string[] {
  return typeof flags === 'string' ? flags.split('|').map((f) => f.trim()).filter(Boolean) : [];
}

function basename(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}
