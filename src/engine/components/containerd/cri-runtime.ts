import { IMAGE_SERVICE_RPCS } from '../../../domain/cri/api.ts';

/**
 * Small answers of containerd 2.1's CRI plugin that need no state machine: RuntimeConfig,
 * UpdateRuntimeConfig, CheckpointContainer without CRIU, ImageFsInfo, and the gRPC error of
 * a method the plugin does not register.
 */

type Json = Record<string, unknown>;

/** The overlayfs snapshotter's root, the image filesystem's mountpoint (imageFSPaths). */
export const IMAGE_FS_MOUNTPOINT = '/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs';

/**
 * The RPCs of the current cri-api (v0.36+: the Stream* list RPCs, KEP-5825; v0.37: CheckpointPod,
 * RestorePod) that containerd 2.1 does not have: it vendors cri-api v0.33, so its gRPC server has
 * no such method registered and grpc-go answers "unknown method".
 */
export const NOT_IN_CONTAINERD_2_1: readonly string[] = [
  'StreamPodSandboxes',
  'StreamContainers',
  'StreamContainerStats',
  'StreamPodSandboxStats',
  'StreamPodSandboxMetrics',
  'StreamImages',
  'CheckpointPod',
  'RestorePod',
];

/** grpc-go server.go handleStream: the error of a method the service does not register. */
export function unknownMethod(rpc: string): string {
  const service = IMAGE_SERVICE_RPCS.includes(rpc) ? 'ImageService' : 'RuntimeService';
  return `rpc error: code = Unimplemented desc = unknown method ${rpc} for service runtime.v1.${service}`;
}

/**
 * RuntimeConfig (runtime_config_linux.go getCgroupDriver): the default handler's runc options
 * decide; ours have SystemdCgroup = true, so SYSTEMD.
 */
export function runtimeConfigResponse(systemdCgroup: boolean): Json {
  return { linux: { cgroupDriver: systemdCgroup ? 'SYSTEMD' : 'CGROUPFS' } };
}

/**
 * UpdateRuntimeConfig (update_runtime_config.go): the kubelet sends the node's pod CIDR; the
 * plugin keeps it for the CNI config template. An empty CIDR is ignored. Returns the CIDRs kept
 * (podCIDR may be a comma-separated dual-stack pair).
 */
export function podCIDRsOf(req: Json): string[] | undefined {
  const cidr = ((req.runtimeConfig as { networkConfig?: { podCidr?: string } } | undefined)?.networkConfig?.podCidr ?? '').trim();
  if (cidr === '') return undefined;
  return cidr.split(',').map((c) => c.trim());
}

/**
 * CheckpointContainer (container_checkpoint_linux.go): the first thing it does is look for CRIU
 * (go-criu utils.CheckForCriu with PodCriuVersion 31600); nodes have no criu binary.
 */
export function checkpointWithoutCriu(containerId: string): string {
  return `rpc error: code = Unknown desc = CRIU binary not found or too old (<31600). Failed to checkpoint container ${JSON.stringify(containerId)}: failed to check for criu version: exec: "criu": executable file not found in $PATH`;
}

/**
 * ImageFsInfo (images/imagefs_info.go): the default snapshotter's usage summed over its
 * snapshots, with the oldest snapshot's timestamp.
 */
export function imageFsInfoResponse(usage: { usedBytes: number; inodesUsed: number; timestamp: string }): Json {
  return {
    imageFilesystems: [
      { timestamp: usage.timestamp, fsId: { mountpoint: IMAGE_FS_MOUNTPOINT }, usedBytes: { value: String(usage.usedBytes) }, inodesUsed: { value: String(usage.inodesUsed) } },
    ],
    containerFilesystems: [],
  };
}
