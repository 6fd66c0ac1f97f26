/**
 * The OCI runtime spec (config.json) containerd's CRI plugin writes into the bundle for the
 * pause container and for each app container. Field names and nesting follow runtime-spec
 * config.md / config-linux.md; the content follows containerd 1.6 (the version of the real
 * capture): oci/spec.go populateDefaultUnixSpec and oci/mounts.go defaultMounts as the base,
 * then pkg/cri/server/sandbox_run_linux.go sandboxContainerSpec and
 * container_create_linux.go containerSpec with pkg/cri/opts (WithoutRunMount,
 * WithoutDefaultSecuritySettings, WithMounts, WithResources, WithPodNamespaces, ...).
 */
import type { Container, Pod } from '../k8s/objects.ts';
import { containerConfig, podSandboxConfig } from '../cri/requests.ts';
import { SANDBOX_OOM_SCORE_ADJ } from '../cri/qos.ts';
import { imageConfigFor, normalizeImageRef, type ImageConfig } from '../containerd/images.ts';
import { sandboxHostnamePath, sandboxHostsPath, sandboxResolvConfPath, sandboxShmPath } from '../containerd/paths.ts';
import type { LinuxResources } from './cgroups.ts';
import type { NamespaceEntry } from './namespaces.ts';

/** runtime-spec version containerd 1.6 vendors (specs.Version). */
export const OCI_VERSION = '1.0.2-dev';

export interface OciMount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export interface OciProcess {
  terminal?: boolean;
  user: { uid: number; gid: number; additionalGids?: number[] };
  args: string[];
  env?: string[];
  cwd: string;
  capabilities?: { bounding?: string[]; effective?: string[]; inheritable?: string[]; permitted?: string[]; ambient?: string[] };
  rlimits?: { type: string; hard: number; soft: number }[];
  noNewPrivileges?: boolean;
  apparmorProfile?: string;
  oomScoreAdj?: number;
}

export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures?: string[];
  syscalls?: { names: string[]; action: string; args?: unknown[] }[];
}

export interface OciLinux {
  sysctl?: Record<string, string>;
  resources?: LinuxResources;
  cgroupsPath?: string;
  namespaces: NamespaceEntry[];
  seccomp?: OciSeccomp;
  rootfsPropagation?: string;
  maskedPaths?: string[];
  readonlyPaths?: string[];
}

/** config.json. */
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts: OciMount[];
  annotations?: Record<string, string>;
  linux: OciLinux;
}

/** containerd's default capability set (oci/spec.go defaultUnixCaps), in its order. */
export const CONTAINERD_DEFAULT_CAPS: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

/** containerd's default masked paths (populateDefaultUnixSpec); the CRI replaces them for app containers. */
export const CONTAINERD_DEFAULT_MASKED_PATHS: readonly string[] = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/proc/scsi',
];

export const CONTAINERD_DEFAULT_READONLY_PATHS: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** oci/mounts.go defaultMounts without /run (the CRI drops it with WithoutRunMount). */
export function defaultMounts(): OciMount[] {
  return [
    { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
    { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
    { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ];
}

/**
 * containerd's RuntimeDefault seccomp profile (contrib/seccomp), abbreviated: the real profile
 * allows about 350 syscalls by name and returns EPERM for the rest; the list here keeps the
 * shape and the syscalls a container start visibly uses.
 */
export const RUNTIME_DEFAULT_SECCOMP: OciSeccomp = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  syscalls: [
    {
      names: ['accept4', 'bind', 'brk', 'capget', 'capset', 'chdir', 'clock_nanosleep', 'clone', 'clone3', 'close', 'connect', 'epoll_create1', 'epoll_ctl', 'epoll_pwait', 'execve', 'exit', 'exit_group', 'fchdir', 'fcntl', 'fstat', 'futex', 'getdents64', 'getpid', 'ioctl', 'listen', 'mmap', 'mprotect', 'munmap', 'nanosleep', 'newfstatat', 'openat', 'pause', 'pipe2', 'prctl', 'read', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'sched_yield', 'setgid', 'setgroups', 'setuid', 'socket', 'wait4', 'write'],
      action: 'SCMP_ACT_ALLOW',
    },
  ],
};

function parseUser(user: string | undefined): { uid: number; gid: number } {
  // Numeric "uid[:gid]" only: names need the image's /etc/passwd, which the simulator lacks.
  if (!user) return { uid: 0, gid: 0 };
  const [u = '0', g] = user.split(':');
  const uid = Number.parseInt(u, 10);
  const gid = g !== undefined ? Number.parseInt(g, 10) : uid;
  return { uid: Number.isNaN(uid) ? 0 : uid, gid: Number.isNaN(gid) ? 0 : gid };
}

/** oci.WithEnv: a variable already present is replaced in place, a new one appended. */
function replaceOrAppendEnv(base: string[], add: readonly string[]): string[] {
  const out = [...base];
  for (const kv of add) {
    const key = kv.split('=')[0];
    const i = out.findIndex((e) => e.split('=')[0] === key);
    if (i === -1) out.push(kv);
    else out[i] = kv;
  }
  return out;
}

/**
 * The pause container's spec (sandboxContainerSpec): read-only root, the pause image's args and
 * user, the pod hostname, containerd's default masked/readonly paths, 2 cpu shares
 * (WithDefaultSandboxShares), oom_score_adj -998, the RuntimeDefault seccomp profile the
 * kubelet asks for, and the pod's /dev/shm and resolv.conf bound read-only.
 */
export function sandboxSpec(opts: {
  id: string;
  pod: Pod;
  namespaces: NamespaceEntry[];
  cgroupsPath: string;
  pauseImage: string;
  /** The RunPodSandbox config; built from the pod when absent. */
  criConfig?: Record<string, unknown>;
  /** containerd's restrict_oom_score_adj (the recording VM needed it: no CAP_SYS_RESOURCE). */
  restrictOomScoreAdj?: number;
}): OciSpec {
  const cfg = opts.criConfig ?? podSandboxConfig(opts.pod, { attempt: 0, cgroupParent: '' });
  const metadata = cfg['metadata'] as { name: string; namespace: string };
  const image: ImageConfig = imageConfigFor(opts.pauseImage);
  const hostIpc = opts.namespaces.every((n) => n.type !== 'ipc');
  const user = parseUser(image.User);
  const process: OciProcess = {
    user,
    args: [...(image.Entrypoint ?? []), ...(image.Cmd ?? [])],
    env: replaceOrAppendEnv([], image.Env ?? []),
    cwd: image.WorkingDir || '/',
    capabilities: { bounding: [...CONTAINERD_DEFAULT_CAPS], effective: [...CONTAINERD_DEFAULT_CAPS], permitted: [...CONTAINERD_DEFAULT_CAPS] },
    noNewPrivileges: true,
    oomScoreAdj: opts.restrictOomScoreAdj !== undefined ? Math.max(SANDBOX_OOM_SCORE_ADJ, opts.restrictOomScoreAdj) : SANDBOX_OOM_SCORE_ADJ,
  };
  const hostname = cfg['hostname'] as string | undefined;
  return {
    ociVersion: OCI_VERSION,
    process,
    root: { path: 'rootfs', readonly: true },
    // oci.WithHostname(""): a host-network sandbox keeps the node's hostname (no uts namespace).
    ...(hostname ? { hostname } : {}),
    mounts: [
      ...defaultMounts(),
      // oci.WithMounts appends, so the default /dev/shm tmpfs stays listed before this bind.
      { destination: '/dev/shm', type: 'bind', source: hostIpc ? '/dev/shm' : sandboxShmPath(opts.id), options: ['rbind', 'ro'] },
      { destination: '/etc/resolv.conf', type: 'bind', source: sandboxResolvConfPath(opts.id), options: ['rbind', 'ro'] },
    ],
    annotations: {
      'io.kubernetes.cri.container-type': 'sandbox',
      'io.kubernetes.cri.sandbox-id': opts.id,
      'io.kubernetes.cri.sandbox-namespace': metadata.namespace,
      'io.kubernetes.cri.sandbox-name': metadata.name,
      'io.kubernetes.cri.sandbox-log-directory': String(cfg['logDirectory'] ?? ''),
    },
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }], cpu: { shares: 2 } },
      cgroupsPath: opts.cgroupsPath,
      namespaces: opts.namespaces.map((n) => ({ ...n })),
      seccomp: RUNTIME_DEFAULT_SECCOMP,
      maskedPaths: [...CONTAINERD_DEFAULT_MASKED_PATHS],
      readonlyPaths: [...CONTAINERD_DEFAULT_READONLY_PATHS],
    },
  };
}

interface CriMount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
  propagation?: string;
}

/** "/a/b" has 2 parts: orderedMounts sorts by strings.Count(filepath.Clean(dst), "/"). */
function pathParts(p: string): number {
  return (p.replace(/\/+$/, '').match(/\//g) ?? []).length;
}

/**
 * An app container's spec (containerSpec + WithMounts): the process from the CRI config and the
 * image config (command/args override entrypoint/cmd), PATH, HOSTNAME, image env then CRI env;
 * default mounts minus overridden ones, the read-only cgroup mount, then the bind mounts sorted
 * by depth; resources and masked/readonly paths exactly as the kubelet sent them; the
 * io.kubernetes.cri.* annotations. No hostname: app containers share the pause container's UTS
 * namespace.
 */
export function containerSpec(opts: {
  id: string;
  pod: Pod;
  container: Container;
  sandboxId: string;
  namespaces: NamespaceEntry[];
  cgroupsPath: string;
  podIP?: string;
  /** The CreateContainer config; built from the pod when absent. */
  criConfig?: Record<string, unknown>;
  restartCount?: number;
  imageConfig?: ImageConfig;
  cgroupVersion?: 1 | 2;
  /** The host has the hugetlb cgroup controller (containerd's isHugetlbControllerPresent); default true. */
  hugetlbController?: boolean;
  /** The host has swap accounting (containerd's SwapControllerAvailable); default true. */
  swapController?: boolean;
}): OciSpec {
  const { pod, container } = opts;
  const cfg = opts.criConfig ?? containerConfig(pod, container, { restartCount: opts.restartCount ?? 0, imageRef: '', ...(opts.podIP !== undefined ? { podIP: opts.podIP } : {}), cgroupVersion: opts.cgroupVersion ?? 2 });
  const image = opts.imageConfig ?? imageConfigFor(container.image);
  const linuxCfg = (cfg['linux'] ?? {}) as { resources?: Record<string, unknown>; securityContext?: Record<string, unknown> };
  const sc = linuxCfg.securityContext ?? {};
  const res = linuxCfg.resources ?? {};

  // withProcessArgs: command replaces the entrypoint (and drops cmd unless args given).
  let command = (cfg['command'] as string[] | undefined) ?? [];
  let args = (cfg['args'] as string[] | undefined) ?? [];
  if (command.length === 0) {
    if (args.length === 0) args = [...(image.Cmd ?? [])];
    command = [...(image.Entrypoint ?? [])];
  }
  const hostname = pod.spec.hostNetwork ? pod.spec.nodeName ?? '' : ((pod.spec['hostname'] as string | undefined) ?? pod.metadata.name ?? '');
  let env = replaceOrAppendEnv([], ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
  env = replaceOrAppendEnv(env, [`HOSTNAME=${hostname}`]);
  env = replaceOrAppendEnv(env, [...(image.Env ?? []), ...((cfg['envs'] as { key: string; value: string }[] | undefined) ?? []).map((e) => `${e.key}=${e.value}`)]);

  const runAsUser = (sc['runAsUser'] as { value: number } | undefined)?.value;
  const imageUser = parseUser(image.User);
  const uid = runAsUser ?? imageUser.uid;
  // oci.WithUserID looks the uid up in the image's /etc/passwd for its group and falls back to
  // gid 0; without the image's files the simulator uses the image config's group or 0.
  const gid = (sc['runAsGroup'] as { value: number } | undefined)?.value ?? (runAsUser !== undefined && runAsUser !== imageUser.uid ? 0 : imageUser.gid);
  const supplementalGroups = (sc['supplementalGroups'] as number[] | undefined) ?? [];

  const caps = [...CONTAINERD_DEFAULT_CAPS];
  const scCaps = sc['capabilities'] as { addCapabilities?: string[]; dropCapabilities?: string[] } | undefined;
  let effectiveCaps = caps;
  if (scCaps) {
    const drop = new Set((scCaps.dropCapabilities ?? []).map((c) => `CAP_${c.toUpperCase()}`));
    const dropAll = (scCaps.dropCapabilities ?? []).some((c) => c.toUpperCase() === 'ALL');
    effectiveCaps = (dropAll ? [] : caps.filter((c) => !drop.has(c))).concat((scCaps.addCapabilities ?? []).map((c) => `CAP_${c.toUpperCase()}`).filter((c) => c !== 'CAP_ALL' && !caps.includes(c)));
  }

  const process: OciProcess = {
    user: { uid, gid, additionalGids: [...new Set([gid, ...supplementalGroups])] },
    args: [...command, ...args],
    env,
    cwd: (cfg['workingDir'] as string | undefined) || image.WorkingDir || '/',
    capabilities: { bounding: [...effectiveCaps], effective: [...effectiveCaps], permitted: [...effectiveCaps] },
    noNewPrivileges: sc['noNewPrivs'] === true,
    oomScoreAdj: Number(res['oomScoreAdj'] ?? 0),
  };

  // WithMounts: CRI mounts, then containerd's extra ones not overridden by them, sorted by depth.
  const criMounts = ((cfg['mounts'] as CriMount[] | undefined) ?? []).map((m) => ({ ...m }));
  const ipcNode = (sc['namespaceOptions'] as { ipc?: string } | undefined)?.ipc === 'NODE';
  const readonlyRootfs = sc['readonlyRootfs'] === true;
  const extra: CriMount[] = [
    { containerPath: '/etc/hostname', hostPath: sandboxHostnamePath(opts.sandboxId), readonly: readonlyRootfs },
    { containerPath: '/etc/hosts', hostPath: sandboxHostsPath(opts.sandboxId), readonly: readonlyRootfs },
    { containerPath: '/etc/resolv.conf', hostPath: sandboxResolvConfPath(opts.sandboxId), readonly: readonlyRootfs },
    { containerPath: '/dev/shm', hostPath: ipcNode ? '/dev/shm' : sandboxShmPath(opts.sandboxId), readonly: false },
  ];
  const merged = [...criMounts, ...extra.filter((e) => !criMounts.some((c) => c.containerPath === e.containerPath))];
  const sorted = merged.map((m, i) => ({ m, i })).sort((a, b) => pathParts(a.m.containerPath) - pathParts(b.m.containerPath) || a.i - b.i).map((x) => x.m);
  const supplied = new Set(sorted.map((m) => m.containerPath));
  const base = [...defaultMounts(), { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] }];
  const mounts: OciMount[] = base.filter((m) => !supplied.has(m.destination) && !(supplied.has('/dev') && m.destination.startsWith('/dev/')));
  for (const m of sorted) {
    mounts.push({ destination: m.containerPath, type: 'bind', source: m.hostPath, options: ['rbind', 'rprivate', m.readonly ? 'ro' : 'rw'] });
  }

  const resources = withResources(res, { hugetlbController: opts.hugetlbController ?? true, swapController: opts.swapController ?? true });

  const metadata = { name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? 'default' };
  return {
    ociVersion: OCI_VERSION,
    process,
    root: readonlyRootfs ? { path: 'rootfs', readonly: true } : { path: 'rootfs' },
    mounts,
    annotations: {
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.sandbox-id': opts.sandboxId,
      'io.kubernetes.cri.sandbox-namespace': metadata.namespace,
      'io.kubernetes.cri.sandbox-name': metadata.name,
      'io.kubernetes.cri.container-name': container.name,
      'io.kubernetes.cri.image-name': normalizeImageRef(container.image),
    },
    linux: {
      resources,
      cgroupsPath: opts.cgroupsPath,
      namespaces: opts.namespaces.map((n) => ({ ...n })),
      maskedPaths: [...((sc['maskedPaths'] as string[] | undefined) ?? [])],
      readonlyPaths: [...((sc['readonlyPaths'] as string[] | undefined) ?? [])],
    },
  };
}

/** An int64 of the CRI request: a number, or a string in protobuf JSON. */
function int64(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0;
  return Number.isFinite(n) ? n : 0;
}

/**
 * linux.resources from the CRI LinuxContainerResources, as containerd's CRI plugin sets them
 * (internal/cri/opts/spec_linux.go WithResources; pkg/cri/opts in 1.6): the default device
 * rule, CPU period, quota and shares when non-zero, cpuset, the memory limit with swap equal to
 * it (no swapping) when the request has no swap limit and the host has swap accounting, hugepage
 * limits only where the hugetlb controller exists (tolerate_missing_hugetlb_controller, on by
 * default, skips them otherwise), and the unified map. CPU and memory are always present.
 */
export function withResources(res: Record<string, unknown>, host: { hugetlbController: boolean; swapController: boolean }): LinuxResources {
  const resources: LinuxResources = { devices: [{ allow: false, access: 'rwm' }] };
  const cpu: NonNullable<LinuxResources['cpu']> = {};
  const period = int64(res['cpuPeriod']);
  const quota = int64(res['cpuQuota']);
  const shares = int64(res['cpuShares']);
  if (period !== 0) cpu.period = period;
  if (quota !== 0) cpu.quota = quota;
  if (shares !== 0) cpu.shares = shares;
  if (typeof res['cpusetCpus'] === 'string' && res['cpusetCpus'] !== '') cpu.cpus = res['cpusetCpus'];
  if (typeof res['cpusetMems'] === 'string' && res['cpusetMems'] !== '') cpu.mems = res['cpusetMems'];
  resources.cpu = cpu;
  const memory: NonNullable<LinuxResources['memory']> = {};
  const limit = int64(res['memoryLimitInBytes']);
  const swapLimit = int64(res['memorySwapLimitInBytes']);
  if (limit !== 0) {
    memory.limit = limit;
    if (swapLimit === 0 && host.swapController) memory.swap = limit;
  }
  if (swapLimit !== 0 && host.swapController) memory.swap = swapLimit;
  resources.memory = memory;
  const huge = res['hugepageLimits'] as { pageSize: string; limit: unknown }[] | undefined;
  if (host.hugetlbController && huge && huge.length > 0) resources.hugepageLimits = huge.map((h) => ({ pageSize: h.pageSize, limit: int64(h.limit) }));
  const unified = res['unified'] as Record<string, string> | undefined;
  if (unified && Object.keys(unified).length > 0) resources.unified = { ...unified };
  return resources;
}
