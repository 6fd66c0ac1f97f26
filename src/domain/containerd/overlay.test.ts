import { describe, expect, it } from 'vitest';
import { activeSnapshotMounts, mountSyscall, snapshotFsDir, snapshotWorkDir } from './overlay.ts';

// containerd 2.x plugins/snapshots/overlay/overlay.go mounts; core/mount/mount_linux.go parseMountOptions.
describe('overlayfs snapshotter mounts', () => {
  it('names the snapshot dirs under the snapshotter root', () => {
    expect(snapshotFsDir(7)).toBe('/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/7/fs');
    expect(snapshotWorkDir(7)).toBe('/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/7/work');
  });

  it('mounts an active snapshot as workdir, upperdir, lowerdir (top layer first), then index=off', () => {
    const [m] = activeSnapshotMounts(9, [8, 7]);
    expect(m).toEqual({
      type: 'overlay',
      source: 'overlay',
      options: [`workdir=${snapshotWorkDir(9)}`, `upperdir=${snapshotFsDir(9)}`, `lowerdir=${snapshotFsDir(8)}:${snapshotFsDir(7)}`, 'index=off'],
    });
    expect(activeSnapshotMounts(9, [8], { indexOff: false })[0]?.options).toHaveLength(3);
  });

  it('binds a snapshot without parents (overlay needs a lower dir)', () => {
    expect(activeSnapshotMounts(1, [])).toEqual([{ type: 'bind', source: snapshotFsDir(1), options: ['rw', 'rbind'] }]);
  });

  it('turns flag options into mount flags and the rest into the data string', () => {
    const target = '/run/containerd/io.containerd.runtime.v2.task/k8s.io/abc/rootfs';
    const overlay = mountSyscall(activeSnapshotMounts(3, [2])[0]!, target);
    expect(overlay).toEqual({ source: 'overlay', target, fstype: 'overlay', flags: '0', data: `workdir=${snapshotWorkDir(3)},upperdir=${snapshotFsDir(3)},lowerdir=${snapshotFsDir(2)},index=off` });
    expect(mountSyscall(activeSnapshotMounts(1, [])[0]!, target)).toMatchObject({ fstype: 'bind', flags: 'MS_BIND|MS_REC', data: '' });
  });
});
