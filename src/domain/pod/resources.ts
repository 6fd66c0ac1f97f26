import type { Container, Pod, ResourceList } from '../k8s/objects.ts';
import { cpuMillis, memoryBytes } from '../k8s/quantity.ts';

/**
 * The effective requests of a Pod, as k8s.io/component-helpers/resource/helpers.go PodRequests
 * computes them for the scheduler and the kubelet:
 *
 *   max( Σ app containers + Σ restartable (sidecar) init containers,
 *        max over regular init containers of (its request + the sidecars started before it) )
 *   + pod overhead
 *
 * Pod-level resources (spec.resources, PodLevelResources, beta and on by default in 1.34)
 * replace the container sum for the resources they set.
 */
export interface PodResources {
  milliCPU: number;
  /** bytes */
  memory: number;
}

type Amounts = PodResources;

function amountsOf(list: ResourceList | undefined): Amounts {
  return { milliCPU: cpuMillis(list?.cpu), memory: memoryBytes(list?.memory) };
}

const add = (a: Amounts, b: Amounts): Amounts => ({ milliCPU: a.milliCPU + b.milliCPU, memory: a.memory + b.memory });
const max = (a: Amounts, b: Amounts): Amounts => ({ milliCPU: Math.max(a.milliCPU, b.milliCPU), memory: Math.max(a.memory, b.memory) });
const ZERO: Amounts = { milliCPU: 0, memory: 0 };

/** An init container with restartPolicy Always is a sidecar (KEP-753). */
export function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

function aggregate(pod: Pod, pick: (c: Container) => ResourceList | undefined): Amounts {
  let sum = (pod.spec.containers ?? []).reduce((acc, c) => add(acc, amountsOf(pick(c))), ZERO);
  let sidecars = ZERO;
  let initPeak = ZERO;
  for (const c of pod.spec.initContainers ?? []) {
    const own = amountsOf(pick(c));
    if (isRestartableInitContainer(c)) {
      // A sidecar keeps running: it adds to the steady state and to every later init step.
      sum = add(sum, own);
      sidecars = add(sidecars, own);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(own, sidecars));
    }
  }
  return max(sum, initPeak);
}

interface PodLevel {
  requests?: ResourceList;
  limits?: ResourceList;
}

/** PodRequests: cpu in millicores and memory in bytes, overhead included. */
export function podRequests(pod: Pod): PodResources {
  let reqs = aggregate(pod, (c) => c.resources?.requests);
  const podLevel = (pod.spec.resources as PodLevel | undefined)?.requests;
  if (podLevel?.cpu !== undefined) reqs = { ...reqs, milliCPU: cpuMillis(podLevel.cpu) };
  if (podLevel?.memory !== undefined) reqs = { ...reqs, memory: memoryBytes(podLevel.memory) };
  return add(reqs, amountsOf(pod.spec.overhead as ResourceList | undefined));
}

/**
 * PodLimits, the same way (kubectl describe node's "Allocated resources"). 0 means no limit;
 * overhead is added only to resources that have a limit, as upstream does.
 */
export function podLimits(pod: Pod): PodResources {
  let lims = aggregate(pod, (c) => c.resources?.limits);
  const podLevel = (pod.spec.resources as PodLevel | undefined)?.limits;
  if (podLevel?.cpu !== undefined) lims = { ...lims, milliCPU: cpuMillis(podLevel.cpu) };
  if (podLevel?.memory !== undefined) lims = { ...lims, memory: memoryBytes(podLevel.memory) };
  const overhead = amountsOf(pod.spec.overhead as ResourceList | undefined);
  return {
    milliCPU: lims.milliCPU > 0 ? lims.milliCPU + overhead.milliCPU : 0,
    memory: lims.memory > 0 ? lims.memory + overhead.memory : 0,
  };
}
