import type { ImageInfo } from '../../../domain/images/catalog.ts';
import { exitReason } from '../../../domain/cri/api.ts';
import type { OciSpec } from '../../../domain/oci/spec.ts';

/**
 * The CRI messages containerd's CRI plugin answers with, from its records (containerd 2.1
 * internal/cri/server: container_status.go toCRIContainerStatus, container_list.go
 * toCRIContainer, sandbox_list.go toCRISandbox), in protobuf JSON: int64 timestamps as strings
 * of nanoseconds since the epoch, enums by name, zero values kept as crictl prints them.
 */

/** What the plugin keeps of a container (containerstore.Container: Metadata + Status). */
export interface ContainerView {
  id: string;
  sandboxId: string;
  name: string;
  attempt: number;
  state: string;
  image?: ImageInfo;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  logPath: string;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  /** Set when the plugin decided the reason itself (StartError); otherwise derived from the exit code. */
  reason?: string;
  message?: string;
  /** ContainerConfig.image: the ImageSpec the kubelet sent (the image id), which ListContainers reports. */
  imageSpec?: Record<string, unknown>;
  /** ContainerConfig.mounts, kept as sent (ContainerStatus reports them). */
  mounts?: Record<string, unknown>[];
  /** Status.Resources, taken from the OCI spec at CreateContainer (containerResourcesOf). */
  resources?: Record<string, unknown>;
}

/** What the plugin keeps of a sandbox. */
export interface SandboxView {
  id: string;
  state: string;
  config: Record<string, unknown>;
  createdAt: number;
  ip?: string;
}

/** int64 nanoseconds since the epoch of a simulated time, as protobuf JSON writes an int64. */
export function nanosString(originMs: number, t: number | undefined): string {
  if (t === undefined) return '0';
  return String(BigInt(originMs) * 1_000_000n + BigInt(Math.trunc(t)) * 1_000n);
}

function criState(state: string): string {
  return state === 'creating' || state === 'removed' ? 'CONTAINER_UNKNOWN' : state;
}

/** ContainerStatus.status (toCRIContainerStatus): the image as its tag, imageRef as its repo digest. */
export function containerStatusView(c: ContainerView, originMs: number): Record<string, unknown> {
  const exited = c.state === 'CONTAINER_EXITED';
  return {
    id: c.id,
    metadata: { name: c.name, attempt: c.attempt },
    state: criState(c.state),
    createdAt: nanosString(originMs, c.createdAt),
    startedAt: nanosString(originMs, c.startedAt),
    finishedAt: nanosString(originMs, c.finishedAt),
    exitCode: c.exitCode ?? 0,
    image: { image: c.image?.normalized ?? '' },
    imageRef: c.image?.repoDigest ?? '',
    reason: c.reason ?? (exited ? exitReason(c.exitCode ?? 0) : ''),
    message: c.message ?? '',
    labels: { ...c.labels },
    annotations: { ...c.annotations },
    // toCRIContainerStatus: Mounts = Config.GetMounts(), Resources = status.Resources.
    mounts: (c.mounts ?? []).map((m) => ({ ...m })),
    logPath: c.logPath,
    ...(c.resources ? { resources: c.resources } : {}),
  };
}

/**
 * The ContainerResources the plugin keeps in the container's status from the OCI spec it
 * generated (container_create.go copyResourcesToStatus): the CPU and memory values the spec
 * has, cpuset, hugepage limits and the unified map, and oom_score_adj from the process.
 */
export function containerResourcesOf(spec: OciSpec): Record<string, unknown> {
  const r = spec.linux.resources;
  const linux: Record<string, unknown> = {};
  if (spec.process.oomScoreAdj !== undefined) linux['oomScoreAdj'] = spec.process.oomScoreAdj;
  if (r?.cpu) {
    if (r.cpu.period !== undefined) linux['cpuPeriod'] = r.cpu.period;
    if (r.cpu.quota !== undefined) linux['cpuQuota'] = r.cpu.quota;
    if (r.cpu.shares !== undefined) linux['cpuShares'] = r.cpu.shares;
    linux['cpusetCpus'] = r.cpu.cpus ?? '';
    linux['cpusetMems'] = r.cpu.mems ?? '';
  }
  if (r?.memory) {
    if (r.memory.limit !== undefined) linux['memoryLimitInBytes'] = r.memory.limit;
    if (r.memory.swap !== undefined) linux['memorySwapLimitInBytes'] = r.memory.swap;
  }
  if (r?.hugepageLimits) linux['hugepageLimits'] = r.hugepageLimits.map((h) => ({ pageSize: h.pageSize, limit: h.limit }));
  if (r?.unified) linux['unified'] = { ...r.unified };
  return { linux };
}

/**
 * StatusResponse (internal/cri/server/status.go): RuntimeReady, and NetworkReady (false with
 * NetworkPluginNotReady while no CNI config is loaded); the runtime handlers of the config
 * (runc, then the default again under the name ""), and the runtime's features.
 */
export function runtimeStatusView(opts: { networkReady: boolean; handler: string }): Record<string, unknown> {
  const condition = (type: string, ok: boolean, reason = '', message = ''): Record<string, unknown> => ({ type, status: ok, reason, message });
  const features = { recursiveReadOnlyMounts: true, userNamespaces: true };
  return {
    status: {
      conditions: [
        condition('RuntimeReady', true),
        opts.networkReady ? condition('NetworkReady', true) : condition('NetworkReady', false, 'NetworkPluginNotReady', 'Network plugin returns error: cni plugin not initialized'),
      ],
    },
    info: {},
    runtimeHandlers: [
      { name: opts.handler, features },
      { name: '', features },
    ],
    features: { supplementalGroupsPolicy: true },
  };
}

/** One entry of ListContainers (toCRIContainer). */
export function containerListView(c: ContainerView, originMs: number): Record<string, unknown> {
  return {
    id: c.id,
    podSandboxId: c.sandboxId,
    metadata: { name: c.name, attempt: c.attempt },
    // toCRIContainer: Image = Config.GetImage(), the ImageSpec the kubelet passed (the image id).
    image: c.imageSpec ? { ...c.imageSpec } : { image: c.image?.id ?? '' },
    imageRef: c.image?.id ?? '',
    state: criState(c.state),
    createdAt: nanosString(originMs, c.createdAt),
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}

/** One entry of ListPodSandbox (toCRISandbox). */
export function sandboxListView(s: SandboxView, originMs: number): Record<string, unknown> {
  return {
    id: s.id,
    metadata: s.config['metadata'],
    state: s.state === 'SANDBOX_READY' ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY',
    createdAt: nanosString(originMs, s.createdAt),
    labels: { ...((s.config['labels'] ?? {}) as Record<string, string>) },
    annotations: { ...((s.config['annotations'] ?? {}) as Record<string, string>) },
    runtimeHandler: '',
  };
}

/** A ContainerFilter / PodSandboxFilter: by id, state and label selector (all must match). */
export function matchesFilter(item: { id: string; state: string; labels: Record<string, string> }, filter: { id?: string; state?: { state?: string }; labelSelector?: Record<string, string> } | undefined): boolean {
  if (!filter) return true;
  if (filter.id && filter.id !== item.id) return false;
  if (filter.state?.state && filter.state.state !== item.state) return false;
  for (const [k, v] of Object.entries(filter.labelSelector ?? {})) if (item.labels[k] !== v) return false;
  return true;
}

/** Standard base64 of a UTF-8 string: protobuf JSON's encoding of `bytes` (ExecSyncResponse.stdout). */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i] as number, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += abc[(n >> 18) & 63] as string;
    out += abc[(n >> 12) & 63] as string;
    out += b === undefined ? '=' : (abc[(n >> 6) & 63] as string);
    out += c === undefined ? '=' : (abc[n & 63] as string);
  }
  return out;
}
