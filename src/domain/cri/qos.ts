import type { Container, Pod } from '../k8s/objects.ts';
import { intValue, milliValue } from './quantity.ts';

/** v1.PodQOSClass. */
export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Requests as the apiserver leaves them: a limit without a request defaults the request. */
function effectiveRequests(c: Container): Record<string, string | undefined> {
  const limits = c.resources?.limits ?? {};
  const requests = { ...(c.resources?.requests ?? {}) };
  for (const r of ['cpu', 'memory']) if (requests[r] === undefined && limits[r] !== undefined) requests[r] = limits[r];
  return requests;
}

/**
 * The pod's QoS class (pkg/apis/core/v1/helper/qos GetPodQOS): BestEffort when no container
 * requests or limits cpu/memory; Guaranteed when every container limits both and requests equal
 * limits; Burstable otherwise. status.qosClass wins when already set by the apiserver.
 */
export function podQosClass(pod: Pod): QosClass {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = effectiveRequests(c);
    const lim = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if ((req[r] !== undefined && parseNonZero(req[r])) || (lim[r] !== undefined && parseNonZero(lim[r]))) any = true;
      const rq = r === 'cpu' ? milliValue(req[r]) : intValue(req[r]);
      const lm = r === 'cpu' ? milliValue(lim[r]) : intValue(lim[r]);
      if (lim[r] === undefined || rq !== lm) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function parseNonZero(q: string | undefined): boolean {
  return milliValue(q) !== 0;
}

/** The OOM score adjustments of pkg/kubelet/qos/policy.go. */
export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BESTEFFORT_OOM_SCORE_ADJ = 1000;
/** containerd's pause container (pkg/cri/server defaultSandboxOOMAdj). */
export const SANDBOX_OOM_SCORE_ADJ = -998;

/**
 * qos.GetContainerOOMScoreAdjust: Guaranteed -997, BestEffort 1000, Burstable
 * 1000 - 1000*memoryRequest/memoryCapacity clamped to [3, 999] so a burstable container is
 * always killed after best-effort ones and before guaranteed ones.
 */
export function containerOomScoreAdj(pod: Pod, container: Container, memoryCapacityBytes: number): number {
  const qos = podQosClass(pod);
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BESTEFFORT_OOM_SCORE_ADJ;
  const memoryRequest = intValue(effectiveRequests(container).memory);
  const adj = 1000 - Math.trunc((1000 * memoryRequest) / memoryCapacityBytes);
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BESTEFFORT_OOM_SCORE_ADJ) return BESTEFFORT_OOM_SCORE_ADJ - 1;
  return adj;
}

/**
 * The pod-level cgroup the kubelet's QoS container manager creates and passes as
 * `linux.cgroupParent` (pkg/kubelet/cm/qos_container_manager_linux.go, pod_container_manager):
 * Guaranteed pods sit directly under kubepods, the others under a QoS-class child. The systemd
 * driver spells the same path as a slice whose dashes encode the hierarchy, so the uid's own
 * dashes become underscores.
 */
export function podCgroupParent(pod: Pod, cgroupDriver: 'systemd' | 'cgroupfs'): string {
  const uid = pod.metadata.uid ?? '';
  const qos = podQosClass(pod);
  const qosPart = qos === 'Guaranteed' ? '' : qos.toLowerCase();
  if (cgroupDriver === 'systemd') {
    const escaped = uid.replace(/-/g, '_');
    return qosPart ? `kubepods-${qosPart}-pod${escaped}.slice` : `kubepods-pod${escaped}.slice`;
  }
  return qosPart ? `/kubepods/${qosPart}/pod${uid}` : `/kubepods/pod${uid}`;
}

/** cm.MilliCPUToShares: 1024 shares per core, at least 2 (the kernel minimum), at most 262144. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return 2;
  const shares = Math.trunc((milliCpu * 1024) / 1000);
  return Math.min(262144, Math.max(2, shares));
}

/** milliCPUToQuota: quota for a period, 0 when there is no limit, at least 1000 µs. */
export function milliCpuToQuota(milliCpu: number, period: number): number {
  if (milliCpu === 0) return 0;
  return Math.max(1000, Math.trunc((milliCpu * period) / 1000));
}
