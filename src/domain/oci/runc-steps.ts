/**
 * The ordered steps of `runc create` and `runc start`, as strace -f would show them (one step per
 * syscall or named phase), for the engine to emit as spans.
 *
 * Order read from runc: libcontainer/process_linux.go initProcess.start (the parent applies the
 * cgroup — mkdir + cgroup.procs — right after starting `runc init` and *before* sending the
 * bootstrap data, so no child can escape it; it writes the resource files later, at the
 * procHooks sync, after the mounts and before pivot_root), libcontainer/nsexec/nsexec.c
 * (stage-0 clones stage-1 with CLONE_PARENT; stage-1 setns's into the paths, unshares the rest
 * and clones stage-2; stage-2 unshares the cgroup namespace when the parent says
 * CREATECGROUPNS), cloned_binary.c (runc 1.1's read-only bind of /proc/self/exe, the
 * CVE-2019-5736 fix), rootfs_linux.go prepareRootfs/pivotRoot/finalizeRootfs,
 * standard_init_linux.go Init (hostname, readonly and masked paths, procReady, seccomp,
 * capabilities, then the blocking open of exec.fifo), container_linux.go exec (start opens the
 * fifo, reads "0", unlinks it).
 *
 * Note on order: DOMAIN.md 7 lists "the parent applies the cgroup" after stage-2; the source
 * says Apply (mkdir, cgroup.procs) comes before stage-0's clone and Set (limits) after the
 * rootfs mounts. These steps follow the source.
 *
 * Durations (µs) are estimates of a 2-vCPU VM like the recording machine: the real capture
 * measured whole recipes, not single syscalls, so the per-step values are typical `strace -T`
 * magnitudes chosen so that `runc create` of a container totals 30–60 ms and `runc start`
 * about 5 ms, in line with the create→start gaps of the real CRI capture (section 3).
 */
import { cgroupDirs, cgroupRelPath, cgroupSetWrites, RECORDING_VM_V1, systemdUnitName, type CgroupDriver, type CgroupV1Layout, type CgroupVersion } from './cgroups.ts';
import { cloneFlags, CLONE_FLAG, namespacePlan, type NamespaceType } from './namespaces.ts';
import { runcArgv, runcCommandLine, withRuntimeBinary, type RuncCommandContext, type RuncOp } from './runc-cli.ts';
import { containingMountFlags, joinPath as join, parseMountOptions, PROPAGATION_FLAGS, straceMountFlags, tmpSuffix } from './mount-options.ts';
import type { OciMount, OciSpec } from './spec.ts';

export { runcCommandLine, runcArgv, straceMountFlags, withRuntimeBinary, type RuncCommandContext, type RuncOp };

/** One step of runc's work. */
export interface RuncStep {
  /** The syscall (execve, clone, setns, unshare, mount, pivot_root, ...) or a named phase (nsexec stage-0). */
  op: string;
  /** 'runc create' | 'runc init' | 'runc:[0:PARENT]' | 'runc:[1:CHILD]' | 'runc:[2:INIT]' | 'runc start' | 'container' | 'systemd'. */
  proc: string;
  /** Arguments as strace would show them. */
  attrs: Record<string, unknown>;
  /** Duration in µs. */
  dur: number;
}

/** Per-step durations in µs (see the file comment for where they come from). */
export const RUNC_STEP_US = {
  execveRunc: 6000, // exec of the ~10 MB Go binary until main(): the largest single cost of every runc call
  openConfig: 60,
  mkdir: 35,
  mknod: 30,
  cloneFork: 190,
  execveInit: 2500,
  bindfdMount: 45,
  execveat: 2000,
  cgroupMkdir: 70,
  cgroupWrite: 25,
  dbusStartUnit: 2600, // D-Bus round trip to systemd, which creates the scope
  dbusSetProps: 900,
  pipeWrite: 12,
  prctl: 4,
  cloneParent: 160,
  setns: 35,
  unshareBase: 40,
  exit: 35,
  wait4: 25,
  sendConfig: 60,
  mount: 55,
  mountProc: 150,
  mountSysfs: 120,
  remount: 35,
  mknodDev: 18,
  symlink: 12,
  pivotRoot: 200,
  umountDetach: 1800, // lazily detaching the whole old root tree
  chdir: 8,
  sethostname: 8,
  stateWrite: 200,
  seccomp: 300,
  caps: 20,
  setid: 6,
  fifoOpen: 20,
  fifoWrite: 12,
  execveContainer: 900,
  goInit: 3500, // stage-2 returns from nsexec into the Go runtime (libcontainer StartInitialization)
} as const;

/** What creating each namespace costs on top of unshare itself (a new netns is by far the dearest). */
const UNSHARE_COST_US: Readonly<Record<NamespaceType, number>> = {
  mount: 90,
  uts: 15,
  ipc: 60,
  pid: 45,
  network: 1800,
  user: 40,
  cgroup: 25,
  time: 20,
};

export interface RuncCreateContext {
  id: string;
  bundle: string;
  /** runc --root (state directory), e.g. /run/containerd/runc/k8s.io. */
  root: string;
  /** The container's init pid (what --pid-file gets); stage-0 and stage-1 are initPid-2 and initPid-1. */
  initPid: number;
  cgroupDriver: CgroupDriver;
  /** Default 2 (unified); 1 reproduces the recording VM's hybrid layout. */
  cgroupVersion?: CgroupVersion;
  /** containerd namespace, for the runc command line (default k8s.io). */
  namespace?: string;
  /** cgroup v1: the host's hierarchies (default: the recording VM's). */
  cgroupLayout?: CgroupV1Layout;
  /**
   * Masked and read-only paths this host's kernel does not have (runc tries them and gets
   * ENOENT). Default: those gone from current kernels (ABSENT_ON_CURRENT_KERNELS).
   */
  absentPaths?: readonly string[];
}

const INIT_DEVICES: readonly { path: string; major: number; minor: number }[] = [
  { path: '/dev/null', major: 1, minor: 3 },
  { path: '/dev/random', major: 1, minor: 8 },
  { path: '/dev/full', major: 1, minor: 7 },
  { path: '/dev/tty', major: 5, minor: 0 },
  { path: '/dev/zero', major: 1, minor: 5 },
  { path: '/dev/urandom', major: 1, minor: 9 },
];

/** Masked paths that are directories: binding /dev/null over them fails (ENOTDIR), so they get a read-only tmpfs. */
export const MASKED_DIRS: ReadonlySet<string> = new Set(['/proc/acpi', '/proc/asound', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys']);
/**
 * Masked paths a current distribution kernel does not have: /proc/timer_stats (removed in 4.11),
 * /proc/sched_debug (moved to debugfs in 5.13), /proc/latency_stats (CONFIG_LATENCYTOP, off in
 * distribution kernels). runc still tries them: the mount fails with ENOENT and runc goes on.
 */
export const ABSENT_ON_CURRENT_KERNELS: readonly string[] = ['/proc/timer_stats', '/proc/sched_debug', '/proc/latency_stats'];

/** Every capability of a current kernel (capability.h, CAP_LAST_CAP = CAP_CHECKPOINT_RESTORE). */
export const ALL_CAPS: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK',
  'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE',
  'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL', 'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** The mount(2) calls runc makes for one config.json mount (mountToRootfs + propagation + ro remount). */
function mountSteps(m: OciMount, rootfs: string, cgroupVersion: CgroupVersion, cgroupsPath: string, driver: CgroupDriver, layout: CgroupV1Layout, id: string): RuncStep[] {
  const target = join(rootfs, m.destination);
  const opt = parseMountOptions(m.options);
  const D = RUNC_STEP_US;
  const step = (attrs: Record<string, unknown>, dur: number = D.mount): RuncStep => ({ op: 'mount', proc: 'runc:[2:INIT]', attrs, dur });
  const out: RuncStep[] = [];
  if (m.type === 'bind') {
    out.push(step({ source: m.source, target, fstype: 'bind', flags: opt.flags.join('|') || 'MS_BIND' }));
    for (const p of opt.propagation) out.push(step({ source: '', target, fstype: '', flags: p }, D.remount));
    if (opt.readonly) out.push(step({ source: m.source, target, fstype: 'bind', flags: `${opt.flags.join('|')}|MS_REMOUNT` }, D.remount));
    return out;
  }
  if (m.type === 'cgroup') {
    if (cgroupVersion === 2) {
      // With its own cgroup namespace the container gets a fresh cgroup2 mount (mountCgroupV2).
      out.push(step({ source: 'cgroup', target, fstype: 'cgroup2', flags: opt.flags.join('|') }));
      return out;
    }
    // v1 (rootfs_linux.go mountCgroupV1): a tmpfs, then, in mountinfo order, a bind of the
    // container's own cgroup in each hierarchy with the mount's flags, remounted read-only. The
    // unified mount of a hybrid host is not bound in.
    out.push(step({ source: 'tmpfs', target, fstype: 'tmpfs', flags: 'MS_NOSUID|MS_NODEV|MS_NOEXEC', data: 'mode=755' }));
    const rel = cgroupRelPath(cgroupsPath, driver, id);
    const bindFlags = [...opt.flags, 'MS_BIND|MS_REC'].join('|');
    for (const hierarchy of layout.hierarchies) {
      const source = `/sys/fs/cgroup/${hierarchy}${rel}`;
      out.push(step({ source, target: join(target, hierarchy), fstype: 'bind', flags: bindFlags }));
      if (opt.readonly) out.push(step({ source, target: join(target, hierarchy), fstype: 'bind', flags: `${bindFlags}|MS_REMOUNT` }, D.remount));
    }
    return out;
  }
  const dur = m.type === 'proc' ? D.mountProc : m.type === 'sysfs' ? D.mountSysfs : D.mount;
  out.push(step({ source: m.source ?? m.type, target, fstype: m.type, flags: opt.flags.join('|'), ...(opt.data.length > 0 ? { data: opt.data.join(',') } : {}) }, dur));
  for (const p of opt.propagation) out.push(step({ source: '', target, fstype: '', flags: p }, D.remount));
  return out;
}

/**
 * `runc create`: from the shim's execve of runc to init blocking on exec.fifo and runc create
 * exiting. Reads the spec for namespaces (setns paths / unshare flags), mounts, hostname,
 * resources, masked/readonly paths, seccomp, capabilities and user.
 */
export function runcCreateSteps(spec: OciSpec, ctx: RuncCreateContext): RuncStep[] {
  const D = RUNC_STEP_US;
  const version = ctx.cgroupVersion ?? 2;
  const stage0 = ctx.initPid - 2;
  const stage1 = ctx.initPid - 1;
  const stateDir = join(ctx.root, ctx.id);
  const rootfs = spec.root.path.startsWith('/') ? spec.root.path : join(ctx.bundle, spec.root.path);
  // No cgroupsPath: runc names the cgroup after the container (specconv: runc-<id>.scope with
  // systemd, /<id> with cgroupfs).
  const cgroupsPath = spec.linux.cgroupsPath ?? '';
  const layout = ctx.cgroupLayout ?? RECORDING_VM_V1;
  const absent = new Set(ctx.absentPaths ?? ABSENT_ON_CURRENT_KERNELS);
  const dirs = cgroupDirs(cgroupsPath, ctx.cgroupDriver, version, layout, ctx.id);
  const { join: joins, create } = namespacePlan(spec.linux.namespaces);
  // nsexec unshares everything but the cgroup namespace in stage-1; that one waits for the cgroup.
  const unshareTypes = create.filter((t) => t !== 'cgroup');
  const newCgroupNs = create.includes('cgroup');
  const steps: RuncStep[] = [];
  const add = (proc: string, op: string, attrs: Record<string, unknown>, dur: number) => steps.push({ op, proc, attrs, dur });
  const cli: RuncCommandContext = { id: ctx.id, bundle: ctx.bundle, root: ctx.root, namespace: ctx.namespace ?? 'k8s.io', systemdCgroup: ctx.cgroupDriver === 'systemd' };

  // --- runc create: load the spec, make the state dir and the exec fifo, start runc init.
  add('runc create', 'execve', { filename: '/usr/bin/runc', argv: runcArgv('create', cli) }, D.execveRunc);
  add('runc create', 'openat', { path: join(ctx.bundle, 'config.json'), flags: 'O_RDONLY|O_CLOEXEC' }, D.openConfig);
  add('runc create', 'mkdir', { path: stateDir, mode: '0711' }, D.mkdir);
  add('runc create', 'mknodat', { path: join(stateDir, 'exec.fifo'), mode: 'S_IFIFO|0622' }, D.mknod);
  add('runc create', 'clone', { flags: 'CLONE_VM|CLONE_VFORK|SIGCHLD', child: stage0 }, D.cloneFork);
  add('runc init', 'execve', { filename: '/proc/self/exe', argv: ['runc', 'init'], pid: stage0, env: ['_LIBCONTAINER_INITPIPE=3', '_LIBCONTAINER_SYNCPIPE=4', `_LIBCONTAINER_STATEDIR=${stateDir}`, '_LIBCONTAINER_FIFOFD=5'] }, D.execveInit);

  // runc 1.1 (cloned_binary.c try_bindfd): run from a read-only bind of its own binary.
  const bindTarget = join(stateDir, `runc.${tmpSuffix(ctx.id)}`);
  add('runc init', 'mount', { source: '/proc/self/exe', target: bindTarget, fstype: '', flags: 'MS_BIND' }, D.bindfdMount);
  add('runc init', 'mount', { source: '', target: bindTarget, fstype: '', flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' }, D.bindfdMount);
  add('runc init', 'umount2', { target: bindTarget, flags: 'MNT_DETACH' }, D.bindfdMount);
  add('runc init', 'execveat', { dirfd: bindTarget, pathname: '', argv: ['runc', 'init'], flags: 'AT_EMPTY_PATH' }, D.execveat);

  // --- The parent puts runc init into the container's cgroup before anything can fork.
  if (ctx.cgroupDriver === 'systemd') {
    const { slice, unit } = systemdUnitName(cgroupsPath, ctx.id);
    add('runc create', 'StartTransientUnit', { unit, mode: 'replace', properties: { Slice: slice, Description: `libcontainer container ${ctx.id}`, PIDs: [stage0], Delegate: true, DefaultDependencies: false } }, D.dbusStartUnit);
    for (const dir of dirs) {
      add('systemd', 'mkdir', { path: dir, mode: '0755' }, D.cgroupMkdir);
      add('systemd', 'write', { file: join(dir, 'cgroup.procs'), value: String(stage0) }, D.cgroupWrite);
    }
  } else {
    for (const dir of dirs) {
      add('runc create', 'mkdir', { path: dir, mode: '0755' }, D.cgroupMkdir);
      add('runc create', 'write', { file: join(dir, 'cgroup.procs'), value: String(stage0) }, D.cgroupWrite);
    }
  }

  const nsPaths = joins.map((e) => `${e.type === 'network' ? 'net' : e.type === 'mount' ? 'mnt' : e.type}:${e.path}`);
  add('runc create', 'write', { fd: '_LIBCONTAINER_INITPIPE', msg: 'bootstrap data (INIT_MSG)', cloneFlags: cloneFlags(create).flags, nsPaths }, D.pipeWrite);

  // --- nsexec stage-0: clone stage-1 as a sibling (CLONE_PARENT), relay its child's pid.
  add('runc:[0:PARENT]', 'nsexec stage-0', { pid: stage0 }, D.prctl);
  add('runc:[0:PARENT]', 'prctl', { option: 'PR_SET_NAME', name: 'runc:[0:PARENT]' }, D.prctl);
  add('runc:[0:PARENT]', 'clone', { flags: 'CLONE_PARENT|SIGCHLD', child: stage1 }, D.cloneParent);

  // --- stage-1: join the given namespaces, unshare the rest, clone stage-2 into the new pid ns.
  add('runc:[1:CHILD]', 'nsexec stage-1', { pid: stage1 }, D.prctl);
  add('runc:[1:CHILD]', 'prctl', { option: 'PR_SET_NAME', name: 'runc:[1:CHILD]' }, D.prctl);
  for (const e of joins) add('runc:[1:CHILD]', 'setns', { path: e.path, nstype: CLONE_FLAG[e.type].name }, D.setns);
  if (unshareTypes.length > 0) {
    const f = cloneFlags(unshareTypes);
    add('runc:[1:CHILD]', 'unshare', { flags: f.flags, mask: f.mask }, D.unshareBase + unshareTypes.reduce((acc, t) => acc + UNSHARE_COST_US[t], 0));
  }
  add('runc:[1:CHILD]', 'clone', { flags: 'CLONE_PARENT|SIGCHLD', child: ctx.initPid }, D.cloneParent);
  add('runc:[1:CHILD]', 'write', { fd: 'sync pipe', msg: 'SYNC_RECVPID_PLS', pid: ctx.initPid }, D.pipeWrite);
  add('runc:[1:CHILD]', 'exit_group', { status: 0 }, D.exit);
  add('runc:[0:PARENT]', 'write', { fd: '_LIBCONTAINER_INITPIPE', msg: 'child pid', pid: ctx.initPid }, D.pipeWrite);
  add('runc:[0:PARENT]', 'exit_group', { status: 0 }, D.exit);

  // --- stage-2 becomes the container's init.
  add('runc:[2:INIT]', 'nsexec stage-2', { pid: ctx.initPid }, D.prctl);
  add('runc:[2:INIT]', 'prctl', { option: 'PR_SET_NAME', name: 'runc:[2:INIT]' }, D.prctl);
  add('runc:[2:INIT]', 'setsid', {}, D.setid);
  add('runc:[2:INIT]', 'setuid', { uid: 0 }, D.setid);
  add('runc:[2:INIT]', 'setgid', { gid: 0 }, D.setid);
  add('runc:[2:INIT]', 'setgroups', { size: 0, list: [] }, D.setid);
  if (newCgroupNs) {
    // The parent says CREATECGROUPNS only now, so the new cgroup namespace is rooted at the container's cgroup.
    add('runc create', 'write', { fd: '_LIBCONTAINER_INITPIPE', msg: 'CREATECGROUPNS' }, D.pipeWrite);
    const f = cloneFlags(['cgroup']);
    add('runc:[2:INIT]', 'unshare', { flags: f.flags, mask: f.mask }, D.unshareBase + UNSHARE_COST_US.cgroup);
  }
  add('runc:[2:INIT]', 'libcontainer init', { what: 'Go runtime starts, reads initConfig' }, D.goInit);
  add('runc create', 'wait4', { pid: stage0, status: 0 }, D.wait4);
  add('runc create', 'write', { fd: '_LIBCONTAINER_INITPIPE', msg: 'initConfig (JSON)' }, D.sendConfig);

  // --- prepareRootfs (in the new mount namespace).
  const propagation = spec.linux.rootfsPropagation ? PROPAGATION_FLAGS[spec.linux.rootfsPropagation] ?? 'MS_REC|MS_SLAVE' : 'MS_REC|MS_SLAVE';
  add('runc:[2:INIT]', 'mount', { source: '', target: '/', fstype: '', flags: propagation }, D.remount);
  add('runc:[2:INIT]', 'mount', { source: rootfs, target: rootfs, fstype: 'bind', flags: 'MS_BIND|MS_REC' }, D.mount);
  for (const m of spec.mounts) steps.push(...mountSteps(m, rootfs, version, cgroupsPath, ctx.cgroupDriver, layout, ctx.id));
  for (const dev of INIT_DEVICES) {
    add('runc:[2:INIT]', 'mknodat', { path: join(rootfs, dev.path), mode: 'S_IFCHR|0666', dev: `makedev(0x${dev.major.toString(16)}, 0x${dev.minor.toString(16)})` }, D.mknodDev);
  }
  add('runc:[2:INIT]', 'symlinkat', { target: 'pts/ptmx', linkpath: join(rootfs, '/dev/ptmx') }, D.symlink);
  for (const [target, link] of [['/proc/self/fd', '/dev/fd'], ['/proc/self/fd/0', '/dev/stdin'], ['/proc/self/fd/1', '/dev/stdout'], ['/proc/self/fd/2', '/dev/stderr']] as const) {
    add('runc:[2:INIT]', 'symlinkat', { target, linkpath: join(rootfs, link) }, D.symlink);
  }

  // --- procHooks: the parent writes the resource limits now, then prestart/createRuntime hooks.
  add('runc:[2:INIT]', 'write', { fd: 'sync pipe', msg: 'procHooks' }, D.pipeWrite);
  if (ctx.cgroupDriver === 'systemd') {
    const { unit } = systemdUnitName(cgroupsPath, ctx.id);
    add('runc create', 'SetUnitProperties', { unit, runtime: true, properties: Object.keys(spec.linux.resources?.cpu ?? {}).length > 0 ? ['CPUWeight', 'CPUQuotaPerSecUSec', 'MemoryMax', 'TasksMax'] : ['TasksMax'] }, D.dbusSetProps);
  }
  for (const w of cgroupSetWrites(spec.linux.resources, dirs, version)) {
    if (w.op === 'bpf') add('runc create', 'bpf', { cmd: w.cmd, ...w.attrs }, D.cgroupWrite * 2);
    else add('runc create', 'write', { file: w.file, value: w.value }, D.cgroupWrite);
  }
  add('runc create', 'write', { fd: 'sync pipe', msg: 'procResume' }, D.pipeWrite);

  // --- pivot_root(".", "."): stack the old root on the new one, then detach it.
  add('runc:[2:INIT]', 'chdir', { path: rootfs }, D.chdir);
  add('runc:[2:INIT]', 'openat', { path: '/', flags: 'O_RDONLY|O_DIRECTORY', as: 'oldroot' }, D.chdir);
  add('runc:[2:INIT]', 'openat', { path: rootfs, flags: 'O_RDONLY|O_DIRECTORY', as: 'newroot' }, D.chdir);
  add('runc:[2:INIT]', 'fchdir', { fd: 'newroot', path: rootfs }, D.chdir);
  add('runc:[2:INIT]', 'pivot_root', { new_root: '.', put_old: '.' }, D.pivotRoot);
  add('runc:[2:INIT]', 'fchdir', { fd: 'oldroot' }, D.chdir);
  add('runc:[2:INIT]', 'mount', { source: '', target: '.', fstype: '', flags: 'MS_REC|MS_SLAVE' }, D.remount);
  add('runc:[2:INIT]', 'umount2', { target: '.', flags: 'MNT_DETACH' }, D.umountDetach);
  add('runc:[2:INIT]', 'chdir', { path: '/' }, D.chdir);
  // finalizeRootfs → setReadonly: remount / read-only (no MS_REC: the submounts keep their own flags).
  if (spec.root.readonly) add('runc:[2:INIT]', 'mount', { source: '', target: '/', fstype: '', flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' }, D.remount);

  // --- standard_init_linux.go: hostname, sysctls, readonly and masked paths.
  if (spec.hostname) add('runc:[2:INIT]', 'sethostname', { name: spec.hostname, len: spec.hostname.length }, D.sethostname);
  for (const [k, v] of Object.entries(spec.linux.sysctl ?? {})) add('runc:[2:INIT]', 'write', { file: `/proc/sys/${k.replace(/\./g, '/')}`, value: v }, D.cgroupWrite);
  // readonlyPath: bind the path over itself, then remount it read-only keeping the flags of the
  // mount it lives on (statfs f_flags: nosuid, nodev, noexec of /proc). A missing path: ENOENT, skipped.
  for (const p of spec.linux.readonlyPaths ?? []) {
    if (absent.has(p)) {
      add('runc:[2:INIT]', 'mount', { source: p, target: p, fstype: '', flags: 'MS_BIND|MS_REC', result: '-1 ENOENT (No such file or directory)' }, D.remount);
      continue;
    }
    add('runc:[2:INIT]', 'mount', { source: p, target: p, fstype: '', flags: 'MS_BIND|MS_REC' }, D.remount);
    add('runc:[2:INIT]', 'mount', { source: p, target: p, fstype: '', flags: [...containingMountFlags(spec.mounts, p), 'MS_RDONLY|MS_REMOUNT|MS_BIND'].join('|') }, D.remount);
  }
  // maskPath: /dev/null over the path; a directory refuses (ENOTDIR) and gets a read-only tmpfs.
  for (const p of spec.linux.maskedPaths ?? []) {
    if (absent.has(p)) {
      add('runc:[2:INIT]', 'mount', { source: '/dev/null', target: p, fstype: '', flags: 'MS_BIND', result: '-1 ENOENT (No such file or directory)' }, D.remount);
    } else if (MASKED_DIRS.has(p)) {
      add('runc:[2:INIT]', 'mount', { source: '/dev/null', target: p, fstype: '', flags: 'MS_BIND', result: '-1 ENOTDIR (Not a directory)' }, D.remount);
      add('runc:[2:INIT]', 'mount', { source: 'tmpfs', target: p, fstype: 'tmpfs', flags: 'MS_RDONLY' }, D.mount);
    } else {
      add('runc:[2:INIT]', 'mount', { source: '/dev/null', target: p, fstype: '', flags: 'MS_BIND' }, D.remount);
    }
  }
  if (spec.process.noNewPrivileges) add('runc:[2:INIT]', 'prctl', { option: 'PR_SET_NO_NEW_PRIVS', arg: 1 }, D.prctl);

  // --- procReady: the parent sets rlimits, saves state.json (the container is now "created").
  add('runc:[2:INIT]', 'write', { fd: 'sync pipe', msg: 'procReady' }, D.pipeWrite);
  for (const r of spec.process.rlimits ?? []) add('runc create', 'prlimit64', { pid: ctx.initPid, resource: r.type, soft: r.soft, hard: r.hard }, D.setid);
  add('runc create', 'write', { file: join(stateDir, `state-${tmpSuffix(`${ctx.id}/state`)}.json`), what: 'state.json (status created)' }, D.stateWrite);
  add('runc create', 'rename', { from: join(stateDir, `state-${tmpSuffix(`${ctx.id}/state`)}.json`), to: join(stateDir, 'state.json') }, D.mkdir);
  add('runc create', 'write', { fd: 'sync pipe', msg: 'procRun' }, D.pipeWrite);

  // --- seccomp (before dropping privileges unless no_new_privs), capabilities, user.
  const seccomp = spec.linux.seccomp;
  const seccompStep = () => add('runc:[2:INIT]', 'seccomp', { operation: 'SECCOMP_SET_MODE_FILTER', defaultAction: seccomp?.defaultAction, rules: seccomp?.syscalls?.reduce((n, s) => n + s.names.length, 0) ?? 0 }, D.seccomp);
  if (seccomp && !spec.process.noNewPrivileges) seccompStep();
  const bounding = spec.process.capabilities?.bounding ?? [];
  add('runc:[2:INIT]', 'prctl', { option: 'PR_CAPBSET_DROP', caps: ALL_CAPS.filter((c) => !bounding.includes(c)) }, D.caps);
  const user = spec.process.user;
  add('runc:[2:INIT]', 'setgroups', { size: (user.additionalGids ?? []).length, list: user.additionalGids ?? [] }, D.setid);
  add('runc:[2:INIT]', 'setresgid', { rgid: user.gid, egid: user.gid, sgid: user.gid }, D.setid);
  add('runc:[2:INIT]', 'setresuid', { ruid: user.uid, euid: user.uid, suid: user.uid }, D.setid);
  add('runc:[2:INIT]', 'capset', { effective: spec.process.capabilities?.effective ?? [], permitted: spec.process.capabilities?.permitted ?? [] }, D.caps);
  if (seccomp && spec.process.noNewPrivileges) seccompStep();

  // --- init closes its pipe (runc create may return) and blocks opening the exec fifo.
  add('runc:[2:INIT]', 'close', { fd: '_LIBCONTAINER_INITPIPE' }, D.setid);
  add('runc:[2:INIT]', 'openat', { path: '/proc/self/fd/5', fifo: join(stateDir, 'exec.fifo'), flags: 'O_WRONLY|O_CLOEXEC', blocks: true }, D.fifoOpen);
  const pidFile = join(ctx.bundle, 'init.pid');
  add('runc create', 'write', { file: join(ctx.bundle, '.init.pid'), value: String(ctx.initPid) }, D.cgroupWrite);
  add('runc create', 'rename', { from: join(ctx.bundle, '.init.pid'), to: pidFile }, D.mkdir);
  add('runc create', 'exit_group', { status: 0 }, D.exit);
  for (const st of steps) if (st.op === 'mount' && typeof st.attrs['flags'] === 'string') st.attrs['flags'] = straceMountFlags(st.attrs['flags']);
  return steps;
}

/** Where PATH lookup (exec.LookPath in init) finds common programs of the default images. */
const KNOWN_BINARIES: Readonly<Record<string, string>> = {
  nginx: '/usr/sbin/nginx',
  sh: '/bin/sh',
  sleep: '/bin/sleep',
  'docker-entrypoint.sh': '/usr/local/bin/docker-entrypoint.sh',
  'redis-server': '/usr/local/bin/redis-server',
};

/** The file execve gets for process.args[0]: as is when it has a slash, else a PATH lookup. */
export function resolveExecutable(arg0: string): string {
  if (arg0.includes('/')) return arg0;
  return KNOWN_BINARIES[arg0] ?? `/usr/bin/${arg0}`;
}

/**
 * `runc start`: open the fifo (init's blocked open returns), init writes "0" and execs the user
 * process (the exec closes its O_CLOEXEC fifo end, so start's read sees EOF), start unlinks the
 * fifo — from then on runc reports the container as running.
 */
export function runcStartSteps(spec: OciSpec, ctx: { id: string; root: string; initPid: number; namespace?: string; bundle?: string; systemdCgroup?: boolean }): RuncStep[] {
  const D = RUNC_STEP_US;
  const stateDir = join(ctx.root, ctx.id);
  const fifo = join(stateDir, 'exec.fifo');
  const args = spec.process.args;
  const filename = resolveExecutable(args[0] ?? '');
  const cli: RuncCommandContext = { id: ctx.id, root: ctx.root, namespace: ctx.namespace ?? 'k8s.io', ...(ctx.bundle ? { bundle: ctx.bundle } : {}), ...(ctx.systemdCgroup ? { systemdCgroup: true } : {}) };
  const comm = filename.split('/').pop() ?? filename;
  return [
    { op: 'execve', proc: 'runc start', attrs: { filename: '/usr/bin/runc', argv: runcArgv('start', cli) }, dur: D.execveRunc },
    { op: 'openat', proc: 'runc start', attrs: { path: join(stateDir, 'state.json'), flags: 'O_RDONLY|O_CLOEXEC' }, dur: D.openConfig },
    { op: 'openat', proc: 'runc start', attrs: { path: fifo, flags: 'O_RDONLY|O_CLOEXEC', unblocks: ctx.initPid }, dur: D.fifoOpen },
    { op: 'write', proc: 'runc:[2:INIT]', attrs: { fifo, value: '0' }, dur: D.fifoWrite },
    { op: 'execve', proc: 'runc:[2:INIT]', attrs: { filename, argv: [...args], envc: spec.process.env?.length ?? 0, pid: ctx.initPid }, dur: D.execveContainer },
    { op: 'read', proc: 'runc start', attrs: { fifo, value: '0' }, dur: D.fifoWrite },
    { op: 'unlinkat', proc: 'runc start', attrs: { path: fifo }, dur: D.mkdir },
    { op: 'exit_group', proc: 'runc start', attrs: { status: 0 }, dur: D.exit },
    { op: 'running', proc: 'container', attrs: { pid: ctx.initPid, comm, argv: [...args] }, dur: 0 },
  ];
}

/** Sum of a step list's durations, in µs. */
export function totalDuration(steps: readonly RuncStep[]): number {
  return steps.reduce((acc, s) => acc + s.dur, 0);
}
