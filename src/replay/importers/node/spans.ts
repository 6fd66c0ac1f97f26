import type { ImportContext, RawEvent } from '../../types.ts';
import { criRequest, criResponse, grpcError } from './cri-bodies.ts';

/**
 * One OpenTelemetry span, read from OTLP/JSON or Jaeger JSON, in the trace's vocabulary:
 * - `service.name` → the actor: `kube-apiserver` (also `apiserver`), `kubelet/<host>`,
 *   `containerd/<host>`, `etcd/<host>` (host: the resource's `host.name`, else the file's node);
 *   any other service keeps its name;
 * - the kubelet's CRI client spans (`runtime.v1.RuntimeService/<RPC>`, `runtime.v1.ImageService/<RPC>`,
 *   also `v1alpha2`) → `message`s kubelet/<node> → containerd/<node> with op `<RPC>`, as the
 *   simulator names CRI calls: the request at the span's start (`attrs.id`, `attrs.request`) and
 *   containerd's answer at its end (`<RPC>Response`, or `<RPC> error` for a non-OK gRPC status;
 *   `attrs.replyTo`, `attrs.response`), bodies from the span's attributes (cri-bodies.ts);
 *   every other span (apiserver's `Create`, `Create etcd3`,
 *   `SerializeObject`, kubelet's `syncPod`, containerd's `pkg.cri.server.*`) → a `span` of its
 *   service with op = the span name;
 * - keys: `span:<traceId>/<spanId>`, `audit:<audit-id>`, `obj:<k8s.pod.uid>`,
 *   `sandbox:<sandbox.id>`, `container:<container.id>`; the parent span → cause
 *   `span:<traceId>/<parent>` (observed; Jaeger's FOLLOWS_FROM too, rule `follows-from`).
 * attrs: the span's attributes as they are, plus `traceId`, `spanId`, `spanKind`, `status`, `events`.
 */
export interface SpanIn {
  traceId: string;
  spanId: string;
  parents: { spanId: string; traceId?: string; rule: string }[];
  name: string;
  start?: number;
  end?: number;
  service?: string;
  host?: string;
  attrs: Record<string, unknown>;
  extra: Record<string, unknown>;
}

const CRI = /^\/?runtime\.(v1|v1alpha2)\.(RuntimeService|ImageService)\/(\w+)$/;

export function actorOfService(service: string | undefined, host: string): string {
  switch (service) {
    case 'kube-apiserver':
    case 'apiserver':
      return 'kube-apiserver';
    case 'kubelet':
    case 'containerd':
    case 'etcd':
    case 'crio':
    case 'cri-o':
      return `${service === 'crio' ? 'cri-o' : service}/${host}`;
    default:
      return service ?? 'unknown-service';
  }
}

/** Numbers the request/response exchanges of one file (`attrs.id`, as the simulator's messages). */
export type NextId = () => number;

export function spanEvents(s: SpanIn, ctx: ImportContext, line: number, nextId: NextId): RawEvent[] {
  const host = s.host ?? ctx.node;
  const actor = actorOfService(s.service, host);
  const id = (k: string) => (typeof s.attrs[k] === 'string' && s.attrs[k] !== '' ? (s.attrs[k] as string) : undefined);
  const keys = [`span:${s.traceId}/${s.spanId}`];
  const audit = id('audit-id');
  if (audit) keys.push(`audit:${audit}`);
  const pod = id('k8s.pod.uid');
  if (pod) keys.push(`obj:${pod}`);
  const sandbox = id('sandbox.id');
  if (sandbox) keys.push(`sandbox:${sandbox}`);
  const container = id('container.id');
  if (container) keys.push(`container:${container}`);
  const causes = s.parents.map((p) => ({ key: `span:${p.traceId ?? s.traceId}/${p.spanId}`, rule: p.rule, confidence: 'observed' as const }));
  const cri = CRI.exec(s.name);
  const dur = s.start !== undefined && s.end !== undefined ? Math.max(0, s.end - s.start) : undefined;
  const attrs = { ...s.attrs, traceId: s.traceId, spanId: s.spanId, ...s.extra };
  const common = { ...(s.start !== undefined ? { at: s.start } : {}), ...(dur !== undefined ? { dur } : {}), attrs, line, keys, ...(causes.length ? { causes } : {}) };
  if (!(cri && actor.startsWith('kubelet/'))) return [{ ...common, kind: 'span', actor, op: s.name }];
  const rpc = cri[3] as string;
  const runtime = `containerd/${host}`;
  const requestId = nextId();
  const request = criRequest(rpc, s.attrs);
  // The request keeps the whole call as its flight (the span does not say when containerd read it).
  const out: RawEvent[] = [{ ...common, kind: 'message', actor, to: runtime, op: rpc, attrs: { ...attrs, service: `runtime.${cri[1]}.${cri[2]}`, id: requestId, ...(request ? { request } : {}) } }];
  if (s.end === undefined) return out;
  // containerd's answer, when the client span ended: what the client got back. Its link to the
  // request is the request id (`replyTo`) and the span itself (cause `span:`, observed).
  const error = grpcError(s.attrs, s.extra['status']);
  const response = error ? { error } : criResponse(rpc, s.attrs);
  out.push({
    at: s.end,
    dur: 0,
    kind: 'message',
    actor: runtime,
    to: actor,
    op: error ? `${rpc} error` : `${rpc}Response`,
    attrs: { id: nextId(), replyTo: requestId, ...(response ? { response } : {}) },
    line,
    causes: [{ key: keys[0] as string, rule: 'the response of the CRI call', confidence: 'observed' }],
  });
  return out;
}

/** Lower-case hex of an id (OTLP/JSON writes hex; some exporters base64): undefined when neither. */
export function hexId(v: unknown, bytes: number): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  if (/^[0-9a-fA-F]+$/.test(v) && v.length <= bytes * 2) return v.toLowerCase().padStart(bytes * 2, '0');
  try {
    const bin = atob(v);
    if (bin.length !== bytes) return undefined;
    return Array.from(bin, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}
