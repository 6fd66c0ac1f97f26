/**
 * How runc turns `linux.cgroupsPath` and `linux.resources` into cgroup directories and file
 * writes. Read from runc libcontainer/cgroups: systemd/common.go ExpandSlice and
 * getUnitName ("<prefix>-<name>.scope"), fs2 Set order (pids, memory, io, cpu, devices, cpuset,
 * hugetlb, rdma, freezer, unified), fs (v1) subsystem order, cgroups/utils.go
 * ConvertCPUSharesToCgroupV2Value, and specconv AllowedDevices (the 11 device rules the real
 * capture saw as devices.allow writes).
 *
 * cgroup v2 (unified) is the default, as on current distributions; the machine the real traces
 * were recorded on is hybrid v1, which cgroupVersion: 1 reproduces (10 v1 hierarchies, hugetlb on
 * the unified mount).
 */
export type CgroupDriver = 'systemd' | 'cgroupfs';
export type CgroupVersion = 1 | 2;

/** The v1 hierarchies of the recording VM (real-capture-notes section 0/1: 10 hierarchies). */
export const V1_HIERARCHIES: readonly string[] = ['blkio', 'cpu,cpuacct', 'cpuset', 'devices', 'freezer', 'memory', 'net_cls,net_prio', 'perf_event', 'pids', 'rdma'];

/** "a-b-c.slice" → "a.slice/a-b.slice/a-b-c.slice" (systemd ExpandSlice). */
export function expandSlice(slice: string): string {
  if (!slice.endsWith('.slice')) throw new Error(`invalid slice name: ${slice}`);
  const base = slice.slice(0, -'.slice'.length);
  if (base === '-' || base === '') return '';
  const parts = base.split('-');
  let prefix = '';
  const out: string[] = [];
  for (const part of parts) {
    prefix = prefix ? `${prefix}-${part}` : part;
    out.push(`${prefix}.slice`);
  }
  return out.join('/');
}

/** The systemd unit runc asks for: `<prefix>-<name>.scope` (e.g. cri-containerd-<id>.scope). */
export function systemdUnitName(cgroupsPath: string): { slice: string; unit: string } {
  const parts = cgroupsPath.split(':');
  // runc's own refusal (libcontainer/specconv) when the driver and the path disagree.
  if (parts.length !== 3) throw new Error(`expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got "${cgroupsPath}" instead`);
  const [slice = '', prefix = '', name = ''] = parts;
  return { slice, unit: `${prefix}-${name}.scope` };
}

/**
 * The directory (v2) or directories (v1, one per hierarchy) runc creates for a container.
 * systemd paths look like `kubepods-besteffort-pod<uid>.slice:cri-containerd:<id>`; cgroupfs
 * paths like `/kubepods/besteffort/pod<uid>/<id>`.
 */
export function cgroupDirs(cgroupsPath: string, driver: CgroupDriver, version: CgroupVersion = 2): string[] {
  let rel: string;
  if (driver === 'systemd') {
    const { slice, unit } = systemdUnitName(cgroupsPath);
    rel = `/${expandSlice(slice)}/${unit}`;
  } else {
    rel = cgroupsPath.startsWith('/') ? cgroupsPath : `/${cgroupsPath}`;
  }
  if (version === 2) return [`/sys/fs/cgroup${rel}`];
  return V1_HIERARCHIES.map((h) => `/sys/fs/cgroup/${h}${rel}`);
}

/** cgroup v1 cpu.shares → v2 cpu.weight: 1 + ((shares - 2) * 9999) / 262142, integer math. */
export function sharesToWeight(shares: number): number {
  if (shares === 0) return 0;
  return 1 + Math.trunc(((shares - 2) * 9999) / 262142);
}

/** The device cgroup rules runc adds to every container (specconv AllowedDevices), as devices.allow lines. */
export const RUNC_ALLOWED_DEVICE_RULES: readonly string[] = [
  'c *:* m',
  'b *:* m',
  'c 1:3 rwm',
  'c 1:8 rwm',
  'c 1:7 rwm',
  'c 5:0 rwm',
  'c 1:5 rwm',
  'c 1:9 rwm',
  'c 136:* rwm',
  'c 5:2 rwm',
  'c 10:200 rwm',
];

/** The subset of linux.resources runc acts on here. */
export interface LinuxResources {
  devices?: { allow: boolean; access?: string; type?: string; major?: number; minor?: number }[];
  memory?: { limit?: number; swap?: number };
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string; mems?: string };
  pids?: { limit: number };
  hugepageLimits?: { pageSize: string; limit: number }[];
  unified?: Record<string, string>;
}

/** One cgroup file write (or, for v2 devices, a BPF syscall) that runc's Set performs. */
export interface CgroupWrite {
  op: 'write' | 'bpf';
  file?: string;
  value?: string;
  cmd?: string;
  attrs?: Record<string, unknown>;
}

function v1Dir(dirs: readonly string[], hierarchy: string): string {
  return dirs.find((d) => d.startsWith(`/sys/fs/cgroup/${hierarchy}/`)) ?? `/sys/fs/cgroup/${hierarchy}`;
}

/**
 * The writes of manager.Set(resources), in runc's order. v2: pids.max, memory.swap.max /
 * memory.max, cpu.weight / cpu.max, the device eBPF program, hugetlb.<size>.max, then the
 * unified map. v1: devices.deny "a *:* rwm" and the allow rules, memory, cpu, pids.
 */
export function cgroupSetWrites(resources: LinuxResources | undefined, dirs: readonly string[], version: CgroupVersion = 2): CgroupWrite[] {
  const r = resources ?? {};
  const out: CgroupWrite[] = [];
  if (version === 2) {
    const dir = dirs[0] ?? '/sys/fs/cgroup';
    if (r.pids) out.push({ op: 'write', file: `${dir}/pids.max`, value: r.pids.limit > 0 ? String(r.pids.limit) : 'max' });
    if (r.memory?.limit !== undefined && r.memory.limit !== 0) {
      if (r.memory.swap !== undefined) {
        // ConvertMemorySwapToCgroupV2Value: v1 swap is memory+swap, v2 is swap alone.
        const swap = r.memory.swap === -1 ? 'max' : String(Math.max(0, r.memory.swap - r.memory.limit));
        out.push({ op: 'write', file: `${dir}/memory.swap.max`, value: swap });
      }
      out.push({ op: 'write', file: `${dir}/memory.max`, value: r.memory.limit === -1 ? 'max' : String(r.memory.limit) });
    }
    if (r.cpu?.shares) out.push({ op: 'write', file: `${dir}/cpu.weight`, value: String(sharesToWeight(r.cpu.shares)) });
    if (r.cpu && (r.cpu.quota !== undefined || r.cpu.period !== undefined)) {
      const quota = r.cpu.quota !== undefined && r.cpu.quota > 0 ? String(r.cpu.quota) : 'max';
      out.push({ op: 'write', file: `${dir}/cpu.max`, value: `${quota} ${r.cpu.period ?? 100000}` });
    }
    // v2 has no devices.* files: runc compiles the rules into a BPF_PROG_TYPE_CGROUP_DEVICE program.
    out.push({ op: 'bpf', cmd: 'BPF_PROG_LOAD', attrs: { prog_type: 'BPF_PROG_TYPE_CGROUP_DEVICE', license: 'Apache', rules: (r.devices?.length ?? 0) + RUNC_ALLOWED_DEVICE_RULES.length } });
    out.push({ op: 'bpf', cmd: 'BPF_PROG_ATTACH', attrs: { target: dir, attach_type: 'BPF_CGROUP_DEVICE', attach_flags: 'BPF_F_ALLOW_MULTI' } });
    for (const h of r.hugepageLimits ?? []) out.push({ op: 'write', file: `${dir}/hugetlb.${h.pageSize}.max`, value: String(h.limit) });
    for (const [k, v] of Object.entries(r.unified ?? {})) out.push({ op: 'write', file: `${dir}/${k}`, value: v });
    return out;
  }
  const devices = v1Dir(dirs, 'devices');
  out.push({ op: 'write', file: `${devices}/devices.deny`, value: 'a *:* rwm' });
  for (const rule of RUNC_ALLOWED_DEVICE_RULES) out.push({ op: 'write', file: `${devices}/devices.allow`, value: rule });
  const memory = v1Dir(dirs, 'memory');
  if (r.memory?.limit) {
    out.push({ op: 'write', file: `${memory}/memory.limit_in_bytes`, value: String(r.memory.limit) });
    if (r.memory.swap) out.push({ op: 'write', file: `${memory}/memory.memsw.limit_in_bytes`, value: String(r.memory.swap) });
  }
  const cpu = v1Dir(dirs, 'cpu,cpuacct');
  if (r.cpu?.shares) out.push({ op: 'write', file: `${cpu}/cpu.shares`, value: String(r.cpu.shares) });
  if (r.cpu?.period) out.push({ op: 'write', file: `${cpu}/cpu.cfs_period_us`, value: String(r.cpu.period) });
  if (r.cpu?.quota) out.push({ op: 'write', file: `${cpu}/cpu.cfs_quota_us`, value: String(r.cpu.quota) });
  if (r.pids) out.push({ op: 'write', file: `${v1Dir(dirs, 'pids')}/pids.max`, value: r.pids.limit > 0 ? String(r.pids.limit) : 'max' });
  return out;
}
