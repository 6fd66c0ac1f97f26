import type { TraceEvent } from '../../trace/schema.ts';

/**
 * containerd's overlayfs snapshots, from the snapshotter spans of an image pull and a container
 * create (containerd `core/snapshots`, `plugins/snapshots/overlay/overlay.go`): each layer is
 * unpacked into an active snapshot (`Prepare key parent`), the diff is applied through the
 * mounts the snapshotter returns (`Apply`: a bind of the first layer's `…/snapshots/N/fs`, then
 * overlays whose `upperdir` is the new layer's dir over `lowerdir`s of its parents), and
 * committed under the layer's chain ID (`Commit key name`). The image record (`images.Create`)
 * is made right after the last commit. A container's rootfs is one more active snapshot on top
 * of the image's chain (`snapshot prepare` with the container id as key), which the shim mounts
 * on `<bundle>/rootfs` before `runc create`: its `mount` span (domain/containerd/overlay.ts,
 * containerd `core/mount/mount_linux.go`) is what gives the container's overlay its lowerdirs
 * (the image's layers, top first), its own upperdir and workdir, and the merged dir.
 */

/** The shim's overlay mount of a container's rootfs, as its `mount` span has it. */
export interface RootfsOverlay {
  /** The merged dir: `<bundle>/rootfs`. */
  readonly target: string;
  /** Top first, as overlay's `lowerdir=a:b:c` lists them. */
  readonly lowerdirs: readonly string[];
  readonly upperdir?: string;
  readonly workdir?: string;
  /** Who mounted it (`containerd-shim-runc-v2`). */
  readonly proc?: string;
  readonly t: number;
}

export interface LayerInfo {
  /** The committed snapshot's name: the layer's chain ID. */
  readonly name: string;
  /** Its directory: `/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/N/fs`. */
  readonly dir?: string;
  /** The layer blob's digest and uncompressed diff ID, from `Apply`. */
  readonly digest?: string;
  readonly diffId?: string;
  /** Compressed size, from the blob's GET. */
  readonly size?: number;
}

export interface ContainerRootfs {
  readonly image: string;
  /** How many layers the snapshotter said the image has. */
  readonly layerCount?: number;
  /** The image's layers, top first (the order of overlay's `lowerdir`); empty when the pull is not in the trace. */
  readonly layers: readonly LayerInfo[];
  readonly t: number;
  /** Removed (`snapshot remove`). */
  removed?: boolean;
  /** The shim's overlay mount of it, once made. */
  overlay?: RootfsOverlay;
}

interface Active {
  readonly key: string;
  readonly parent?: string;
  dir?: string;
  digest?: string;
  diffId?: string;
}

export class SnapshotFold {
  private readonly active = new Map<string, Active>();
  private readonly prepareSeq = new Map<number, string>();
  private readonly committed = new Map<string, Active & { name: string }>();
  private readonly commitSeq = new Map<number, string>();
  private readonly imageTop = new Map<string, string>();
  private readonly blobSize = new Map<string, number>();
  readonly rootfs = new Map<string, ContainerRootfs>();

  apply(e: TraceEvent, container: string | undefined): void {
    if (e.kind !== 'span') return;
    const a = e.attrs ?? {};
    switch (e.op) {
      case 'GET':
        if (typeof a['digest'] === 'string' && typeof a['size'] === 'number') this.blobSize.set(a['digest'], a['size']);
        return;
      case 'Prepare': {
        const key = a['key'];
        if (typeof key !== 'string') return;
        const parent = typeof a['parent'] === 'string' && a['parent'] !== '' ? a['parent'] : undefined;
        this.active.set(key, { key, ...(parent ? { parent } : {}) });
        this.prepareSeq.set(e.seq, key);
        return;
      }
      case 'Apply': {
        const key = e.cause !== undefined ? this.prepareSeq.get(e.cause) : undefined;
        const snap = key ? this.active.get(key) : undefined;
        if (!snap) return;
        const dir = applyDir(a['mounts']);
        if (dir) snap.dir = dir;
        if (typeof a['digest'] === 'string') snap.digest = a['digest'];
        if (typeof a['diffId'] === 'string') snap.diffId = a['diffId'];
        return;
      }
      case 'Commit': {
        const key = a['key'];
        const name = a['name'];
        if (typeof key !== 'string' || typeof name !== 'string') return;
        const snap = this.active.get(key);
        this.active.delete(key);
        this.committed.set(name, { ...(snap ?? { key }), name });
        this.commitSeq.set(e.seq, name);
        return;
      }
      case 'images.Create': {
        // The image record is written right after its top layer's commit (its cause).
        const top = e.cause !== undefined ? this.commitSeq.get(e.cause) : undefined;
        if (top && typeof a['name'] === 'string') this.imageTop.set(a['name'], top);
        return;
      }
      case 'snapshot prepare':
        if (container && typeof a['image'] === 'string') {
          this.rootfs.set(container, {
            image: a['image'],
            ...(typeof a['layers'] === 'number' ? { layerCount: a['layers'] } : {}),
            layers: this.chain(a['image']),
            t: e.t,
          });
        }
        return;
      case 'mount': {
        // The shim's mount of the container's snapshot (its `id` is the container's).
        if (a['fstype'] !== 'overlay' || typeof a['data'] !== 'string' || typeof a['target'] !== 'string') return;
        const id = typeof a['id'] === 'string' ? a['id'] : container;
        const r = id ? this.rootfs.get(id) : undefined;
        if (r) r.overlay = { ...parseOverlayData(a['data']), target: a['target'], ...(typeof a['proc'] === 'string' ? { proc: a['proc'] } : {}), t: e.t };
        return;
      }
      case 'snapshot remove': {
        const r = container ? this.rootfs.get(container) : undefined;
        if (r) r.removed = true;
        return;
      }
      default:
        return;
    }
  }

  /** An image's committed layers, top first, following each snapshot's parent. */
  private chain(image: string): LayerInfo[] {
    const out: LayerInfo[] = [];
    let name = this.imageTop.get(image);
    const seen = new Set<string>();
    while (name && !seen.has(name)) {
      seen.add(name);
      const s = this.committed.get(name);
      if (!s) break;
      const size = s.digest ? this.blobSize.get(s.digest) : undefined;
      out.push({ name, ...(s.dir ? { dir: s.dir } : {}), ...(s.digest ? { digest: s.digest } : {}), ...(s.diffId ? { diffId: s.diffId } : {}), ...(size !== undefined ? { size } : {}) });
      name = s.parent;
    }
    return out;
  }
}

/** The directory the applied layer lands in: the bind's source, or the overlay's upperdir. */
function applyDir(mounts: unknown): string | undefined {
  if (!Array.isArray(mounts)) return undefined;
  const m = mounts[0] as { type?: unknown; source?: unknown; options?: unknown } | undefined;
  if (!m) return undefined;
  if (m.type === 'bind' && typeof m.source === 'string') return m.source;
  if (Array.isArray(m.options)) {
    const upper = (m.options as unknown[]).map(String).find((o) => o.startsWith('upperdir='));
    if (upper) return upper.slice('upperdir='.length);
  }
  return undefined;
}

/** overlay's mount data (`workdir=…,upperdir=…,lowerdir=a:b,index=off`): the Linux overlayfs options. */
export function parseOverlayData(data: string): { lowerdirs: string[]; upperdir?: string; workdir?: string } {
  const opts = new Map<string, string>();
  for (const o of data.split(',')) {
    const eq = o.indexOf('=');
    if (eq > 0) opts.set(o.slice(0, eq), o.slice(eq + 1));
  }
  const upper = opts.get('upperdir');
  const work = opts.get('workdir');
  return { lowerdirs: (opts.get('lowerdir') ?? '').split(':').filter(Boolean), ...(upper ? { upperdir: upper } : {}), ...(work ? { workdir: work } : {}) };
}
