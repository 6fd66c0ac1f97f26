/**
 * The overlayfs snapshotter's directories and the mounts it hands out for a container's active
 * snapshot, and the mount(2) call that turns one of them into the bundle's rootfs. Follows
 * containerd 2.x plugins/snapshots/overlay/overlay.go (mounts, upperPath, workPath,
 * supportsIndex) and core/mount/mount_linux.go (parseMountOptions: flag options become mount
 * flags, the rest the data string, in their order).
 */

/** The snapshotter's root under containerd's root (/var/lib/containerd). */
export const OVERLAYFS_ROOT = '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs';

/** `snapshots/<n>/fs`: a snapshot's own directory (a layer's files, or a container's upper dir). */
export function snapshotFsDir(n: number): string {
  return `${OVERLAYFS_ROOT}/snapshots/${n}/fs`;
}

/** `snapshots/<n>/work`: overlayfs' work dir, made for active snapshots only. */
export function snapshotWorkDir(n: number): string {
  return `${OVERLAYFS_ROOT}/snapshots/${n}/work`;
}

/** A mount as containerd's mount.Mount describes it. */
export interface SnapshotMount {
  type: string;
  source: string;
  options: string[];
}

/**
 * The mounts of an active snapshot `n` whose parents are `parents` (snapshot numbers, nearest
 * first: the image's top layer first). No parent: a bind of its own dir (overlay needs a lower
 * dir). Otherwise one overlay: workdir and upperdir of `n`, the parents as lowerdir, then the
 * snapshotter's own options (`index=off` where the kernel has the parameter, as on every
 * kernel ≥ 4.13).
 */
export function activeSnapshotMounts(n: number, parents: readonly number[], opts: { indexOff?: boolean } = {}): SnapshotMount[] {
  if (parents.length === 0) return [{ type: 'bind', source: snapshotFsDir(n), options: ['rw', 'rbind'] }];
  const options = [`workdir=${snapshotWorkDir(n)}`, `upperdir=${snapshotFsDir(n)}`, `lowerdir=${parents.map(snapshotFsDir).join(':')}`];
  if (opts.indexOff ?? true) options.push('index=off');
  return [{ type: 'overlay', source: 'overlay', options }];
}

/** mount_linux.go's flag options, as strace names the flags; `rw` clears MS_RDONLY. */
const FLAG_OPTIONS: Record<string, string[]> = {
  bind: ['MS_BIND'],
  rbind: ['MS_BIND', 'MS_REC'],
  ro: ['MS_RDONLY'],
  rw: [],
  nosuid: ['MS_NOSUID'],
  nodev: ['MS_NODEV'],
  noexec: ['MS_NOEXEC'],
};

/**
 * The mount(2) call of `m` on `target`: flags in the kernel's bit order as strace prints them
 * (`0` for none), the remaining options joined by commas as the data string.
 */
export function mountSyscall(m: SnapshotMount, target: string): { source: string; target: string; fstype: string; flags: string; data: string } {
  const flags = new Set<string>();
  const data: string[] = [];
  for (const o of m.options) {
    const f = FLAG_OPTIONS[o];
    if (f) for (const x of f) flags.add(x);
    else data.push(o);
  }
  const order = ['MS_RDONLY', 'MS_NOSUID', 'MS_NODEV', 'MS_NOEXEC', 'MS_BIND', 'MS_REC'];
  const named = order.filter((x) => flags.has(x));
  return { source: m.source, target, fstype: m.type, flags: named.length ? named.join('|') : '0', data: data.join(',') };
}
