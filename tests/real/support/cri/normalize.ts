import { intToIp, ipToInt, parseCidr } from '../../../../src/domain/cni/ipv4.ts';
import type { CallOutcome } from './client.ts';
import { POD_CIDR } from './constants.ts';
import { dig, type RawEvent, type RecordedStep } from './sequence.ts';

/**
 * What varies from run to run (real-capture-notes section 7), replaced by placeholders so that a
 * recording is deterministic and both sides can be compared:
 * - values a later request used (sandbox and container ids, the image id and repo digest): by
 *   their role, `<sandbox:web>`, `<container:app>`, `<image-id:busybox>` (the step's `binds`);
 * - other digests and 64-hex ids: `<digest>`, `<id>`; unpack snapshot keys
 *   `extract-<nanos>-<rand>`: `extract-<n>`;
 * - int64 nanosecond times (createdAt, startedAt, finishedAt, timestamp): `<time>`, zero kept;
 * - image sizes: `<size>` (the local image is busybox-static, not Docker Hub's), zero kept;
 * - pod IPs: `<ip 10.88.0.0/16 #n>`, their offset in the pod network (host-local hands out .2 first);
 * - the temp dir the real side works in: removed, so node paths read as on a node.
 * Map keys are sorted: protobuf maps have no order; so are the entries of List* answers.
 */

export interface FixtureStep {
  label: string;
  method: string;
  request: Record<string, unknown>;
  binds?: Record<string, string>;
  waitFor?: { container: string; state: string };
  response?: Record<string, unknown>;
  error?: { code: string; message: string };
}

/** One containerd event, reduced to what the comparison uses. */
export interface FixtureEvent {
  /** Index of the step it belongs to (between that step's call and the next one's). */
  step: number;
  topic: string;
  /** The object: the container/task id, the snapshot key, the image name. */
  subject: string;
  /** /tasks/exit and /tasks/delete: the exit status (ctr prints none for 0). */
  exitStatus?: number;
}

const TIME_FIELDS = new Set(['createdAt', 'startedAt', 'finishedAt', 'timestamp']);
const SIZE_FIELDS = new Set(['size']);

/** Placeholder of each value a step bound (value → `<role>`), from one side's own responses. */
export function bindings(steps: readonly { binds?: Record<string, string>; outcome?: CallOutcome; response?: Record<string, unknown> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of steps) {
    const response = s.response ?? (s.outcome && 'response' in s.outcome ? s.outcome.response : undefined);
    for (const [placeholder, path] of Object.entries(s.binds ?? {})) {
      const value = dig(response, path);
      if (typeof value === 'string' && value) out.set(value, placeholder);
    }
  }
  return out;
}

export interface NormalizeContext {
  /** Value → placeholder, longest values replaced first. */
  bound: Map<string, string>;
  /** The real side's temp dir (absent on the model side). */
  work?: string;
  podCIDR?: string;
}

export function normalizeString(s: string, ctx: NormalizeContext): string {
  let out = ctx.work ? s.split(ctx.work).join('') : s;
  for (const [value, placeholder] of [...ctx.bound].sort((a, b) => b[0].length - a[0].length)) out = out.split(value).join(placeholder);
  out = out.replace(/extract-\d+-[A-Za-z0-9_-]{4}/g, 'extract-<n>');
  out = out.replace(/sha256:[0-9a-f]{64}/g, '<digest>');
  out = out.replace(/\b[0-9a-f]{64}\b/g, '<id>');
  const cidr = ctx.podCIDR ?? POD_CIDR;
  const { network, broadcast } = parseCidr(cidr);
  out = out.replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, (ip) => {
    if (ip.split('.').some((p) => Number(p) > 255)) return ip;
    const n = ipToInt(ip);
    return n > network && n < broadcast && intToIp(n) === ip ? `<ip ${cidr} #${n - network}>` : ip;
  });
  return out;
}

/** The repeated fields of List* answers (ListContainers, ListPodSandbox, ListImages). */
const UNORDERED_LISTS = new Set(['containers', 'items', 'images']);

/** A message (request or response) normalized: strings, times and sizes; keys sorted; list answers sorted. */
export function normalizeValue(value: unknown, ctx: NormalizeContext, key = ''): unknown {
  if (typeof value === 'string') {
    if (TIME_FIELDS.has(key) && /^-?\d+$/.test(value)) return value === '0' ? '0' : '<time>';
    if (SIZE_FIELDS.has(key) && /^\d+$/.test(value)) return value === '0' ? '0' : '<size>';
    return normalizeString(value, ctx);
  }
  if (Array.isArray(value)) {
    const items = value.map((v) => normalizeValue(v, ctx, key));
    // List answers have no order: containerd walks its stores (Go maps), so two runs may list
    // the same containers the other way round. Sorted after normalizing, they compare.
    return UNORDERED_LISTS.has(key) ? items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)) : items;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [normalizeString(k, ctx), normalizeValue(v, ctx, k)]));
  }
  return value;
}

export function normalizeStep(s: RecordedStep, ctx: NormalizeContext): FixtureStep {
  const out: FixtureStep = { label: s.label, method: s.method, request: normalizeValue(s.request, ctx) as Record<string, unknown> };
  if (s.binds) out.binds = s.binds;
  if (s.waitFor) out.waitFor = s.waitFor;
  if ('response' in s.outcome) out.response = normalizeValue(s.outcome.response, ctx) as Record<string, unknown>;
  else out.error = { code: s.outcome.error.code, message: normalizeString(s.outcome.error.message, ctx) };
  return out;
}

/** The object an event is about, by topic (the field ctr events prints it in). */
function subjectOf(e: RawEvent): string {
  const p = e.payload;
  const field = e.topic.startsWith('/tasks/') ? 'container_id' : e.topic.startsWith('/containers/') ? 'id' : e.topic.startsWith('/snapshot/') ? 'key' : 'name';
  return String(p[field] ?? '');
}

/** The events of the CRI's namespace (k8s.io), reduced and normalized, each with its step. */
export function normalizeEvents(steps: readonly { events: readonly RawEvent[] }[], ctx: NormalizeContext): FixtureEvent[] {
  const out: FixtureEvent[] = [];
  steps.forEach((s, step) => {
    for (const e of s.events) {
      if (e.namespace !== 'k8s.io') continue;
      const ev: FixtureEvent = { step, topic: e.topic, subject: normalizeString(subjectOf(e), ctx) };
      if (e.topic === '/tasks/exit' || e.topic === '/tasks/delete') ev.exitStatus = Number(e.payload['exit_status'] ?? 0);
      out.push(ev);
    }
  });
  return out;
}

/** A real recording, normalized into the fixture's two parts. */
export function normalizeRecording(steps: readonly RecordedStep[], work: string): { steps: FixtureStep[]; events: FixtureEvent[] } {
  const ctx: NormalizeContext = { bound: bindings(steps), work };
  return { steps: steps.map((s) => normalizeStep(s, ctx)), events: normalizeEvents(steps, ctx) };
}
