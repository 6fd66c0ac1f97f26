import { randomBytes } from 'node:crypto';
import type { CallOutcome } from '../cri/client.ts';

/**
 * The harness plays the kubelet, so it writes the kubelet's traces (KEP-2831) of the CRI calls
 * it makes, as OTLP/JSON `ExportTraceServiceRequest`s, one per line, the way the collector's
 * file exporter writes them (trace-formats.md section 4):
 * - resource `service.name: kubelet`, `host.name: <node>`;
 * - `syncPod` / `syncTerminatingPod` spans (scope `k8s.io/kubernetes/pkg/kubelet`, kind
 *   INTERNAL, attrs `k8s.pod.uid`, `k8s.pod`, `k8s.pod.name`, `k8s.namespace.name`) as parents;
 * - one CLIENT span per CRI call from otelgrpc's client handler (scope
 *   `go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc`): name
 *   `runtime.v1.RuntimeService/RunPodSandbox` (full method, no leading slash), `rpc.system`,
 *   `rpc.service`, `rpc.method`, `rpc.grpc.status_code`, `message` events SENT / RECEIVED,
 *   status ERROR with the gRPC message when the call failed (otelgrpc leaves OK calls unset).
 *
 * Chosen where the real kubelet is silent: its CRI spans carry no ids (otelgrpc records no
 * message bodies). The real containerd does not answer GetContainerEvents in 1.6 (Unimplemented;
 * 1.7+ streams them), so there is no recorded event stream to take the ids from either. The ids
 * the responses returned (and the ids a request named) are therefore added to the client span
 * as `sandbox.id` / `container.id`, and what RunPodSandbox and CreateContainer named as
 * `pod.uid`, `pod.name`, `pod.namespace` / `container.name`: the attribute names containerd's
 * own CRI server spans use (its tracing attribute names in 2.x). Nothing else is added: the rest
 * is what the kubelet exports.
 */

export interface CriCallRecord {
  method: string;
  service: string;
  request: Record<string, unknown>;
  outcome: CallOutcome;
  startNs: bigint;
  endNs: bigint;
  /** The parent kubelet span (syncPod …) this call was made under, if any. */
  parent?: KubeletSpan;
}

export interface KubeletSpan {
  name: 'syncPod' | 'syncTerminatingPod';
  traceId: string;
  spanId: string;
  startNs: bigint;
  endNs: bigint;
  pod: { namespace: string; name: string; uid: string };
}

type AnyValue = { stringValue: string } | { intValue: string } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });

export const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');

/** gRPC status codes by Go name (codes.Code), as grpcCodeName spells them. */
const GRPC_CODES: Record<string, number> = { OK: 0, Canceled: 1, Unknown: 2, InvalidArgument: 3, DeadlineExceeded: 4, NotFound: 5, AlreadyExists: 6, PermissionDenied: 7, ResourceExhausted: 8, FailedPrecondition: 9, Aborted: 10, OutOfRange: 11, Unimplemented: 12, Internal: 13, Unavailable: 14, DataLoss: 15, Unauthenticated: 16 };

/** The ids a call is about: what the request named, else what the response returned. */
export function idsOf(call: Pick<CriCallRecord, 'request' | 'outcome'>): { sandbox?: string; container?: string } {
  const res = 'response' in call.outcome ? call.outcome.response : {};
  const pick = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    sandbox: pick(call.request.podSandboxId) ?? pick(res.podSandboxId),
    container: pick(call.request.containerId) ?? pick(res.containerId),
  };
}

function clientSpan(call: CriCallRecord): Record<string, unknown> {
  const code = 'error' in call.outcome ? (GRPC_CODES[call.outcome.error.code] ?? 2) : 0;
  const ids = idsOf(call);
  const attributes: KeyValue[] = [str('rpc.system', 'grpc'), str('rpc.service', call.service), str('rpc.method', call.method), int('rpc.grpc.status_code', code)];
  if (ids.sandbox) attributes.push(str('sandbox.id', ids.sandbox));
  if (ids.container) attributes.push(str('container.id', ids.container));
  const meta = (call.request.config as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  const named = (key: string, v: unknown): void => {
    if (typeof v === 'string' && v !== '') attributes.push(str(key, v));
  };
  if (call.method === 'RunPodSandbox') {
    named('pod.uid', meta?.uid);
    named('pod.name', meta?.name);
    named('pod.namespace', meta?.namespace);
  } else if (call.method === 'CreateContainer') {
    named('container.name', meta?.name);
  }
  const message = (type: 'SENT' | 'RECEIVED', at: bigint): Record<string, unknown> => ({ timeUnixNano: String(at), name: 'message', attributes: [str('message.type', type), int('message.id', 1)] });
  return {
    traceId: call.parent?.traceId ?? hexId(16),
    spanId: hexId(8),
    ...(call.parent ? { parentSpanId: call.parent.spanId } : {}),
    name: `${call.service}/${call.method}`,
    kind: 3,
    startTimeUnixNano: String(call.startNs),
    endTimeUnixNano: String(call.endNs),
    attributes,
    events: code === 0 ? [message('SENT', call.startNs), message('RECEIVED', call.endNs)] : [message('SENT', call.startNs)],
    status: code === 0 ? {} : { code: 2, message: 'error' in call.outcome ? call.outcome.error.message : '' },
  };
}

function kubeletSpan(s: KubeletSpan): Record<string, unknown> {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    name: s.name,
    kind: 1,
    startTimeUnixNano: String(s.startNs),
    endTimeUnixNano: String(s.endNs),
    attributes: [str('k8s.pod.uid', s.pod.uid), str('k8s.pod', `${s.pod.namespace}/${s.pod.name}`), str('k8s.pod.name', s.pod.name), str('k8s.namespace.name', s.pod.namespace)],
    status: {},
  };
}

/**
 * One export (one line): the kubelet spans and CRI client spans that ended in it. The batch
 * span processor exports in batches; the harness exports once per kubelet phase.
 */
export function exportRequest(node: string, parents: KubeletSpan[], calls: CriCallRecord[]): string {
  const scopeSpans = [];
  if (parents.length) scopeSpans.push({ scope: { name: 'k8s.io/kubernetes/pkg/kubelet' }, spans: parents.map(kubeletSpan) });
  if (calls.length) scopeSpans.push({ scope: { name: 'go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', version: '0.42.0' }, spans: calls.map(clientSpan) });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'kubelet'), str('host.name', node)] },
        scopeSpans,
      },
    ],
  });
}
