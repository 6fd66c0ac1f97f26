import type { Container, Pod, ResourceList } from '../k8s/objects.ts';
import { compareQuantities, parseQuantityExact } from '../k8s/quantity.ts';

/**
 * The Pod's QoS class, as pkg/apis/core/v1/helper/qos/qos.go (GetPodQOS / ComputePodQOS) decides
 * it. Only cpu and memory count.
 * - BestEffort: no container (init containers included) requests or limits cpu or memory.
 * - Guaranteed: every container limits both cpu and memory, and the summed requests equal the
 *   summed limits for each of them.
 * - Burstable: anything else.
 * With pod-level resources (spec.resources) set, only those are looked at.
 */
export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

type Sums = Map<string, { unscaled: bigint; scale: number }>;

function addTo(sums: Sums, name: string, value: string): void {
  const q = parseQuantityExact(value);
  const prev = sums.get(name);
  if (!prev) {
    sums.set(name, { unscaled: q.unscaled, scale: q.scale });
    return;
  }
  const s = Math.min(prev.scale, q.scale);
  sums.set(name, { unscaled: prev.unscaled * 10n ** BigInt(prev.scale - s) + q.unscaled * 10n ** BigInt(q.scale - s), scale: s });
}

function positive(value: string | undefined): value is string {
  return value !== undefined && compareQuantities(value, '0') > 0;
}

function fromPodLevel(resources: { requests?: ResourceList; limits?: ResourceList }): QOSClass {
  const requests: Sums = new Map();
  const limits: Sums = new Map();
  for (const name of QOS_RESOURCES) {
    const r = resources.requests?.[name];
    const l = resources.limits?.[name];
    if (positive(r)) addTo(requests, name, r);
    if (positive(l)) addTo(limits, name, l);
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  const guaranteed = QOS_RESOURCES.every((n) => limits.has(n)) && equalSums(requests, limits);
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function equalSums(requests: Sums, limits: Sums): boolean {
  for (const [name, req] of requests) {
    const lim = limits.get(name);
    if (!lim) return false;
    if (compareQuantities({ ...req, format: 'DecimalSI' }, { ...lim, format: 'DecimalSI' }) !== 0) return false;
  }
  return requests.size === limits.size;
}

/** GetPodQOS: the class the apiserver writes to status.qosClass. */
export function qosClass(pod: Pod): QOSClass {
  const podLevel = pod.spec.resources as { requests?: ResourceList; limits?: ResourceList } | undefined;
  if (podLevel && (podLevel.requests || podLevel.limits)) {
    const hasQosResource = QOS_RESOURCES.some((n) => podLevel.requests?.[n] !== undefined || podLevel.limits?.[n] !== undefined);
    if (hasQosResource) return fromPodLevel(podLevel);
  }
  const requests: Sums = new Map();
  const limits: Sums = new Map();
  let isGuaranteed = true;
  const all: Container[] = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  for (const c of all) {
    for (const name of QOS_RESOURCES) {
      const r = c.resources?.requests?.[name];
      if (positive(r)) addTo(requests, name, r);
    }
    const found = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const l = c.resources?.limits?.[name];
      if (positive(l)) {
        found.add(name);
        addTo(limits, name, l);
      }
    }
    if (!QOS_RESOURCES.every((n) => found.has(n))) isGuaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed && equalSums(requests, limits)) return 'Guaranteed';
  return 'Burstable';
}
