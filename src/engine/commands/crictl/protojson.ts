/**
 * The CRI messages crictl prints, as protojson writes them with EmitDefaultValues (cri-tools
 * cmd/crictl/util.go protobufObjectToJSON): fields in the proto's field-number order (k8s.io
 * cri-api pkg/apis/runtime/v1/api.proto), zero values kept ("" / 0 / false / [] / {}), unset
 * message fields left out, int64 and uint64 as strings, enums by name, map keys sorted.
 * The runtime's answer may leave defaults out; these fill them in as the Go struct would have.
 */
type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

/** An int64/uint64 field: protojson writes it as a decimal string. */
function int64(v: unknown): string {
  return v === undefined || v === null ? '0' : String(v);
}

function sortedMap(v: unknown): Record<string, string> {
  const m = obj(v);
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = str(m[k]);
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(str) : [];
}

/** PodSandboxMetadata: name 1, uid 2, namespace 3, attempt 4. */
function sandboxMetadata(v: unknown): Json {
  const m = obj(v);
  return { name: str(m.name), uid: str(m.uid), namespace: str(m.namespace), attempt: num(m.attempt) };
}

/** ContainerMetadata: name 1, attempt 2. */
function containerMetadata(v: unknown): Json {
  const m = obj(v);
  return { name: str(m.name), attempt: num(m.attempt) };
}

/** ImageSpec: image 1, annotations 2, user_specified_image 18, runtime_handler 19. */
function imageSpec(v: unknown): Json {
  const m = obj(v);
  return { image: str(m.image), annotations: sortedMap(m.annotations), userSpecifiedImage: str(m.userSpecifiedImage), runtimeHandler: str(m.runtimeHandler) };
}

/** PodSandbox (ListPodSandbox items). */
export function podSandbox(v: unknown): Json {
  const m = obj(v);
  return {
    id: str(m.id),
    metadata: sandboxMetadata(m.metadata),
    state: str(m.state) || 'SANDBOX_READY',
    createdAt: int64(m.createdAt),
    labels: sortedMap(m.labels),
    annotations: sortedMap(m.annotations),
    runtimeHandler: str(m.runtimeHandler),
  };
}

/** Container (ListContainers). */
export function container(v: unknown): Json {
  const m = obj(v);
  return {
    id: str(m.id),
    podSandboxId: str(m.podSandboxId),
    metadata: containerMetadata(m.metadata),
    image: imageSpec(m.image),
    imageRef: str(m.imageRef),
    state: str(m.state) || 'CONTAINER_CREATED',
    createdAt: int64(m.createdAt),
    labels: sortedMap(m.labels),
    annotations: sortedMap(m.annotations),
    imageId: str(m.imageId),
  };
}

/** Image (ListImages, ImageStatus): id 1, repo_tags 2, repo_digests 3, size 4, uid 5 (Int64Value, unset when the image has no numeric user), username 6, spec 7, pinned 8. */
export function image(v: unknown): Json {
  const m = obj(v);
  const out: Json = { id: str(m.id), repoTags: strings(m.repoTags), repoDigests: strings(m.repoDigests), size: int64(m.size) };
  if (m.uid !== undefined && m.uid !== null) out.uid = { value: int64(obj(m.uid).value) };
  out.username = str(m.username);
  if (m.spec !== undefined && m.spec !== null) out.spec = imageSpec(m.spec);
  out.pinned = Boolean(m.pinned);
  return out;
}

/** NamespaceOption: network 1, pid 2, ipc 3 (NamespaceMode, POD = 0), target_id 4; userns_options 5 left out when unset. */
function namespaceOption(v: unknown): Json {
  const m = obj(v);
  return { network: str(m.network) || 'POD', pid: str(m.pid) || 'POD', ipc: str(m.ipc) || 'POD', targetId: str(m.targetId) };
}

/** PodSandboxStatus (PodSandboxStatusResponse.status). */
export function podSandboxStatus(v: unknown): Json {
  const m = obj(v);
  const network = obj(m.network);
  const linux = obj(m.linux);
  return {
    id: str(m.id),
    metadata: sandboxMetadata(m.metadata),
    state: str(m.state) || 'SANDBOX_READY',
    createdAt: int64(m.createdAt),
    network: { ip: str(network.ip), additionalIps: Array.isArray(network.additionalIps) ? network.additionalIps.map((ip) => ({ ip: str(obj(ip).ip) })) : [] },
    linux: { namespaces: { options: namespaceOption(obj(linux.namespaces).options) } },
    labels: sortedMap(m.labels),
    annotations: sortedMap(m.annotations),
    runtimeHandler: str(m.runtimeHandler),
    containersStatuses: Array.isArray(m.containersStatuses) ? m.containersStatuses.map(containerStatus) : [],
    timestamp: int64(m.timestamp),
  };
}

/** ContainerStatus (ContainerStatusResponse.status); resources and user left out when unset. */
export function containerStatus(v: unknown): Json {
  const m = obj(v);
  return {
    id: str(m.id),
    metadata: containerMetadata(m.metadata),
    state: str(m.state) || 'CONTAINER_CREATED',
    createdAt: int64(m.createdAt),
    startedAt: int64(m.startedAt),
    finishedAt: int64(m.finishedAt),
    exitCode: num(m.exitCode),
    image: imageSpec(m.image),
    imageRef: str(m.imageRef),
    reason: str(m.reason),
    message: str(m.message),
    labels: sortedMap(m.labels),
    annotations: sortedMap(m.annotations),
    mounts: Array.isArray(m.mounts) ? m.mounts : [],
    logPath: str(m.logPath),
    ...(m.resources ? { resources: containerResources(m.resources) } : {}),
    imageId: str(m.imageId),
  };
}

/** ContainerResources.linux (LinuxContainerResources, field order; int64 as strings). */
function containerResources(v: unknown): Json {
  const l = obj(obj(v).linux);
  return {
    linux: {
      cpuPeriod: int64(l.cpuPeriod),
      cpuQuota: int64(l.cpuQuota),
      cpuShares: int64(l.cpuShares),
      memoryLimitInBytes: int64(l.memoryLimitInBytes),
      oomScoreAdj: int64(l.oomScoreAdj),
      cpusetCpus: str(l.cpusetCpus),
      cpusetMems: str(l.cpusetMems),
      hugepageLimits: Array.isArray(l.hugepageLimits) ? l.hugepageLimits : [],
      unified: sortedMap(l.unified),
      memorySwapLimitInBytes: int64(l.memorySwapLimitInBytes),
    },
  };
}
