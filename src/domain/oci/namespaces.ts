/**
 * Linux namespace plans for the pause (sandbox) container and the app containers of a pod, as
 * `linux.namespaces` of config.json (runtime-spec config-linux.md: an entry with `path` joins
 * that namespace, one without creates a new one, an unlisted type is inherited from the runtime).
 *
 * Read from containerd: oci/spec.go defaultUnixNamespaces (pid, ipc, uts, mount, network, in
 * that order), pkg/cri/server/sandbox_run_linux.go sandboxContainerSpec (host network drops
 * network and uts; hostPID/hostIPC drop pid/ipc; otherwise network joins the CNI netns by path)
 * and pkg/cri/opts/spec_linux.go WithPodNamespaces (containers join /proc/<sandbox pid>/ns/
 * {net,ipc,uts}, and pid too unless the pod keeps one pid namespace per container). On cgroup v2
 * non-privileged containers also get a private cgroup namespace (container_create_linux.go).
 */
export type NamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup' | 'time';

/** One `linux.namespaces` entry; `path` means "join", no path means "create". */
export interface NamespaceEntry {
  type: NamespaceType;
  path?: string;
}

/** The namespace types containerd starts every Linux spec with, in its order. */
export const DEFAULT_NAMESPACE_ORDER: readonly NamespaceType[] = ['pid', 'ipc', 'uts', 'mount', 'network'];

/** `/proc/<pid>/ns/<name>`: the file a namespace is joined through (net for network, mnt for mount). */
export function procNamespacePath(pid: number, type: NamespaceType): string {
  return `/proc/${pid}/ns/${NS_PROC_NAME[type]}`;
}

/** The file name under /proc/<pid>/ns for each type. */
export const NS_PROC_NAME: Readonly<Record<NamespaceType, string>> = {
  pid: 'pid',
  network: 'net',
  mount: 'mnt',
  ipc: 'ipc',
  uts: 'uts',
  user: 'user',
  cgroup: 'cgroup',
  time: 'time',
};

/** The clone(2)/unshare(2) flag of each namespace type. */
export const CLONE_FLAG: Readonly<Record<NamespaceType, { name: string; value: number }>> = {
  mount: { name: 'CLONE_NEWNS', value: 0x00020000 },
  cgroup: { name: 'CLONE_NEWCGROUP', value: 0x02000000 },
  uts: { name: 'CLONE_NEWUTS', value: 0x04000000 },
  ipc: { name: 'CLONE_NEWIPC', value: 0x08000000 },
  user: { name: 'CLONE_NEWUSER', value: 0x10000000 },
  pid: { name: 'CLONE_NEWPID', value: 0x20000000 },
  network: { name: 'CLONE_NEWNET', value: 0x40000000 },
  time: { name: 'CLONE_NEWTIME', value: 0x00000080 },
};

/**
 * Flags as strace prints them (ascending bit value, `|`-joined) and as the raw mask bpftrace
 * shows (the real capture: sandbox 0x2c020000, host-network sandbox 0x28020000).
 */
export function cloneFlags(types: readonly NamespaceType[]): { flags: string; mask: string } {
  const sorted = [...new Set(types)].sort((a, b) => CLONE_FLAG[a].value - CLONE_FLAG[b].value);
  const value = sorted.reduce((acc, t) => acc | CLONE_FLAG[t].value, 0) >>> 0;
  return { flags: sorted.map((t) => CLONE_FLAG[t].name).join('|'), mask: `0x${value.toString(16)}` };
}

/** Replace an entry of the same type in place, or append: oci.WithLinuxNamespace. */
function withNamespace(list: NamespaceEntry[], entry: NamespaceEntry): NamespaceEntry[] {
  const i = list.findIndex((e) => e.type === entry.type);
  if (i === -1) return [...list, entry];
  const out = [...list];
  out[i] = entry;
  return out;
}

/**
 * The pause container's namespaces. A pod network gets the netns containerd created and CNI
 * configured (joined by path, e.g. /var/run/netns/cni-<uuid>); a host-network pod keeps the
 * node's network and hostname (no network, no uts entry).
 */
export function sandboxNamespaces(opts: { hostNetwork: boolean; netnsPath?: string; hostPID?: boolean; hostIPC?: boolean }): NamespaceEntry[] {
  let list: NamespaceEntry[] = DEFAULT_NAMESPACE_ORDER.map((type) => ({ type }));
  if (opts.hostNetwork) {
    list = list.filter((e) => e.type !== 'network' && e.type !== 'uts');
  } else {
    list = withNamespace(list, opts.netnsPath ? { type: 'network', path: opts.netnsPath } : { type: 'network' });
  }
  if (opts.hostPID) list = list.filter((e) => e.type !== 'pid');
  if (opts.hostIPC) list = list.filter((e) => e.type !== 'ipc');
  return list;
}

/**
 * An app container's namespaces: network, ipc and uts always through the pause process (which,
 * for a host-network or hostIPC pod, is the host's own), pid through it only when the pod shares
 * one pid namespace (shareProcessNamespace or hostPID), a fresh mount namespace always, and a
 * fresh cgroup namespace on cgroup v2 unless privileged.
 */
export function containerNamespaces(opts: {
  sandboxPid: number;
  hostNetwork: boolean;
  shareProcessNamespace: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  cgroupVersion?: 1 | 2;
  privileged?: boolean;
}): NamespaceEntry[] {
  let list: NamespaceEntry[] = DEFAULT_NAMESPACE_ORDER.map((type) => ({ type }));
  list = withNamespace(list, { type: 'network', path: procNamespacePath(opts.sandboxPid, 'network') });
  list = withNamespace(list, { type: 'ipc', path: procNamespacePath(opts.sandboxPid, 'ipc') });
  list = withNamespace(list, { type: 'uts', path: procNamespacePath(opts.sandboxPid, 'uts') });
  if (opts.shareProcessNamespace || opts.hostPID) list = withNamespace(list, { type: 'pid', path: procNamespacePath(opts.sandboxPid, 'pid') });
  if ((opts.cgroupVersion ?? 2) === 2 && !opts.privileged) list = withNamespace(list, { type: 'cgroup' });
  return list;
}

/**
 * runc's order for joining namespaces (libcontainer/configs NamespaceTypes: user first, then
 * ipc, uts, net, pid, mnt, cgroup, time) — the order of the setns(2) calls in nsexec stage-1.
 */
export const RUNC_JOIN_ORDER: readonly NamespaceType[] = ['user', 'ipc', 'uts', 'network', 'pid', 'mount', 'cgroup', 'time'];

/** What runc does with a namespace list: which it joins (setns, in runc's order) and which it creates. */
export function namespacePlan(list: readonly NamespaceEntry[]): { join: NamespaceEntry[]; create: NamespaceType[] } {
  const types = list.map((e) => e.type);
  const dup = types.find((t, i) => types.indexOf(t) !== i);
  // config-linux.md: "If a namespace type is specified more than once, the runtime MUST generate an error."
  if (dup) throw new Error(`malformed spec file: duplicate namespace ${dup}`);
  const join = RUNC_JOIN_ORDER.flatMap((t) => list.filter((e) => e.type === t && e.path !== undefined));
  const create = list.filter((e) => e.path === undefined).map((e) => e.type);
  return { join, create };
}
