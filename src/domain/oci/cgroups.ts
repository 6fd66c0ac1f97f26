/**
 * How runc turns `linux.cgroupsPath` and `linux.resources` into cgroup directories and file
 * writes. Read from runc libcontainer/cgroups: systemd/common.go ExpandSlice and
 * getUnitName ("<prefix>-<name>.scope"), fs2 Set order (pids, memory, io, cpu, devices, cpuset,
 * hugetlb, rdma, freezer, unified), fs (v1) subsystem order, cgroups/utils.go
 * ConvertCPUSharesToCgroupV2Value, and specconv AllowedDevices (the 11 device rules the real
 * capture saw as devices.allow writes).
 *
 * cgroup v2 (unified) is the default, as on current distributions; the machine the real traces
 * were recorded on is hybrid v1, which cgroupVersion: 1 reproduces (RECORDING_VM_V1: nine v1
 * hierarchies, hugetlb alone on the unified mount).
 */
export type CgroupDriver = 'systemd' | 'cgroupfs';
export type CgroupVersion = 1 | 2;

/**
 * A host's v1 cgroup hierarchies: their directories under /sys/fs/cgroup in /proc/self/mountinfo
 * order (the order runc bind-mounts them into a container), in /proc/self/cgroup order (highest
 * hierarchy id first: the order crun walks them), and whether a cgroup2 mount sits at
 * /sys/fs/cgroup/unified (hybrid).
 */
export interface CgroupV1Layout {
  hierarchies: readonly string[];
  procCgroupOrder: readonly string[];
  unified: boolean;
}

/** The recording VM (real-capture-notes section 0; /proc/self/mountinfo and /proc/self/cgroup there). */
export const RECORDING_VM_V1: CgroupV1Layout = {
  hierarchies: ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'systemd'],
  procCgroupOrder: ['systemd', 'pids', 'blkio', 'freezer', 'devices', 'memory', 'cpuset', 'cpuacct', 'cpu'],
  unified: true,
};

/** Every v1 hierarchy directory name the model knows: the recording VM's and the combined ones of systemd distributions. */
export const V1_HIERARCHIES: readonly string[] = [...RECORDING_VM_V1.hierarchies, 'blkio', 'cpu,cpuacct', 'net_cls,net_prio', 'perf_event', 'rdma', 'hugetlb'].filter((h, i, all) => all.indexOf(h) === i);

/**
 * runc's v1 subsystems in the order its fs manager applies and sets them
 * (libcontainer/cgroups/fs/fs.go `subsystems`); `systemd` is the name=systemd hierarchy.
 */
export const RUNC_V1_SUBSYSTEMS: readonly string[] = ['cpuset', 'devices', 'memory', 'cpu', 'cpuacct', 'pids', 'blkio', 'hugetlb', 'net_cls', 'net_prio', 'perf_event', 'freezer', 'rdma', 'systemd', 'misc'];

/** The hierarchy directory that holds `subsystem` (`cpu` lives in `cpu,cpuacct` where they are mounted together). */
export function hierarchyOf(layout: CgroupV1Layout, subsystem: string): string | undefined {
  return layout.hierarchies.find((h) => h.split(',').includes(subsystem));
}

/**
 * "a-b-c.slice" → "a.slice/a-b.slice/a-b-c.slice" (systemd ExpandSlice); "-.slice", the root
 * slice, → "". runc refuses a name without the suffix, the bare ".slice", one with a "/" and one
 * with an empty component ("a--b.slice", "-a.slice"): "invalid slice name: <name>".
 */
export function expandSlice(slice: string): string {
  const invalid = (): Error => new Error(`invalid slice name: ${slice}`);
  if (!slice.endsWith('.slice') || slice.includes('/')) throw invalid();
  const base = slice.slice(0, -'.slice'.length);
  if (base === '-') return '';
  let prefix = '';
  const out: string[] = [];
  for (const part of base.split('-')) {
    if (part === '') throw invalid();
    prefix = prefix ? `${prefix}-${part}` : part;
    out.push(`${prefix}.slice`);
  }
  return out.join('/');
}

/**
 * The slice runc's systemd managers put a container under when the config names none
 * (libcontainer/cgroups/systemd v1.go and v2.go Apply: `slice := "system.slice"` unless
 * c.Parent is set).
 */
export const DEFAULT_SYSTEMD_SLICE = 'system.slice';

/**
 * How runc reads a systemd cgroupsPath (libcontainer/specconv CreateCgroupConfig):
 * `<slice>:<prefix>:<name>`, an empty slice meaning the default one; with no cgroupsPath at all
 * the prefix is "runc" and the name the container id. The unit (systemd/common.go getUnitName)
 * is `<prefix>-<name>.scope`, or the name itself when it is a slice: cri-containerd-<id>.scope
 * (containerd), crio-<id>.scope (CRI-O), docker-<id>.scope (dockerd with the systemd driver).
 */
export function systemdUnitName(cgroupsPath: string, id = ''): { slice: string; prefix: string; name: string; unit: string } {
  if (cgroupsPath === '') return { slice: DEFAULT_SYSTEMD_SLICE, prefix: 'runc', name: id, unit: `runc-${id}.scope` };
  const parts = cgroupsPath.split(':');
  // runc's own refusal (libcontainer/specconv) when the driver and the path disagree.
  if (parts.length !== 3) throw new Error(`expected cgroupsPath to be of format "slice:prefix:name" for systemd cgroups, got "${cgroupsPath}" instead`);
  const [slice = '', prefix = '', name = ''] = parts;
  return { slice: slice || DEFAULT_SYSTEMD_SLICE, prefix, name, unit: name.endsWith('.slice') ? name : `${prefix}-${name}.scope` };
}

/** The container's cgroup relative to a hierarchy root (`id` names it when the spec has no cgroupsPath). */
export function cgroupRelPath(cgroupsPath: string, driver: CgroupDriver, id = ''): string {
  if (driver === 'systemd') {
    const { slice, unit } = systemdUnitName(cgroupsPath, id);
    const expanded = expandSlice(slice);
    return expanded ? `/${expanded}/${unit}` : `/${unit}`;
  }
  if (cgroupsPath === '') return `/${id}`;
  return cgroupsPath.startsWith('/') ? cgroupsPath : `/${cgroupsPath}`;
}

/**
 * The directory (v2) or directories (v1) runc creates for a container, in the order it creates
 * them: v1 in its subsystem order (each hierarchy once), then, on a hybrid host, the unified one.
 * systemd paths look like `kubepods-besteffort-pod<uid>.slice:cri-containerd:<id>`; cgroupfs
 * paths like `/kubepods/besteffort/pod<uid>/<id>`.
 */
export function cgroupDirs(cgroupsPath: string, driver: CgroupDriver, version: CgroupVersion = 2, layout: CgroupV1Layout = RECORDING_VM_V1, id = ''): string[] {
  const rel = cgroupRelPath(cgroupsPath, driver, id);
  if (version === 2) return [`/sys/fs/cgroup${rel}`];
  const hierarchies = RUNC_V1_SUBSYSTEMS.map((s) => hierarchyOf(layout, s)).filter((h, i, all): h is string => h !== undefined && all.indexOf(h) === i);
  return [...hierarchies, ...(layout.unified ? ['unified'] : [])].map((h) => `/sys/fs/cgroup/${h}${rel}`);
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

/** The directory among `dirs` of the hierarchy that holds `subsystem`. */
function v1Dir(dirs: readonly string[], subsystem: string): string {
  return dirs.find((d) => (d.split('/')[4] ?? '').split(',').includes(subsystem)) ?? `/sys/fs/cgroup/${subsystem}`;
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
      // fs2/cpu.go setCpu: "max" unless a positive quota, then the period when one is set.
      const quota = r.cpu.quota !== undefined && r.cpu.quota > 0 ? String(r.cpu.quota) : 'max';
      out.push({ op: 'write', file: `${dir}/cpu.max`, value: r.cpu.period ? `${quota} ${r.cpu.period}` : quota });
    }
    // v2 has no devices.* files: runc compiles the rules into a BPF_PROG_TYPE_CGROUP_DEVICE program.
    out.push({ op: 'bpf', cmd: 'BPF_PROG_LOAD', attrs: { prog_type: 'BPF_PROG_TYPE_CGROUP_DEVICE', license: 'Apache', rules: (r.devices?.length ?? 0) + RUNC_ALLOWED_DEVICE_RULES.length } });
    out.push({ op: 'bpf', cmd: 'BPF_PROG_ATTACH', attrs: { target: dir, attach_type: 'BPF_CGROUP_DEVICE', attach_flags: 'BPF_F_ALLOW_MULTI' } });
    // fs2/cpuset.go setCpuset: cpus, then mems.
    if (r.cpu?.cpus) out.push({ op: 'write', file: `${dir}/cpuset.cpus`, value: r.cpu.cpus });
    if (r.cpu?.mems) out.push({ op: 'write', file: `${dir}/cpuset.mems`, value: r.cpu.mems });
    for (const h of r.hugepageLimits ?? []) out.push({ op: 'write', file: `${dir}/hugetlb.${h.pageSize}.max`, value: String(h.limit) });
    for (const [k, v] of Object.entries(r.unified ?? {})) out.push({ op: 'write', file: `${dir}/${k}`, value: v });
    return out;
  }
  // fs/cpuset.go Set comes first in runc's v1 subsystem order: cpus, then mems.
  if (r.cpu?.cpus) out.push({ op: 'write', file: `${v1Dir(dirs, 'cpuset')}/cpuset.cpus`, value: r.cpu.cpus });
  if (r.cpu?.mems) out.push({ op: 'write', file: `${v1Dir(dirs, 'cpuset')}/cpuset.mems`, value: r.cpu.mems });
  const devices = v1Dir(dirs, 'devices');
  out.push({ op: 'write', file: `${devices}/devices.deny`, value: 'a *:* rwm' });
  for (const rule of RUNC_ALLOWED_DEVICE_RULES) out.push({ op: 'write', file: `${devices}/devices.allow`, value: rule });
  const memory = v1Dir(dirs, 'memory');
  if (r.memory?.limit) {
    out.push({ op: 'write', file: `${memory}/memory.limit_in_bytes`, value: String(r.memory.limit) });
    if (r.memory.swap) out.push({ op: 'write', file: `${memory}/memory.memsw.limit_in_bytes`, value: String(r.memory.swap) });
  }
  const cpu = v1Dir(dirs, 'cpu');
  if (r.cpu?.shares) out.push({ op: 'write', file: `${cpu}/cpu.shares`, value: String(r.cpu.shares) });
  if (r.cpu?.period) out.push({ op: 'write', file: `${cpu}/cpu.cfs_period_us`, value: String(r.cpu.period) });
  if (r.cpu?.quota) out.push({ op: 'write', file: `${cpu}/cpu.cfs_quota_us`, value: String(r.cpu.quota) });
  if (r.pids) out.push({ op: 'write', file: `${v1Dir(dirs, 'pids')}/pids.max`, value: r.pids.limit > 0 ? String(r.pids.limit) : 'max' });
  return out;
}
