import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostCgroupFacts } from '../real/support/cri/host-cgroups.ts';

// containerd internal/cri/opts/spec_linux.go isHugetlbControllerPresent and SwapControllerAvailable,
// on fake /sys/fs/cgroup trees.
describe('hostCgroupFacts', () => {
  const dirs: string[] = [];
  const tree = (files: string[], contents: Record<string, string> = {}): string => {
    const root = mkdtempSync(join(tmpdir(), 'ka-cgroups-'));
    dirs.push(root);
    for (const f of files) {
      mkdirSync(join(root, f, '..'), { recursive: true });
      writeFileSync(join(root, f), contents[f] ?? '');
    }
    return root;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('reads a hybrid v1 host (the recording VM): no hugetlb hierarchy even with hugetlb on the unified mount, swap accounting on', () => {
    const root = tree(['memory/memory.memsw.limit_in_bytes', 'unified/cgroup.controllers'], { 'unified/cgroup.controllers': 'hugetlb\n' });
    expect(hostCgroupFacts(root, join(root, 'none'))).toEqual({ hugetlbController: false, swapController: true });
  });

  it('reads a v1 host with a hugetlb hierarchy and no swap accounting', () => {
    const root = tree(['hugetlb/tasks', 'memory/memory.limit_in_bytes']);
    expect(hostCgroupFacts(root, join(root, 'none'))).toEqual({ hugetlbController: true, swapController: false });
  });

  it('reads a v2 host from cgroup.controllers and its own cgroup\'s memory.swap.max', () => {
    const root = tree(['cgroup.controllers', 'user.slice/session-1.scope/memory.swap.max', 'self'], { 'cgroup.controllers': 'cpuset cpu io memory hugetlb pids\n', self: '0::/user.slice/session-1.scope\n' });
    expect(hostCgroupFacts(root, join(root, 'self'))).toEqual({ hugetlbController: true, swapController: true });
    const bare = tree(['cgroup.controllers', 'self'], { 'cgroup.controllers': 'cpu memory pids\n', self: '0::/\n' });
    expect(hostCgroupFacts(bare, join(bare, 'self'))).toEqual({ hugetlbController: false, swapController: false });
  });
});
