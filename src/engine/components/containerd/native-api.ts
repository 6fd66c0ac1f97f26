import { chainIds, pullSteps, standInDiffId } from '../../../domain/containerd/pull.ts';
import { activeSnapshotMounts, mountSyscall } from '../../../domain/containerd/overlay.ts';
import { imageInfo, type ImageInfo } from '../../../domain/images/catalog.ts';
import { shimStartCommandLine } from '../../../domain/kata/shims.ts';
import type { OciSpec } from '../../../domain/oci/spec.ts';
import type { Delivery } from '../../runtime/actor.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { playSteps, type PlannedStep } from '../../runtime/steps.ts';
import type { Runc } from '../runc/runc.ts';
import { EVENTS_FORWARD, SHIM_TASK, type ShimTaskRequest } from './native-api-shim.ts';

/**
 * containerd's own gRPC API (api/services/{containers,tasks,images,snapshots,events}/v1), the one
 * `ctr` and dockerd use, next to the CRI plugin. Everything lives in a namespace (the
 * `containerd-namespace` gRPC header): dockerd works in `moby`, ctr in `default` unless told,
 * the CRI plugin in `k8s.io` — whose containers and tasks this API lists too, read from the
 * plugin's records (they are the same containers in the metadata store).
 */
export const NATIVE_SERVICES = 'containerd.services.';
export const CONTAINERS = 'containerd.services.containers.v1.Containers';
export const TASKS = 'containerd.services.tasks.v1.Tasks';
export const IMAGES = 'containerd.services.images.v1.Images';
export const SNAPSHOTS = 'containerd.services.snapshots.v1.Snapshots';
export const DIFF = 'containerd.services.diff.v1.Diff';
export const EVENTS_SUBSCRIBE = 'containerd.services.events.v1.Events/Subscribe';
const RUNTIME = 'io.containerd.runc.v2';

/** True for a message containerd.ts hands to this module: a native API call, or a shim's answer or event. */
export function isNativeApiCall(msg: { op: string }): boolean {
  return msg.op.startsWith(NATIVE_SERVICES) || msg.op.startsWith(`${SHIM_TASK}/`);
}

/** What the CRI plugin's records show this API (containerd.ts's Sandbox and CriContainer). */
export interface CriRecords {
  sandboxes: ReadonlyMap<string, { id: string; machine: { state: string } }>;
  containers: ReadonlyMap<string, { id: string; image?: ImageInfo; machine: { state: string } }>;
  /** The low-level runtime actor (runc/<host>): the tasks' pids and states. */
  runc: string;
  /** The overlayfs snapshotter's next snapshot number (shared with the CRI plugin). */
  nextSnapshot: () => number;
  pauseImage: string;
}

interface ContainerRecord {
  id: string;
  image: string;
  runtime: string;
  spec: OciSpec;
  snapshotKey: string;
  labels: Record<string, string>;
}
interface TaskRecord {
  id: string;
  pid: number;
  status: 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED';
  exitStatus?: number;
}
interface SnapshotRecord {
  key: string;
  parent: string;
  n: number;
  image: ImageInfo;
}

/** Per-namespace state of one containerd. */
class NativeApi {
  readonly containers = new Map<string, Map<string, ContainerRecord>>();
  readonly tasks = new Map<string, Map<string, TaskRecord>>();
  readonly images = new Map<string, Map<string, ImageInfo>>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly layerSnapshots = new Map<string, number[]>();
  readonly subscribers: { actor: string; namespace?: string }[] = [];
  readonly pendingShim = new Map<number, (payload: Record<string, unknown>, d: Delivery) => void>();

  constructor(
    readonly sim: Simulation,
    readonly id: string,
    readonly host: string,
  ) {}

  get shim(): string {
    return `containerd-shim-runc-v2/${this.host}`;
  }

  ns<T>(map: Map<string, Map<string, T>>, namespace: string): Map<string, T> {
    let m = map.get(namespace);
    if (!m) map.set(namespace, (m = new Map()));
    return m;
  }
}

const apis = new WeakMap<object, NativeApi>();

/**
 * Serves one native API call (or a shim's forwarded event) for the containerd `owner`. The
 * request payload carries `namespace` as the gRPC header would; answers are `<method>Response`
 * or `<method> error` with containerd's gRPC error text.
 */
export function serveNativeApi(owner: { readonly id: string; readonly host: string }, sim: Simulation, msg: Delivery, cri: CriRecords): void {
  let api = apis.get(owner);
  if (!api) apis.set(owner, (api = new NativeApi(sim, owner.id, owner.host)));
  if (msg.from === api.shim && msg.replyTo !== undefined) {
    const then = api.pendingShim.get(msg.replyTo);
    api.pendingShim.delete(msg.replyTo);
    then?.(msg.payload as Record<string, unknown>, msg);
    return;
  }
  const req = (msg.payload ?? {}) as Record<string, unknown>;
  const namespace = String(req.namespace ?? 'default');
  const method = msg.op.slice(msg.op.lastIndexOf('/') + 1);
  const service = msg.op.slice(0, msg.op.lastIndexOf('/'));
  if (msg.op === EVENTS_FORWARD) return onForward(api, msg, req);
  if (msg.op === EVENTS_SUBSCRIBE) {
    api.subscribers.push({ actor: msg.from, ...(req.namespace !== undefined ? { namespace } : {}) });
    return;
  }
  if (service === CONTAINERS) return containersCall(api, msg, method, namespace, req, cri);
  if (service === TASKS) return tasksCall(api, msg, method, namespace, req, cri);
  if (service === IMAGES || service === DIFF || service === SNAPSHOTS) return contentCall(api, msg, service, method, namespace, req, cri);
  reply(api, msg, { error: `rpc error: code = Unimplemented desc = unknown service ${service}` }, msg.seq);
}

// ---------------------------------------------------------------- containers.v1

function containersCall(api: NativeApi, msg: Delivery, method: string, namespace: string, req: Record<string, unknown>, cri: CriRecords): void {
  const store = api.ns(api.containers, namespace);
  const id = String((req.container as { id?: string } | undefined)?.id ?? req.id ?? '');
  if (method === 'List') {
    const listed = namespace === 'k8s.io' ? criContainers(cri) : [...store.values()].map((c) => ({ id: c.id, image: c.image, runtime: { name: c.runtime }, labels: c.labels }));
    listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sim(api).after(200, () => reply(api, msg, { containers: listed }, msg.seq));
    return;
  }
  if (method === 'Create') {
    const c = req.container as { id: string; image?: string; spec: OciSpec; snapshotKey?: string; labels?: Record<string, string>; runtime?: { name?: string } };
    if (store.has(c.id)) return reply(api, msg, { error: `rpc error: code = AlreadyExists desc = container "${c.id}": already exists` }, msg.seq);
    const record: ContainerRecord = { id: c.id, image: c.image ?? '', runtime: c.runtime?.name ?? RUNTIME, spec: c.spec, snapshotKey: c.snapshotKey ?? c.id, labels: { ...(c.labels ?? {}) } };
    playSteps(sim(api), api.id, [{ op: 'create container', dur: 200, attrs: { namespace, id: c.id, image: record.image, runtime: record.runtime, snapshotKey: record.snapshotKey, event: { topic: '/containers/create', payload: { id: c.id, image: record.image, runtime: { name: record.runtime } } } } }], msg.seq, msg.ref, (last) => {
      store.set(c.id, record);
      publish(api, namespace, '/containers/create', { id: c.id, image: record.image, runtime: { name: record.runtime } }, last);
      reply(api, msg, { container: { id: c.id, image: record.image, runtime: { name: record.runtime } } }, last);
    });
    return;
  }
  const c = store.get(id);
  if (!c) return reply(api, msg, { error: `rpc error: code = NotFound desc = container "${id}" in namespace "${namespace}": not found` }, msg.seq);
  if (method === 'Get') return reply(api, msg, { container: { id: c.id, image: c.image, runtime: { name: c.runtime }, labels: c.labels } }, msg.seq);
  if (method === 'Delete') {
    playSteps(sim(api), api.id, [{ op: 'delete container', dur: 200, attrs: { namespace, id, event: { topic: '/containers/delete', payload: { id } } } }], msg.seq, msg.ref, (last) => {
      store.delete(id);
      publish(api, namespace, '/containers/delete', { id }, last);
      reply(api, msg, {}, last);
    });
    return;
  }
  reply(api, msg, { error: `rpc error: code = Unimplemented desc = unknown method ${method} for service ${CONTAINERS}` }, msg.seq);
}

/** The CRI plugin's sandboxes (pause containers) and containers, as containers.v1 lists them. */
function criContainers(cri: CriRecords): { id: string; image: string; runtime: { name: string }; labels: Record<string, string> }[] {
  const out: { id: string; image: string; runtime: { name: string }; labels: Record<string, string> }[] = [];
  for (const s of cri.sandboxes.values()) if (s.machine.state !== 'creating') out.push({ id: s.id, image: cri.pauseImage, runtime: { name: RUNTIME }, labels: {} });
  for (const c of cri.containers.values()) if (c.machine.state !== 'creating') out.push({ id: c.id, image: c.image?.normalized ?? '', runtime: { name: RUNTIME }, labels: {} });
  return out;
}

// ---------------------------------------------------------------- tasks.v1

function tasksCall(api: NativeApi, msg: Delivery, method: string, namespace: string, req: Record<string, unknown>, cri: CriRecords): void {
  const tasks = api.ns(api.tasks, namespace);
  const id = String(req.containerId ?? req.container_id ?? '');
  const bundle = `/run/containerd/io.containerd.runtime.v2.task/${namespace}/${id}`;
  if (method === 'List') {
    const listed = namespace === 'k8s.io' ? criTasks(api, cri) : [...tasks.values()].map((t) => ({ id: t.id, pid: t.pid, status: t.status }));
    listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sim(api).after(200, () => reply(api, msg, { tasks: listed }, msg.seq));
    return;
  }
  const container = api.ns(api.containers, namespace).get(id);
  if (method === 'Create') {
    if (!container) return reply(api, msg, { error: `rpc error: code = NotFound desc = container "${id}" in namespace "${namespace}": not found` }, msg.seq);
    if (tasks.has(id)) return reply(api, msg, { error: `rpc error: code = AlreadyExists desc = task ${id}: already exists` }, msg.seq);
    const snap = api.snapshots.get(container.snapshotKey);
    const steps: PlannedStep[] = [
      { op: 'create bundle', dur: 300, attrs: { path: bundle, files: ['config.json', 'rootfs'] } },
      { op: 'start shim', dur: 2_500, attrs: { argv: shimStartCommandLine('runc', namespace, id) } },
    ];
    playSteps(sim(api), api.id, steps, msg.seq, msg.ref, (last) => {
      const shimReq: ShimTaskRequest = { namespace, id, bundle, spec: container.spec, ...(container.image ? { image: container.image } : {}), ...(snap ? { rootfsMount: rootfsMount(api, snap, bundle) } : {}) };
      callShim(api, 'Create', shimReq, last, msg, (res, d) => {
        if (res.error) return reply(api, msg, { error: `rpc error: code = Unknown desc = failed to create shim task: ${String(res.error)}` }, d.seq);
        tasks.set(id, { id, pid: Number(res.pid ?? 0), status: 'CREATED' });
        reply(api, msg, { containerId: id, pid: Number(res.pid ?? 0) }, d.seq);
      });
    });
    return;
  }
  const task = tasks.get(id);
  if (!task) return reply(api, msg, { error: `rpc error: code = NotFound desc = no running task found: task ${id} not found: not found` }, msg.seq);
  const shimReq: ShimTaskRequest = { namespace, id, bundle, ...(req.signal !== undefined ? { signal: Number(req.signal) } : {}) };
  if (method === 'Get') return reply(api, msg, { process: { id, pid: task.pid, status: task.status, ...(task.exitStatus !== undefined ? { exitStatus: task.exitStatus } : {}) } }, msg.seq);
  if (method === 'Start' || method === 'Kill' || method === 'Delete') {
    if (method === 'Delete' && task.status !== 'STOPPED' && task.status !== 'CREATED') return reply(api, msg, { error: `rpc error: code = FailedPrecondition desc = cannot delete running task ${id}: failed precondition` }, msg.seq);
    callShim(api, method, shimReq, msg.seq, msg, (res, d) => {
      if (res.error) return reply(api, msg, { error: `rpc error: code = Unknown desc = ${String(res.error)}` }, d.seq);
      if (method === 'Start') task.status = 'RUNNING';
      if (method === 'Delete') tasks.delete(id);
      reply(api, msg, method === 'Delete' ? { id, pid: task.pid, exitStatus: task.exitStatus ?? 0 } : method === 'Start' ? { pid: task.pid } : {}, d.seq);
    });
    return;
  }
  reply(api, msg, { error: `rpc error: code = Unimplemented desc = unknown method ${method} for service ${TASKS}` }, msg.seq);
}

/** The CRI plugin's tasks: every sandbox or container runc still has, with its init's pid and state. */
function criTasks(api: NativeApi, cri: CriRecords): { id: string; pid: number; status: string }[] {
  const runc = sim(api).network.actor(cri.runc) as Runc | undefined;
  const ids = new Set([...cri.sandboxes.keys(), ...cri.containers.keys()]);
  return (runc?.stateDirectory('/run/containerd/runc/k8s.io') ?? []).filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, pid: r.pid, status: r.status.toUpperCase() }));
}

function callShim(api: NativeApi, method: string, req: ShimTaskRequest, cause: number, msg: Delivery, then: (res: Record<string, unknown>, d: Delivery) => void): void {
  const { id } = sim(api).network.send(api.id, api.shim, `${SHIM_TASK}/${method}`, { cause, payload: req, attrs: { namespace: req.namespace, id: req.id, ...(req.signal !== undefined ? { signal: req.signal } : {}) }, ...(msg.ref ? { ref: msg.ref } : {}) });
  api.pendingShim.set(id, then);
}

/** A shim forwarded an event: containerd publishes it (records it, tells the subscribers). */
function onForward(api: NativeApi, msg: Delivery, req: Record<string, unknown>): void {
  const namespace = String(req.namespace ?? 'default');
  const topic = String(req.topic ?? '');
  const event = (req.event ?? {}) as Record<string, unknown>;
  const id = String(event.container_id ?? '');
  const task = api.ns(api.tasks, namespace).get(id);
  if (task && topic === '/tasks/exit') {
    task.status = 'STOPPED';
    task.exitStatus = Number(event.exit_status ?? 0);
  }
  const op = { '/tasks/create': 'TaskCreate', '/tasks/start': 'TaskStart', '/tasks/exit': 'TaskExit', '/tasks/delete': 'TaskDelete' }[topic] ?? topic;
  const seq = sim(api).recorder.record({ kind: 'span', actor: api.id, op, dur: 0, cause: msg.seq, ...(msg.ref ? { ref: msg.ref } : {}), attrs: { namespace, id, event: { topic, payload: event } } });
  publish(api, namespace, topic, event, seq);
}

/** Sends an event to the Subscribe streams whose namespace filter matches. */
function publish(api: NativeApi, namespace: string, topic: string, event: Record<string, unknown>, cause: number): void {
  for (const s of api.subscribers) {
    if (s.namespace !== undefined && s.namespace !== namespace) continue;
    sim(api).network.send(api.id, s.actor, topic, { cause, payload: { namespace, topic, event }, attrs: { namespace, topic } });
  }
}

// ---------------------------------------------------------------- images, diff, snapshots

/**
 * What a client that pulls by itself (dockerd with the containerd image store) asks of
 * containerd: the layers unpacked into overlayfs snapshots (diff.v1 Apply with the snapshots'
 * Prepare and Commit), the image record (images.v1 Create), a rootfs snapshot for a container
 * (snapshots.v1 Prepare, key = the container's id) and its removal.
 */
function contentCall(api: NativeApi, msg: Delivery, service: string, method: string, namespace: string, req: Record<string, unknown>, cri: CriRecords): void {
  const images = api.ns(api.images, namespace);
  if (service === DIFF && method === 'Apply') {
    const info = imageInfo(String(req.image ?? ''));
    const first = reserveLayers(api, info, cri);
    const steps = pullSteps(info, { bandwidthBytesPerSecond: 50_000_000, firstSnapshotId: first }).filter((s) => s.op === 'Prepare' || s.op === 'Apply' || s.op === 'Commit');
    playSteps(sim(api), api.id, steps.map((s) => ({ op: s.op, dur: s.dur, attrs: { namespace, ...s.attrs } })), msg.seq, msg.ref, (last) => reply(api, msg, {}, last));
    return;
  }
  if (service === IMAGES && method === 'Create') {
    const info = imageInfo(String((req.image as { name?: string } | undefined)?.name ?? ''));
    const payload = { name: info.normalized, labels: {} };
    playSteps(sim(api), api.id, [{ op: 'images.Create', dur: 150, attrs: { namespace, name: info.normalized, target: { digest: info.repoDigest.slice(info.repoDigest.indexOf('@') + 1) }, event: { topic: '/images/create', payload } } }], msg.seq, msg.ref, (last) => {
      images.set(info.normalized, info);
      publish(api, namespace, '/images/create', payload, last);
      reply(api, msg, { image: { name: info.normalized } }, last);
    });
    return;
  }
  if (service === IMAGES && method === 'List') return reply(api, msg, { images: [...images.values()].map((i) => ({ name: i.normalized })) }, msg.seq);
  if (service === SNAPSHOTS && method === 'Prepare') {
    const key = String(req.key ?? '');
    const info = imageInfo(String(req.image ?? ''));
    reserveLayers(api, info, cri);
    const chains = chainIds(info.layers.map((l: { digest: string; diffId?: string }) => l.diffId ?? standInDiffId(l.digest)));
    const parent = chains[chains.length - 1] ?? '';
    const n = cri.nextSnapshot();
    playSteps(sim(api), api.id, [{ op: 'snapshot prepare', dur: 300, attrs: { namespace, snapshotter: 'overlayfs', key, parent, event: { topic: '/snapshot/prepare', payload: { key, parent, snapshotter: 'overlayfs' } } } }], msg.seq, msg.ref, (last) => {
      api.snapshots.set(key, { key, parent, n, image: info });
      reply(api, msg, { key }, last);
    });
    return;
  }
  if (service === SNAPSHOTS && method === 'Remove') {
    const key = String(req.key ?? '');
    if (!api.snapshots.has(key)) return reply(api, msg, { error: `rpc error: code = NotFound desc = snapshot ${key} does not exist: not found` }, msg.seq);
    playSteps(sim(api), api.id, [{ op: 'snapshot remove', dur: 300, attrs: { namespace, snapshotter: 'overlayfs', key, event: { topic: '/snapshot/remove', payload: { key, snapshotter: 'overlayfs' } } } }], msg.seq, msg.ref, (last) => {
      api.snapshots.delete(key);
      reply(api, msg, {}, last);
    });
    return;
  }
  reply(api, msg, { error: `rpc error: code = Unimplemented desc = unknown method ${method} for service ${service}` }, msg.seq);
}

/** Numbers an image's layer snapshots once per containerd; returns the first. */
function reserveLayers(api: NativeApi, info: ImageInfo, cri: CriRecords): number {
  const known = api.layerSnapshots.get(info.normalized);
  if (known) return known[0] ?? 0;
  const ns = info.layers.map(() => cri.nextSnapshot());
  api.layerSnapshots.set(info.normalized, ns);
  return ns[0] ?? 0;
}

/** The overlay of the container's snapshot over the image's layer snapshots, top first (the shim mounts it on <bundle>/rootfs). */
function rootfsMount(api: NativeApi, snap: SnapshotRecord, bundle: string): Record<string, unknown> {
  const parents = [...(api.layerSnapshots.get(snap.image.normalized) ?? [])].reverse();
  const [mount] = activeSnapshotMounts(snap.n, parents);
  return { ...mountSyscall(mount ?? { type: 'bind', source: '', options: [] }, `${bundle}/rootfs`) };
}

function sim(api: NativeApi): Simulation {
  return api.sim;
}

function reply(api: NativeApi, msg: Delivery, response: Record<string, unknown>, cause: number): void {
  const op = 'error' in response ? `${msg.op} error` : `${msg.op}Response`;
  api.sim.network.send(api.id, msg.from, op, { replyTo: msg.id, cause, payload: response, attrs: { response }, ...(msg.ref ? { ref: msg.ref } : {}) });
}
