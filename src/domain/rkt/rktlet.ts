import type { ContainerStateName, PodSandboxState } from '../cri/api.ts';
import type { AppView, PodView } from './pod-view.ts';
import type { NetInfo } from './network.ts';

/**
 * rktlet, the CRI runtime for rkt (kubernetes-retired/rktlet, final fd7fc6b): it answers the
 * kubelet's CRI calls by running the rkt command line, never by holding pods itself. Names and
 * argument orders follow rktlet/runtime/helpers.go, pod_sandbox.go, rkt_runtime.go,
 * rktlet/cli/{cli,init}.go, rktlet/image/imagestore.go and rktlet/rktlet.go.
 */

/** rktlet's data directory (rktlet.go DefaultConfig.RktDatadir): its pods are not /var/lib/rkt's. */
export const RKTLET_DATA_DIR = '/var/lib/rktlet/data';

export const RKT_PATH = '/usr/bin/rkt';
export const SYSTEMD_RUN_PATH = '/usr/bin/systemd-run';

/** rkt_runtime.go Version: runtimeName "rkt", version "0.1.0" everywhere (the node shows rkt://0.1.0). */
export const RKTLET_VERSION = '0.1.0';

/** Reserved annotations rktlet keeps on the rkt pod and apps (helpers.go). */
export const ANNO = {
  imageName: 'k8s.io/reserved/image-name',
  podUid: 'k8s.io/reserved/pod-uid',
  podName: 'k8s.io/reserved/pod-name',
  podNamespace: 'k8s.io/reserved/pod-namespace',
  podAttempt: 'k8s.io/reserved/pod-attempt',
  stage1Override: 'rkt.alpha.kubernetes.io/stage1-name-override',
} as const;

const RESERVED: readonly string[] = [ANNO.imageName, ANNO.podUid, ANNO.podName, ANNO.podNamespace, ANNO.podAttempt];

/**
 * rktlet.go New: the CLI's global flags (cli.go getFlagFormOfStruct over CLIConfig, in field
 * order: Debug, Dir, the config dirs when set, InsecureOptions).
 */
export const RKTLET_GLOBAL_FLAGS: readonly string[] = ['--debug=false', `--dir=${RKTLET_DATA_DIR}`, '--insecure-options=image,ondisk'];

/** cli.go Command: `rkt <subcmd> <global flags> <args>` (the flags come after the first word). */
export function rktCommand(subcmd: string, ...args: string[]): string[] {
  return [RKT_PATH, subcmd, ...RKTLET_GLOBAL_FLAGS, ...args];
}

/**
 * init.go cgroupParentToSliceName: the pod's cgroup parent must be a systemd slice (the kubelet
 * runs with --cgroup-driver=systemd); its last path element is the slice.
 */
export function cgroupParentToSliceName(cgroupParent: string): string | { error: string } {
  const base = cgroupParent.split('/').filter(Boolean).pop() ?? '';
  if (!base.endsWith('.slice')) return { error: `cgroup ${JSON.stringify(cgroupParent)} not convertible to slice name: please start the Kubelet with --cgroup-driver=systemd` };
  return base;
}

/** init.go StartProcess: `systemd-run --unit=rktlet-<uuid> --setenv=RKT_EXPERIMENT_APP=true --service-type=notify [--slice=…] <command>`. */
export function systemdRunArgv(unitUUID: string, cgroupParent: string, command: readonly string[]): string[] | { error: string } {
  const argv = [SYSTEMD_RUN_PATH, `--unit=rktlet-${unitUUID}`, '--setenv=RKT_EXPERIMENT_APP=true', '--service-type=notify'];
  if (cgroupParent) {
    const slice = cgroupParentToSliceName(cgroupParent);
    if (typeof slice !== 'string') return slice;
    argv.push(`--slice=${slice}`);
  }
  return [...argv, ...command];
}

interface SandboxConfig {
  metadata?: { name?: string; uid?: string; namespace?: string; attempt?: number };
  hostname?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  dnsConfig?: { servers?: string[]; searches?: string[]; options?: string[] };
  portMappings?: { containerPort?: number; hostPort?: number; protocol?: string; hostIp?: string }[];
  linux?: { cgroupParent?: string; securityContext?: { privileged?: boolean; namespaceOptions?: { network?: string } } };
}

function hostNetwork(c: SandboxConfig): boolean {
  return c.linux?.securityContext?.namespaceOptions?.network === 'NODE';
}

/**
 * helpers.go generateAppSandboxCommand: `app sandbox --uuid-file-save=… [--stage1-name=…]
 * [--hostname=…] [--dns=…] … --user-annotation=… --user-label=…`. Go ranges over the label and
 * annotation maps in random order; here they are sorted.
 */
export function appSandboxArgs(config: SandboxConfig, uuidFile: string, stage1Name: string, nodeHostname: string): string[] {
  const args = ['sandbox', `--uuid-file-save=${uuidFile}`];
  const s1 = config.annotations?.[ANNO.stage1Override] ?? stage1Name;
  if (s1) args.push(`--stage1-name=${s1}`);
  if (config.hostname) args.push(`--hostname=${config.hostname}`);
  for (const s of config.dnsConfig?.servers ?? []) args.push(`--dns=${s}`);
  for (const s of config.dnsConfig?.searches ?? []) args.push(`--dns-search=${s}`);
  for (const o of config.dnsConfig?.options ?? []) args.push(`--dns-opt=${o}`);
  if (config.linux?.securityContext?.privileged) args.push('--insecure-options=all-run');
  if (!hostNetwork(config)) {
    for (const p of config.portMappings ?? []) {
      if (!p.hostPort || !p.containerPort) continue;
      args.push(`--port=${(p.protocol ?? 'TCP').toLowerCase()}-${p.containerPort}:${(p.protocol ?? 'TCP').toLowerCase()}:${p.containerPort}:${p.hostIp || '0.0.0.0'}:${p.hostPort}`);
    }
  } else {
    args.push('--net=host', '--hosts-entry=host', `--hostname=${nodeHostname}`);
  }
  const sorted = (m: Record<string, string> | undefined): [string, string][] => Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const annotations = sorted(config.annotations).map(([k, v]) => `${k}=${v}`);
  annotations.push(`${ANNO.podUid}=${config.metadata?.uid ?? ''}`, `${ANNO.podName}=${config.metadata?.name ?? ''}`, `${ANNO.podNamespace}=${config.metadata?.namespace ?? ''}`, `${ANNO.podAttempt}=${config.metadata?.attempt ?? 0}`);
  for (const a of annotations) args.push(`--user-annotation=${a}`);
  for (const [k, v] of sorted(config.labels)) args.push(`--user-label=${k}=${v}`);
  return args;
}

interface ContainerConfig {
  metadata?: { name?: string; attempt?: number };
  image?: { image?: string; userSpecifiedImage?: string };
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: { key: string; value: string }[];
  mounts?: { containerPath?: string; hostPath?: string; readonly?: boolean }[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  linux?: { resources?: { cpuShares?: number; cpuQuota?: number; cpuPeriod?: number; memoryLimitInBytes?: number; oomScoreAdj?: number }; securityContext?: { privileged?: boolean; runAsUser?: { value: number }; supplementalGroups?: number[]; readonlyRootfs?: boolean } };
}

/** helpers.go buildAppName: `<attempt>-<container name>`. */
export function buildAppName(attempt: number, name: string): string {
  return `${attempt}-${name}`;
}

/** helpers.go parseAppName. */
export function parseAppName(appName: string): { attempt: number; name: string } | { error: string } {
  const i = appName.indexOf('-');
  const attempt = Number(appName.slice(0, i));
  if (i < 0 || !/^\d+$/.test(appName.slice(0, i)) || !Number.isFinite(attempt)) return { error: `invalid appName ${JSON.stringify(appName)}` };
  return { attempt, name: appName.slice(i + 1) };
}

/** helpers.go buildContainerID: `<rkt pod uuid>:<app name>`. */
export function buildContainerID(uuid: string, appName: string): string {
  return `${uuid}:${appName}`;
}

export function parseContainerID(id: string): { uuid: string; appName: string } | { error: string } {
  const i = id.indexOf(':');
  if (i < 0) return { error: `invalid container ID ${JSON.stringify(id)}` };
  return { uuid: id.slice(0, i), appName: id.slice(i + 1) };
}

/** cpuQuotaToMilliCores (helpers.go). */
function cpuQuotaToMilliCores(quota: number, period: number): number {
  if (quota === -1 || !period) return -1;
  return Math.floor((quota * 1000) / period);
}

/**
 * helpers.go generateAppAddCommand: `app add <uuid> <image id> --name=<attempt>-<name>
 * --user-annotation=… --user-label=… --environment=… [resources] [--user=…] [--working-dir=…]
 * --mnt-volume=name=<uuid>,kind=host,source=…,target=…,readOnly=… [--exec=…] [-- args ---]`.
 * `volumeNames` stands for the random names rktlet draws per mount (uuid.NewUUID).
 */
export function appAddArgs(podSandboxId: string, config: ContainerConfig, volumeNames: readonly string[]): string[] {
  const name = buildAppName(config.metadata?.attempt ?? 0, config.metadata?.name ?? '');
  const imageID = config.image?.image ?? '';
  const args = ['add', podSandboxId, imageID, `--name=${name}`];
  const sorted = (m: Record<string, string> | undefined): [string, string][] => Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const annotations = sorted(config.annotations).map(([k, v]) => `${k}=${v}`);
  annotations.push(`${ANNO.imageName}=${config.image?.userSpecifiedImage ?? config.image?.image ?? ''}`);
  for (const a of annotations) args.push(`--user-annotation=${a}`);
  for (const [k, v] of sorted(config.labels)) args.push(`--user-label=${k}=${v}`);
  for (const e of config.envs ?? []) args.push(`--environment=${e.key}=${e.value}`);
  const r = config.linux?.resources;
  if (r) {
    if ((r.cpuShares ?? 0) > 0) args.push(`--cpu-shares=${r.cpuShares}`);
    const milli = cpuQuotaToMilliCores(r.cpuQuota ?? 0, r.cpuPeriod ?? 0);
    if (milli > 0) args.push(`--cpu=${milli}m`);
    if (r.memoryLimitInBytes) args.push(`--memory=${r.memoryLimitInBytes}`);
    if (r.oomScoreAdj) args.push(`--oom-score-adj=${r.oomScoreAdj}`);
  }
  const sc = config.linux?.securityContext;
  if (sc?.privileged) args.push('--seccomp=mode=retain,@appc.io/all');
  if (sc?.runAsUser) args.push(`--user=${sc.runAsUser.value}`);
  if (sc?.supplementalGroups && sc.supplementalGroups.length > 0) args.push(`--supplementary-gids=${sc.supplementalGroups.join(',')}`);
  if (sc?.readonlyRootfs) args.push('--readonly-rootfs=true');
  if (config.workingDir) args.push(`--working-dir=${config.workingDir}`);
  (config.mounts ?? []).forEach((m, i) => {
    args.push(`--mnt-volume=name=${volumeNames[i] ?? `volume-${i}`},kind=host,source=${m.hostPath ?? ''},target=${m.containerPath ?? ''},readOnly=${m.readonly === true}`);
  });
  const appArgs: string[] = [];
  if (config.command && config.command.length > 0) {
    args.push(`--exec=${config.command[0]}`);
    appArgs.push(...config.command.slice(1));
  }
  if (config.args && config.args.length > 0) appArgs.push(...config.args);
  if (appArgs.length > 0) args.push('--', ...appArgs, '---');
  return args;
}

/** The kubelet's labels and the non-reserved annotations (getKubernetesLabels / getKubernetesAnnotations). */
function kubernetesAnnotations(a: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!a || Object.keys(a).length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) if (!RESERVED.includes(k)) out[k] = v;
  return out;
}

/** helpers.go getIP: rkt.kubernetes.io first, then default, then the first network. */
export function getIP(nets: readonly Pick<NetInfo, 'netName' | 'ip'>[]): string {
  let found = '';
  for (const n of nets) {
    if (n.netName === 'rkt.kubernetes.io') return n.ip;
    if (n.netName === 'default') found = n.ip;
    if (!found) found = n.ip;
  }
  return found;
}

/**
 * helpers.go toPodSandboxStatus: metadata from the reserved annotations, READY only while the
 * rkt pod runs, and CreatedAt from the pod's start time in seconds (api/v1 started_at), as
 * rktlet returned it.
 */
export function toPodSandboxStatus(pod: PodView): Record<string, unknown> | { error: string } {
  const a = pod.userAnnotations ?? {};
  const attemptText = a[ANNO.podAttempt] ?? '';
  if (!/^\d+$/.test(attemptText)) return { error: `error parsing attempt count ${JSON.stringify(attemptText)}: strconv.ParseUint: parsing ${JSON.stringify(attemptText)}: invalid syntax` };
  const state: PodSandboxState = pod.state === 'running' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY';
  return {
    id: pod.uuid,
    metadata: { name: a[ANNO.podName] ?? '', uid: a[ANNO.podUid] ?? '', namespace: a[ANNO.podNamespace] ?? '', attempt: Number(attemptText) },
    state,
    createdAt: String(pod.startedAt === undefined ? 0 : Math.floor(pod.startedAt / 1_000_000)),
    network: { ip: getIP(pod.nets) },
    labels: pod.userLabels ?? {},
    annotations: kubernetesAnnotations(pod.userAnnotations) ?? {},
  };
}

/** isKubernetesPod (helpers.go): rktlet lists only pods it made (with the pod-uid annotation). */
export function isKubernetesPod(pod: PodView): boolean {
  return (pod.userAnnotations ?? {})[ANNO.podUid] !== undefined;
}

const APP_TO_CRI: Readonly<Record<AppView['state'], ContainerStateName>> = {
  unknown: 'CONTAINER_UNKNOWN',
  created: 'CONTAINER_CREATED',
  running: 'CONTAINER_RUNNING',
  exited: 'CONTAINER_EXITED',
};

/** helpers.go toContainerStatus: the rkt app's state and times (ns) as a CRI ContainerStatus. */
export function toContainerStatus(uuid: string, app: AppView): Record<string, unknown> | { error: string } {
  const parsed = parseAppName(app.name);
  if ('error' in parsed) return { error: `failed to parse app name: ${parsed.error}` };
  const ns = (us: number | undefined): string => String(us === undefined ? 0n : BigInt(us) * 1000n);
  return {
    id: buildContainerID(uuid, app.name),
    metadata: { name: parsed.name, attempt: parsed.attempt },
    state: APP_TO_CRI[app.state],
    createdAt: ns(app.createdAt),
    startedAt: ns(app.startedAt),
    finishedAt: ns(app.finishedAt),
    exitCode: app.exitCode ?? 0,
    image: { image: (app.userAnnotations ?? {})[ANNO.imageName] ?? '' },
    imageRef: app.imageId,
    labels: app.userLabels ?? {},
    annotations: kubernetesAnnotations(app.userAnnotations) ?? {},
    mounts: (app.mounts ?? []).map((m) => ({ containerPath: m.containerPath, hostPath: m.hostPath, readonly: m.readOnly })),
  };
}

/** util.ApplyDefaultImageTag: a reference without a tag or digest gets `:latest`. */
export function applyDefaultImageTag(image: string): string {
  const slash = image.lastIndexOf('/');
  const tail = image.slice(slash + 1);
  if (tail.includes(':') || image.includes('@')) return image;
  return `${image}:latest`;
}
