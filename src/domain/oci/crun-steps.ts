/**
 * The ordered steps of `crun create` and `crun start` (crun 1.8.1), as strace -f shows them, for
 * the engine to emit as spans: the crun counterpart of runc-steps.ts.
 *
 * crun is one C program, so the shape differs from runc's: no `runc init` re-exec and no nsexec
 * stages. Every crun invocation first re-executes itself from a read-only bind of its own binary
 * (src/libcrun/cloned_binary.c, the CVE-2019-5736 defence: bind /proc/self/exe on a temp file,
 * remount it read-only, detach, execveat). Then `create` (src/libcrun/container.c
 * libcrun_container_create / libcrun_container_run_internal, src/libcrun/linux.c
 * libcrun_run_linux_container) makes the state directory and exec.fifo, opens the fifo so the
 * child inherits it, and creates every new namespace with ONE clone(CLONE_NEW…|SIGCHLD); the
 * child joins the namespaces given by path (join_namespaces, config order) while the parent puts
 * it into its cgroup (cgroup v1: /proc/self/cgroup order, memory limits reset to -1, cpuset
 * copied from the parent, then the device rules) and only then tells it to go on; the child
 * prepares the rootfs (libcrun_set_mounts: rprivate /, make_parent_mount_private up to the mount
 * the rootfs lives on, the rootfs bind, the spec mounts through /proc/self/fd, devices, masked
 * and read-only paths), remounts read-only in reverse order what asked for it (finalize_mounts),
 * pivots (do_pivot: pivot_root(".", "."), umount2 until EINVAL), sets the session, the hostname,
 * the credentials, and blocks reading the fifo; the parent writes the `status` file and exits.
 * `crun start` writes one byte into the fifo (after unlinking it); the child reads it and execs
 * the process.
 *
 * Read against the real crun 1.8.1 by tests/real/crun-strace.test.ts (the namespaces, mounts,
 * pivot_root, sethostname and execve, in order). Durations are estimates for a 2-vCPU VM: crun
 * create ≈ 15 ms, start ≈ 3 ms (a C binary starts in about a millisecond, runc's Go in six).
 */
import { cgroupRelPath, cgroupSetWrites, RECORDING_VM_V1, systemdUnitName, type CgroupDriver, type CgroupV1Layout, type CgroupVersion, type LinuxResources } from './cgroups.ts';
import { cloneFlags, CLONE_FLAG, type NamespaceType } from './namespaces.ts';
import { joinPath as join, parseMountOptions, PROPAGATION_FLAGS, straceMountFlags, tmpSuffix } from './mount-options.ts';
import { runcArgv, type RuncCommandContext } from './runc-cli.ts';
import { ABSENT_ON_CURRENT_KERNELS, ALL_CAPS, MASKED_DIRS, resolveExecutable, type RuncStep } from './runc-steps.ts';
import type { OciMount, OciSpec } from './spec.ts';

/** One step of crun's work (same shape as runc's). */
export type CrunStep = RuncStep;

export const CRUN_STEP_US = {
  execveCrun: 1100,
  selfBind: 40,
  execveat: 900,
  openConfig: 50,
  mkdir: 30,
  mknod: 25,
  cloneBase: 250,
  setns: 35,
  sync: 10,
  cgroupMkdir: 60,
  cgroupWrite: 20,
  dbusStartUnit: 2600,
  mount: 50,
  mountProc: 140,
  mountSysfs: 110,
  remount: 30,
  mknodDev: 15,
  symlink: 10,
  pivotRoot: 180,
  umountDetach: 1600,
  chdir: 8,
  sethostname: 8,
  setid: 6,
  caps: 20,
  seccomp: 250,
  statusWrite: 150,
  fifoOpen: 15,
  fifoWrite: 10,
  execveContainer: 900,
  exit: 30,
} as const;

/** What creating each namespace adds to the clone (a new netns is by far the dearest). */
const CLONE_COST_US: Readonly<Record<NamespaceType, number>> = { mount: 80, uts: 15, ipc: 55, pid: 40, network: 1800, user: 40, cgroup: 25, time: 20 };

/** The device nodes crun creates, in its order (linux.c needed_devs). */
const CRUN_DEVICES: readonly { name: string; major: number; minor: number }[] = [
  { name: 'null', major: 1, minor: 3 },
  { name: 'zero', major: 1, minor: 5 },
  { name: 'full', major: 1, minor: 7 },
  { name: 'tty', major: 5, minor: 0 },
  { name: 'random', major: 1, minor: 8 },
  { name: 'urandom', major: 1, minor: 9 },
];

/** The symlinks under /dev crun makes (linux.c symlinks): fd, stdio, core, ptmx. */
const CRUN_DEV_SYMLINKS: readonly [string, string][] = [
  ['/proc/self/fd', 'fd'],
  ['/proc/self/fd/0', 'stdin'],
  ['/proc/self/fd/1', 'stdout'],
  ['/proc/self/fd/2', 'stderr'],
  ['/proc/kcore', 'core'],
  ['pts/ptmx', 'ptmx'],
];

/** The device cgroup rules crun allows by default (v1 devices.allow writes, after devices.deny "a"), in its order. */
export const CRUN_ALLOWED_DEVICE_RULES: readonly string[] = ['c *:* m', 'b *:* m', 'c 1:3 rwm', 'c 1:8 rwm', 'c 1:7 rwm', 'c 5:0 rwm', 'c 1:5 rwm', 'c 1:9 rwm', 'c 5:1 rwm', 'c 136:* rwm', 'c 5:2 rwm'];

export interface CrunCreateContext {
  id: string;
  bundle: string;
  /** crun --root (the shim passes /run/containerd/runc/<ns>, crun's own default is /run/crun). */
  root: string;
  /** The container's init pid: crun's one clone makes it. */
  initPid: number;
  cgroupDriver: CgroupDriver;
  cgroupVersion?: CgroupVersion;
  namespace?: string;
  cgroupLayout?: CgroupV1Layout;
  /** Masked and read-only paths this host's kernel does not have (crun skips them). */
  absentPaths?: readonly string[];
  /**
   * The mount the rootfs lives on: make_parent_mount_private tries MS_PRIVATE on the rootfs and
   * its parents until one is a mount point (EINVAL before). Default: the rootfs itself, as
   * containerd's overlay snapshot is.
   */
  rootfsMountPoint?: string;
}

/** A mount to remount read-only at the end, as finalize_mounts does (newest first). */
interface Remount {
  target: string;
  flags: string;
}

/** The crun binary's self re-exec that starts every invocation (cloned_binary.c). */
function selfReexec(proc: string, argv: readonly string[], seed: string): CrunStep[] {
  const D = CRUN_STEP_US;
  const tmp = `/tmp/crun.${tmpSuffix(seed)}`;
  return [
    { op: 'mount', proc, attrs: { source: '/proc/self/exe', target: tmp, fstype: '', flags: 'MS_BIND' }, dur: D.selfBind },
    { op: 'mount', proc, attrs: { source: '', target: tmp, fstype: '', flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' }, dur: D.selfBind },
    { op: 'umount2', proc, attrs: { target: tmp, flags: 'MNT_DETACH' }, dur: D.selfBind },
    { op: 'execveat', proc, attrs: { dirfd: tmp, pathname: '', argv: [...argv], flags: 'AT_EMPTY_PATH' }, dur: D.execveat },
    { op: 'unlink', proc, attrs: { path: tmp }, dur: D.mkdir },
  ];
}

/** The cgroup work of the parent (libcrun_cgroup_enter, then the resources). */
function cgroupSteps(spec: OciSpec, ctx: CrunCreateContext): CrunStep[] {
  const D = CRUN_STEP_US;
  const version = ctx.cgroupVersion ?? 2;
  const layout = ctx.cgroupLayout ?? RECORDING_VM_V1;
  const cgroupsPath = spec.linux.cgroupsPath ?? `/${ctx.id}`;
  const rel = cgroupRelPath(cgroupsPath, ctx.cgroupDriver);
  const out: CrunStep[] = [];
  const add = (op: string, attrs: Record<string, unknown>, dur: number, proc = 'crun create') => out.push({ op, proc, attrs, dur });
  if (ctx.cgroupDriver === 'systemd') {
    const { slice, unit } = systemdUnitName(cgroupsPath);
    // cgroup-systemd.c: Description "libcrun container", the pid, Delegate.
    add('StartTransientUnit', { unit, mode: 'replace', properties: { Slice: slice, Description: 'libcrun container', PIDs: [ctx.initPid], Delegate: true } }, D.dbusStartUnit);
  }
  const resources: LinuxResources = spec.linux.resources ?? {};
  if (version === 2) {
    const dir = `/sys/fs/cgroup${rel}`;
    add('mkdir', { path: dir, mode: '0755' }, D.cgroupMkdir, ctx.cgroupDriver === 'systemd' ? 'systemd' : 'crun create');
    add('write', { file: join(dir, 'cgroup.procs'), value: String(ctx.initPid) }, D.cgroupWrite);
    for (const w of cgroupSetWrites(resources, [dir], 2)) {
      if (w.op === 'bpf') add('bpf', { cmd: w.cmd, ...w.attrs }, D.cgroupWrite * 2);
      else add('write', { file: w.file, value: w.value }, D.cgroupWrite);
    }
    return out;
  }
  // v1: every hierarchy in /proc/self/cgroup order, then the unified one of a hybrid host.
  const dirOf = (h: string) => `/sys/fs/cgroup/${h}${rel}`;
  for (const h of [...layout.procCgroupOrder, ...(layout.unified ? ['unified'] : [])]) {
    add('mkdir', { path: dirOf(h), mode: '0755' }, D.cgroupMkdir);
    if (h.split(',').includes('memory')) {
      // Limits reset before the process joins, so an old limit cannot OOM it on entry.
      for (const f of ['memory.limit_in_bytes', 'memory.kmem.limit_in_bytes', 'memory.memsw.limit_in_bytes']) add('write', { file: join(dirOf(h), f), value: '-1' }, D.cgroupWrite);
    }
    if (h.split(',').includes('cpuset')) {
      for (const f of ['cpuset.cpus', 'cpuset.mems']) add('write', { file: join(dirOf(h), f), from: join(`/sys/fs/cgroup/${h}${rel.replace(/\/[^/]+$/, '')}`, f) }, D.cgroupWrite);
    }
    add('write', { file: join(dirOf(h), 'cgroup.procs'), value: String(ctx.initPid) }, D.cgroupWrite);
  }
  const hierarchy = (sub: string) => layout.hierarchies.find((h) => h.split(',').includes(sub)) ?? sub;
  add('write', { file: join(dirOf(hierarchy('devices')), 'devices.deny'), value: 'a' }, D.cgroupWrite);
  for (const rule of CRUN_ALLOWED_DEVICE_RULES) add('write', { file: join(dirOf(hierarchy('devices')), 'devices.allow'), value: rule }, D.cgroupWrite);
  if (resources.memory?.limit) add('write', { file: join(dirOf(hierarchy('memory')), 'memory.limit_in_bytes'), value: String(resources.memory.limit) }, D.cgroupWrite);
  if (resources.cpu?.shares) add('write', { file: join(dirOf(hierarchy('cpu')), 'cpu.shares'), value: String(resources.cpu.shares) }, D.cgroupWrite);
  if (resources.cpu?.period) add('write', { file: join(dirOf(hierarchy('cpu')), 'cpu.cfs_period_us'), value: String(resources.cpu.period) }, D.cgroupWrite);
  if (resources.cpu?.quota) add('write', { file: join(dirOf(hierarchy('cpu')), 'cpu.cfs_quota_us'), value: String(resources.cpu.quota) }, D.cgroupWrite);
  if (resources.pids) add('write', { file: join(dirOf(hierarchy('pids')), 'pids.max'), value: resources.pids.limit > 0 ? String(resources.pids.limit) : 'max' }, D.cgroupWrite);
  return out;
}

/** The flag names of mount options, read-only left out (crun remounts read-only at the end). */
function flagsWithoutRo(options: readonly string[] | undefined): string[] {
  return parseMountOptions(options).flags.filter((f) => f !== 'MS_RDONLY');
}

/** The flags a read-only remount keeps from the mount: nosuid, nodev, noexec, relatime. */
function keptFlags(options: readonly string[] | undefined): string[] {
  return parseMountOptions(options).flags.filter((f) => f === 'MS_NOSUID' || f === 'MS_NODEV' || f === 'MS_NOEXEC' || f === 'MS_RELATIME');
}

/** The mounts of one config.json entry, and what it leaves for finalize_mounts. */
function crunMountSteps(m: OciMount, rootfs: string, ctx: CrunCreateContext, cgroupsPath: string, remounts: Remount[]): CrunStep[] {
  const D = CRUN_STEP_US;
  const target = join(rootfs, m.destination);
  const opt = parseMountOptions(m.options);
  const step = (attrs: Record<string, unknown>, dur: number = D.mount): CrunStep => ({ op: 'mount', proc: 'crun init', attrs, dur });
  const roRemount = (t: string) => remounts.push({ target: t, flags: [...keptFlags(m.options), 'MS_RDONLY|MS_REMOUNT|MS_BIND'].join('|') });
  const out: CrunStep[] = [];
  if (m.type === 'cgroup') {
    if ((ctx.cgroupVersion ?? 2) === 2) {
      out.push(step({ source: 'cgroup2', target, fstype: 'cgroup2', flags: flagsWithoutRo(m.options).join('|') }));
      if (opt.readonly) roRemount(target);
      return out;
    }
    // v1: a small tmpfs named "cgroup", then a bind of the container's cgroup of each hierarchy.
    out.push(step({ source: 'cgroup', target, fstype: 'tmpfs', flags: flagsWithoutRo(m.options).join('|'), data: 'size=1024k' }));
    const rel = cgroupRelPath(cgroupsPath, ctx.cgroupDriver);
    for (const h of (ctx.cgroupLayout ?? RECORDING_VM_V1).procCgroupOrder) {
      out.push(step({ source: `/sys/fs/cgroup/${h}${rel}`, target: join(target, h), fstype: '', flags: [...flagsWithoutRo(m.options), 'MS_BIND'].join('|') }));
      if (opt.readonly) roRemount(join(target, h));
    }
    return out;
  }
  if (m.type === 'bind') {
    // (derived) A bind: the bind itself, its propagation, read-only at the end.
    out.push(step({ source: m.source, target, fstype: '', flags: flagsWithoutRo(m.options).join('|') || 'MS_BIND' }));
    for (const p of opt.propagation) out.push(step({ source: '', target, fstype: '', flags: p }, D.remount));
    if (opt.readonly) roRemount(target);
    return out;
  }
  const dur = m.type === 'proc' ? D.mountProc : m.type === 'sysfs' ? D.mountSysfs : D.mount;
  out.push(step({ source: m.source ?? m.type, target, fstype: m.type, flags: flagsWithoutRo(m.options).join('|'), ...(opt.data.length > 0 ? { data: opt.data.join(',') } : {}) }, dur));
  for (const p of opt.propagation) out.push(step({ source: '', target, fstype: '', flags: p }, D.remount));
  if (opt.readonly) roRemount(target);
  return out;
}

/**
 * `crun create`: from the shim's execve of crun to the child blocked reading exec.fifo and crun
 * exiting. Reads the spec for namespaces, mounts, masked/read-only paths, hostname, resources,
 * capabilities and user.
 */
export function crunCreateSteps(spec: OciSpec, ctx: CrunCreateContext): CrunStep[] {
  const D = CRUN_STEP_US;
  const stateDir = join(ctx.root, ctx.id);
  const rootfs = spec.root.path.startsWith('/') ? spec.root.path : join(ctx.bundle, spec.root.path);
  const cgroupsPath = spec.linux.cgroupsPath ?? `/${ctx.id}`;
  const absent = new Set(ctx.absentPaths ?? ABSENT_ON_CURRENT_KERNELS);
  const entries = spec.linux.namespaces;
  const joins = entries.filter((e) => e.path !== undefined && e.type !== 'user');
  // The cgroup namespace is unshared by the child once it is in its cgroup (so it is rooted there).
  const created = entries.filter((e) => e.path === undefined).map((e) => e.type);
  const cloned = created.filter((t) => t !== 'cgroup');
  const cli: RuncCommandContext = { id: ctx.id, bundle: ctx.bundle, root: ctx.root, namespace: ctx.namespace ?? 'k8s.io', binary: 'crun', systemdCgroup: ctx.cgroupDriver === 'systemd' };
  const argv = runcArgv('create', cli);
  const steps: CrunStep[] = [];
  const add = (proc: string, op: string, attrs: Record<string, unknown>, dur: number) => steps.push({ op, proc, attrs, dur });

  add('crun create', 'execve', { filename: '/usr/bin/crun', argv }, D.execveCrun);
  steps.push(...selfReexec('crun create', argv, `${ctx.id}/create`));
  add('crun create', 'openat', { path: join(ctx.bundle, 'config.json'), flags: 'O_RDONLY' }, D.openConfig);
  add('crun create', 'mkdir', { path: stateDir, mode: '0700' }, D.mkdir);
  add('crun create', 'mknodat', { path: join(stateDir, 'exec.fifo'), mode: 'S_IFIFO|0600' }, D.mknod);
  add('crun create', 'openat', { path: join(stateDir, 'exec.fifo'), flags: 'O_RDONLY|O_NONBLOCK', as: 'the child reads it' }, D.mkdir);
  add('crun create', 'write', { file: join(stateDir, 'config.json'), what: 'a copy of config.json' }, D.openConfig);

  // One clone makes every new namespace at once.
  const f = cloneFlags(cloned);
  add('crun create', 'clone', { flags: f.flags ? `${f.flags}|SIGCHLD` : 'SIGCHLD', mask: f.mask, child: ctx.initPid }, D.cloneBase + cloned.reduce((acc, t) => acc + CLONE_COST_US[t], 0));
  for (const e of joins) add('crun init', 'setns', { path: e.path, nstype: CLONE_FLAG[e.type].name }, D.setns);
  add('crun init', 'write', { fd: 'sync socket', msg: 'ready for the cgroup' }, D.sync);
  steps.push(...cgroupSteps(spec, ctx));
  add('crun create', 'write', { fd: 'sync socket', msg: 'cgroup done' }, D.sync);
  if (created.includes('cgroup')) add('crun init', 'unshare', { flags: CLONE_FLAG.cgroup.name, mask: cloneFlags(['cgroup']).mask }, 65);

  // --- libcrun_set_mounts, in the new mount namespace.
  const remounts: Remount[] = [];
  const propagation = spec.linux.rootfsPropagation ? (PROPAGATION_FLAGS[spec.linux.rootfsPropagation] ?? 'MS_REC|MS_PRIVATE') : 'MS_REC|MS_PRIVATE';
  add('crun init', 'mount', { source: '', target: '/', fstype: '', flags: propagation }, D.remount);
  const mountPoint = ctx.rootfsMountPoint ?? rootfs;
  for (let dir = rootfs; ; dir = dir.replace(/\/[^/]*$/, '') || '/') {
    const ok = dir === mountPoint;
    add('crun init', 'mount', { source: '', target: dir, fstype: '', flags: 'MS_PRIVATE', ...(ok ? {} : { result: '-1 EINVAL (Invalid argument)' }) }, D.remount);
    if (ok || dir === '/') break;
  }
  add('crun init', 'mount', { source: rootfs, target: rootfs, fstype: '', flags: 'MS_BIND|MS_REC' }, D.mount);
  add('crun init', 'mount', { source: '', target: rootfs, fstype: '', flags: 'MS_REC|MS_PRIVATE' }, D.remount);
  add('crun init', 'mount', { source: '', target: rootfs, fstype: '', flags: 'MS_REMOUNT|MS_BIND' }, D.remount);
  if (spec.root.readonly) remounts.push({ target: rootfs, flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' });
  for (const m of spec.mounts) steps.push(...crunMountSteps(m, rootfs, ctx, cgroupsPath, remounts));
  for (const d of CRUN_DEVICES) add('crun init', 'mknodat', { path: join(rootfs, `/dev/${d.name}`), mode: 'S_IFCHR|0666', dev: `makedev(0x${d.major.toString(16)}, 0x${d.minor.toString(16)})` }, D.mknodDev);
  for (const [to, name] of CRUN_DEV_SYMLINKS) add('crun init', 'symlinkat', { target: to, linkpath: join(rootfs, `/dev/${name}`) }, D.symlink);

  // do_masked_and_readonly_paths: a missing path is skipped (its open fails).
  for (const p of spec.linux.maskedPaths ?? []) {
    const target = join(rootfs, p);
    if (absent.has(p)) add('crun init', 'openat', { path: target, result: '-1 ENOENT (No such file or directory)' }, D.chdir);
    else if (MASKED_DIRS.has(p)) add('crun init', 'mount', { source: 'tmpfs', target, fstype: 'tmpfs', flags: '', data: 'size=0k' }, D.mount);
    else add('crun init', 'mount', { source: '/dev/null', target, fstype: '', flags: 'MS_BIND' }, D.remount);
    if (!absent.has(p)) remounts.push({ target, flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' });
  }
  for (const p of spec.linux.readonlyPaths ?? []) {
    const target = join(rootfs, p);
    if (absent.has(p)) {
      add('crun init', 'openat', { path: target, result: '-1 ENOENT (No such file or directory)' }, D.chdir);
      continue;
    }
    // crun binds the path it opened onto itself through /proc/self/fd (sourceFd).
    add('crun init', 'mount', { source: target, sourceFd: true, target, fstype: '', flags: 'MS_BIND|MS_REC' }, D.remount);
    add('crun init', 'mount', { source: '', target, fstype: '', flags: 'MS_REC|MS_PRIVATE' }, D.remount);
    remounts.push({ target, flags: 'MS_RDONLY|MS_REMOUNT|MS_BIND' });
  }
  // finalize_mounts: the read-only remounts, the last registered first.
  for (const r of [...remounts].reverse()) add('crun init', 'mount', { source: '', target: r.target, fstype: '', flags: r.flags }, D.remount);

  // --- do_pivot, then the rootfs propagation again on the new root.
  add('crun init', 'openat', { path: rootfs, flags: 'O_RDONLY|O_DIRECTORY', as: 'newroot' }, D.chdir);
  add('crun init', 'fchdir', { fd: 'newroot', path: rootfs }, D.chdir);
  add('crun init', 'pivot_root', { new_root: '.', put_old: '.' }, D.pivotRoot);
  add('crun init', 'fchdir', { fd: 'oldroot' }, D.chdir);
  add('crun init', 'mount', { source: '', target: '.', fstype: '', flags: 'MS_REC|MS_PRIVATE' }, D.remount);
  add('crun init', 'umount2', { target: '.', flags: 'MNT_DETACH' }, D.umountDetach);
  add('crun init', 'umount2', { target: '.', flags: 'MNT_DETACH', result: '-1 EINVAL (Invalid argument)' }, D.chdir);
  add('crun init', 'chdir', { path: '/' }, D.chdir);
  add('crun init', 'mount', { source: '', target: '/', fstype: '', flags: propagation }, D.remount);
  add('crun init', 'chdir', { path: spec.process.cwd }, D.chdir);

  // --- session, hostname, credentials (the hostname only after setsid in crun).
  add('crun init', 'setsid', {}, D.setid);
  if (spec.hostname) add('crun init', 'sethostname', { name: spec.hostname, len: spec.hostname.length }, D.sethostname);
  const bounding = spec.process.capabilities?.bounding ?? [];
  add('crun init', 'prctl', { option: 'PR_CAPBSET_DROP', caps: ALL_CAPS.filter((c) => !bounding.includes(c)) }, D.caps);
  add('crun init', 'prctl', { option: 'PR_SET_KEEPCAPS', arg: 1 }, D.setid);
  const user = spec.process.user;
  add('crun init', 'setresgid', { rgid: user.gid, egid: user.gid, sgid: user.gid }, D.setid);
  add('crun init', 'setresuid', { ruid: user.uid, euid: user.uid, suid: user.uid }, D.setid);
  add('crun init', 'capset', { effective: spec.process.capabilities?.effective ?? [], permitted: spec.process.capabilities?.permitted ?? [] }, D.caps);
  if (spec.process.noNewPrivileges) add('crun init', 'prctl', { option: 'PR_SET_NO_NEW_PRIVS', arg: 1 }, D.setid);
  const seccomp = spec.linux.seccomp;
  if (seccomp) add('crun init', 'seccomp', { operation: 'SECCOMP_SET_MODE_FILTER', defaultAction: seccomp.defaultAction, rules: seccomp.syscalls?.reduce((n, s) => n + s.names.length, 0) ?? 0 }, D.seccomp);
  add('crun init', 'write', { fd: 'sync socket', msg: 'ready' }, D.sync);

  // --- the parent records the container and exits; the child waits on the fifo.
  add('crun create', 'openat', { path: `/proc/${ctx.initPid}/stat`, flags: 'O_RDONLY', what: 'process start time' }, D.chdir);
  add('crun create', 'write', { file: join(stateDir, 'status.tmp'), what: 'status (pid, process-start-time, cgroup-path, rootfs, created)' }, D.statusWrite);
  add('crun create', 'rename', { from: join(stateDir, 'status.tmp'), to: join(stateDir, 'status') }, D.mkdir);
  add('crun create', 'write', { file: join(ctx.bundle, 'init.pid'), value: String(ctx.initPid) }, D.cgroupWrite);
  add('crun create', 'exit_group', { status: 0 }, D.exit);
  add('crun init', 'read', { fifo: join(stateDir, 'exec.fifo'), blocks: true }, D.fifoOpen);
  for (const st of steps) if (st.op === 'mount' && typeof st.attrs['flags'] === 'string') st.attrs['flags'] = straceMountFlags(st.attrs['flags']);
  return steps;
}

/**
 * `crun start`: check the container, open the fifo, unlink it, write one byte; the child's read
 * returns and it execs the process (its stdio already in place).
 */
export function crunStartSteps(spec: OciSpec, ctx: { id: string; root: string; initPid: number; namespace?: string; bundle?: string; systemdCgroup?: boolean }): CrunStep[] {
  const D = CRUN_STEP_US;
  const stateDir = join(ctx.root, ctx.id);
  const fifo = join(stateDir, 'exec.fifo');
  const cli: RuncCommandContext = { id: ctx.id, root: ctx.root, namespace: ctx.namespace ?? 'k8s.io', binary: 'crun', ...(ctx.bundle ? { bundle: ctx.bundle } : {}), ...(ctx.systemdCgroup ? { systemdCgroup: true } : {}) };
  const argv = runcArgv('start', cli);
  const args = spec.process.args;
  const filename = resolveExecutable(args[0] ?? '');
  return [
    { op: 'execve', proc: 'crun start', attrs: { filename: '/usr/bin/crun', argv }, dur: D.execveCrun },
    ...selfReexec('crun start', argv, `${ctx.id}/start`),
    { op: 'openat', proc: 'crun start', attrs: { path: join(stateDir, 'status'), flags: 'O_RDONLY' }, dur: D.openConfig },
    { op: 'kill', proc: 'crun start', attrs: { pid: ctx.initPid, sig: 0 }, dur: D.setid },
    { op: 'openat', proc: 'crun start', attrs: { path: fifo, flags: 'O_WRONLY' }, dur: D.fifoOpen },
    { op: 'unlink', proc: 'crun start', attrs: { path: fifo }, dur: D.mkdir },
    { op: 'write', proc: 'crun start', attrs: { fifo, value: '\\0' }, dur: D.fifoWrite },
    { op: 'exit_group', proc: 'crun start', attrs: { status: 0 }, dur: D.exit },
    { op: 'read', proc: 'crun init', attrs: { fifo, value: '\\0' }, dur: D.fifoWrite },
    { op: 'execve', proc: 'crun init', attrs: { filename, argv: [...args], envc: spec.process.env?.length ?? 0, pid: ctx.initPid }, dur: D.execveContainer },
    { op: 'running', proc: 'container', attrs: { pid: ctx.initPid, comm: filename.split('/').pop() ?? filename, argv: [...args] }, dur: 0 },
  ];
}
