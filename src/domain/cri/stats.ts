/**
 * Container and pod resource usage for the CRI stats RPCs (cri-api api.proto ContainerStats,
 * PodSandboxStats; containerd 2.1 internal/cri/server/container_stats_list.go
 * linuxContainerMetrics: cpu from the cgroup's usage_usec, memory working set = usage minus
 * inactive_file, the writable layer from the snapshot's size).
 *
 * The simulator runs no real processes, so the cgroup counters are a deterministic model, not
 * measurements: a process burns STARTUP_CPU_NS when it starts and IDLE_CPU_NS_PER_S of CPU per
 * second it runs (a server waiting on accept/epoll), and its memory working set is
 * BASE_WORKING_SET plus a part of the image size (what it maps of its binaries and libraries),
 * rounded to pages and never above the cgroup's memory limit (the kernel reclaims at the limit).
 */

/** CPU a process uses while starting (execve, dynamic loading, config parsing): 12 ms. */
export const STARTUP_CPU_NS = 12_000_000;
/** CPU per second of an idle server: 0.4 ms (0.04% of a core). */
export const IDLE_CPU_NS_PER_S = 400_000;
/** The smallest working set of a process (stack, heap, page tables): 1 MiB. */
export const BASE_WORKING_SET = 1_048_576;
/** The share of the image's bytes a running process keeps resident: 1/32. */
export const IMAGE_RESIDENT_FRACTION = 1 / 32;
const PAGE = 4096;

/** One container's cgroup counters at a moment. */
export interface CgroupUsage {
  /** cpu.stat usage_usec, in nanoseconds. */
  usageCoreNanoSeconds: number;
  /** memory.current. */
  usageBytes: number;
  /** memory.current - inactive_file. */
  workingSetBytes: number;
  /** memory.stat anon. */
  rssBytes: number;
  /** pids.current. */
  pids: number;
}

/**
 * The counters of a container's cgroup after `runningMicros` of its process running (0 when it
 * never started: the cgroup exists but is empty).
 */
export function cgroupUsage(opts: { runningMicros: number; imageSizeBytes: number; memoryLimitBytes?: number }): CgroupUsage {
  if (opts.runningMicros <= 0) return { usageCoreNanoSeconds: 0, usageBytes: 0, workingSetBytes: 0, rssBytes: 0, pids: 0 };
  const cpu = STARTUP_CPU_NS + Math.floor((opts.runningMicros * IDLE_CPU_NS_PER_S) / 1_000_000);
  const pages = (n: number): number => Math.ceil(n / PAGE) * PAGE;
  let workingSet = pages(BASE_WORKING_SET + opts.imageSizeBytes * IMAGE_RESIDENT_FRACTION);
  if (opts.memoryLimitBytes && opts.memoryLimitBytes > 0) workingSet = Math.min(workingSet, opts.memoryLimitBytes);
  // The page cache of what was read at start (inactive_file) sits on top of the working set.
  const inactiveFile = pages(opts.imageSizeBytes / 64);
  const rss = pages(workingSet * 0.75);
  return { usageCoreNanoSeconds: cpu, usageBytes: workingSet + inactiveFile, workingSetBytes: workingSet, rssBytes: Math.min(rss, workingSet), pids: 1 };
}

/** The bytes a container wrote to its writable layer (its overlay upperdir): the model writes none but the dirs runc creates. */
export function writableLayerUsage(started: boolean): { usedBytes: number; inodesUsed: number } {
  // runc creates /dev entries and mount points in the rootfs; containerd's snapshot usage counts 4 KiB per directory.
  return started ? { usedBytes: 8192, inodesUsed: 2 } : { usedBytes: 4096, inodesUsed: 1 };
}

/** Sum of counters (a pod's cgroup holds its containers' and the pause container's). */
export function sumUsage(items: readonly CgroupUsage[]): CgroupUsage {
  return items.reduce(
    (a, b) => ({ usageCoreNanoSeconds: a.usageCoreNanoSeconds + b.usageCoreNanoSeconds, usageBytes: a.usageBytes + b.usageBytes, workingSetBytes: a.workingSetBytes + b.workingSetBytes, rssBytes: a.rssBytes + b.rssBytes, pids: a.pids + b.pids }),
    { usageCoreNanoSeconds: 0, usageBytes: 0, workingSetBytes: 0, rssBytes: 0, pids: 0 },
  );
}
