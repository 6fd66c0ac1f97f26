import type { MessageKey } from '../i18n/en.ts';

/**
 * The console's `fault <type> key=value…` (kube-anatomy's own command): the same fields as a
 * scenario `fault:` step (docs/scenario-format.md), checked against the engine's fault table
 * (src/engine/faults/fields.ts, handed over by `source`: the UI does not import the engine).
 */

/** One row of the engine's fault table (the shape of src/engine/faults/fields.ts FaultFields). */
export interface FaultFieldsRow {
  required: readonly string[];
  optional: readonly string[];
  oneOf?: readonly string[];
  values?: Readonly<Record<string, readonly string[]>>;
  example: string;
}
export type FaultTable = Readonly<Record<string, FaultFieldsRow>>;

/** What the cluster at the playhead has, to check names against (optional: the engine checks again). */
export interface FaultLineCluster {
  nodes?: readonly string[];
  members?: readonly string[];
  /** The Pods at the playhead with their node: `pod=` is checked against them (namespace and node). */
  pods?: readonly FaultPod[];
}

/** A Pod at the playhead as the `fault` line needs it: for checks and for completing `pod=`, `container=`, `image=`. */
export interface FaultPod {
  name: string;
  namespace: string;
  /** spec.nodeName; absent while the Pod is not scheduled. */
  node?: string;
  containers: readonly { name: string; image?: string }[];
}

export type FaultLineErrorKey =
  | 'console.unknownFault'
  | 'console.faultUsage'
  | 'console.badField'
  | 'faults.line.unknownField'
  | 'faults.line.missingField'
  | 'faults.line.oneOf'
  | 'faults.line.both'
  | 'faults.line.badValue'
  | 'faults.line.emptyValue'
  | 'faults.line.duplicate'
  | 'faults.line.noSuchNode'
  | 'faults.line.noSuchMember'
  | 'faults.line.membersLeaveOne'
  | 'console.noSuchPod'
  | 'console.podNotOnNode'
  | 'console.noSuchContainer';

export type FaultLine =
  | { ok: true; fault: { type: string; [k: string]: unknown } }
  | { ok: false; error: { key: FaultLineErrorKey & MessageKey; params: Record<string, string> } };

/** Fields whose value is a list (`members=etcd-0,etcd-1`, as YAML's [etcd-0, etcd-1]). */
const LIST_FIELDS: readonly string[] = ['members'];
/** Fields that name a node, and those that name etcd members (fields.ts MEMBER_FIELDS). */
const NODE_FIELDS: readonly string[] = ['node'];
const MEMBER_FIELDS: readonly string[] = ['member', 'isolate', 'members'];
/** Fields that are names: strings, never numbers or booleans (`pod=1` is the pod "1"). */
const NAME_FIELDS: readonly string[] = ['node', 'pod', 'container', 'namespace', 'image', 'member', 'isolate', 'reason'];

/** Whether a console line is the `fault` command rather than one for the cluster. */
export function isFaultLine(line: string): boolean {
  return /^fault(\s|$)/.test(line.trim());
}

const isTable = (known: readonly string[] | FaultTable): known is FaultTable => !Array.isArray(known);

/**
 * Parses the fields as a scenario `fault:` step has them: `fault node-down node=node-2` is
 * `{type: node-down, node: node-2}`, `fault etcd-partition members=etcd-0,etcd-1` is
 * `{type: etcd-partition, members: [etcd-0, etcd-1]}`. With the table, every field is checked
 * as the scenario parser checks a step (required, one of, allowed values, no unknown key); with
 * only the type names, the fields pass as given, values read as YAML plain scalars would.
 */
export function parseFaultLine(line: string, known: readonly string[] | FaultTable, cluster: FaultLineCluster = {}): FaultLine {
  const [, type, ...words] = line.trim().split(/\s+/);
  const types = isTable(known) ? Object.keys(known) : known;
  const knownList = types.join(', ');
  const fail = (key: FaultLineErrorKey & MessageKey, params: Record<string, string>): FaultLine => ({ ok: false, error: { key, params } });
  if (type === undefined || type === '') return fail('console.faultUsage', { known: knownList });
  if (!types.includes(type)) return fail('console.unknownFault', { type, known: knownList });
  const row = isTable(known) ? known[type] : undefined;
  const fault: { type: string; [k: string]: unknown } = { type };
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq <= 0) return fail('console.badField', { field: word });
    const key = word.slice(0, eq);
    const raw = word.slice(eq + 1);
    if (key === 'type' || Object.hasOwn(fault, key)) return fail('faults.line.duplicate', { type, field: key });
    if (row && !row.required.includes(key) && !row.optional.includes(key)) {
      const fields = [...row.required, ...row.optional];
      return fail('faults.line.unknownField', { type, field: key, fields: fields.length > 0 ? fields.join(', ') : '—', example: row.example });
    }
    if (raw === '') return fail('faults.line.emptyValue', { type, field: key, example: row?.example ?? `${key}=…` });
    if (LIST_FIELDS.includes(key)) {
      const items = raw.split(',').map(unquote);
      if (items.some((i) => i === '')) return fail('faults.line.emptyValue', { type, field: key, example: row?.example ?? `${key}=…` });
      fault[key] = items;
    } else fault[key] = NAME_FIELDS.includes(key) ? unquote(raw) : scalar(raw);
  }
  if (!row) return { ok: true, fault };

  for (const field of row.required) if (!(field in fault)) return fail('faults.line.missingField', { type, field, example: row.example });
  if (row.oneOf) {
    const given = row.oneOf.filter((f) => f in fault);
    const choices = row.oneOf.join(' | ');
    if (given.length === 0) return fail('faults.line.oneOf', { type, fields: choices, example: row.example });
    if (given.length > 1 && type === 'etcd-partition') return fail('faults.line.both', { type, fields: choices });
  }
  for (const [field, allowed] of Object.entries(row.values ?? {})) {
    if (field in fault && !allowed.includes(String(fault[field]))) return fail('faults.line.badValue', { type, field, value: String(fault[field]), allowed: allowed.join(', ') });
  }
  const nodes = cluster.nodes;
  for (const field of NODE_FIELDS) {
    if (nodes && field in fault && !nodes.includes(String(fault[field]))) return fail('faults.line.noSuchNode', { node: String(fault[field]), nodes: nodes.join(', ') });
  }
  const members = cluster.members;
  if (members) {
    for (const field of MEMBER_FIELDS) {
      if (!(field in fault)) continue;
      const names = (Array.isArray(fault[field]) ? fault[field] : [fault[field]]) as string[];
      const missing = names.find((n) => !members.includes(n));
      if (missing !== undefined) return fail('faults.line.noSuchMember', { member: missing, members: members.join(', ') });
      if (field === 'members' && names.length >= members.length) return fail('faults.line.membersLeaveOne', { members: members.join(', ') });
    }
  }
  const podError = checkPod(fault, cluster.pods);
  if (podError) return fail(podError.key, podError.params);
  return { ok: true, fault };
}

/**
 * The `pod=` of a container fault against the Pods at the playhead, as kubectl would answer
 * (`pods "x" not found`): the Pod must exist in its namespace, run on the `node=` given and
 * have the `container=` given. Image pulls name an image, not a Pod, so they are not checked.
 */
function checkPod(fault: Record<string, unknown>, pods: readonly FaultPod[] | undefined): { key: FaultLineErrorKey & MessageKey; params: Record<string, string> } | undefined {
  if (!pods || !('pod' in fault)) return undefined;
  const name = String(fault['pod']);
  const namespace = 'namespace' in fault ? String(fault['namespace']) : 'default';
  const pod = pods.find((p) => p.name === name && p.namespace === namespace);
  if (!pod) {
    const here = pods.filter((p) => p.namespace === namespace).map((p) => p.name);
    return { key: 'console.noSuchPod', params: { pod: name, namespace, pods: here.length > 0 ? here.join(', ') : '—' } };
  }
  if ('node' in fault && pod.node !== String(fault['node'])) return { key: 'console.podNotOnNode', params: { pod: name, node: String(fault['node']), actual: pod.node ?? '—' } };
  if ('container' in fault && !pod.containers.some((c) => c.name === String(fault['container']))) {
    return { key: 'console.noSuchContainer', params: { pod: name, container: String(fault['container']), containers: pod.containers.map((c) => c.name).join(', ') || '—' } };
  }
  return undefined;
}

/**
 * Completion of a `fault` line's words, for the console's Tab (complete.ts): `before` are the
 * words before the one being typed (`fault` first). The type, then its keys not given yet
 * (`node=`), then values: names from the playhead (`names` by kind: Node, Pod, Namespace; etcd
 * members under `EtcdMember`), a field's allowed values, and after a comma in `members=` the
 * members not listed yet. `prefix` is the part of the word kept as typed (`node=`).
 */
export function faultCompletions(
  before: readonly string[],
  word: string,
  table: FaultTable,
  names: ReadonlyMap<string, readonly string[]>,
  pods?: readonly FaultPod[],
): { candidates: readonly string[]; prefix: string } {
  if (before.length <= 1) return { candidates: Object.keys(table), prefix: '' };
  const row = table[before[1] as string];
  if (!row) return { candidates: [], prefix: '' };
  const eq = word.indexOf('=');
  if (eq < 0) {
    const given = new Set(before.slice(2).map((w) => w.slice(0, w.indexOf('='))));
    return { candidates: [...row.required, ...row.optional].filter((f) => !given.has(f)).map((f) => `${f}=`), prefix: '' };
  }
  const key = word.slice(0, eq);
  const allowed = row.values?.[key];
  if (allowed) return { candidates: allowed, prefix: word.slice(0, eq + 1) };
  if (LIST_FIELDS.includes(key)) {
    const comma = word.lastIndexOf(',');
    const listed = word.slice(eq + 1, comma < 0 ? eq + 1 : comma).split(',').filter(Boolean);
    return { candidates: (names.get('EtcdMember') ?? []).filter((m) => !listed.includes(m)), prefix: word.slice(0, Math.max(comma, eq) + 1) };
  }
  const prefix = word.slice(0, eq + 1);
  const fromPods = pods ? podValues(key, fieldsOf(before), pods) : undefined;
  if (fromPods) return { candidates: fromPods, prefix };
  const kind = MEMBER_FIELDS.includes(key) ? 'EtcdMember' : ({ node: 'Node', pod: 'Pod', namespace: 'Namespace' } as Record<string, string>)[key];
  return { candidates: kind ? (names.get(kind) ?? []) : [], prefix };
}

/** The `key=value` words given so far, as a map. */
function fieldsOf(before: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of before.slice(2)) {
    const eq = w.indexOf('=');
    if (eq > 0) out.set(w.slice(0, eq), unquote(w.slice(eq + 1)));
  }
  return out;
}

/**
 * Values that follow from the Pods and the fields already given: `pod=` the scheduled Pods (on
 * the `node=` given, in the `namespace=` given), `node=` the given Pod's node, `container=` the
 * given Pod's containers, `image=` the images the Pods use. Undefined: no Pod-based answer.
 */
function podValues(key: string, given: ReadonlyMap<string, string>, pods: readonly FaultPod[]): readonly string[] | undefined {
  const ns = given.get('namespace');
  const inNs = ns === undefined ? pods : pods.filter((p) => p.namespace === ns);
  const pod = given.has('pod') ? inNs.find((p) => p.name === given.get('pod')) : undefined;
  const node = given.get('node');
  switch (key) {
    case 'pod':
      return inNs.filter((p) => p.node !== undefined && (node === undefined || p.node === node)).map((p) => p.name);
    case 'node':
      return pod?.node !== undefined ? [pod.node] : undefined;
    case 'container':
      return (pod ? [pod] : inNs.filter((p) => node === undefined || p.node === node)).flatMap((p) => p.containers.map((c) => c.name));
    case 'image':
      return [...new Set(inNs.flatMap((p) => p.containers.map((c) => c.image).filter((i): i is string => Boolean(i))))];
    case 'namespace':
      return [...new Set(pods.map((p) => p.namespace))];
    default:
      return undefined;
  }
}

/** The Pods of the world at the playhead, for the `fault` line (its checks and completion). */
export function faultPodsOf(objects: Iterable<{ ref: { kind: string; name: string; namespace?: string }; object: unknown }>): FaultPod[] {
  const out: FaultPod[] = [];
  for (const o of objects) {
    if (o.ref.kind !== 'Pod') continue;
    const spec = (o.object as { spec?: { nodeName?: string; containers?: { name: string; image?: string }[] } } | undefined)?.spec;
    out.push({
      name: o.ref.name,
      namespace: o.ref.namespace ?? 'default',
      ...(spec?.nodeName ? { node: spec.nodeName } : {}),
      containers: (spec?.containers ?? []).map((c) => ({ name: c.name, ...(c.image ? { image: c.image } : {}) })),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function unquote(v: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(v);
  return quoted ? (quoted[2] as string) : v;
}

function scalar(v: string): unknown {
  if (/^-?\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return unquote(v);
}
