import * as grpc from '@grpc/grpc-js';
import { loadSync, type MethodDefinition, type PackageDefinition } from '@grpc/proto-loader';

/**
 * The CRI (runtime.v1) over gRPC, from cri.proto beside this file, in the protobuf JSON mapping
 * the simulator's trace uses: lowerCamelCase field names, enums by name, int64 as decimal
 * strings, bytes as base64, and every field present with its zero value (as `crictl inspect`
 * prints them). Both sides of the comparison go through the same decoder: the real containerd's
 * answers as they come off the wire, the model's answers serialized and decoded again
 * (`canonical`), so the shapes can only differ by what the messages hold.
 */

export const CRI_PROTO = new URL('./cri.proto', import.meta.url).pathname;

const LOADER_OPTIONS = { keepCase: false, longs: String, enums: String, bytes: String, defaults: true, arrays: true, objects: true, oneofs: true } as const;

export const RUNTIME_SERVICE = 'runtime.v1.RuntimeService';
export const IMAGE_SERVICE = 'runtime.v1.ImageService';
export type CriService = typeof RUNTIME_SERVICE | typeof IMAGE_SERVICE;

/** A response, or the gRPC status of the error the runtime answered with. */
export type CallOutcome = { response: Record<string, unknown> } | { error: { code: string; message: string } };

interface Loaded {
  definition: PackageDefinition;
  methods: Map<string, { service: CriService; def: MethodDefinition<object, object> }>;
}

let loaded: Loaded | undefined;

function load(): Loaded {
  if (loaded) return loaded;
  const definition = loadSync(CRI_PROTO, LOADER_OPTIONS);
  const methods = new Map<string, { service: CriService; def: MethodDefinition<object, object> }>();
  for (const service of [RUNTIME_SERVICE, IMAGE_SERVICE] as const) {
    const svc = definition[service] as Record<string, MethodDefinition<object, object>>;
    for (const [name, def] of Object.entries(svc)) methods.set(name, { service, def });
  }
  loaded = { definition, methods };
  return loaded;
}

/** The service an RPC belongs to (ImageService for the image RPCs). */
export function serviceOf(method: string): CriService {
  const m = load().methods.get(method);
  if (!m) throw new Error(`${method} is not in ${CRI_PROTO}`);
  return m.service;
}

/**
 * A message as a gRPC peer would decode it: serialized with cri.proto and decoded with every
 * field present. Fields the proto does not have are dropped by the serializer; `unknownFields`
 * finds them.
 */
export function canonical(method: string, kind: 'request' | 'response', value: Record<string, unknown>): Record<string, unknown> {
  const m = load().methods.get(method);
  if (!m) throw new Error(`${method} is not in ${CRI_PROTO}`);
  if (kind === 'request') return m.def.requestDeserialize(m.def.requestSerialize(value)) as Record<string, unknown>;
  return m.def.responseDeserialize(m.def.responseSerialize(value)) as Record<string, unknown>;
}

/**
 * Paths of fields in `raw` that the canonical (decoded) form lacks: names that are not fields
 * of the runtime.v1 message (a misspelling, or a field that does not exist). Map entries
 * (labels, annotations) are data, not fields, and are not looked into.
 */
export function unknownFields(raw: unknown, decoded: unknown, path = ''): string[] {
  if (Array.isArray(raw) && Array.isArray(decoded)) return raw.flatMap((r, i) => unknownFields(r, decoded[i], `${path}[${i}]`));
  if (!isObject(raw) || !isObject(decoded)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(raw)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in decoded)) {
      out.push(p);
      continue;
    }
    if (MAP_FIELDS.has(k)) continue;
    out.push(...unknownFields(v, decoded[k], p));
  }
  return out;
}

/** The map<string, string> fields of the messages in cri.proto. */
const MAP_FIELDS = new Set(['labels', 'annotations', 'info', 'sysctls', 'unified', 'labelSelector']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The name of a gRPC status code (`NotFound`, `Unimplemented`), as Go's codes.Code.String() spells it. */
export function grpcCodeName(code: number): string {
  const name = grpc.status[code] ?? String(code);
  // grpc-js names them like the C core (NOT_FOUND); the runtime's messages use Go's (NotFound).
  return name
    .toLowerCase()
    .split('_')
    .map((w) => (w === 'ok' ? 'OK' : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

/** A CRI client on a unix socket, the way the kubelet connects to `--container-runtime-endpoint`. */
export class CriGrpcClient {
  private readonly clients: Record<CriService, grpc.Client>;

  constructor(readonly socketPath: string) {
    const { definition } = load();
    const proto = grpc.loadPackageDefinition(definition) as unknown as { runtime: { v1: Record<string, grpc.ServiceClientConstructor> } };
    const address = `unix://${socketPath}`;
    const make = (name: string): grpc.Client => {
      const Ctor = proto.runtime.v1[name];
      if (!Ctor) throw new Error(`no service ${name} in ${CRI_PROTO}`);
      return new Ctor(address, grpc.credentials.createInsecure());
    };
    this.clients = { [RUNTIME_SERVICE]: make('RuntimeService'), [IMAGE_SERVICE]: make('ImageService') };
  }

  /** One unary call (or the first answer of a server stream, which is then cancelled). */
  call(method: string, request: Record<string, unknown>, timeoutMs = 30_000): Promise<CallOutcome> {
    const service = serviceOf(method);
    const client = this.clients[service] as unknown as Record<string, (...args: unknown[]) => unknown>;
    const fn = client[method];
    if (typeof fn !== 'function') throw new Error(`no method ${method} on ${service}`);
    const deadline = new Date(Date.now() + timeoutMs);
    const { def } = load().methods.get(method) as { def: MethodDefinition<object, object> };
    if (def.responseStream) {
      return new Promise((resolve) => {
        const stream = fn.call(client, request, { deadline }) as grpc.ClientReadableStream<Record<string, unknown>>;
        let done = false;
        stream.on('data', (response: Record<string, unknown>) => {
          if (done) return;
          done = true;
          stream.cancel();
          resolve({ response });
        });
        stream.on('error', (err: grpc.ServiceError) => {
          if (done) return;
          done = true;
          resolve({ error: { code: grpcCodeName(err.code), message: err.details } });
        });
      });
    }
    return new Promise((resolve) => {
      fn.call(client, request, { deadline }, (err: grpc.ServiceError | null, response: Record<string, unknown>) => {
        if (err) resolve({ error: { code: grpcCodeName(err.code), message: err.details } });
        else resolve({ response });
      });
    });
  }

  close(): void {
    for (const c of Object.values(this.clients)) c.close();
  }
}
