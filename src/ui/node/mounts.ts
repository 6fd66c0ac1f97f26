import type { TraceEvent } from '../../trace/schema.ts';

/**
 * A container's mount table as its init builds it in its new mount namespace, from the
 * low-level runtime's `mount`, `pivot_root` and `umount2` spans (runc
 * `libcontainer/rootfs_linux.go` prepareRootfs → mountToRootfs for each config.json mount,
 * pivotRoot: `pivot_root(".", ".")` after fchdir into the new root, then the old root is
 * detached with `umount2(".", MNT_DETACH)`; standard_init_linux.go then bind-remounts the
 * readonly paths and masks the masked ones with /dev/null or a read-only tmpfs).
 */

export type MountKind = 'rootfs' | 'fs' | 'bind' | 'readonly' | 'masked';

export interface MountEntry {
  /** Where the container sees it (`/proc`, `/etc/hosts`). */
  readonly target: string;
  readonly fstype: string;
  readonly source: string;
  readonly flags: string;
  readonly data?: string;
  kind: MountKind;
  /** Mounted or remounted read-only (MS_RDONLY). */
  readonly?: boolean;
  /** A later mount on the same path hides this one. */
  covered?: boolean;
  readonly t: number;
  readonly seq: number;
}

export interface ContainerMounts {
  /** The bundle's rootfs, which the container's `/` becomes: `<bundle>/rootfs`. */
  rootfs?: string;
  /** The pivot_root that made `rootfs` the container's `/`. */
  pivot?: { readonly t: number; readonly seq: number; readonly newRoot: string; readonly putOld: string };
  /** The old root detached after the pivot (the host's tree is gone from the container's view). */
  oldRootDetached?: boolean;
  readonly mounts: MountEntry[];
}

export class MountFold {
  readonly byContainer = new Map<string, ContainerMounts>();

  constructor(private readonly ociActor: string) {}

  apply(e: TraceEvent, container: string | undefined): void {
    if (e.kind !== 'span' || e.actor !== this.ociActor || !container) return;
    const a = e.attrs ?? {};
    // runc's own helpers (runc init's bind of its binary) live in the host's mount namespace.
    if (a['proc'] === 'runc init') return;
    if (e.op === 'mount') this.mount(e, a, container);
    else if (e.op === 'fchdir' && a['fd'] === 'newroot' && typeof a['path'] === 'string') this.get(container).rootfs = a['path'];
    else if (e.op === 'pivot_root') {
      const m = this.get(container);
      m.pivot = { t: e.t, seq: e.seq, newRoot: String(a['new_root'] ?? '.'), putOld: String(a['put_old'] ?? '.') };
      m.mounts.push({ target: '/', fstype: 'rootfs', source: m.rootfs ?? '', flags: '', kind: 'rootfs', t: e.t, seq: e.seq });
    } else if (e.op === 'umount2' && a['target'] === '.' && this.byContainer.get(container)?.pivot) this.get(container).oldRootDetached = true;
  }

  private get(container: string): ContainerMounts {
    let m = this.byContainer.get(container);
    if (!m) this.byContainer.set(container, (m = { mounts: [] }));
    return m;
  }

  private mount(e: TraceEvent, a: Record<string, unknown>, container: string): void {
    const m = this.get(container);
    const source = String(a['source'] ?? '');
    const target = String(a['target'] ?? '');
    const fstype = String(a['fstype'] ?? '');
    const flags = String(a['flags'] ?? '');
    const data = typeof a['data'] === 'string' ? a['data'] : undefined;
    const has = (f: string) => flags.split('|').includes(f);
    // The rootfs bound onto itself, before the pivot: "make it a mount point" (runc and crun both do it first).
    if (source !== '' && source === target && (fstype === 'bind' || has('MS_BIND')) && !m.pivot && (!m.rootfs || m.rootfs === target)) {
      m.rootfs = target;
      return;
    }
    // Propagation changes (source and fstype empty, no bind) and remounts change an existing mount.
    if (has('MS_REMOUNT')) {
      if (has('MS_RDONLY')) {
        const inside = m.pivot ? target : relativeTo(m.rootfs, target);
        const existing = [...m.mounts].reverse().find((x) => x.target === inside);
        if (existing) existing.readonly = true;
      }
      return;
    }
    if (source === '' && fstype === '' && !has('MS_BIND')) return;
    const inside = m.pivot ? target : relativeTo(m.rootfs, target);
    if (inside === undefined) return;
    let kind: MountKind = fstype === 'bind' || has('MS_BIND') ? 'bind' : 'fs';
    // Masked paths get /dev/null bound over them, or an empty tmpfs (read-only in runc, size=0k in crun).
    if (source === '/dev/null' || (fstype === 'tmpfs' && (has('MS_RDONLY') || data === 'size=0k'))) kind = 'masked';
    // Readonly paths: a bind of the path onto itself, remounted read-only (runc after the pivot, crun before it).
    else if (has('MS_BIND') && source === target) kind = 'readonly';
    for (const x of m.mounts) if (x.target === inside) x.covered = true;
    m.mounts.push({ target: inside, fstype: fstype === '' && has('MS_BIND') ? 'bind' : fstype, source, flags, ...(data ? { data } : {}), kind, t: e.t, seq: e.seq, ...(has('MS_RDONLY') ? { readonly: true } : {}) });
  }
}

/** `target` as seen from inside a rootfs (`<rootfs>/etc/hosts` → `/etc/hosts`). */
function relativeTo(rootfs: string | undefined, target: string): string | undefined {
  if (!rootfs) return undefined;
  if (target === rootfs) return '/';
  return target.startsWith(`${rootfs}/`) ? target.slice(rootfs.length) : undefined;
}
