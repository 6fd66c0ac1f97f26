import type { TraceEvent } from '../../trace/schema.ts';
import { ContainerAttribution } from './attribution.ts';
import { ChainFold, type ChainView } from './chain.ts';
import { CgroupFold, cgroupParentPath, qosOfSlice, type QosClass, type ScopeInfo } from './cgroups.ts';
import { CriFold, type ContainerInfo, type CriResources, type SandboxInfo } from './cri.ts';
import { failedSyscall, KernelFold, NS_KINDS, type NamespaceInfo, type NsKind, type ProcessInfo, type ProcessRole } from './kernel.ts';
import { IsolationFold, type BandEvidence } from './isolation.ts';
import { MountFold, type ContainerMounts } from './mounts.ts';
import { RktFold, rktAppLive, rktAppOf, rktPodLive, type RktPod } from './rkt.ts';
import { parseRuntime, profileOf, type IsolationProfile, type NodeRuntime } from './runtimes.ts';
import { SecurityFold, type ContainerSecurity } from './security.ts';
import { SnapshotFold, type ContainerRootfs } from './snapshots.ts';

/**
 * The node internals view-model: for one node at the playhead, its kernel, process tree,
 * namespaces, mounts, cgroups and isolation boundary, folded from that node's trace events
 * up to the playhead (`nodeEventIndex` + `countUpTo`). Pure: the same events give the same
 * model; nothing is known per scenario.
 */

export interface NodeInfo {
  readonly kernelVersion?: string;
  readonly osImage?: string;
  readonly containerRuntimeVersion?: string;
  readonly kubeletVersion?: string;
}

export interface NodeModelInput {
  readonly node: string;
  /** The runtime choice from the trace header (`containerd+runc`). */
  readonly runtime: string;
  /** The node's events up to the playhead, in trace order. */
  readonly events: readonly TraceEvent[];
  /** `status.nodeInfo` of the Node object at the playhead. */
  readonly nodeInfo?: NodeInfo;
}

export interface ProcessView {
  readonly key: string;
  readonly pid?: number;
  readonly name: string;
  readonly argv?: readonly string[];
  readonly role: ProcessRole;
  readonly container?: string;
  /** The container's name (`pause`, `nginx`) and its pod. */
  readonly containerName?: string;
  readonly pod?: string;
  /** PID 1 of its own pid namespace. */
  readonly pid1: boolean;
  /** Blocked on the exec FIFO (created, not started). */
  readonly waiting: boolean;
  readonly children: readonly ProcessView[];
}

/** How a container came to be in a namespace (`none`: it has no process at the playhead). */
export type NsRelation = 'host' | 'created' | 'joined' | 'inherited' | 'none';

export interface NsView {
  readonly key: string;
  readonly kind: NsKind;
  readonly host: boolean;
  /** Who made it: a container of the pod (by name), or the CRI runtime (the pod's netns). */
  readonly createdBy?: { readonly who: string; readonly proc: string; readonly pid?: number; readonly syscall: string };
  /** Pinned by a bind mount at this path. */
  readonly path?: string;
  /** The path others joined it by (`/proc/4103/ns/ipc`). */
  readonly joinPath?: string;
}

/** One box of the namespace matrix: a namespace spanning neighbouring columns. */
export interface NsBox {
  readonly ns?: NsView;
  /** First and last column (0 is the host). */
  readonly from: number;
  readonly to: number;
  /** Per column of the span: how that column's process got it. */
  readonly relations: readonly NsRelation[];
}

export interface NsRow {
  readonly kind: NsKind;
  readonly boxes: readonly NsBox[];
}

export interface ContainerView {
  readonly id: string;
  readonly name: string;
  readonly pause: boolean;
  readonly image?: string;
  readonly criState?: string;
  readonly ociState?: string;
  readonly pid?: number;
  /** Its process exists (being created or running). */
  readonly live: boolean;
  readonly exitStatus?: number;
  readonly resources?: CriResources;
  readonly mounts?: ContainerMounts;
  readonly rootfs?: ContainerRootfs;
  readonly security: ContainerSecurity;
  /** Its cgroup scope's path below the root. */
  readonly scope?: string;
}

export interface PodView {
  readonly sandboxId: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly state: string;
  readonly ip?: string;
  readonly qos?: QosClass;
  readonly cgroupParent?: string;
  readonly resources?: CriResources;
  readonly namespaceOptions?: Readonly<Record<string, unknown>>;
  /** The pause container first, then the others in creation order. */
  readonly containers: readonly ContainerView[];
  /** On rkt: the pod's stage1 flavour and, for stage1-kvm, the VMM that holds it on the host. */
  readonly rkt?: { readonly flavour?: string; readonly vmm?: string; readonly byHand: boolean };
  /** Columns: the host, then each container. */
  readonly namespaces: readonly NsRow[];
}

export interface CgroupView {
  readonly name: string;
  /** Path below the cgroup root (`''` for the root). */
  readonly path: string;
  readonly kind: 'root' | 'slice' | 'scope';
  readonly qos?: QosClass;
  readonly pod?: { readonly namespace: string; readonly name: string; readonly sandboxId: string; readonly resources?: CriResources };
  readonly container?: { readonly id: string; readonly name: string; readonly pause: boolean; readonly resources?: CriResources };
  /** Limit files written, in write order. */
  readonly files: readonly (readonly [string, string])[];
  readonly procs: readonly number[];
  /** v1 hierarchies it exists in (empty on v2). */
  readonly hierarchies: readonly string[];
  /** Made by what the trace records (a scope), or implied by a path (slices the kubelet made). */
  readonly traced: boolean;
  readonly children: readonly CgroupView[];
}

export interface NodeModel {
  readonly node: string;
  readonly runtime: NodeRuntime;
  /** Undefined when the table does not describe this runtime. */
  readonly profile?: IsolationProfile;
  /** Per band of `profile` (same order): the spans that showed it at work up to the playhead. */
  readonly isolation: readonly BandEvidence[];
  readonly nodeInfo?: NodeInfo;
  readonly processes: readonly ProcessView[];
  readonly pods: readonly PodView[];
  readonly cgroups: CgroupView;
  /** Anything happened on the node yet. */
  readonly started: boolean;
  /** PID 1's name when the trace shows it at work (systemd makes the scopes for the systemd cgroup driver). */
  readonly pid1?: string;
  /** The chain of processes from the client to the low-level runtime (chain.ts), as the trace showed its links. */
  readonly chain?: ChainView;
}

/** Folds a node's events into its internals at the playhead (from scratch; see `NodeFolder` for playback). */
export function nodeModel(input: NodeModelInput): NodeModel {
  const folder = new NodeFolder(input.node, input.runtime);
  folder.advance(input.events, input.events.length);
  return folder.view(input.nodeInfo);
}

/**
 * The folds of one node, advanced event by event. Playback moves forward a few events per
 * frame, so the panel keeps one folder and applies only the new events; a seek backwards (or a
 * new trace) starts a new one. `view()` copies what it hands out, so a model stays as it was
 * when the folder moves on.
 */
export class NodeFolder {
  readonly runtime: NodeRuntime;
  private readonly cri = new CriFold();
  private readonly attribution: ContainerAttribution;
  private readonly kernel: KernelFold;
  private readonly mounts: MountFold;
  private readonly snapshots = new SnapshotFold();
  private readonly cgroups: CgroupFold;
  private readonly security: SecurityFold;
  private readonly isolation: IsolationFold;
  /** rkt's pods (rktlet nodes): rkt's spans are read by this fold, not by the runc-shaped host folds. */
  private readonly rkt: RktFold | undefined;
  private readonly ociActor: string;
  private readonly chain: ChainFold;
  private pid1: string | undefined;
  /** How many events of the node have been applied. */
  applied = 0;

  constructor(
    readonly node: string,
    runtimeChoice: string,
  ) {
    this.runtime = parseRuntime(runtimeChoice);
    const criActor = `${CRI_ACTOR[this.runtime.high] ?? this.runtime.high}/${node}`;
    const ociActor = `${this.runtime.low}/${node}`;
    const kubeletActor = `kubelet/${node}`;
    this.attribution = new ContainerAttribution((actor) => actor !== kubeletActor);
    const monitorActor = this.runtime.high === 'cri-o' ? `conmon/${node}` : undefined;
    const shimActor = this.runtime.high === 'docker' || this.runtime.high === 'dockershim' ? `containerd-shim-runc-v2/${node}` : undefined;
    this.chain = new ChainFold(node, this.runtime);
    const daemons = this.chain.daemons();
    this.kernel = new KernelFold({ ociActor, criActor, sandboxOf: (id) => this.cri.containers.get(id)?.sandboxId, ...(monitorActor ? { monitorActor } : {}), ...(shimActor ? { shimActor } : {}), ...(daemons ? { daemons } : {}) });
    this.mounts = new MountFold(ociActor);
    this.cgroups = new CgroupFold(ociActor);
    this.security = new SecurityFold(ociActor);
    this.isolation = new IsolationFold(ociActor, profileOf(this.runtime));
    this.ociActor = ociActor;
    this.rkt = this.runtime.low === 'rkt' ? new RktFold(ociActor) : undefined;
  }

  /** Applies `events[applied..count)`; `events` must be the same list each time, growing only. */
  advance(events: readonly TraceEvent[], count: number): void {
    for (; this.applied < count && this.applied < events.length; this.applied++) this.apply(events[this.applied] as TraceEvent);
  }

  private apply(e: TraceEvent): void {
    if (e.attrs?.['proc'] === 'systemd') this.pid1 = 'systemd';
    const container = this.attribution.apply(e);
    this.cri.apply(e, container);
    this.chain.apply(e, container);
    if (failedSyscall(e)) return;
    // Before the host-kernel filter: the Sentry's and the guest's spans are the sandbox's bands.
    this.isolation.apply(e);
    if (this.rkt && e.actor === this.ociActor) {
      this.rkt.apply(e);
      return;
    }
    // Work done by another kernel (gVisor's Sentry, a Kata VM's guest kernel) is not the host's:
    // it makes no host processes, namespaces, mounts or cgroups (domain/gvisor, domain/kata).
    if (typeof e.attrs?.['kernel'] === 'string' && e.attrs['kernel'] !== 'host') return;
    this.kernel.apply(e, container);
    this.mounts.apply(e, container);
    this.snapshots.apply(e, container);
    this.cgroups.apply(e, container);
    this.security.apply(e, container);
  }

  /** The model at the events applied so far. */
  view(nodeInfo?: NodeInfo): NodeModel {
    const { cri, kernel, mounts, snapshots, cgroups, security } = this;
    const scopeOf = new Map<string, ScopeInfo>();
    for (const sc of cgroups.scopes.values()) if (sc.container) scopeOf.set(sc.container, sc);
    const containerViews = new Map<string, ContainerView>();
    for (const c of cri.containers.values()) containerViews.set(c.id, containerView(c, kernel, mounts, snapshots, security, scopeOf.get(c.id)));
    const sandboxes = [...cri.sandboxes.values()].sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
    const rkt = this.rkt ? rktViews(this.rkt, sandboxes, cri, containerViews) : undefined;
    const pods = rkt ? rkt.pods : sandboxes.map((sb) => podView(sb, cri, kernel, containerViews));
    const profile = profileOf(this.runtime);
    const chain = this.chain.view();
    return {
      node: this.node,
      runtime: this.runtime,
      ...(profile ? { profile } : {}),
      isolation: this.isolation.view(),
      ...(nodeInfo ? { nodeInfo } : {}),
      processes: rkt ? [...processTree(kernel, cri, sandboxes), ...rkt.processes] : processTree(kernel, cri, sandboxes),
      pods,
      cgroups: cgroupTree(cgroups, sandboxes, cri),
      started: this.applied > 0,
      ...(this.pid1 ? { pid1: this.pid1 } : {}),
      ...(chain ? { chain } : {}),
    };
  }
}

/**
 * The actor that makes a node's sandboxes, by the runtime choice's high-level part: CRI-O's is
 * crio/<node>; dockershim and a Docker host hand them to containerd through dockerd.
 */
const CRI_ACTOR: Readonly<Record<string, string>> = { 'cri-o': 'crio', dockershim: 'containerd', docker: 'containerd' };

function containerView(c: ContainerInfo, kernel: KernelFold, mounts: MountFold, snapshots: SnapshotFold, security: SecurityFold, scope: ScopeInfo | undefined): ContainerView {
  const rep = kernel.representative(c.id);
  const m = mounts.byContainer.get(c.id);
  const r = snapshots.rootfs.get(c.id);
  return {
    id: c.id,
    name: c.name,
    pause: c.pause,
    ...(c.image ? { image: c.image } : {}),
    ...(c.criState ? { criState: c.criState } : {}),
    ...(c.ociState ? { ociState: c.ociState } : {}),
    ...(rep?.pid !== undefined ? { pid: rep.pid } : {}),
    live: rep !== undefined,
    ...(c.exitStatus !== undefined ? { exitStatus: c.exitStatus } : {}),
    ...(c.resources ? { resources: c.resources } : {}),
    // Copies: the folds keep changing these objects as later events are applied.
    ...(m ? { mounts: { ...m, mounts: m.mounts.map((x) => ({ ...x })) } } : {}),
    ...(r && !r.removed ? { rootfs: { ...r } } : {}),
    security: { ...(security.byContainer.get(c.id) ?? {}) },
    ...(scope ? { scope: scope.path } : {}),
  };
}

function orderedContainers(sb: SandboxInfo, cri: CriFold, views: ReadonlyMap<string, ContainerView>): ContainerView[] {
  const own = [...cri.containers.values()].filter((c) => c.sandboxId === sb.id).sort((a, b) => Number(b.pause) - Number(a.pause) || a.order - b.order);
  return own.map((c) => views.get(c.id)).filter((v): v is ContainerView => v !== undefined);
}

function podView(sb: SandboxInfo, cri: CriFold, kernel: KernelFold, views: ReadonlyMap<string, ContainerView>): PodView {
  const containers = orderedContainers(sb, cri, views);
  const qos = sb.cgroupParent ? qosOfSlice(sb.cgroupParent) : undefined;
  return {
    sandboxId: sb.id,
    namespace: sb.pod.namespace,
    name: sb.pod.name,
    uid: sb.pod.uid,
    state: sb.state,
    ...(sb.ip ? { ip: sb.ip } : {}),
    ...(qos ? { qos } : {}),
    ...(sb.cgroupParent ? { cgroupParent: sb.cgroupParent } : {}),
    ...(sb.resources ? { resources: sb.resources } : {}),
    ...(sb.namespaceOptions ? { namespaceOptions: sb.namespaceOptions } : {}),
    containers,
    namespaces: namespaceRows(containers, kernel, cri),
  };
}

/**
 * The namespace matrix of a pod: a row per kind, a column for the host and for each container;
 * neighbouring columns in the same namespace share one box. A container without a live process
 * (not created yet, or exited) has an empty cell.
 */
export function namespaceRows(containers: readonly ContainerView[], kernel: KernelFold, cri: CriFold): NsRow[] {
  const alive = kernel.alive();
  const reps = containers.map((c) => kernel.representative(c.id));
  const nameOf = (id: string | undefined) => (id ? (cri.containers.get(id)?.name ?? id.slice(0, 12)) : undefined);
  return NS_KINDS.map((kind) => {
    const cells: { key?: string; relation: NsRelation }[] = [{ key: `host:${kind}`, relation: 'host' }];
    containers.forEach((c, i) => {
      const rep = reps[i];
      if (!rep) {
        cells.push({ relation: 'none' });
        return;
      }
      const key = kind === 'pid' ? (rep.pidForChildren ?? rep.ns.pid) : rep.ns[kind];
      const ns = kernel.namespaces.get(key);
      // setns first: the pause container joins the netns the CRI runtime made for its sandbox.
      const relation: NsRelation = !ns || ns.host ? 'inherited' : ns.joins.some((j) => j.container === c.id) ? 'joined' : ns.creator?.container === c.id ? 'created' : 'inherited';
      cells.push({ key: alive.has(key) ? key : undefined, relation });
    });
    const boxes: NsBox[] = [];
    for (let i = 0; i < cells.length; i++) {
      const cell = cells[i] as { key?: string; relation: NsRelation };
      const last = boxes[boxes.length - 1];
      if (last && cell.key !== undefined && last.ns?.key === cell.key && last.to === i - 1) {
        boxes[boxes.length - 1] = { ...last, to: i, relations: [...last.relations, cell.relation] };
      } else {
        const ns = cell.key ? kernel.namespaces.get(cell.key) : undefined;
        boxes.push({ ...(ns ? { ns: nsView(ns, nameOf) } : {}), from: i, to: i, relations: [cell.relation] });
      }
    }
    return { kind, boxes };
  });
}

function nsView(ns: NamespaceInfo, nameOf: (id: string | undefined) => string | undefined): NsView {
  const c = ns.creator;
  const who = c ? (c.container && !ns.path ? nameOf(c.container) : undefined) ?? c.proc : undefined;
  const join = ns.joins[0];
  return {
    key: ns.key,
    kind: ns.kind,
    host: ns.host,
    ...(c && who ? { createdBy: { who, proc: c.proc, syscall: c.syscall, ...(c.pid !== undefined ? { pid: c.pid } : {}) } } : {}),
    ...(ns.path ? { path: ns.path } : {}),
    ...(join ? { joinPath: join.path } : {}),
  };
}

/**
 * The process tree: PID 1's children first (the kubelet and the CRI runtime, started before
 * the trace; the shims, which daemonize), each with its children.
 */
function processTree(kernel: KernelFold, cri: CriFold, sandboxes: readonly SandboxInfo[]): ProcessView[] {
  const byParent = new Map<string, ProcessInfo[]>();
  const roots: ProcessInfo[] = [];
  for (const p of kernel.processes.values()) {
    const parent = p.parent && kernel.processes.has(p.parent) ? p.parent : undefined;
    if (parent) {
      const list = byParent.get(parent) ?? [];
      list.push(p);
      byParent.set(parent, list);
    } else roots.push(p);
  }
  const sandboxOrder = new Map(sandboxes.map((s, i) => [s.id, i]));
  const rank = (p: ProcessInfo) => (p.role === 'daemon' ? 0 : p.role === 'shim' ? 1 : 2);
  // Daemons, then the shims in pod order; below a process, its children in the order they were made.
  const shimOrder = (p: ProcessInfo) => (p.role === 'shim' ? (sandboxOrder.get(p.container ?? '') ?? 0) : 0);
  const sortProcs = (list: ProcessInfo[]) => list.sort((a, b) => rank(a) - rank(b) || shimOrder(a) - shimOrder(b) || a.order - b.order);
  const pid1 = (p: ProcessInfo) => {
    const ns = kernel.namespaces.get(p.ns.pid);
    return !!ns && !ns.host && ns.init === p.key;
  };
  const view = (p: ProcessInfo): ProcessView => {
    const c = p.container ? cri.containers.get(p.container) : undefined;
    const sb = c ? cri.sandboxes.get(c.sandboxId) : p.role === 'shim' && p.container ? cri.sandboxes.get(p.container) : undefined;
    return {
      key: p.key,
      ...(p.pid !== undefined ? { pid: p.pid } : {}),
      name: p.name,
      ...(p.argv ? { argv: p.argv } : {}),
      role: p.role,
      ...(p.container ? { container: p.container } : {}),
      ...(c && p.role !== 'shim' ? { containerName: c.name } : {}),
      ...(sb ? { pod: `${sb.pod.namespace}/${sb.pod.name}` } : {}),
      pid1: pid1(p),
      waiting: p.waiting === true,
      children: sortProcs(byParent.get(p.key) ?? []).map(view),
    };
  };
  return sortProcs(roots).map(view);
}

interface MutableCgroup {
  name: string;
  path: string;
  kind: 'root' | 'slice' | 'scope';
  qos?: QosClass;
  pod?: CgroupView['pod'];
  container?: CgroupView['container'];
  files: (readonly [string, string])[];
  procs: number[];
  hierarchies: string[];
  traced: boolean;
  children: MutableCgroup[];
}

/** The cgroup tree: every live scope and pod slice, with the slices their paths imply. */
function cgroupTree(fold: CgroupFold, sandboxes: readonly SandboxInfo[], cri: CriFold): CgroupView {
  const root: MutableCgroup = { name: '/sys/fs/cgroup', path: '', kind: 'root', files: [], procs: [], hierarchies: [], traced: false, children: [] };
  const byPath = new Map<string, MutableCgroup>([['', root]]);
  const ensure = (path: string): MutableCgroup => {
    const found = byPath.get(path);
    if (found) return found;
    const slash = path.lastIndexOf('/');
    const parent = ensure(slash < 0 ? '' : path.slice(0, slash));
    const name = path.slice(slash + 1);
    const node: MutableCgroup = { name, path, kind: name.endsWith('.scope') ? 'scope' : 'slice', files: [], procs: [], hierarchies: [], traced: false, children: [] };
    const qos = qosSliceClass(name);
    if (qos) node.qos = qos;
    parent.children.push(node);
    byPath.set(path, node);
    return node;
  };
  for (const sb of sandboxes) {
    if (!sb.cgroupParent || fold.destroyedSlices.has(sb.cgroupParent)) continue;
    const path = cgroupParentPath(sb.cgroupParent);
    if (!path) continue;
    const node = ensure(path);
    const qos = qosOfSlice(sb.cgroupParent);
    if (qos) node.qos = qos;
    node.pod = { namespace: sb.pod.namespace, name: sb.pod.name, sandboxId: sb.id, ...(sb.resources ? { resources: sb.resources } : {}) };
  }
  for (const s of fold.scopes.values()) {
    const node = ensure(s.path);
    node.traced = true;
    node.files = [...s.files.entries()];
    node.procs = [...s.procs];
    node.hierarchies = [...s.hierarchies];
    const c = s.container ? cri.containers.get(s.container) : undefined;
    if (c) node.container = { id: c.id, name: c.name, pause: c.pause, ...(c.resources ? { resources: c.resources } : {}) };
  }
  const sortTree = (n: MutableCgroup): CgroupView => ({ ...n, children: n.children.map(sortTree) });
  return sortTree(root);
}

/** `kubepods-burstable.slice` → Burstable (the QoS slices; Guaranteed pods have none). */
function qosSliceClass(name: string): QosClass | undefined {
  if (name === 'kubepods-besteffort.slice' || name === 'besteffort') return 'BestEffort';
  if (name === 'kubepods-burstable.slice' || name === 'burstable') return 'Burstable';
  return undefined;
}

/**
 * The pods of an rkt node: the CRI's sandboxes (rktlet: the sandbox id is the rkt pod's uuid)
 * and the running rkt pods nobody asked the CRI for (`rkt run` in a terminal). Each has a
 * first column for stage1, which makes the pod's namespaces (there is no pause container),
 * then its apps; the processes are stage1's (systemd-nspawn, lkvm) or, for fly, the app's own.
 */
function rktViews(fold: RktFold, sandboxes: readonly SandboxInfo[], cri: CriFold, views: ReadonlyMap<string, ContainerView>): { pods: PodView[]; processes: ProcessView[] } {
  const pods: PodView[] = [];
  const processes: ProcessView[] = [];
  const appView = (pod: RktPod | undefined, c: ContainerView): ContainerView => {
    const ref = rktAppOf(c.id);
    const app = ref ? pod?.apps.get(ref.app) : undefined;
    const live = rktAppLive(app);
    // In a VM the app's pid is the guest kernel's: no host process to show.
    const pid = live && !pod?.vm ? app?.pid : undefined;
    const { pid: _old, ...rest } = c;
    return { ...rest, live, ...(pid !== undefined ? { pid } : {}) };
  };
  const stage1 = (pod: RktPod | undefined, id: string): ContainerView => ({
    id,
    name: pod?.vm ? pod.vm.vmm : pod?.flavour === 'coreos' ? 'systemd-nspawn' : 'stage1',
    pause: true,
    live: pod ? rktPodLive(pod) : false,
    ...(pod?.state ? { ociState: pod.state } : {}),
    ...(pod?.pid !== undefined && pod.flavour !== 'fly' ? { pid: pod.pid } : {}),
    security: {},
  });
  const build = (id: string, ns: string, name: string, uid: string, state: string, since: number, sb: SandboxInfo | undefined, apps: ContainerView[], byHand: boolean) => {
    const pod = fold.pods.get(id);
    // fly has no stage1 process of its own: stage1 execs the app (one app per pod).
    const containers = pod?.flavour === 'fly' ? apps : [stage1(pod, id), ...apps];
    pods.push({
      sandboxId: id,
      namespace: ns,
      name,
      uid,
      state,
      ...(sb?.ip ? { ip: sb.ip } : {}),
      ...(sb?.cgroupParent ? { cgroupParent: sb.cgroupParent, ...(qosOfSlice(sb.cgroupParent) ? { qos: qosOfSlice(sb.cgroupParent) as QosClass } : {}) } : {}),
      ...(sb?.resources ? { resources: sb.resources } : {}),
      containers,
      namespaces: rktNamespaceRows(containers, pod),
      rkt: { ...(pod?.flavour ? { flavour: pod.flavour } : {}), ...(pod?.vm ? { vmm: pod.vm.vmm } : {}), byHand },
    });
    if (pod && rktPodLive(pod)) processes.push(rktProcess(pod, containers, `${ns}/${name}`));
  };
  for (const sb of sandboxes) {
    const own = [...cri.containers.values()].filter((c) => c.sandboxId === sb.id && !c.pause).sort((a, b) => a.order - b.order);
    const pod = fold.pods.get(sb.id);
    const apps = own.map((c) => views.get(c.id)).filter((v): v is ContainerView => v !== undefined).map((c) => appView(pod, c));
    build(sb.id, sb.pod.namespace, sb.pod.name, sb.pod.uid, sb.state, sb.since, sb, apps, false);
  }
  const known = new Set(sandboxes.map((s) => s.id));
  for (const pod of fold.pods.values()) {
    if (known.has(pod.uuid) || !rktPodLive(pod)) continue;
    const apps = [...pod.apps.values()].map((app) => appView(pod, { id: `${pod.uuid}:${app.name}`, name: app.name, pause: false, live: false, security: {} }));
    build(pod.uuid, '', `rkt ${pod.uuid.slice(0, 8)}`, pod.uuid, pod.state ?? '', 0, undefined, apps, true);
  }
  return { pods, processes };
}

/** stage1's process with the pod's apps under it (coreos: systemd-nspawn → systemd → apps; kvm: lkvm; fly: the app itself). */
function rktProcess(pod: RktPod, containers: readonly ContainerView[], podKey: string): ProcessView {
  const apps = containers.filter((c) => !c.pause);
  const appProc = (c: ContainerView): ProcessView => ({ key: `rkt:${c.id}`, ...(c.pid !== undefined ? { pid: c.pid } : {}), name: c.name, role: 'init', container: c.id, containerName: c.name, pod: podKey, pid1: false, waiting: false, children: [] });
  const base = { container: pod.uuid, pod: podKey, waiting: false };
  if (pod.flavour === 'fly') {
    const app = apps[0];
    return { key: `rkt:${pod.uuid}`, ...(app?.pid !== undefined ? { pid: app.pid } : {}), name: app?.name ?? 'stage1', role: 'shim', ...base, pid1: false, children: [] };
  }
  const top = containers.find((c) => c.pause);
  const children: ProcessView[] = pod.vm
    ? [] // the apps are the guest's processes
    : [{ key: `rkt:${pod.uuid}:init`, name: pod.init?.split('/').pop() ?? 'systemd', role: 'init', ...base, pid1: pod.namespaces.has('pid'), children: apps.filter((c) => c.live).map(appProc) }];
  return { key: `rkt:${pod.uuid}`, ...(top?.pid !== undefined ? { pid: top.pid } : {}), name: top?.name ?? 'stage1', role: 'shim', ...base, pid1: false, children };
}

/**
 * The namespace matrix of an rkt pod: stage1's column holds what it made (unshare, clone), the
 * apps inherit them; everything else is the host's. A VM's apps have no host namespace at all.
 */
export function rktNamespaceRows(containers: readonly ContainerView[], pod: RktPod | undefined): NsRow[] {
  return NS_KINDS.map((kind) => {
    const made = pod?.namespaces.get(kind);
    const cells: { key?: string; relation: NsRelation; ns?: NsView }[] = [{ key: `host:${kind}`, relation: 'host', ns: { key: `host:${kind}`, kind, host: true } }];
    for (const c of containers) {
      const inVm = !c.pause && pod?.vm !== undefined;
      if (!c.live || inVm) cells.push({ relation: 'none' });
      else if (made) {
        const key = `rkt:${pod?.uuid}:${kind}`;
        cells.push({ key, relation: c.pause ? 'created' : 'inherited', ns: { key, kind, host: false, createdBy: { who: made.proc, proc: made.proc, syscall: made.syscall, ...(made.pid !== undefined ? { pid: made.pid } : {}) }, ...(made.path ? { path: made.path } : {}) } });
      } else cells.push({ key: `host:${kind}`, relation: 'host', ns: { key: `host:${kind}`, kind, host: true } });
    }
    const boxes: NsBox[] = [];
    cells.forEach((cell, i) => {
      const last = boxes[boxes.length - 1];
      if (last && cell.key !== undefined && last.ns?.key === cell.key && last.to === i - 1) boxes[boxes.length - 1] = { ...last, to: i, relations: [...last.relations, cell.relation] };
      else boxes.push({ ...(cell.ns ? { ns: cell.ns } : {}), from: i, to: i, relations: [cell.relation] });
    });
    return { kind, boxes };
  });
}
