import { describe, expect, it } from 'vitest';
import { BASE_WORKING_SET, cgroupUsage, IDLE_CPU_NS_PER_S, STARTUP_CPU_NS, sumUsage } from './stats.ts';

// The counters containerd reads from a container's cgroup (internal/cri/server/container_stats_list.go
// linuxContainerMetrics: usage_usec, working set = usage - inactive_file), as the model keeps them.
describe('cgroupUsage', () => {
  it('is empty for a container that never ran', () => {
    expect(cgroupUsage({ runningMicros: 0, imageSizeBytes: 1_000_000 })).toEqual({ usageCoreNanoSeconds: 0, usageBytes: 0, workingSetBytes: 0, rssBytes: 0, pids: 0 });
  });

  it('grows the CPU counter with running time and keeps the working set page-aligned', () => {
    const a = cgroupUsage({ runningMicros: 1_000_000, imageSizeBytes: 64_000_000 });
    const b = cgroupUsage({ runningMicros: 11_000_000, imageSizeBytes: 64_000_000 });
    expect(a.usageCoreNanoSeconds).toBe(STARTUP_CPU_NS + IDLE_CPU_NS_PER_S);
    expect(b.usageCoreNanoSeconds - a.usageCoreNanoSeconds).toBe(10 * IDLE_CPU_NS_PER_S);
    expect(a.workingSetBytes % 4096).toBe(0);
    expect(a.workingSetBytes).toBeGreaterThan(BASE_WORKING_SET);
    // usage = working set + inactive_file, so working set never exceeds usage.
    expect(a.usageBytes).toBeGreaterThanOrEqual(a.workingSetBytes);
    expect(a.rssBytes).toBeLessThanOrEqual(a.workingSetBytes);
  });

  it('never reports a working set above the memory limit', () => {
    expect(cgroupUsage({ runningMicros: 5_000_000, imageSizeBytes: 1_000_000_000, memoryLimitBytes: 16 * 1024 * 1024 }).workingSetBytes).toBe(16 * 1024 * 1024);
  });

  it('sums a pod\'s containers', () => {
    const one = cgroupUsage({ runningMicros: 1_000_000, imageSizeBytes: 300_000 });
    expect(sumUsage([one, one])).toEqual({ usageCoreNanoSeconds: 2 * one.usageCoreNanoSeconds, usageBytes: 2 * one.usageBytes, workingSetBytes: 2 * one.workingSetBytes, rssBytes: 2 * one.rssBytes, pids: 2 });
  });
});
