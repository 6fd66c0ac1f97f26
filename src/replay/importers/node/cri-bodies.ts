/**
 * The CRI request and response bodies of a kubelet CRI client span, in CRI protobuf JSON names
 * (cri-api runtime/v1 api.proto, lowerCamelCase), as the simulator's messages carry them
 * (`attrs.request` / `attrs.response`), so the node view's CRI fold (src/ui/node/cri.ts) knows
 * the pods and containers of a replay.
 *
 * otelgrpc records no message bodies: only what the span's attributes name is filled in, under
 * the attribute names containerd's own CRI spans use (`sandbox.id`, `container.id`, `pod.uid`,
 * `pod.name`, `pod.namespace`, `container.name`). Nothing is made up: an RPC whose span names
 * nothing gets no body.
 */

type Attrs = Readonly<Record<string, unknown>>;

const str = (a: Attrs, k: string): string | undefined => (typeof a[k] === 'string' && a[k] !== '' ? (a[k] as string) : undefined);

/** RPCs whose request names a sandbox by `podSandboxId`. */
const BY_SANDBOX = new Set(['StopPodSandbox', 'RemovePodSandbox', 'PodSandboxStatus', 'PortForward', 'UpdatePodSandboxResources']);
/** RPCs whose request names a container by `containerId`. */
const BY_CONTAINER = new Set(['StartContainer', 'StopContainer', 'RemoveContainer', 'ContainerStatus', 'ContainerStats', 'UpdateContainerResources', 'ReopenContainerLog', 'ExecSync', 'Exec', 'Attach', 'CheckpointContainer']);

/** The request body the span's attributes give, or undefined when they name nothing. */
export function criRequest(rpc: string, a: Attrs): Record<string, unknown> | undefined {
  const sandbox = str(a, 'sandbox.id');
  const container = str(a, 'container.id');
  if (rpc === 'RunPodSandbox') {
    const meta = { ...(str(a, 'pod.name') ? { name: str(a, 'pod.name') } : {}), ...(str(a, 'pod.uid') ? { uid: str(a, 'pod.uid') } : {}), ...(str(a, 'pod.namespace') ? { namespace: str(a, 'pod.namespace') } : {}) };
    return Object.keys(meta).length ? { config: { metadata: meta } } : undefined;
  }
  if (rpc === 'CreateContainer') {
    const name = str(a, 'container.name');
    const body: Record<string, unknown> = { ...(sandbox ? { podSandboxId: sandbox } : {}), ...(name ? { config: { metadata: { name } } } : {}) };
    return Object.keys(body).length ? body : undefined;
  }
  if (BY_SANDBOX.has(rpc) && sandbox) return { podSandboxId: sandbox };
  if (BY_CONTAINER.has(rpc) && container) return { containerId: container };
  return undefined;
}

/** The response body of a successful call, from the ids the span says it got back. */
export function criResponse(rpc: string, a: Attrs): Record<string, unknown> | undefined {
  const sandbox = str(a, 'sandbox.id');
  const container = str(a, 'container.id');
  if (rpc === 'RunPodSandbox' && sandbox) return { podSandboxId: sandbox };
  if (rpc === 'CreateContainer' && container) return { containerId: container };
  // Status answers only with what the span names (the id); the state is not recorded.
  if (rpc === 'PodSandboxStatus' && sandbox) return { status: { id: sandbox } };
  if (rpc === 'ContainerStatus' && container) return { status: { id: container } };
  return undefined;
}

/** gRPC status code names (google.golang.org/grpc/codes), as `rpc error: code = <Name>` prints them. */
const GRPC_CODES = ['OK', 'Canceled', 'Unknown', 'InvalidArgument', 'DeadlineExceeded', 'NotFound', 'AlreadyExists', 'PermissionDenied', 'ResourceExhausted', 'FailedPrecondition', 'Aborted', 'OutOfRange', 'Unimplemented', 'Internal', 'Unavailable', 'DataLoss', 'Unauthenticated'];

/**
 * The call's gRPC status: `rpc.grpc.status_code`, else the span status (OTLP code 2 = ERROR).
 * Undefined when the span does not say. The error text is what grpc-go's `status.Error` prints.
 */
export function grpcError(a: Attrs, status: unknown): string | undefined {
  const code = typeof a['rpc.grpc.status_code'] === 'number' ? a['rpc.grpc.status_code'] : undefined;
  const st = status !== null && typeof status === 'object' ? (status as { code?: unknown; message?: unknown }) : undefined;
  const message = typeof st?.message === 'string' ? st.message : '';
  if (code !== undefined) return code === 0 ? undefined : `rpc error: code = ${GRPC_CODES[code] ?? `Code(${code})`} desc = ${message}`;
  if (st?.code === 2 || st?.code === 'STATUS_CODE_ERROR') return `rpc error: code = Unknown desc = ${message}`;
  return undefined;
}
