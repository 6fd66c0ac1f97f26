/**
 * What the scheduler reads from a Pod, computed once per pod: resource requests, host ports,
 * images, priority. Every plugin reads these facts instead of walking the spec again, which
 * keeps the per-node Filter/Score work free of allocation.
 */
import type { Container, ContainerPort, Pod, ResourceList } from '../k8s/objects.ts';
import { quantityMilliValue, quantityValue } from './quantities.ts';

/** schedutil.DefaultMilliCPURequest: what a container without a cpu request counts as for LeastAllocated. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB, for containers without a memory request. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** Requests in the units the scheduler compares: millicores for cpu, plain integers otherwise. */
export interface ResourceRequest {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources and hugepages (`nvidia.com/gpu`, `hugepages-2Mi`); null when none. */
  scalar: ReadonlyMap<string, number> | null;
}

/** A host port a pod binds, sanitized as HostPortInfo does (empty IP → 0.0.0.0, empty protocol → TCP). */
export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/** Everything the scheduler needs from one Pod. */
export interface PodFacts {
  /** The pod's identity in a NodeInfo: its UID, or namespace/name when it has none. */
  key: string;
  namespace: string;
  name: string;
  labels: Readonly<Record<string, string>>;
  /** resource.PodRequests: what NodeResourcesFit and BalancedAllocation count. */
  requests: ResourceRequest;
  /** The same with 100m / 200Mi for containers that request nothing (NodeInfo.NonZeroRequested). */
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  hostPorts: readonly HostPort[];
  /** Normalized image names of init and app containers, in spec order (ImageLocality). */
  images: readonly string[];
  /** spec.priority, 0 when unset (corev1helpers.PodPriority). */
  priority: number;
  /** status.startTime in ms since the epoch; +Infinity when unset (upstream treats it as "now"). */
  startTime: number;
  /** metadata.deletionTimestamp is set: spreading ignores such pods. */
  terminating: boolean;
}

const CPU = 'cpu';
const MEMORY = 'memory';
const EPHEMERAL_STORAGE = 'ephemeral-storage';

/** Amount of one resource in scheduler units (millicores for cpu). */
function amount(resource: string, q: string | number): number {
  return resource === CPU ? quantityMilliValue(q) : quantityValue(q);
}

type Amounts = Map<string, number>;

function add(into: Amounts, from: Amounts): void {
  for (const [r, v] of from) into.set(r, (into.get(r) ?? 0) + v);
}

function maxInto(into: Amounts, from: Amounts): void {
  for (const [r, v] of from) into.set(r, Math.max(into.get(r) ?? 0, v));
}

/**
 * A container's requests. The apiserver defaults a missing request to the limit of the same
 * resource (core/v1 SetDefaults_Pod), so a pod that skipped our apiserver still counts the same.
 * `nonMissing` fills requests a container leaves out (resourcehelper NonMissingContainerRequests).
 */
function containerRequests(c: Container, nonMissing: Amounts | null): Amounts {
  const out: Amounts = new Map();
  const requests: ResourceList = c.resources?.requests ?? {};
  const limits: ResourceList = c.resources?.limits ?? {};
  for (const [r, q] of Object.entries(requests)) if (q !== undefined) out.set(r, amount(r, q));
  for (const [r, q] of Object.entries(limits)) if (q !== undefined && !out.has(r)) out.set(r, amount(r, q));
  if (nonMissing) for (const [r, v] of nonMissing) if (!out.has(r)) out.set(r, v);
  return out;
}

function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/** spec.resources.requests for cpu / memory (PodLevelResources), null when neither is set. */
function podLevelRequests(pod: Pod): Amounts | null {
  const requests = (pod.spec['resources'] as { requests?: ResourceList } | undefined)?.requests;
  if (!requests) return null;
  const out: Amounts = new Map();
  if (requests.cpu !== undefined) out.set(CPU, amount(CPU, requests.cpu));
  if (requests.memory !== undefined) out.set(MEMORY, amount(MEMORY, requests.memory));
  return out.size > 0 ? out : null;
}

/**
 * resourcehelper.PodRequests (component-helpers/resource/helpers.go): app containers and
 * sidecars add up; a regular init container needs its own request plus the sidecars started
 * before it; the pod needs the max of both; pod-level cpu/memory requests replace the
 * container sum; pod overhead is added on top.
 */
export function podRequests(pod: Pod, nonMissing: Amounts | null = null): Amounts {
  const reqs: Amounts = new Map();
  for (const c of pod.spec.containers ?? []) add(reqs, containerRequests(c, nonMissing));
  const sidecars: Amounts = new Map();
  const initMax: Amounts = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const own = containerRequests(c, nonMissing);
    let use: Amounts;
    if (isSidecar(c)) {
      add(reqs, own);
      add(sidecars, own);
      use = sidecars;
    } else {
      use = new Map(own);
      add(use, sidecars);
    }
    maxInto(initMax, use);
  }
  maxInto(reqs, initMax);
  const podLevel = podLevelRequests(pod);
  if (podLevel) for (const [r, v] of podLevel) reqs.set(r, v);
  const overhead = pod.spec['overhead'] as ResourceList | undefined;
  if (overhead) {
    for (const [r, q] of Object.entries(overhead)) if (q !== undefined) reqs.set(r, (reqs.get(r) ?? 0) + amount(r, q));
  }
  return reqs;
}

const NON_ZERO_DEFAULTS: Amounts = new Map([
  [CPU, DEFAULT_MILLI_CPU_REQUEST],
  [MEMORY, DEFAULT_MEMORY_REQUEST],
]);

/**
 * The 100m / 200Mi stand-ins a pod's containers get for requests they leave out. With
 * pod-level requests set, only resources missing at both levels get one
 * (framework/types.go getNonMissingContainerRequests).
 */
function nonMissingFor(pod: Pod, actual: Amounts): Amounts {
  if (!podLevelRequests(pod)) return NON_ZERO_DEFAULTS;
  const out: Amounts = new Map();
  if (!actual.has(CPU)) out.set(CPU, DEFAULT_MILLI_CPU_REQUEST);
  if (!actual.has(MEMORY)) out.set(MEMORY, DEFAULT_MEMORY_REQUEST);
  return out;
}

function toResourceRequest(reqs: Amounts): ResourceRequest {
  let scalar: Map<string, number> | null = null;
  for (const [r, v] of reqs) {
    if (r === CPU || r === MEMORY || r === EPHEMERAL_STORAGE || r === 'pods') continue;
    (scalar ??= new Map()).set(r, v);
  }
  return { milliCPU: reqs.get(CPU) ?? 0, memory: reqs.get(MEMORY) ?? 0, ephemeralStorage: reqs.get(EPHEMERAL_STORAGE) ?? 0, scalar };
}

/**
 * The pod's requests with 100m cpu / 200Mi memory for containers that request nothing, the
 * way NodeResourcesFit's LeastAllocated scorer sees the incoming pod
 * (noderesources/resource_allocation.go calculatePodResourceRequest, useRequested=false).
 */
export function nonZeroPodRequests(pod: Pod): { milliCPU: number; memory: number } {
  const r = podRequests(pod, NON_ZERO_DEFAULTS);
  return { milliCPU: r.get(CPU) ?? 0, memory: r.get(MEMORY) ?? 0 };
}

function sanitizedPort(p: ContainerPort, hostNetwork: boolean): HostPort | null {
  // With hostNetwork the apiserver defaults hostPort to containerPort (core/v1 defaults).
  const hostPort = p.hostPort ?? (hostNetwork ? p.containerPort : 0);
  if (!(hostPort > 0)) return null;
  return { hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', hostPort };
}

/** Host ports of app containers and sidecar init containers (plugins/nodeports getContainerPorts). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const hostNetwork = pod.spec.hostNetwork === true;
  const visit = (c: Container): void => {
    for (const p of c.ports ?? []) {
      const hp = sanitizedPort(p, hostNetwork);
      if (hp) out.push(hp);
    }
  };
  for (const c of pod.spec.containers ?? []) visit(c);
  for (const c of pod.spec.initContainers ?? []) if (isSidecar(c)) visit(c);
  return out;
}

/** imagelocality normalizedImageName: adds ":latest" when the reference has no tag. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** The key a NodeInfo files a pod under (framework.GetPodKey uses the UID). */
export function podKey(pod: Pod): string {
  const uid = pod.metadata.uid;
  return uid ? uid : `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name ?? ''}`;
}

/** Computes the facts of a pod. Call once per pod per scheduling cycle (or per add to a NodeInfo). */
export function computePodFacts(pod: Pod): PodFacts {
  const actual = podRequests(pod);
  const nonZero = podRequests(pod, nonMissingFor(pod, actual));
  const start = pod.status?.startTime ? Date.parse(pod.status.startTime) : Number.NaN;
  return {
    key: podKey(pod),
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name ?? '',
    labels: pod.metadata.labels ?? {},
    requests: toResourceRequest(actual),
    nonZeroMilliCPU: nonZero.get(CPU) ?? 0,
    nonZeroMemory: nonZero.get(MEMORY) ?? 0,
    hostPorts: podHostPorts(pod),
    images: [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])].map((c) => normalizedImageName(c.image)),
    priority: typeof pod.spec.priority === 'number' ? pod.spec.priority : 0,
    startTime: Number.isNaN(start) ? Number.POSITIVE_INFINITY : start,
    terminating: pod.metadata.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null,
  };
}
