import type { CriResources } from './cri.ts';

/** The 12-character short form of a container or sandbox id, as `crictl ps` prints it (13 there, with the trailing char). */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 12) : id;
}

/** `sha256:91ff29c7c081…` → `91ff29c7c081`. */
export function shortDigest(digest: string): string {
  return shortId(digest.replace(/^sha256:/, ''));
}

/**
 * Bytes as `docker images` prints sizes: decimal units, three significant digits
 * (docker/go-units HumanSizeWithPrecision(size, 3), `%.3g`): 28232509 → `28.2MB`, 1211 → `1.21kB`.
 */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v.toPrecision(3);
  return `${digits.includes('.') ? digits.replace(/\.?0+$/, '') : digits}${units[i]}`;
}

/** Memory in bytes as a Kubernetes quantity when it is a whole number of Mi or Gi: 134217728 → `128Mi`. */
export function formatMemory(n: number): string {
  const gi = 1024 ** 3;
  const mi = 1024 ** 2;
  if (n >= gi && n % gi === 0) return `${n / gi}Gi`;
  if (n >= mi && n % mi === 0) return `${n / mi}Mi`;
  return String(n);
}

/**
 * Replaces the long ids inside a path with their short form, so paths fit a panel and stay
 * recognizable: `/run/containerd/io.containerd.runtime.v2.task/k8s.io/a126e464…/rootfs` →
 * `/run/containerd/io.containerd.runtime.v2.task/k8s.io/a126e464baa4…/rootfs`. The full path
 * goes into the title.
 */
export function compactPath(path: string): string {
  return path.replace(/[0-9a-f]{64}/g, (id) => `${id.slice(0, 12)}…`).replace(/pod([0-9a-f]{8})_[0-9a-f_]{27}/g, 'pod$1…');
}

/** The CRI resources as `key value` pairs, only the ones set (`cpuQuota: 0` is "no quota", still shown). */
export function criResourcePairs(r: CriResources | undefined): [string, string][] {
  if (!r) return [];
  const out: [string, string][] = [];
  if (r.cpuShares !== undefined) out.push(['cpuShares', String(r.cpuShares)]);
  if (r.cpuQuota !== undefined) out.push(['cpuQuota', r.cpuPeriod !== undefined ? `${r.cpuQuota}/${r.cpuPeriod}` : String(r.cpuQuota)]);
  if (r.memoryLimitInBytes !== undefined) out.push(['memoryLimitInBytes', `${r.memoryLimitInBytes} (${formatMemory(r.memoryLimitInBytes)})`]);
  if (r.oomScoreAdj !== undefined) out.push(['oomScoreAdj', String(r.oomScoreAdj)]);
  return out;
}

/** The cgroup v2 limit files the view leads with, in this order; the rest follow as written. */
export const LEADING_CGROUP_FILES: readonly string[] = ['cpu.weight', 'cpu.max', 'memory.max', 'memory.swap.max', 'pids.max'];

/** Orders written cgroup files: the leading ones first, then the others as written. */
export function orderCgroupFiles(files: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  const lead = LEADING_CGROUP_FILES.flatMap((name) => files.filter(([f]) => f === name));
  return [...lead, ...files.filter(([f]) => !LEADING_CGROUP_FILES.includes(f))];
}
