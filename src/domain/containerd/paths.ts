/**
 * Where containerd 1.6+ keeps things on a node, for the `k8s.io` namespace the CRI plugin uses.
 * These are the defaults of containerd's config (root /var/lib/containerd, state
 * /run/containerd) and of the CRI plugin; the real capture (section 2) confirmed
 * /run/containerd/runc/<ns> as runc's --root and the v2 task bundle layout.
 */
export const CRI_NAMESPACE = 'k8s.io';

/** runc --root for a containerd namespace. */
export function runcRoot(namespace = CRI_NAMESPACE): string {
  return `/run/containerd/runc/${namespace}`;
}

/** The OCI bundle the shim hands to runc (config.json + rootfs mount point). */
export function bundlePath(id: string, namespace = CRI_NAMESPACE): string {
  return `/run/containerd/io.containerd.runtime.v2.task/${namespace}/${id}`;
}

/** Per-sandbox files the CRI plugin writes (pkg/cri/server/helpers.go getSandboxRootDir). */
export function sandboxRootDir(sandboxId: string): string {
  return `/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandboxId}`;
}

/** Per-sandbox volatile state: the pod's /dev/shm tmpfs lives here (getVolatileSandboxRootDir). */
export function sandboxStateDir(sandboxId: string): string {
  return `/run/containerd/io.containerd.grpc.v1.cri/sandboxes/${sandboxId}`;
}

export function sandboxHostnamePath(sandboxId: string): string {
  return `${sandboxRootDir(sandboxId)}/hostname`;
}
export function sandboxHostsPath(sandboxId: string): string {
  return `${sandboxRootDir(sandboxId)}/hosts`;
}
export function sandboxResolvConfPath(sandboxId: string): string {
  return `${sandboxRootDir(sandboxId)}/resolv.conf`;
}
export function sandboxShmPath(sandboxId: string): string {
  return `${sandboxStateDir(sandboxId)}/shm`;
}

/**
 * The pod netns bind mount: `/var/run/netns/cni-<uuid>` (pkg/netns; with
 * netns_mounts_under_state_dir it moves under /run/containerd/netns, as in the real capture).
 */
export function netnsPath(uuid: string, underStateDir = false): string {
  return underStateDir ? `/run/containerd/netns/cni-${uuid}` : `/var/run/netns/cni-${uuid}`;
}

/**
 * `linux.cgroupsPath` for a container of a pod (pkg/cri/server/helpers_linux.go
 * getCgroupsPath): with the systemd driver the parent is a slice and the path becomes
 * `<slice>:cri-containerd:<id>` (runc's systemd syntax), otherwise the id is joined below the
 * parent directory.
 */
export function cgroupsPathFor(cgroupParent: string, id: string): string {
  if (cgroupParent.endsWith('.slice')) return `${cgroupParent}:cri-containerd:${id}`;
  return `${cgroupParent.replace(/\/+$/, '')}/${id}`;
}
