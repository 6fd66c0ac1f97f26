/**
 * CRI-O 1.34's own facts: the version it answers, the crio.conf defaults the nodes run with
 * (the pkgs.k8s.io package's /etc/crio/crio.conf.d/10-crio.conf), and its paths on the host.
 * pkg/config/config.go DefaultConfig, pkg/config/config_linux.go, internal/oci/runtime_oci.go.
 */

export const CRIO_VERSION = '1.34.1';
/** The socket the kubelet and crictl dial (pkg/config: DefaultListen... crio.api listen). */
export const CRIO_SOCKET = '/var/run/crio/crio.sock';
export const CRIO_PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';
/** conmon, as the package installs it (monitor_path of both handlers in 10-crio.conf). */
export const CONMON_PATH = '/usr/libexec/crio/conmon';
export const PINNS_PATH = '/usr/bin/pinns';
/** ContainerExitsDir: conmon writes one file per container here, named by its id. */
export const EXITS_DIR = '/var/run/crio/exits';
/** ContainerAttachSocketDir. */
export const ATTACH_SOCKET_DIR = '/var/run/crio';
/** NamespacesDir (pinns -d): where the pinned namespaces are bind-mounted, one folder per type. */
export const NAMESPACES_DIR = '/var/run';
/** containers/storage (storage.conf graphroot and runroot). */
export const STORAGE_ROOT = '/var/lib/containers/storage';
export const STORAGE_RUNROOT = '/run/containers/storage';
export const LOG_DIR = '/var/log/pods';
/** DropInfraCtr defaults to true: no pause process unless the pod shares one PID namespace. */
export const DROP_INFRA_CTR = true;
/** The CNI network of the node's conflist (ocicni picks the first one in /etc/cni/net.d). */
export const CNI_NETWORK = 'crio';

export type CrioHandler = 'crun' | 'runc';

/** One [crio.runtime.runtimes.<name>] table: runtime_type "oci" runs it under conmon. */
export interface RuntimeHandler {
  name: CrioHandler;
  runtimePath: string;
  runtimeRoot: string;
  runtimeType: 'oci';
  monitorPath: string;
}

/** The two handlers 10-crio.conf defines; crun is default_runtime since CRI-O 1.31. */
export const HANDLERS: Readonly<Record<CrioHandler, RuntimeHandler>> = {
  crun: { name: 'crun', runtimePath: '/usr/libexec/crio/crun', runtimeRoot: '/run/crun', runtimeType: 'oci', monitorPath: CONMON_PATH },
  runc: { name: 'runc', runtimePath: '/usr/libexec/crio/runc', runtimeRoot: '/run/runc', runtimeType: 'oci', monitorPath: CONMON_PATH },
};

/** The storage layout of one container (containers/storage overlay driver, CRI-O's userdata dirs). */
export function containerDirs(id: string): { dir: string; runDir: string; bundle: string; configJson: string } {
  const dir = `${STORAGE_ROOT}/overlay-containers/${id}/userdata`;
  const runDir = `${STORAGE_RUNROOT}/overlay-containers/${id}/userdata`;
  return { dir, runDir, bundle: runDir, configJson: `${runDir}/config.json` };
}

/** A layer's directory in the overlay driver: its diff, and merged when it is a container's mounted rootfs. */
export function layerDir(layerId: string): string {
  return `${STORAGE_ROOT}/overlay/${layerId}`;
}

/**
 * The arguments CRI-O gives conmon for a container (internal/oci/runtime_oci.go CreateContainer),
 * in that order; `-s` because the nodes use the systemd cgroup manager.
 */
export function conmonArgs(opts: { id: string; name: string; logPath: string; handler: RuntimeHandler; logSizeMax?: number }): string[] {
  const { dir, runDir, bundle } = containerDirs(opts.id);
  const args = [
    '-b', bundle,
    '-c', opts.id,
    '--exit-dir', EXITS_DIR,
    '-l', opts.logPath,
    '--log-level', 'info',
    '-n', opts.name,
    '-P', `${runDir}/conmon-pidfile`,
    '-p', `${bundle}/pidfile`,
    '--persist-dir', dir,
    '-r', opts.handler.runtimePath,
    '--runtime-arg', `--root=${opts.handler.runtimeRoot}`,
    '--socket-dir-path', ATTACH_SOCKET_DIR,
    '--syslog',
    '-u', opts.id,
    '-s',
  ];
  if ((opts.logSizeMax ?? -1) >= 0) args.push('--log-size-max', String(opts.logSizeMax));
  return [opts.handler.monitorPath, ...args];
}

/**
 * What conmon runs: `<runtime> --root <root> --systemd-cgroup create --bundle <b> --pid-file <p> <id>`
 * (conmon src/conmon.c: the runtime args from --runtime-arg, then create; `-s` adds
 * --systemd-cgroup). crun and runc take the same flags.
 */
export function runtimeCreateArgv(handler: RuntimeHandler, id: string): string {
  const { bundle } = containerDirs(id);
  return `${handler.runtimePath} --root=${handler.runtimeRoot} --systemd-cgroup create --bundle ${bundle} --pid-file ${bundle}/pidfile ${id}`;
}

/** What CRI-O itself runs (runtimeCmd with defaultRuntimeArgs): start, kill, state, delete. */
export function runtimeCmdArgv(handler: RuntimeHandler, op: 'start' | 'kill' | 'state' | 'delete', id: string, signal?: number): string {
  const tail = op === 'kill' ? `kill ${id} ${signal ?? 15}` : op === 'delete' ? `delete --force ${id}` : `${op} ${id}`;
  return `${handler.runtimePath} --root=${handler.runtimeRoot} --systemd-cgroup ${tail}`;
}

/** The namespaces CRI-O pins for a sandbox (internal/config/nsmgr): net unless host network, ipc unless host IPC, uts always. */
export type PinnedNamespace = 'ipc' | 'net' | 'uts';

/**
 * `pinns` (internal/config/nsmgr/nsmgr_linux.go NewPodNamespaces): it unshares the requested
 * namespaces and bind-mounts each under <NamespacesDir>/<type>ns/<uuid> (netns for the network),
 * so no process has to hold them. -i ipc, -n net, -u uts; -s the sysctls to set inside.
 */
export function pinnsArgv(uuid: string, types: readonly PinnedNamespace[], sysctls: Record<string, string> = {}): string[] {
  const argv = [PINNS_PATH, '-d', NAMESPACES_DIR, '-f', uuid];
  for (const t of types) argv.push(t === 'ipc' ? '-i' : t === 'net' ? '-n' : '-u');
  const s = Object.entries(sysctls).map(([k, v]) => `${k}=${v}`).join('+');
  if (s) argv.push('-s', s);
  return argv;
}

/** Where pinns leaves a namespace: /var/run/netns/<uuid>, /var/run/ipcns/<uuid>, /var/run/utsns/<uuid>. */
export function pinnedPath(type: PinnedNamespace, uuid: string): string {
  return `${NAMESPACES_DIR}/${type === 'net' ? 'netns' : `${type}ns`}/${uuid}`;
}

/** The pinned namespaces of a sandbox (configureGeneratorForSandboxNamespaces: NODE modes share the host's). */
export function pinnedNamespaces(opts: { hostNetwork: boolean; hostIPC: boolean }): PinnedNamespace[] {
  const list: PinnedNamespace[] = [];
  if (!opts.hostIPC) list.push('ipc');
  if (!opts.hostNetwork) list.push('net');
  list.push('uts');
  return list;
}

/** NeedsInfra (internal/lib/sandbox/sandbox.go): a real pause process only without drop_infra_ctr or with a pod-wide PID namespace. */
export function needsInfra(pidMode: string | undefined): boolean {
  return !DROP_INFRA_CTR || pidMode === 'POD';
}

/** The cgroupsPath of the systemd manager (internal/config/cgmgr/systemd.go): `<slice>:crio:<id>`, scope crio-<id>.scope. */
export function crioCgroupsPath(cgroupParent: string, id: string): string {
  return `${cgroupParent || 'system.slice'}:crio:${id}`;
}

/** A container's description in CRI-O's log lines: `<namespace>/<pod>/<container>` (POD for the sandbox). */
export function description(namespace: string, pod: string, container: string): string {
  return `${namespace}/${pod}/${container}`;
}

/**
 * The error containers/image returns for a manifest the registry does not have (docker/docker_image_src.go):
 * 404 manifest unknown, or 401 for a repository that does not exist (or needs a login).
 */
export function pullErrorText(normalized: string, status: 401 | 404): string {
  const at = normalized.lastIndexOf(':');
  const slash = normalized.indexOf('/');
  const repo = at > slash ? normalized.slice(0, at) : normalized;
  const tag = at > slash ? normalized.slice(at + 1) : 'latest';
  const why = status === 404 ? 'manifest unknown' : 'requested access to the resource is denied';
  return `rpc error: code = Unknown desc = reading manifest ${tag} in ${repo}: ${why}`;
}
