import type { ImageInfo } from '../../../domain/images/catalog.ts';
import { cgroupUsage, sumUsage, writableLayerUsage, type CgroupUsage } from '../../../domain/cri/stats.ts';
import { IMAGE_FS_MOUNTPOINT } from './cri-runtime.ts';

/**
 * The stats RPCs of containerd 2.1's CRI plugin, in protobuf JSON (uint64 and int64 as strings,
 * wrappers as `{value}`): ContainerStats / ListContainerStats (container_stats.go,
 * container_stats_list.go linuxContainerMetrics), PodSandboxStats / ListPodSandboxStats
 * (sandbox_stats_linux.go), and the metrics of ListPodSandboxMetrics (cAdvisor's names, the
 * label keys id and name of list_metric_descriptors.go). The counters come from the model's
 * cgroups (domain/cri/stats.ts).
 */

type Json = Record<string, unknown>;

/** What the stats need of a container. */
export interface StatsContainer {
  id: string;
  name: string;
  attempt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  image?: ImageInfo;
  running: boolean;
  startedAt?: number;
  finishedAt?: number;
  memoryLimit?: number;
}

/** Unix nanoseconds of a simulated time, as protobuf JSON writes an int64. */
export function unixNanos(originMs: number, t: number): string {
  return String(BigInt(originMs) * 1_000_000n + BigInt(Math.trunc(t)) * 1_000n);
}

const u64 = (n: number): Json => ({ value: String(Math.max(0, Math.trunc(n))) });

/** A container's cgroup counters now: running time is up to now, or up to its exit. */
export function usageOf(c: StatsContainer, now: number): CgroupUsage {
  if (!c.running) return cgroupUsage({ runningMicros: 0, imageSizeBytes: 0 });
  const running = now - (c.startedAt ?? now);
  return cgroupUsage({ runningMicros: running, imageSizeBytes: c.image?.sizeBytes ?? 0, ...(c.memoryLimit ? { memoryLimitBytes: c.memoryLimit } : {}) });
}

/**
 * One ContainerStats. `previous` is the last sample of this container (containerd keeps it in
 * the container store): usageNanoCores is the rate since then, unset on the first sample.
 */
export function containerStats(c: StatsContainer, now: number, originMs: number, previous?: { cpu: number; t: number }): { stats: Json; sample: { cpu: number; t: number } } {
  const ts = unixNanos(originMs, now);
  const usage = usageOf(c, now);
  const layer = writableLayerUsage(c.startedAt !== undefined);
  const cpu: Json = { timestamp: ts, usageCoreNanoSeconds: u64(usage.usageCoreNanoSeconds) };
  if (previous && now > previous.t && usage.usageCoreNanoSeconds >= previous.cpu) {
    cpu.usageNanoCores = u64(((usage.usageCoreNanoSeconds - previous.cpu) * 1_000_000) / (now - previous.t));
  }
  const stats: Json = {
    attributes: { id: c.id, metadata: { name: c.name, attempt: c.attempt }, labels: { ...c.labels }, annotations: { ...c.annotations } },
    cpu,
    memory: {
      timestamp: ts,
      workingSetBytes: u64(usage.workingSetBytes),
      // isMemoryUnlimited: no limit, no availableBytes.
      ...(c.memoryLimit ? { availableBytes: u64(c.memoryLimit - usage.workingSetBytes) } : {}),
      usageBytes: u64(usage.usageBytes),
      rssBytes: u64(usage.rssBytes),
      pageFaults: u64(0),
      majorPageFaults: u64(0),
    },
    writableLayer: { timestamp: ts, fsId: { mountpoint: IMAGE_FS_MOUNTPOINT }, usedBytes: u64(layer.usedBytes), inodesUsed: u64(layer.inodesUsed) },
  };
  return { stats, sample: { cpu: usage.usageCoreNanoSeconds, t: now } };
}

/** What the stats need of a sandbox. */
export interface StatsSandbox {
  id: string;
  config: Json;
  pause: StatsContainer;
  containers: StatsContainer[];
}

/** PodSandboxStats (sandbox_stats_linux.go): the pod cgroup's sums, eth0, the process count and its containers. */
export function podSandboxStats(s: StatsSandbox, now: number, originMs: number, containerStatsList: Json[]): Json {
  const ts = unixNanos(originMs, now);
  const total = sumUsage([usageOf(s.pause, now), ...s.containers.map((c) => usageOf(c, now))]);
  return {
    attributes: { id: s.id, metadata: s.config['metadata'], labels: { ...((s.config['labels'] ?? {}) as Json) }, annotations: { ...((s.config['annotations'] ?? {}) as Json) } },
    linux: {
      cpu: { timestamp: ts, usageCoreNanoSeconds: u64(total.usageCoreNanoSeconds) },
      memory: { timestamp: ts, workingSetBytes: u64(total.workingSetBytes), usageBytes: u64(total.usageBytes), rssBytes: u64(total.rssBytes), pageFaults: u64(0), majorPageFaults: u64(0) },
      // The model counts no packets: eth0 with zero counters, as a pod that has talked to nobody.
      network: { timestamp: ts, defaultInterface: { name: 'eth0', rxBytes: u64(0), rxErrors: u64(0), txBytes: u64(0), txErrors: u64(0) }, interfaces: [] },
      process: { timestamp: ts, processCount: u64(total.pids) },
      containers: containerStatsList,
    },
  };
}

/**
 * ListMetricDescriptors: the cAdvisor metrics containerd serves for the kubelet's
 * /metrics/cadvisor, with the base label keys id and name (list_metric_descriptors.go).
 */
export const METRIC_DESCRIPTORS: readonly Json[] = [
  { name: 'container_cpu_usage_seconds_total', help: 'Cumulative cpu time consumed in seconds.', labelKeys: ['id', 'name'] },
  { name: 'container_memory_usage_bytes', help: 'Current memory usage in bytes, including all memory regardless of when it was accessed', labelKeys: ['id', 'name'] },
  { name: 'container_memory_working_set_bytes', help: 'Current working set in bytes.', labelKeys: ['id', 'name'] },
  { name: 'container_memory_rss', help: 'Size of RSS in bytes.', labelKeys: ['id', 'name'] },
];

/** The Metric values of one container for ListPodSandboxMetrics. */
export function containerMetrics(c: StatsContainer, now: number, originMs: number): Json {
  const u = usageOf(c, now);
  const ts = unixNanos(originMs, now);
  const metric = (name: string, type: 'COUNTER' | 'GAUGE', value: number): Json => ({ name, timestamp: ts, metricType: type, labelValues: [c.id, c.name], value: u64(value) });
  return {
    containerId: c.id,
    metrics: [
      // cpu seconds as cAdvisor exports them: the counter in nanoseconds / 1e9 is done by the kubelet; CRI carries the integer.
      metric('container_cpu_usage_seconds_total', 'COUNTER', u.usageCoreNanoSeconds),
      metric('container_memory_usage_bytes', 'GAUGE', u.usageBytes),
      metric('container_memory_working_set_bytes', 'GAUGE', u.workingSetBytes),
      metric('container_memory_rss', 'GAUGE', u.rssBytes),
    ],
  };
}
