import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerdHostFacts } from '../../../../src/engine/components/containerd/containerd.ts';

/**
 * What containerd's CRI plugin finds in the host's cgroups when it builds a container's
 * resources (containerd internal/cri/opts/spec_linux.go), probed the same way, so the model can
 * be told the recording host's facts:
 * - isHugetlbControllerPresent: on the unified hierarchy (v2), `hugetlb` in the root's
 *   cgroup.controllers; otherwise (v1, hybrid included) a hugetlb v1 hierarchy. A hybrid host's
 *   cgroup2 mount at /sys/fs/cgroup/unified does not count: containerd is not in unified mode.
 * - SwapControllerAvailable: v2, memory.swap.max in the process's own cgroup (/proc/self/cgroup
 *   `0::<path>`); v1, memory.memsw.limit_in_bytes in the memory hierarchy.
 */
export function hostCgroupFacts(root = '/sys/fs/cgroup', procSelfCgroup = '/proc/self/cgroup'): ContainerdHostFacts {
  const unified = existsSync(join(root, 'cgroup.controllers'));
  if (unified) {
    const controllers = readFileSync(join(root, 'cgroup.controllers'), 'utf8').trim().split(/\s+/);
    const own = existsSync(procSelfCgroup) ? (/^0::(.*)$/m.exec(readFileSync(procSelfCgroup, 'utf8'))?.[1] ?? '/') : '/';
    return { hugetlbController: controllers.includes('hugetlb'), swapController: existsSync(join(root, own, 'memory.swap.max')) };
  }
  return { hugetlbController: existsSync(join(root, 'hugetlb')), swapController: existsSync(join(root, 'memory', 'memory.memsw.limit_in_bytes')) };
}
