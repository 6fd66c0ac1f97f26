import { unixSecondsToIso } from '../../../base/time.ts';
import { toGoYaml } from '../kubectl/printYaml.ts';
import { goJson } from '../../../domain/oci/state-json.ts';
import { humanDuration, humanSizeWithPrecision } from './go-units.ts';
import { goTabwriter } from '../go-tabwriter.ts';

/**
 * What crictl prints (cri-tools v1.34 cmd/crictl: sandbox.go OutputPodSandboxes, container.go
 * OutputContainers, image.go listImageCommand, util.go outputProtobufObjAsJSON/YAML and
 * outputStatusData). `now` is the node's clock in Unix µs (the CREATED column is "N ago").
 */
type Json = Record<string, unknown>;

/** cri-tools util.go truncatedIDLen. */
const TRUNCATED_ID_LEN = 13;

export function truncatedId(id: string, prefix = ''): string {
  const s = prefix && id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return s.length > TRUNCATED_ID_LEN ? s.slice(0, TRUNCATED_ID_LEN) : s;
}

/** display.go newDefaultTableDisplay: tabwriter.NewWriter(out, 20, 1, 3, ' ', 0). */
function table(rows: string[][]): string {
  if (rows.length === 0) return '';
  return goTabwriter(rows.map((r) => `${r.join('\t')}\n`).join(''), { minwidth: 20, padding: 3 });
}

/** int64 nanoseconds (a protojson string) to Unix µs. */
function nanosToMicros(ns: unknown): number {
  return Number(BigInt(String(ns ?? '0')) / 1000n);
}

function ago(createdAt: unknown, now: number): string {
  return `${humanDuration(now - nanosToMicros(createdAt))} ago`;
}

/** protojson with Indent "  ", then fmt.Println. */
export function protoJson(message: Json): string {
  return `${JSON.stringify(message, null, 2)}\n`;
}

/** sigs.k8s.io/yaml JSONToYAML of the protojson, then fmt.Println (a blank line after). */
export function protoYaml(message: Json): string {
  return `${toGoYaml(message)}\n`;
}

/** sandbox.go convertPodState. */
function podState(state: unknown): string {
  return state === 'SANDBOX_READY' ? 'Ready' : 'NotReady';
}

/** container.go convertContainerState. */
function containerState(state: unknown): string {
  switch (state) {
    case 'CONTAINER_CREATED':
      return 'Created';
    case 'CONTAINER_RUNNING':
      return 'Running';
    case 'CONTAINER_EXITED':
      return 'Exited';
    default:
      return 'Unknown';
  }
}

function meta(v: Json): Json {
  return (v.metadata ?? {}) as Json;
}

/** `crictl pods` table: POD ID, CREATED, STATE, NAME, NAMESPACE, ATTEMPT, RUNTIME ("(default)" for the default handler). */
export function podsTable(items: Json[], now: number, opts: { quiet: boolean; noTrunc: boolean }): string {
  if (opts.quiet) return items.map((p) => `${String(p.id)}\n`).join('');
  const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
  for (const p of items) {
    const id = String(p.id);
    rows.push([opts.noTrunc ? id : truncatedId(id), ago(p.createdAt, now), podState(p.state), String(meta(p).name ?? ''), String(meta(p).namespace ?? ''), String(meta(p).attempt ?? 0), String(p.runtimeHandler || '(default)')]);
  }
  return table(rows);
}

/**
 * `crictl ps` table: CONTAINER, IMAGE, CREATED, STATE, NAME, ATTEMPT, POD ID, POD, NAMESPACE.
 * IMAGE is the ContainerSpec's image; when it is a digest (the kubelet passes the image id) it
 * is shortened like an id. POD and NAMESPACE come from the io.kubernetes.pod.* labels ("unknown"
 * without them).
 */
export function psTable(containers: Json[], now: number, opts: { quiet: boolean; noTrunc: boolean }): string {
  if (opts.quiet) return containers.map((c) => `${String(c.id)}\n`).join('');
  const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD', 'NAMESPACE']];
  for (const c of containers) {
    const labels = (c.labels ?? {}) as Record<string, string>;
    let image = String(((c.image ?? {}) as Json).image ?? '');
    let id = String(c.id);
    let podId = String(c.podSandboxId);
    if (!opts.noTrunc) {
      id = truncatedId(id);
      podId = truncatedId(podId);
      // godigest.Parse succeeds on "sha256:<64 hex>" only.
      if (/^sha256:[0-9a-f]{64}$/.test(image)) image = truncatedId(image, 'sha256:');
    }
    rows.push([id, image, ago(c.createdAt, now), containerState(c.state), String(meta(c).name ?? ''), String(meta(c).attempt ?? 0), podId, labels['io.kubernetes.pod.name'] ?? 'unknown', labels['io.kubernetes.pod.namespace'] ?? 'unknown']);
  }
  return table(rows);
}

/** image.go normalizeRepoDigest: the repository and digest of the first repo digest. */
function repoOfDigest(repoDigests: string[]): [string, string] {
  const first = repoDigests[0];
  if (first === undefined) return ['<none>', '<none>'];
  const parts = first.split('@');
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : ['errorName', 'errorRepoDigest'];
}

/** image.go normalizeRepoTagPair. */
function repoTagPairs(repoTags: string[], imageName: string): [string, string][] {
  if (repoTags.length === 0) return [[imageName, '<none>']];
  return repoTags.map((t) => {
    const i = t.lastIndexOf(':');
    if (i < 0) return ['errorRepoTag', 'errorRepoTag'];
    const name = t.slice(0, i);
    return [name === '<none>' ? imageName : name, t.slice(i + 1)];
  });
}

/** `crictl images` table: IMAGE, TAG, IMAGE ID, SIZE (one row per tag; sizes in decimal units, 3 digits). */
export function imagesTable(images: Json[], opts: { quiet: boolean; noTrunc: boolean }): string {
  if (opts.quiet) return images.map((im) => `${String(im.id)}\n`).join('');
  const rows = [['IMAGE', 'TAG', 'IMAGE ID', 'SIZE']];
  for (const im of images) {
    const [name] = repoOfDigest((im.repoDigests ?? []) as string[]);
    const id = opts.noTrunc ? String(im.id) : truncatedId(String(im.id), 'sha256:');
    const size = humanSizeWithPrecision(Number(im.size ?? 0), 3);
    for (const [repo, tag] of repoTagPairs((im.repoTags ?? []) as string[], name)) rows.push([repo, tag, id, size]);
  }
  return table(rows);
}

/** image.go imageByRef: by the first tag, else the first digest, else the id. */
export function compareImages(a: Json, b: Json): number {
  const ta = (a.repoTags ?? []) as string[];
  const tb = (b.repoTags ?? []) as string[];
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  if (ta.length > 0 && tb.length > 0) return cmp(ta[0] as string, tb[0] as string);
  const da = (a.repoDigests ?? []) as string[];
  const db = (b.repoDigests ?? []) as string[];
  if (da.length > 0 && db.length > 0) return cmp(da[0] as string, db[0] as string);
  return cmp(String(a.id), String(b.id));
}

/** time.Unix(0, ns).Format(time.RFC3339Nano) on a UTC host; the zero time.Time for 0 when `zero` says so. */
export function rfc3339Nano(ns: unknown): string {
  const n = BigInt(String(ns ?? '0'));
  const seconds = n / 1_000_000_000n;
  const frac = (n % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const base = unixSecondsToIso(Number(seconds));
  return `${base}${frac ? `.${frac}` : ''}Z`;
}

/** Go's time.Time{} formatted as RFC 3339. */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/** sandbox.go marshalPodSandboxStatus: the status with createdAt as RFC 3339. */
export function sandboxStatusForInspect(status: Json): Json {
  return { ...status, createdAt: rfc3339Nano(status.createdAt) };
}

/**
 * container.go marshalContainerStatus: createdAt, startedAt (unless still created) and
 * finishedAt (once exited, or unknown with a finish time) as RFC 3339; the others as Go's zero time.
 */
export function containerStatusForInspect(status: Json): Json {
  const state = status.state;
  const started = state !== 'CONTAINER_CREATED' ? rfc3339Nano(status.startedAt) : ZERO_TIME;
  const finished = state === 'CONTAINER_EXITED' || (state === 'CONTAINER_UNKNOWN' && BigInt(String(status.finishedAt ?? '0')) > 0n) ? rfc3339Nano(status.finishedAt) : ZERO_TIME;
  return { ...status, createdAt: rfc3339Nano(status.createdAt), startedAt: started, finishedAt: finished };
}

/** Keys sorted at every level: Go's json.Marshal of the map[string]any crictl unmarshals into. */
function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as Json)[k]);
    return out;
  }
  return v;
}

/**
 * util.go outputStatusData: each status under "status" and each info entry beside it (a value
 * starting with "{" parsed as JSON, any other with its quotes trimmed); one result alone, several
 * as a list; json.Marshal (sorted keys, HTML-safe escapes) indented by two spaces, or as YAML.
 */
export function statusData(entries: { status: Json; info: Record<string, string>; runtimeHandlers?: unknown[]; features?: Json }[], format: 'json' | 'yaml'): string {
  if (entries.length === 0) return '';
  const results = entries.map(({ status, info, runtimeHandlers, features }) => {
    const m: Json = { status };
    // info.go: crictl info adds the runtime handlers and features beside the status.
    if (runtimeHandlers) m['runtimeHandlers'] = runtimeHandlers;
    if (features) m['features'] = features;
    for (const k of Object.keys(info).sort()) {
      const val = info[k] as string;
      m[k] = val.startsWith('{') ? (JSON.parse(val) as unknown) : val.replace(/^"+|"+$/g, '');
    }
    return m;
  });
  const value = sortDeep(results.length === 1 ? results[0] : results);
  if (format === 'yaml') return `${toGoYaml(value)}\n`;
  return `${goJson(JSON.stringify(value, null, 2))}\n`;
}

/** Go's time.Time.String() on a UTC host: "2006-01-02 15:04:05.999999999 +0000 UTC". */
function goTimeString(ns: unknown): string {
  const rfc = rfc3339Nano(ns);
  return `${rfc.slice(0, 10)} ${rfc.slice(11, -1)} +0000 UTC`;
}

/** Go's %v of a map[string]string: map[k:v …] with sorted keys. */
function goMap(m: Record<string, string>): string {
  return `map[${Object.keys(m)
    .sort()
    .map((k) => `${k}:${m[k] as string}`)
    .join(' ')}]`;
}

function labelLines(title: string, m: unknown): string {
  const map = (m ?? {}) as Record<string, string>;
  return `${title}:\n${Object.keys(map)
    .sort()
    .map((k) => `\t${k} -> ${map[k] as string}\n`)
    .join('')}`;
}

/** sandbox.go outputPodSandboxStatusTable (`inspectp -o table`). */
export function sandboxStatusTable(status: Json, info: Record<string, string>, verbose: boolean): string {
  const m = meta(status);
  let out = `ID: ${String(status.id)}\n`;
  if (m.name) out += `Name: ${String(m.name)}\n`;
  if (m.uid) out += `UID: ${String(m.uid)}\n`;
  if (m.namespace) out += `Namespace: ${String(m.namespace)}\n`;
  out += `Attempt: ${String(m.attempt ?? 0)}\n`;
  out += `Status: ${String(status.state)}\n`;
  out += `Created: ${goTimeString(status.createdAt)}\n`;
  const network = (status.network ?? {}) as { ip?: string; additionalIps?: { ip?: string }[] };
  out += `IP Addresses: ${network.ip ?? ''}\n`;
  for (const ip of network.additionalIps ?? []) out += `Additional IP: ${ip.ip ?? ''}\n`;
  out += labelLines('Labels', status.labels);
  out += labelLines('Annotations', status.annotations);
  if (verbose) out += `Info: ${goMap(info)}\n`;
  return out;
}

/** container.go outputContainerStatusTable (`inspect -o table`). */
export function containerStatusTable(status: Json, info: Record<string, string>, verbose: boolean, now: number): string {
  const m = meta(status);
  let out = `ID: ${String(status.id)}\n`;
  if (m.name) out += `Name: ${String(m.name)}\n`;
  if (Number(m.attempt ?? 0) !== 0) out += `Attempt: ${String(m.attempt)}\n`;
  out += `State: ${String(status.state)}\n`;
  out += `Created: ${ago(status.createdAt, now)}\n`;
  if (status.state !== 'CONTAINER_CREATED') out += `Started: ${ago(status.startedAt, now)}\n`;
  if (status.state === 'CONTAINER_EXITED') {
    if (BigInt(String(status.finishedAt ?? '0')) > 0n) out += `Finished: ${ago(status.finishedAt, now)}\n`;
    out += `Exit Code: ${String(status.exitCode ?? 0)}\n`;
  }
  out += labelLines('Labels', status.labels);
  out += labelLines('Annotations', status.annotations);
  if (verbose) out += `Info: ${goMap(info)}\n`;
  return out;
}
