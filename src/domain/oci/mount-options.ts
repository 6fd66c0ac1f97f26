/**
 * config.json mount options as mount(2) sees them, shared by the runc and crun step kernels:
 * the option names of runtime-spec config.md ("ro", "nosuid", "rbind", "rprivate", …) mapped to
 * MS_* flags, propagation calls and filesystem data, as runc's parseMountOptions
 * (libcontainer/specconv/spec_linux.go) and crun's mount_flags table (src/libcrun/mount_flags.perf)
 * do; flags printed in the order strace prints them (ascending bit value).
 */
import type { OciMount } from './spec.ts';

export const MOUNT_OPTION_FLAGS: Readonly<Record<string, string>> = {
  ro: 'MS_RDONLY',
  nosuid: 'MS_NOSUID',
  nodev: 'MS_NODEV',
  noexec: 'MS_NOEXEC',
  relatime: 'MS_RELATIME',
  strictatime: 'MS_STRICTATIME',
  rbind: 'MS_BIND|MS_REC',
  bind: 'MS_BIND',
};
export const PROPAGATION_FLAGS: Readonly<Record<string, string>> = {
  rprivate: 'MS_REC|MS_PRIVATE',
  private: 'MS_PRIVATE',
  rslave: 'MS_REC|MS_SLAVE',
  slave: 'MS_SLAVE',
  rshared: 'MS_REC|MS_SHARED',
  shared: 'MS_SHARED',
};

/** mount(2) flag bits, to print flags in strace's order (ascending value). */
const MS_BITS: Readonly<Record<string, number>> = {
  MS_RDONLY: 1, MS_NOSUID: 2, MS_NODEV: 4, MS_NOEXEC: 8, MS_REMOUNT: 32, MS_BIND: 4096, MS_MOVE: 8192, MS_REC: 16384,
  MS_PRIVATE: 1 << 18, MS_SLAVE: 1 << 19, MS_SHARED: 1 << 20, MS_RELATIME: 1 << 21, MS_STRICTATIME: 1 << 24,
};

/** "MS_BIND|MS_REC|MS_RDONLY" → "MS_RDONLY|MS_BIND|MS_REC", as strace prints them. */
export function straceMountFlags(flags: string): string {
  if (!flags) return flags;
  const names = [...new Set(flags.split('|'))];
  return names.sort((a, b) => (MS_BITS[a] ?? 0) - (MS_BITS[b] ?? 0)).join('|');
}

/** Split config.json mount options into mount(2) flags, propagation calls and fs data (runc parseMountOptions; crun's is the same table). */
export function parseMountOptions(options: readonly string[] = []): { flags: string[]; propagation: string[]; data: string[]; readonly: boolean } {
  const flags: string[] = [];
  const propagation: string[] = [];
  const data: string[] = [];
  for (const o of options) {
    if (MOUNT_OPTION_FLAGS[o]) flags.push(MOUNT_OPTION_FLAGS[o] as string);
    else if (PROPAGATION_FLAGS[o]) propagation.push(PROPAGATION_FLAGS[o] as string);
    else if (o !== 'rw') data.push(o);
  }
  return { flags, propagation, data, readonly: options.includes('ro') };
}

/** nosuid/nodev/noexec of the spec mount a path lives on (the longest destination prefix), as flag names. */
export function containingMountFlags(mounts: readonly OciMount[], path: string): string[] {
  const owner = mounts.filter((m) => path === m.destination || path.startsWith(`${m.destination.replace(/\/$/, '')}/`)).sort((a, b) => b.destination.length - a.destination.length)[0];
  return parseMountOptions(owner?.options).flags.filter((f) => f === 'MS_NOSUID' || f === 'MS_NODEV' || f === 'MS_NOEXEC');
}

/** a + "/" + b with one slash between them. */
export function joinPath(a: string, b: string): string {
  return `${a.replace(/\/+$/, '')}/${b.replace(/^\/+/, '')}`;
}

/** A stable 6-character suffix, standing in for mkstemp's random XXXXXX. */
export function tmpSuffix(seed: string): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += chars[h % chars.length];
    h = Math.imul(h ^ i, 16777619) >>> 0;
  }
  return out;
}

