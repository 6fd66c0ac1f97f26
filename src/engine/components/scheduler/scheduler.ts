import { createRng, type Rng } from '../../../base/rng.ts';
import { toRfc3339 } from '../../../base/time.ts';
import type { Node, Pod } from '../../../domain/k8s/objects.ts';
import { addPodToNodeInfo, createNodeInfo, removePodFromNodeInfo, schedulePod, setNodeInfoNode, type NodeInfo, type SchedulePlan } from '../../../domain/scheduler/types.ts';
import { scheduled } from '../../../domain/events/messages.ts';
import { ApiClient } from '../../api/client.ts';
import { EventRecorder } from '../../api/event-recorder.ts';
import { Informer, keyOf } from '../../api/informer.ts';
import type { Actor, Delivery } from '../../runtime/actor.ts';
import type { MachineInstance } from '../../runtime/machine-host.ts';
import type { Simulation } from '../../runtime/simulation.ts';
import { refOf } from '../apiserver/apiserver.ts';
import { bindingCycleMachine, schedulerMachine } from './scheduler.machine.ts';

/** Up to this many nodes, every (plugin, node) Filter and Score result is its own span. */
export const DETAILED_SCHEDULING_MAX_NODES = 16;
/** Simulated cost of running one plugin on one node, and of a cycle's fixed work (µs). */
const PER_PLUGIN_NODE = 4;
const CYCLE_OVERHEAD = 120;
/** Backoff of a pod that failed to schedule: 1 s doubling to 10 s (DOMAIN.md 4.4). */
const INITIAL_BACKOFF = 1_000_000;
const MAX_BACKOFF = 10_000_000;

/**
 * kube-scheduler with the default profile: an informer cache of nodes and pods, a queue of
 * pods without a node, and a serial scheduling cycle (Filter, Score, Reserve, Permit) whose
 * per-plugin results are spans; then an asynchronous binding cycle that POSTs
 * `pods/<name>/binding`, as DefaultBinder does.
 */
export class Scheduler implements Actor {
  readonly id = 'scheduler';
  private readonly client: ApiClient;
  private readonly events: EventRecorder;
  private readonly machine: MachineInstance<typeof schedulerMachine>;
  private readonly nodes = new Map<string, NodeInfo>();
  private nodeList: NodeInfo[] = [];
  private readonly activeQ: { pod: Pod; cause: number; attempts: number }[] = [];
  private activeHead = 0;
  private readonly assumed = new Set<string>();
  private readonly unschedulable = new Map<string, { pod: Pod; attempts: number }>();
  private readonly podInformer: Informer;
  private readonly nodeInformer: Informer;
  private startNodeIndex = 0;
  private scheduled = false;
  /**
   * Ties between equally scored nodes are broken at random, as upstream does, but from a
   * stream that does not depend on the scenario seed: a new seed renames objects without
   * moving pods to other nodes, so a tour tells the same story with any seed.
   */
  private readonly tieBreaker: Rng = createRng('kube-scheduler/selectHost');

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
  ) {
    this.client = new ApiClient(sim, this.id, { user: 'system:kube-scheduler', groups: ['system:authenticated'], userAgent: 'kube-scheduler/v1.34.2 (linux/amd64) kubernetes/scheduler' });
    this.events = new EventRecorder(sim, this.id, this.client, { component: 'default-scheduler' });
    this.machine = sim.startMachine(schedulerMachine, { actor: this.id, machine: 'scheduler' });
    const onSynced = (cause: number): void => {
      if (this.podInformer.synced && this.nodeInformer.synced) {
        this.machine.send({ type: 'INFORMERS_SYNCED' }, cause);
        this.kick();
      }
    };
    this.nodeInformer = new Informer(this.client, '/api/v1/nodes', {
      onAdd: (node, cause) => {
        this.upsertNode(node as Node);
        this.retryUnschedulable(cause);
      },
      onUpdate: (_old, node, cause) => {
        this.upsertNode(node as Node);
        this.retryUnschedulable(cause);
      },
      onSynced,
    });
    this.podInformer = new Informer(this.client, '/api/v1/pods', {
      onAdd: (pod, cause) => this.onPod(undefined, pod as Pod, cause),
      onUpdate: (old, pod, cause) => this.onPod(old as Pod, pod as Pod, cause),
      onDelete: (pod, cause) => this.onPodDeleted(pod as Pod, cause),
      onSynced,
    });
  }

  start(): void {
    this.nodeInformer.start();
    this.podInformer.start();
  }

  receive(msg: Delivery): void {
    this.client.handle(msg);
  }

  private upsertNode(node: Node): void {
    const name = node.metadata.name ?? '';
    const existing = this.nodes.get(name);
    if (existing) {
      setNodeInfoNode(existing, node);
      return;
    }
    const info = createNodeInfo(node);
    this.nodes.set(name, info);
    this.nodeList.push(info);
  }

  private onPod(old: Pod | undefined, pod: Pod, cause: number): void {
    const key = keyOf(pod);
    const node = pod.spec.nodeName;
    if (node) {
      if (!old?.spec.nodeName && !this.assumed.has(key)) {
        const info = this.nodes.get(node);
        if (info) addPodToNodeInfo(info, pod);
      }
      this.assumed.delete(key);
      return;
    }
    if ((pod.spec.schedulerName ?? 'default-scheduler') !== 'default-scheduler' || pod.metadata.deletionTimestamp) return;
    if (!old) {
      this.activeQ.push({ pod, cause, attempts: 0 });
      this.kick();
    }
  }

  private onPodDeleted(pod: Pod, cause: number): void {
    const node = pod.spec.nodeName;
    if (node) {
      const info = this.nodes.get(node);
      if (info) removePodFromNodeInfo(info, pod);
      this.retryUnschedulable(cause);
    }
    this.unschedulable.delete(keyOf(pod));
  }

  /** A cluster event may make unschedulable pods fit: move them back (without QueueingHints). */
  private retryUnschedulable(cause: number): void {
    if (this.unschedulable.size === 0) return;
    for (const [key, entry] of this.unschedulable) {
      this.unschedulable.delete(key);
      const current = this.podInformer.get(key) as Pod | undefined;
      if (current && !current.spec.nodeName) this.activeQ.push({ pod: current, cause, attempts: entry.attempts });
    }
    this.kick();
  }

  private kick(): void {
    if (this.scheduled || this.machine.state !== 'idle' || this.activeHead >= this.activeQ.length) return;
    this.scheduled = true;
    this.sim.after(0, () => {
      this.scheduled = false;
      this.scheduleOne();
    });
  }

  private popActive(): { pod: Pod; cause: number; attempts: number } | undefined {
    while (this.activeHead < this.activeQ.length) {
      const item = this.activeQ[this.activeHead++];
      if (this.activeHead > 1024 && this.activeHead * 2 > this.activeQ.length) {
        this.activeQ.splice(0, this.activeHead);
        this.activeHead = 0;
      }
      if (!item) continue;
      // Use the newest version of the pod from the cache; skip pods bound or deleted meanwhile.
      const current = this.podInformer.get(keyOf(item.pod)) as Pod | undefined;
      if (!current || current.spec.nodeName || current.metadata.deletionTimestamp) continue;
      return { ...item, pod: current };
    }
    return undefined;
  }

  private scheduleOne(): void {
    if (this.machine.state !== 'idle') return;
    const item = this.popActive();
    if (!item) return;
    const { pod } = item;
    const ref = refOf(pod);
    this.machine.send({ type: 'POP' }, item.cause);
    const detailed = this.nodeList.length <= DETAILED_SCHEDULING_MAX_NODES;
    const plan = schedulePod(pod, this.nodeList, {
      startNodeIndex: this.startNodeIndex,
      recordDetails: detailed,
      tieBreak: (n) => this.tieBreaker.int(n),
    });
    this.startNodeIndex = plan.nextStartNodeIndex;
    const filterDur = CYCLE_OVERHEAD + plan.evaluatedNodes * PER_PLUGIN_NODE;
    const filterSeq = this.recordFilter(plan, ref, this.machine.stateSeq, filterDur, detailed);
    this.sim.after(filterDur, () => {
      if (!plan.selected) {
        this.machine.send({ type: 'UNSCHEDULABLE' }, filterSeq);
        this.handleUnschedulable(item, plan, filterSeq);
        this.kick();
        return;
      }
      this.machine.send({ type: 'FILTERED' }, filterSeq);
      const scoreDur = CYCLE_OVERHEAD + plan.feasibleNodes.length * PER_PLUGIN_NODE;
      const scoreSeq = this.recordScore(plan, ref, this.machine.stateSeq, scoreDur, detailed);
      this.sim.after(scoreDur, () => {
        this.machine.send({ type: 'SCORED' }, scoreSeq);
        const node = plan.selected as string;
        // Reserve and assume: the cache counts the pod on the node before the bind is done.
        const info = this.nodes.get(node);
        if (info) addPodToNodeInfo(info, { ...pod, spec: { ...pod.spec, nodeName: node } });
        this.assumed.add(keyOf(pod));
        const reserveSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Reserve', dur: 20, ref, cause: this.machine.stateSeq, attrs: { node, plugins: ['VolumeBinding'] } });
        this.sim.after(20, () => {
          this.machine.send({ type: 'RESERVED' }, reserveSeq);
          const permitSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Permit', dur: 10, ref, cause: this.machine.stateSeq, attrs: { node, status: 'Success' } });
          this.sim.after(10, () => {
            this.machine.send({ type: 'PERMITTED' }, permitSeq);
            this.bindingCycle(pod, node, item.attempts, permitSeq);
            this.kick();
          });
        });
      });
    });
  }

  /** One Filter span per pod, with a child span per (plugin, node) on small clusters; returns the last seq. */
  private recordFilter(plan: SchedulePlan, ref: ReturnType<typeof refOf>, cause: number, dur: number, detailed: boolean): number {
    if (!detailed) {
      return this.sim.recorder.record({
        kind: 'span',
        actor: this.id,
        op: 'Filter',
        dur,
        ref,
        cause,
        attrs: { evaluatedNodes: plan.evaluatedNodes, feasibleNodes: plan.feasibleNodes.length, failures: plan.filterResults.slice(0, 20) },
      });
    }
    const parent = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Filter', dur, ref, cause, attrs: { evaluatedNodes: plan.evaluatedNodes, feasibleNodes: plan.feasibleNodes.length } });
    let last = parent;
    for (const r of plan.filterResults) {
      last = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Filter', dur: PER_PLUGIN_NODE, ref, cause: parent, attrs: { plugin: r.plugin, node: r.node, code: r.code, reasons: r.reasons } });
    }
    return last;
  }

  /** One Score span with the totals, and a child span per (plugin, node) on small clusters; returns the parent's seq. */
  private recordScore(plan: SchedulePlan, ref: ReturnType<typeof refOf>, cause: number, dur: number, detailed: boolean): number {
    const totals = [...plan.totals].sort((a, b) => b.score - a.score).slice(0, detailed ? plan.totals.length : 10);
    const parent = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Score', dur, ref, cause, attrs: { totals, selected: plan.selected } });
    if (!detailed) return parent;
    for (const r of plan.scoreResults) {
      this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Score', dur: PER_PLUGIN_NODE, ref, cause: parent, attrs: { plugin: r.plugin, node: r.node, score: r.score, weight: r.weight, raw: r.raw } });
    }
    return parent;
  }

  /** The binding cycle: WaitOnPermit, PreBind, Bind (POST pods/binding), PostBind. */
  private bindingCycle(pod: Pod, node: string, attempts: number, cause: number): void {
    const ref = refOf(pod);
    const cycle = this.sim.startMachine(bindingCycleMachine, { actor: this.id, machine: 'binding-cycle', instance: keyOf(pod), ref }, { cause });
    cycle.send({ type: 'ALLOWED' }, cause);
    cycle.send({ type: 'PREBOUND' }, cycle.stateSeq);
    const binding = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    const bindSeq = this.sim.recorder.record({ kind: 'span', actor: this.id, op: 'Bind', ref, cause: cycle.stateSeq, attrs: { plugin: 'DefaultBinder', node } });
    this.client.request('POST', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/binding`, { body: binding, cause: bindSeq, ref }, (res, delivery) => {
      if (res.code === 201) {
        cycle.send({ type: 'BOUND' }, delivery.seq);
        this.events.record(pod, scheduled(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', node), cycle.stateSeq);
        return;
      }
      // Unreserve: forget the assumed pod and try again after a backoff.
      cycle.send({ type: 'FAILED' }, delivery.seq);
      const info = this.nodes.get(node);
      if (info) removePodFromNodeInfo(info, { ...pod, spec: { ...pod.spec, nodeName: node } });
      this.assumed.delete(keyOf(pod));
      this.backoff(pod, attempts + 1, cycle.stateSeq);
    });
  }

  private handleUnschedulable(item: { pod: Pod; attempts: number }, plan: SchedulePlan, cause: number): void {
    const { pod } = item;
    const message = plan.message ?? '0/0 nodes are available.';
    const evSeq = this.events.event(pod, 'Warning', 'FailedScheduling', message, cause);
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
      { type: 'PodScheduled', status: 'False' as const, reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime: toRfc3339(this.sim.timeOrigin, this.sim.now) },
    ];
    const body = { metadata: { uid: pod.metadata.uid }, status: { conditions } };
    this.client.request('PATCH', `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`, { body, cause: evSeq, contentType: 'application/merge-patch+json' }, () => {});
    this.unschedulable.set(keyOf(pod), { pod, attempts: item.attempts + 1 });
  }

  private backoff(pod: Pod, attempts: number, cause: number): void {
    const delay = Math.min(INITIAL_BACKOFF * 2 ** (attempts - 1), MAX_BACKOFF);
    this.sim.after(delay, () => {
      this.activeQ.push({ pod, cause, attempts });
      this.kick();
    });
  }

  /** For tests and views: how many pods each node holds in the scheduler's cache. */
  podsPerNode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, info] of this.nodes) out[name] = info.pods.length;
    return out;
  }

}
