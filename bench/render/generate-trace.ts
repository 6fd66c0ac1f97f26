import { TRACE_FORMAT, TRACE_VERSION, type ObjectRef, type TraceEvent, type TraceHeader } from '../../src/trace/schema.ts';

/**
 * Deterministic generators of big traces for the rendering benchmark (bench/render): valid
 * kube-anatomy trace v1 files the app loads like any other (`#/?trace=<url>`).
 *
 * - `bigTrace`: about a million events, many Pods on many nodes, each Pod's path as the
 *   simulator writes it (the ReplicaSet controller's create through the apiserver's filter
 *   chain and etcd, the scheduler's Filter/Score/Bind, the kubelet's sync, the CRI calls to
 *   containerd, runc's steps, the status update and the Pod's Events), plus node Lease renewals.
 * - `clusterTrace`: 1,000 Node objects registering, then Pods bound on them and running:
 *   what the topology draws at that scale.
 *
 * Not the simulator (a million events take it minutes; see the scenario table): the same names
 * and order of steps, stamped out with a seeded PRNG so the same options give the same bytes.
 */

export interface BigTraceOptions {
  /** Stop adding Pods once this many events are generated (the total is a little over). */
  events: number;
  nodes: number;
  seed: number;
}

export interface ClusterTraceOptions {
  nodes: number;
  podsPerNode: number;
  seed: number;
}

const MS = 1000;
const ORIGIN = '2026-01-01T09:00:00Z';

/** mulberry32: small, fast, and the same sequence on every engine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** An event before its seq is known; `cause` points at the draft that caused it. */
interface Draft extends Omit<TraceEvent, 'seq' | 'cause'> {
  seq?: number;
  causeDraft?: Draft;
}

class Builder {
  readonly drafts: Draft[] = [];
  private msgId = 0;
  private rv = 1;
  constructor(readonly rand: () => number) {}

  add(d: Draft): Draft {
    this.drafts.push(d);
    return d;
  }
  /** A request and, `dur` later, its response, as `message` events with ids. */
  call(t: number, from: string, to: string, op: string, reply: string, dur: number, cause?: Draft, ref?: ObjectRef): { req: Draft; res: Draft } {
    const id = ++this.msgId;
    const req = this.add({ t, dur: Math.max(1, Math.round(dur * 0.2)), kind: 'message', actor: from, to, op, ref, src: 'sim', attrs: { id }, causeDraft: cause });
    const res = this.add({ t: t + dur - Math.max(1, Math.round(dur * 0.2)), dur: Math.max(1, Math.round(dur * 0.2)), kind: 'message', actor: to, to: from, op: reply, ref, src: 'sim', attrs: { id: ++this.msgId, replyTo: id }, causeDraft: req });
    return { req, res };
  }
  span(t: number, actor: string, op: string, dur: number, cause?: Draft, attrs?: Record<string, unknown>): Draft {
    return this.add({ t, dur, kind: 'span', actor, op, src: 'sim', causeDraft: cause, attrs });
  }
  nextRv(): string {
    return String(++this.rv);
  }
  /** The apiserver's handling of a write: the filter chain, the etcd Txn, the stored object. */
  write(t: number, op: 'ADDED' | 'MODIFIED', ref: ObjectRef, object: Record<string, unknown>, cause: Draft): { end: number; obj: Draft } {
    let at = t;
    for (const [stage, d] of [
      ['authentication', 60],
      ['authorization', 40],
      ['mutating admission', 80],
      ['validation', 50],
      ['validating admission', 60],
    ] as const) {
      this.span(at, 'kube-apiserver', stage, d, cause);
      at += d;
    }
    const storage = this.span(at, 'kube-apiserver', 'storage', 900, cause);
    const txn = this.call(at + 20, 'kube-apiserver', 'etcd/etcd-0', 'Txn', 'TxnResponse', 800, storage);
    this.span(at + 200, 'etcd/etcd-0', 'Txn', 400, txn.req);
    const rv = this.nextRv();
    const meta = (object.metadata ?? {}) as Record<string, unknown>;
    const obj = this.add({ t: at + 900, kind: 'object', actor: 'kube-apiserver', op, ref, src: 'sim', causeDraft: txn.res, attrs: { resourceVersion: rv, object: { ...object, metadata: { ...meta, resourceVersion: rv } } } });
    return { end: at + 920, obj };
  }
}

function uid(rand: () => number): string {
  const h = (n: number) =>
    Array.from({ length: n }, () =>
      Math.floor(rand() * 16)
        .toString(16),
    ).join('');
  return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[Math.floor(rand() * 4)]}${h(3)}-${h(12)}`;
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
function suffix(rand: () => number, n = 5): string {
  return Array.from({ length: n }, () => ALNUM[Math.floor(rand() * ALNUM.length)]).join('');
}

function nodeObject(name: string, id: string, i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: id, creationTimestamp: ORIGIN, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
    spec: { podCIDR: `10.${(i >> 8) + 64}.${i & 255}.0/24` },
    status: {
      capacity: { cpu: '4', memory: '8Gi', pods: '110' },
      allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      nodeInfo: { containerRuntimeVersion: 'containerd://2.1.4', kubeletVersion: 'v1.34.1' },
    },
  };
}

/** Registers `nodes` nodes (the kubelet's POST /api/v1/nodes) and returns their names. */
function registerNodes(b: Builder, nodes: number, spacing: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < nodes; i++) {
    const name = `node-${i + 1}`;
    names.push(name);
    const kubelet = `kubelet/${name}`;
    const t = i * spacing;
    const ref: ObjectRef = { apiVersion: 'v1', kind: 'Node', name, uid: uid(b.rand) };
    const { req } = b.call(t, kubelet, 'kube-apiserver', 'POST /api/v1/nodes', '201 Created', 2_400, undefined, ref);
    b.write(t + 500, 'ADDED', ref, nodeObject(name, ref.uid as string, i + 1), req);
  }
  return names;
}

/** Lease renewals every 10 s per node until `end` (the kubelet's heartbeat). */
function leases(b: Builder, names: readonly string[], start: number, end: number): void {
  names.forEach((name, i) => {
    const ref: ObjectRef = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'kube-node-lease', name };
    for (let t = start + ((i * 37) % 10_000) * MS; t < end; t += 10_000 * MS) {
      const { req } = b.call(t, `kubelet/${name}`, 'kube-apiserver', `PUT /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`, '200 OK', 1_800, undefined, ref);
      b.write(t + 300, 'MODIFIED', ref, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } }, req);
    }
  });
}

function podObject(name: string, rs: string, hash: string, id: string, node: string | undefined, phase: 'Pending' | 'Running', ip?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, generateName: `${rs}-`, namespace: 'default', uid: id, labels: { app: rs.slice(0, rs.lastIndexOf('-')), 'pod-template-hash': hash }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', imagePullPolicy: 'IfNotPresent' }], schedulerName: 'default-scheduler', restartPolicy: 'Always', ...(node ? { nodeName: node } : {}) },
    status:
      phase === 'Running'
        ? { phase, hostIP: '10.0.0.1', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'app', ready: true, started: true, state: { running: { startedAt: ORIGIN } } }] }
        : node
          ? { phase, conditions: [{ type: 'PodScheduled', status: 'True' }] }
          : { phase },
  };
}

/** One Pod's path from the ReplicaSet controller's create to Running; returns when it ends. */
function podLifecycle(b: Builder, t0: number, rs: string, hash: string, node: string, full: boolean, podIndex: number): number {
  const r = b.rand;
  const name = `${rs}-${suffix(r)}`;
  const ref: ObjectRef = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name, uid: uid(r) };
  const id = ref.uid as string;
  // The ReplicaSet controller creates the Pod.
  const create = b.call(t0, 'kube-controller-manager/replicaset-controller', 'kube-apiserver', 'POST /api/v1/namespaces/default/pods', '201 Created', 3_000, undefined, ref);
  const added = b.write(t0 + 300, 'ADDED', ref, podObject(name, rs, hash, id, undefined, 'Pending'), create.req);
  // The scheduler sees it, filters and scores the nodes, binds it.
  let t = added.end + 400 + Math.floor(r() * 2_000);
  const watch = b.add({ t, dur: 200, kind: 'message', actor: 'kube-apiserver', to: 'scheduler', op: 'WATCH ADDED', ref, src: 'sim', causeDraft: added.obj, attrs: { id: podIndex * 2 + 1e9 } });
  b.add({ t: t + 250, kind: 'state', actor: 'scheduler', op: 'scheduling', src: 'sim', ref, causeDraft: watch, attrs: { machine: 'scheduler', from: 'idle' } });
  b.span(t + 300, 'scheduler', 'Filter', 1_200, watch, { feasible: 'all' });
  b.span(t + 1_500, 'scheduler', 'Score', 900, watch);
  t += 2_500;
  const bind = b.call(t, 'scheduler', 'kube-apiserver', `POST /api/v1/namespaces/default/pods/${name}/binding`, '201 Created', 2_800, watch, ref);
  b.add({ t, kind: 'event', actor: 'scheduler', op: 'Scheduled', ref, src: 'sim', causeDraft: bind.req, attrs: { type: 'Normal', reason: 'Scheduled', message: `Successfully assigned default/${name} to ${node}` } });
  const bound = b.write(t + 300, 'MODIFIED', ref, podObject(name, rs, hash, id, node, 'Pending'), bind.req);
  b.add({ t: t + 2_900, kind: 'state', actor: 'scheduler', op: 'idle', src: 'sim', attrs: { machine: 'scheduler', from: 'scheduling' } });
  if (!full) return bound.end;
  // The kubelet on the node gets the Pod and syncs it.
  const kubelet = `kubelet/${node}`;
  const containerd = `containerd/${node}`;
  const runc = `runc/${node}`;
  t = bound.end + 500 + Math.floor(r() * 3_000);
  const kw = b.add({ t, dur: 300, kind: 'message', actor: 'kube-apiserver', to: kubelet, op: 'WATCH ADDED', ref, src: 'sim', causeDraft: bound.obj, attrs: { id: podIndex * 2 + 2e9 } });
  b.add({ t: t + 400, kind: 'state', actor: kubelet, op: 'syncPod.syncing', ref, src: 'sim', causeDraft: kw, attrs: { machine: 'pod-worker', from: 'syncPod.idle' } });
  b.span(t + 450, kubelet, 'computePodActions', 150, kw);
  t += 700;
  // RunPodSandbox: CNI ADD, then runc creates the pause container.
  const sandbox = b.call(t, kubelet, containerd, 'RunPodSandbox', 'RunPodSandboxResponse', 180 * MS, kw, ref);
  b.span(t + 2 * MS, containerd, 'ADD', 40 * MS, sandbox.req, { plugin: 'bridge' });
  b.span(t + 10 * MS, containerd, 'ip link set up', 3 * MS, sandbox.req);
  b.span(t + 44 * MS, containerd, 'iptables', 8 * MS, sandbox.req);
  let rt = t + 60 * MS;
  for (const [sys, d] of [
    ['clone', 600],
    ['unshare', 900],
    ['mount', 400],
    ['mount', 350],
    ['pivot_root', 300],
    ['execve', 1_200],
  ] as const) {
    b.span(rt, runc, sys, d, sandbox.req);
    rt += d + 200;
  }
  b.add({ t: rt + 500, dur: 300, kind: 'message', actor: runc, to: containerd, op: 'exit status 0', src: 'sim', causeDraft: sandbox.req, attrs: { id: podIndex * 4 + 3e9 } });
  t = sandbox.res.t + (sandbox.res.dur ?? 0) + 500;
  const create2 = b.call(t, kubelet, containerd, 'CreateContainer', 'CreateContainerResponse', 40 * MS, sandbox.res, ref);
  b.span(t + 2 * MS, containerd, 'Prepare', 6 * MS, create2.req);
  b.span(t + 9 * MS, runc, 'clone', 500, create2.req);
  b.span(t + 10 * MS, runc, 'mount', 400, create2.req);
  b.add({ t: t + 40 * MS, kind: 'event', actor: kubelet, op: 'Created', ref, src: 'sim', causeDraft: create2.res, attrs: { type: 'Normal', reason: 'Created', message: 'Created container: app' } });
  t += 41 * MS;
  const start = b.call(t, kubelet, containerd, 'StartContainer', 'StartContainerResponse', 20 * MS, create2.res, ref);
  b.span(t + 2 * MS, runc, 'execve', 1_100, start.req);
  b.add({ t: t + 20 * MS, kind: 'event', actor: kubelet, op: 'Started', ref, src: 'sim', causeDraft: start.res, attrs: { type: 'Normal', reason: 'Started', message: 'Started container app' } });
  t += 22 * MS;
  // The status manager reports Running.
  const status = b.call(t, kubelet, 'kube-apiserver', `PATCH /api/v1/namespaces/default/pods/${name}/status`, '200 OK', 3_000, start.res, ref);
  const ip = `10.${64 + ((podIndex >> 16) & 63)}.${(podIndex >> 8) & 255}.${podIndex & 255}`;
  const running = b.write(t + 300, 'MODIFIED', ref, podObject(name, rs, hash, id, node, 'Running', ip), status.req);
  b.add({ t: t + 3_100, kind: 'state', actor: kubelet, op: 'syncPod.idle', ref, src: 'sim', attrs: { machine: 'pod-worker', from: 'syncPod.syncing' } });
  return running.end;
}

/** Sorts the drafts by time (stable: a cause made first stays first at equal t) and numbers them. */
function finish(b: Builder): TraceEvent[] {
  const drafts = b.drafts.sort((x, y) => x.t - y.t);
  drafts.forEach((d, i) => (d.seq = i + 1));
  return drafts.map((d) => {
    const { causeDraft, seq, ...rest } = d;
    const e: TraceEvent = { seq: seq as number, ...rest };
    if (causeDraft?.seq !== undefined && causeDraft.seq < (seq as number)) e.cause = causeDraft.seq;
    if (e.dur === undefined) delete e.dur;
    if (e.ref === undefined) delete e.ref;
    if (e.to === undefined) delete e.to;
    return e;
  });
}

function header(scenario: string, seed: number, nodes: readonly string[]): TraceHeader {
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    scenario,
    seed,
    sources: ['sim'],
    timeOrigin: ORIGIN,
    cluster: { nodes: nodes.map((name) => ({ name, runtime: 'containerd+runc' })) },
    generator: 'kube-anatomy bench/render',
  };
}

/** About `events` events: Deployments of 100 replicas spread round-robin over `nodes` nodes. */
export function bigTrace(opts: BigTraceOptions): { header: TraceHeader; events: TraceEvent[] } {
  const b = new Builder(prng(opts.seed));
  const names = registerNodes(b, opts.nodes, 5 * MS);
  let t = opts.nodes * 5 * MS + 1_000 * MS;
  let pod = 0;
  let end = t;
  for (let dep = 0; b.drafts.length < opts.events; dep++) {
    const hash = suffix(b.rand, 10);
    const rs = `app-${dep + 1}-${hash}`;
    for (let i = 0; i < 100 && b.drafts.length < opts.events; i++) {
      // The ReplicaSet controller's slow start: creates in bursts, a few ms apart.
      t += 2 * MS + Math.floor(b.rand() * 6 * MS);
      end = Math.max(end, podLifecycle(b, t, rs, hash, names[pod % names.length] as string, true, pod));
      pod++;
    }
  }
  leases(b, names, 0, end);
  return { header: header('bench-render-1m', opts.seed, names), events: finish(b) };
}

/** `nodes` nodes register, then `podsPerNode` Pods are bound on each (scheduled, not run). */
export function clusterTrace(opts: ClusterTraceOptions): { header: TraceHeader; events: TraceEvent[] } {
  const b = new Builder(prng(opts.seed));
  const names = registerNodes(b, opts.nodes, 200);
  let t = opts.nodes * 200 + 2_000 * MS;
  let pod = 0;
  const perDeployment = 100;
  const total = opts.nodes * opts.podsPerNode;
  for (let dep = 0; pod < total; dep++) {
    const hash = suffix(b.rand, 10);
    const rs = `web-${dep + 1}-${hash}`;
    for (let i = 0; i < perDeployment && pod < total; i++) {
      t += 300 + Math.floor(b.rand() * 700);
      podLifecycle(b, t, rs, hash, names[pod % names.length] as string, false, pod);
      pod++;
    }
  }
  return { header: header('bench-render-1000-nodes', opts.seed, names), events: finish(b) };
}
