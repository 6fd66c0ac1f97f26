/**
 * CRI v1 vocabulary (k8s.io/cri-api pkg/apis/runtime/v1/api.proto; DOMAIN.md section 6).
 * Names are exactly the proto's: RPC names as the gRPC method names, enum values as their
 * protobuf JSON names (which is how `crictl inspect` and the trace print them).
 */

/**
 * Every RPC of `runtime.v1.RuntimeService`, in the order the proto declares them (cri-api HEAD
 * 791729b: 37 RPCs). The Stream* RPCs and CheckpointPod/RestorePod are recent (see
 * RPC_INTRODUCED_IN); containerd 1.6 answers GetContainerEvents with UNIMPLEMENTED
 * (real-capture-notes section 3). containerd 2.1 (the model's) answers all but those newer than
 * the cri-api v0.33 it vendors (engine/components/containerd/cri-runtime.ts NOT_IN_CONTAINERD_2_1).
 */
export const RUNTIME_SERVICE_RPCS: readonly string[] = [
  'Version',
  'RunPodSandbox',
  'StopPodSandbox',
  'RemovePodSandbox',
  'PodSandboxStatus',
  'ListPodSandbox',
  'StreamPodSandboxes',
  'CreateContainer',
  'StartContainer',
  'StopContainer',
  'RemoveContainer',
  'ListContainers',
  'StreamContainers',
  'ContainerStatus',
  'UpdateContainerResources',
  'ReopenContainerLog',
  'ExecSync',
  'Exec',
  'Attach',
  'PortForward',
  'ContainerStats',
  'ListContainerStats',
  'StreamContainerStats',
  'PodSandboxStats',
  'ListPodSandboxStats',
  'StreamPodSandboxStats',
  'UpdateRuntimeConfig',
  'Status',
  'CheckpointContainer',
  'CheckpointPod',
  'RestorePod',
  'GetContainerEvents',
  'ListMetricDescriptors',
  'ListPodSandboxMetrics',
  'StreamPodSandboxMetrics',
  'RuntimeConfig',
  'UpdatePodSandboxResources',
];

/** Every RPC of `runtime.v1.ImageService` (6 at HEAD). */
export const IMAGE_SERVICE_RPCS: readonly string[] = [
  'ListImages',
  'StreamImages',
  'ImageStatus',
  'PullImage',
  'RemoveImage',
  'ImageFsInfo',
];

/**
 * The cri-api tag that first declared an RPC, for those added after v0.30.0 (DOMAIN.md 6:
 * v0.30 had 29 runtime + 5 image RPCs). Everything not listed was present in v0.30.0.
 */
export const RPC_INTRODUCED_IN: Readonly<Record<string, string>> = {
  UpdatePodSandboxResources: 'v0.33.0',
  StreamPodSandboxes: 'v0.36.0',
  StreamContainers: 'v0.36.0',
  StreamContainerStats: 'v0.36.0',
  StreamPodSandboxStats: 'v0.36.0',
  StreamPodSandboxMetrics: 'v0.36.0',
  StreamImages: 'v0.36.0',
  CheckpointPod: 'v0.37.0',
  RestorePod: 'v0.37.0',
};

/** RPCs that stream responses (server streaming) rather than answer once. */
export const STREAMING_RPCS: readonly string[] = [
  'GetContainerEvents',
  'StreamPodSandboxes',
  'StreamContainers',
  'StreamContainerStats',
  'StreamPodSandboxStats',
  'StreamPodSandboxMetrics',
  'StreamImages',
];

/** The gRPC full method name, e.g. `/runtime.v1.RuntimeService/RunPodSandbox`. */
export function criFullMethod(rpc: string): string {
  const service = IMAGE_SERVICE_RPCS.includes(rpc) ? 'ImageService' : 'RuntimeService';
  return `/runtime.v1.${service}/${rpc}`;
}

/** `PodSandboxState`. */
export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

/** `ContainerState`. */
export type ContainerStateName = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

/**
 * `NamespaceMode`: POD shares the sandbox's namespace, CONTAINER gives the container its own
 * (only meaningful for pid), NODE uses the host's, TARGET joins another container's (ephemeral
 * containers, via `target_id`).
 */
export type NamespaceMode = 'POD' | 'CONTAINER' | 'NODE' | 'TARGET';

/** `ContainerEventType` (GetContainerEvents stream; Evented PLEG). */
export type ContainerEventType =
  | 'CONTAINER_CREATED_EVENT'
  | 'CONTAINER_STARTED_EVENT'
  | 'CONTAINER_STOPPED_EVENT'
  | 'CONTAINER_DELETED_EVENT';

/** `Protocol` of a PortMapping. */
export type CriProtocol = 'TCP' | 'UDP' | 'SCTP';

/** `MountPropagation`. */
export type MountPropagation = 'PROPAGATION_PRIVATE' | 'PROPAGATION_HOST_TO_CONTAINER' | 'PROPAGATION_BIDIRECTIONAL';

/** `SecurityProfile.ProfileType`. */
export type SecurityProfileType = 'RuntimeDefault' | 'Unconfined' | 'Localhost';

/**
 * The CRI container state containerd reports for an OCI (runc) status (containerd
 * pkg/cri/store/container/status.go State(): created until started, running until finished,
 * exited after). `undefined` (the task is gone) reads as UNKNOWN.
 */
export function criStateForOci(status: 'creating' | 'created' | 'running' | 'stopped' | 'paused' | undefined): ContainerStateName {
  switch (status) {
    case 'creating':
    case 'created':
      return 'CONTAINER_CREATED';
    case 'running':
    case 'paused':
      // containerd keeps a paused task as RUNNING for the CRI: the kubelet never pauses.
      return 'CONTAINER_RUNNING';
    case 'stopped':
      return 'CONTAINER_EXITED';
    default:
      return 'CONTAINER_UNKNOWN';
  }
}

/**
 * The `reason` containerd puts on an exited container (pkg/cri/server/container_status.go):
 * "OOMKilled" when the task got an OOM event, "Completed" for exit 0, "Error" otherwise.
 * The real capture (section 3) recorded exactly these three.
 */
export function exitReason(exitCode: number, oomKilled = false): 'OOMKilled' | 'Completed' | 'Error' {
  if (oomKilled) return 'OOMKilled';
  return exitCode === 0 ? 'Completed' : 'Error';
}
